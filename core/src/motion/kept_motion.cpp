#include "stepmotion/core/motion/kept_motion.h"

#include "motion/feature_math.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/skeleton.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace stepmotion {
namespace {

// The decoder's rotation of a root velocity at accumulated half-turn `angle` (feature_codec.cpp).
// (w, x, y, z): glm's constructor order.
detail::Quat toWorld(double angle) { return detail::Quat(std::cos(angle), 0.0, -std::sin(angle), 0.0); }

// World XZ travel of rows [first, end) of `clip` given the accumulated angle before `first`.
detail::Vec3 travel(const FeatureClip& clip, int first, int end, double angle)
{
    detail::Vec3 sum(0.0);
    for (int s = first; s < end; ++s) {
        angle += clip.row(s)[0];
        sum = sum + toWorld(angle) * detail::Vec3(clip.row(s)[1], 0.0, clip.row(s)[2]);
    }
    return sum;
}

} // namespace

KeptMotion keepOutsideSpan(const FeatureClip& take, double start, double end, double blendSeconds)
{
    const double last = (take.frames - 1) / kFps;
    if (!(start < end) || start < 0 || end > last + 1e-6 || take.frames < 2)
        throw Error("span " + std::to_string(start) + "-" + std::to_string(end) + " s is not inside the take (0-"
                    + std::to_string(last) + " s)");
    KeptMotion kept;
    kept.motion = take;
    kept.weight.resize(static_cast<std::size_t>(take.frames));
    const double blend = std::max(blendSeconds, 0.0);
    for (int t = 0; t < take.frames; ++t) {
        const double s = t / kFps;
        const double outside = s < start ? start - s : (s > end ? s - end : 0.0);
        kept.weight[static_cast<std::size_t>(t)] =
            outside <= 0 ? 0.0f : static_cast<float>(blend <= 0 ? 1.0 : std::min(outside / blend, 1.0));
    }
    return kept;
}

KeptMotion keepPrefix(const FeatureClip& motion, int totalFrames)
{
    if (totalFrames <= motion.frames)
        throw Error("continuing a motion of " + std::to_string(motion.frames) + " frames needs a longer clip (asked "
                    + std::to_string(totalFrames) + " frames)");
    KeptMotion kept;
    kept.motion = FeatureClip(totalFrames);
    std::copy(motion.values.begin(), motion.values.end(), kept.motion.values.begin());
    kept.weight.assign(static_cast<std::size_t>(totalFrames), 0.0f);
    std::fill(kept.weight.begin(), kept.weight.begin() + motion.frames, 1.0f);
    return kept;
}

void matchRootPath(FeatureClip& generated, const KeptMotion& kept)
{
    const int frames = kept.motion.frames;
    if (generated.frames != frames || kept.weight.size() != static_cast<std::size_t>(frames))
        throw Error("matchRootPath: " + std::to_string(generated.frames) + " generated frames for "
                    + std::to_string(frames) + " kept frames and " + std::to_string(kept.weight.size()) + " weights");
    const auto w = [&kept](int t) { return double(kept.weight[static_cast<std::size_t>(t)]); };
    double angle = 0.0; // accumulated half-turn before the current row (the same in both clips)
    int t = 0;
    while (t < frames) {
        if (w(t) >= 1.0) {
            angle += kept.motion.row(t)[0];
            ++t;
            continue;
        }
        int end = t; // rows [t, end) are (partly) generated
        while (end < frames && w(end) < 1.0)
            ++end;
        if (end == frames)
            break; // nothing kept after them: their path is free
        // Row r's velocities move the root to frame r + 1, so rows [t, end) decide where kept
        // frame `end` stands; row `end` itself is kept, hence the range.
        double free = 0.0;
        for (int s = t; s < end; ++s)
            free += 1.0 - w(s);
        if (free <= 0) {
            t = end;
            continue;
        }
        double turn = 0.0;
        for (int s = t; s < end; ++s)
            turn += double(kept.motion.row(s)[0]) - generated.row(s)[0];
        for (int s = t; s < end; ++s)
            generated.row(s)[0] = static_cast<float>(generated.row(s)[0] + turn * (1.0 - w(s)) / free);
        const detail::Vec3 miss = travel(kept.motion, t, end, angle) - travel(generated, t, end, angle);
        double a = angle;
        for (int s = t; s < end; ++s) {
            a += generated.row(s)[0];
            const detail::Vec3 local = glm::conjugate(toWorld(a)) * (((1.0 - w(s)) / free) * miss);
            generated.row(s)[1] = static_cast<float>(generated.row(s)[1] + local.x);
            generated.row(s)[2] = static_cast<float>(generated.row(s)[2] + local.z);
        }
        for (int s = t; s < end; ++s)
            angle += kept.motion.row(s)[0];
        t = end;
    }
}

} // namespace stepmotion
