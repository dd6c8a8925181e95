// Splits and clip planning for the dataset builder: which frames of a take become which
// clip id, and in which split. Everything is a pure function of the input, so rebuilding
// gives the same ids.

#include "dataset/dataset_pipeline.h"

#include "stepmotion/core/dataset/dataset_builder.h"

#include <algorithm>
#include <cstdio>

namespace stepmotion::dataset {

std::uint64_t stableHash(const std::string& text)
{
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::string splitForTake(const std::string& fileName)
{
    // Whole takes go to one split, so no take's frames are seen in two splits.
    const std::uint64_t bucket = stableHash(fileName) % 10;
    return bucket == 8 ? "val" : bucket == 9 ? "test" : "train";
}

std::vector<std::pair<int, int>> splitRange(int start, int end)
{
    const int stored = end - start - 1;
    if (stored < kDatasetMinFrames)
        return {};
    const int pieces = (stored + kDatasetMaxFrames - 1) / kDatasetMaxFrames;
    std::vector<std::pair<int, int>> out;
    for (int k = 0; k < pieces; ++k) {
        // Equal pieces: with >= 2 pieces each holds > 98 frames, far above the minimum.
        const int a = start + static_cast<int>(static_cast<long long>(stored) * k / pieces);
        const int b = start + static_cast<int>(static_cast<long long>(stored) * (k + 1) / pieces);
        out.emplace_back(a, b + 1);
    }
    return out;
}

namespace {

std::string pieceId(const std::string& stem, int index, int width)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "_%0*d", width, index);
    return stem + buf;
}

/// Frames of [0, frames) not covered by any HumanML3D clip, as [start, end) gaps.
std::vector<std::pair<int, int>> uncoveredGaps(const std::vector<HmlSegment>& hml, int frames)
{
    std::vector<std::pair<int, int>> covered;
    for (const HmlSegment& s : hml)
        covered.emplace_back(std::clamp(s.start, 0, frames), std::clamp(s.end < 0 ? frames : s.end, 0, frames));
    std::sort(covered.begin(), covered.end());
    std::vector<std::pair<int, int>> gaps;
    int cursor = 0;
    for (const auto& [a, b] : covered) {
        if (a > cursor)
            gaps.emplace_back(cursor, a);
        cursor = std::max(cursor, b);
    }
    if (cursor < frames)
        gaps.emplace_back(cursor, frames);
    return gaps;
}

} // namespace

std::vector<ClipPlan> planClips(const TakeJob& job, int frames)
{
    std::vector<ClipPlan> out;
    for (const HmlSegment& s : job.hml) {
        // Keep HumanML3D's id and start; a 200-frame clip loses its last frames to the
        // 196-frame maximum (HumanML3D's loader crops to 196 anyway).
        const int end = std::min({s.end < 0 ? frames : s.end, frames, s.start + kDatasetMaxFrames + 1});
        if (end - s.start - 1 < kDatasetMinFrames)
            continue;
        out.push_back({s.id, s.split, s.id, s.start, end});
    }
    int index = 0;
    const bool bandai = job.source != "cmu";
    for (const auto& [a, b] : bandai ? std::vector<std::pair<int, int>>{{0, frames}} : uncoveredGaps(job.hml, frames))
        for (const auto& [pa, pb] : splitRange(a, b))
            out.push_back({pieceId(job.idStem, index++, bandai ? 2 : 4), job.split, std::string(), pa, pb});
    return out;
}

} // namespace stepmotion::dataset
