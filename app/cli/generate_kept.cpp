#include "generate_kept.h"

#include "stepmotion/core/formats/file_paths.h"
#include "stepmotion/core/generation/kept_requests.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/motion/skeleton.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace stepmotion::cli {
namespace {

bool isJson(const std::string& path) { return lowerExtension(path) == ".json"; }

nlohmann::json readTake(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw fileError(path, "cannot be opened");
    std::stringstream text;
    text << in.rdbuf();
    try {
        return nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::exception& e) {
        throw fileError(path, std::string("is not a take (JSON): ") + e.what());
    }
}

// The exact features of a take .json, or the motion of any other file as features.
FeatureClip keptFeatures(const std::string& path)
{
    if (!isJson(path))
        return loadFeatureClip(path);
    const auto doc = readTake(path);
    const auto it = doc.find("features");
    if (it == doc.end() || !it->is_array() || it->empty())
        throw fileError(path, "features: missing (takes written by stepmotion generate --out FILE.json hold them)");
    FeatureClip clip(static_cast<int>(it->size()));
    for (int t = 0; t < clip.frames; ++t) {
        const auto& row = (*it)[static_cast<std::size_t>(t)];
        if (!row.is_array() || row.size() != static_cast<std::size_t>(kFeatureDim))
            throw fileError(path, "features[" + std::to_string(t) + "]: expected " + std::to_string(kFeatureDim)
                                      + " numbers");
        for (int d = 0; d < kFeatureDim; ++d) {
            const auto& v = row[static_cast<std::size_t>(d)];
            if (!v.is_number() || !std::isfinite(v.get<double>()))
                throw fileError(path, "features[" + std::to_string(t) + "][" + std::to_string(d) + "]: not a finite number");
            clip.row(t)[d] = v.get<float>();
        }
    }
    return clip;
}

std::pair<double, double> parseSpan(const std::string& text)
{
    const auto dash = text.find('-', 1);
    try {
        if (dash != std::string::npos) {
            std::size_t used = 0, usedEnd = 0;
            const double a = std::stod(text.substr(0, dash), &used);
            const double b = std::stod(text.substr(dash + 1), &usedEnd);
            if (used == dash && usedEnd == text.size() - dash - 1 && std::isfinite(a) && std::isfinite(b) && a < b)
                return {a, b};
        }
    } catch (const std::exception&) {
    }
    throw Error("--span must be START-END in seconds with START < END, e.g. 2-3.5 (got '" + text + "')");
}

} // namespace

const char* const kKeptUsage =
    "  --keep TAKE --span A-B regenerates the seconds A-B of TAKE (a take .json from generate, a features\n"
    "  .npy or any motion file) and keeps every other frame (a --blend 0.25 s ramp outside the span keeps\n"
    "  velocities continuous); without --steps/--text a take .json's own steps are used.\n"
    "  --continue FILE adds the steps after the last frame of FILE (any motion file): their times count\n"
    "  from its end, and --seconds is the length of the new part";

std::optional<StepList> takeSteps(const std::string& path)
{
    if (!isJson(path))
        return std::nullopt;
    const auto doc = readTake(path);
    const auto it = doc.find("steps");
    if (it == doc.end())
        throw fileError(path, "steps: missing (not a take written by stepmotion generate)");
    return parseStepList(it->dump(), path + ": steps");
}

void applyKeptMotion(const Args& args, GenerationRequest& request, double seconds)
{
    const bool keep = args.has("keep"), span = args.has("span"), more = args.has("continue");
    if (keep != span)
        throw Error("--keep TAKE and --span A-B go together");
    if (keep && more)
        throw Error("give either --keep/--span or --continue, not both");
    if (args.has("blend") && !keep)
        throw Error("--blend applies to --keep/--span only");
    if (keep) {
        const auto [start, end] = parseSpan(args.value("span"));
        const double blend = args.doubleValue("blend", 0.25, 0.0, 5.0);
        if (seconds > 0)
            throw Error("--seconds does not apply to --keep: the clip is as long as the take");
        request.keep = keepOutsideSpan(keptFeatures(args.value("keep")), start, end, blend);
        request.frames = request.keep->motion.frames;
    } else if (more) {
        request = continueRequest(std::move(request), loadFeatureClip(args.value("continue")), seconds);
    }
}

} // namespace stepmotion::cli
