// stepmotion generate: steps (a steps JSON file, or timed text) -> motion with a trained model
// (the bundled default model unless --model names another).

#include "cli_args.h"
#include "generation_args.h"
#include "commands.h"
#include "generate_kept.h"
#include "output_path.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/bvh/bvh_writer.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/generation/generator.h"
#include "stepmotion/core/cleanup/motion_cleanup.h"
#include "stepmotion/core/export/motion_export.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/runtime/resource_paths.h"
#include "stepmotion/core/steps/step_text.h"
#include "stepmotion/core/runtime/thread_config.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace stepmotion::cli {
namespace {

const char* const kUsage =
    "usage: stepmotion generate (--steps FILE.json | --text \"0-1 s: raise the left arm; ...\")\n"
    "         --out FILE.npy|.bvh|.json [--coarse \"a sentence\"] [--seconds S] [--seed 0]\n"
    "         [--variants 1] [--guidance 2.5] [--sampling-steps 50] [--sampler ddim|dpm-solver++]\n"
    "         [--model DIR] [--threads N]\n"
    "         [--features] [--units m|cm] [--composition per-step|own-words|joint] [--fixed-patch-grid] [--raw]\n"
    "         [--rig smpl22|bandai|cmu] [--bvh-channels root|rig]\n"
    "         [--keep TAKE --span A-B [--blend 0.25] | --continue FILE]\n"
    "  --steps reads the steps JSON Studio saves; a hand-written one without \"version\" is read as\n"
    "  version 1 (newer versions are refused)\n"
    "  --rig and --bvh-channels choose the .bvh skeleton and where it translates, as in export\n"
    "  (--units then defaults to cm on bandai and cmu)\n"
    "  .npy holds joint positions (frames x 22 x 3), or 263-d features with --features; .json holds\n"
    "  the steps, the settings, the joints and the features; with --variants N the files get _1.._N suffixes\n"
    "  joints are cleaned up (fixed bone lengths, planted feet, no gliding on them, none under the floor); --raw keeps them as decoded\n"
    "  --composition own-words (default) denoises each step alone over its span and body parts; a\n"
    "  step alone on its body parts (one of a sequence, a walk under a wave) follows its own words\n"
    "  without the sentence, which would make it do everything the sentence lists;\n"
    "  per-step gives every step's row the sentence; joint conditions on the whole list at once\n"
    "  (the model as trained, at most 9.8 s); own-words and per-step cover timelines up to 120 s\n"
    "  with overlapping 9.8 s windows denoised together\n"
    "  --sampler dpm-solver++ takes second-order steps along the same path as ddim (fewer steps)\n"
    "  (--help lists --keep and --continue)";

std::string variantPath(const std::string& out, int index, int count)
{
    if (count == 1)
        return out;
    const auto dot = out.find_last_of('.');
    return out.substr(0, dot) + "_" + std::to_string(index + 1) + out.substr(dot);
}

StepList requestSteps(const Args& args, double seconds)
{
    if (args.has("steps") == args.has("text"))
        throw Error(std::string("give exactly one of --steps FILE.json and --text \"...\"\n") + kUsage);
    if (args.has("text"))
        return stepsFromText(args.value("text"), seconds, args.value("coarse"));
    StepList list = loadStepList(args.value("steps"));
    if (args.has("coarse"))
        list.coarse = args.value("coarse");
    return list;
}

void writeJson(const std::string& path, const StepList& steps, const GenerationRequest& request, uint64_t seed,
               const std::string& modelDir, const JointClip& joints, const FeatureClip& features)
{
    nlohmann::json doc;
    doc["version"] = 1;
    doc["model"] = modelDir;
    doc["seed"] = seed;
    doc["guidance"] = request.guidanceScale;
    doc["sampling_steps"] = request.samplingSteps;
    doc["sampler"] = samplerName(request.sampler);
    doc["composition"] = stepCompositionName(request.composition);
    doc["shift_patch_grid"] = request.shiftPatchGrid;
    doc["fps"] = joints.fps;
    doc["frames"] = joints.frames;
    doc["steps"] = nlohmann::json::parse(stepListToJson(steps));
    nlohmann::json frames = nlohmann::json::array();
    for (int f = 0; f < joints.frames; ++f) {
        nlohmann::json frame = nlohmann::json::array();
        for (int j = 0; j < joints.joints; ++j) {
            const float* p = &joints.xyz[static_cast<std::size_t>((f * joints.joints + j) * 3)];
            frame.push_back({std::round(p[0] * 1e5) / 1e5, std::round(p[1] * 1e5) / 1e5, std::round(p[2] * 1e5) / 1e5});
        }
        frames.push_back(std::move(frame));
    }
    doc["joints"] = std::move(frames);
    // The exact features too, so that `generate --keep` can regenerate a span of this take.
    nlohmann::json rows = nlohmann::json::array();
    for (int f = 0; f < features.frames; ++f)
        rows.push_back(std::vector<float>(features.row(f), features.row(f) + kFeatureDim));
    doc["features"] = std::move(rows);
    writeFileAtomically(path, doc.dump() + "\n");
}

// The .bvh skeleton, channels and units: checked before the model loads and the minutes of
// generation.
ExportOptions bvhOptionsFrom(const Args& args, const std::string& ext)
{
    ExportOptions bvhOptions;
    bvhOptions.rig = args.value("rig", "smpl22");
    bvhOptions.bvhChannels = rigChannelsFromName(args.value("bvh-channels", "root"));
    if ((args.has("rig") || args.has("bvh-channels")) && ext != ".bvh")
        throw Error("--rig and --bvh-channels apply to .bvh output only (stepmotion export writes the other formats)");
    const bool centimetresOnly = bvhOptions.rig != "smpl22" && loadExportRig(bvhOptions.rig).centimetresOnly;
    const std::string units = args.value("units", bvhOptions.rig == "smpl22" ? "m" : "cm");
    if (units != "m" && units != "cm")
        throw Error("--units must be m or cm (got '" + units + "')");
    if (centimetresOnly && units != "cm")
        throw Error(bvhOptions.rig + " BVH files are in centimetres: leave out --units or give --units cm");
    bvhOptions.unit = units == "cm" ? LengthUnit::Centimetres : LengthUnit::Metres;
    return bvhOptions;
}

GenerationRequest requestFrom(const Args& args, double seconds)
{
    GenerationRequest request;
    const auto takeList = args.has("keep") && !args.has("steps") && !args.has("text") ? takeSteps(args.value("keep"))
                                                                                       : std::nullopt;
    request.steps = takeList ? *takeList : requestSteps(args, seconds);
    request.frames = seconds > 0 ? std::max(1, static_cast<int>(std::lround(seconds * kFps))) : 0;
    request.seed = static_cast<uint64_t>(args.intValue("seed", 0, 0, 2147483647));
    request.variants = args.intValue("variants", 1, 1, 64);
    request.guidanceScale = args.doubleValue("guidance", 2.5, 0.0, 20.0);
    request.samplingSteps = args.intValue("sampling-steps", 50, 1, 1000);
    request.sampler = samplerOption(args);
    request.composition = compositionOption(args);
    request.shiftPatchGrid = !args.flag("fixed-patch-grid");
    applyKeptMotion(args, request, seconds);
    return request;
}

// One variant in the format `path`'s extension names.
void writeVariant(const Args& args, const std::string& path, const FeatureClip& features, const GenerationRequest& request,
                  uint64_t seed, const std::string& modelDir, const ExportOptions& bvhOptions)
{
    if (args.flag("features")) {
        saveFeaturesNpy(path, features);
        return;
    }
    const JointClip joints = args.flag("raw") ? decodeFeatures(features) : cleanGeneratedMotion(features);
    const std::string ext = lowerExtension(path);
    if (ext == ".json") {
        writeJson(path, request.steps, request, seed, modelDir, joints, features);
        return;
    }
    // Joints and BVH through the export path `stepmotion export` and `convert` use.
    ExportOptions options = bvhOptions;
    options.fps = joints.fps;
    options.format = ext == ".npy" ? ExportFormat::Npy : ExportFormat::Bvh;
    exportMotion(joints, path, options);
}

} // namespace

int runGenerate(int argc, char** argv)
{
    if (helpRequested(argc, argv, 2))
        return printHelp(std::string(kUsage) + "\n" + kKeptUsage);
    const Args args(argc, argv, 2, {"features", "fixed-patch-grid", "raw"});
    args.requireKnown({"steps", "text", "coarse", "seconds", "seed", "variants", "guidance", "sampling-steps", "sampler", "model",
                       "threads", "out", "features", "units", "composition", "fixed-patch-grid", "raw", "rig",
                       "bvh-channels", "keep", "span", "blend", "continue"});
    if (!args.positional().empty())
        throw Error("unexpected argument '" + args.positional()[0] + "'\n" + kUsage);
    const std::string out = args.value("out");
    if (out.empty())
        throw Error(std::string("--out must name a .npy, .bvh or .json file\n") + kUsage);
    // Before the model loads and the minutes of sampling: a bad --out must not waste them.
    requireWritableFile(out, "--out", {".npy", ".bvh", ".json"});
    const std::string ext = lowerExtension(out);
    if (args.flag("features") && ext != ".npy")
        throw Error("--features applies to .npy output only");
    const ExportOptions bvhOptions = bvhOptionsFrom(args, ext);
    const double seconds = args.doubleValue("seconds", 0.0, 0.0, kMaxTimelineFrames / kFps);
    const GenerationRequest request = requestFrom(args, seconds);
    configureThreads(args.intValue("threads", hardwareThreads(), 1, 1024));

    const std::string modelDir = args.has("model") ? args.value("model") : resourcePath("models/default");
    const auto started = std::chrono::steady_clock::now();
    const MotionGenerator generator = MotionGenerator::load(modelDir);
    const bool terminal = isatty(fileno(stderr)) != 0;
    const GenerationResult result = generator.generate(request, [terminal](int done, int total) {
        if (terminal || done == total)
            std::fprintf(stderr, "%sdenoising %d/%d%s", terminal ? "\r" : "", done, total, done == total ? "\n" : "");
    });
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const int count = static_cast<int>(result.motions.size());
    for (int v = 0; v < count; ++v) {
        const std::string path = variantPath(out, v, count);
        const FeatureClip& features = result.motions[static_cast<std::size_t>(v)];
        const uint64_t seed = request.seed + static_cast<uint64_t>(v);
        writeVariant(args, path, features, request, seed, modelDir, bvhOptions);
        std::printf("%s: %d frames (%.2f s), seed %llu\n", path.c_str(), features.frames,
                    clipDurationSeconds(features.frames, kFps), static_cast<unsigned long long>(seed));
    }
    std::printf("%zu steps, %d variant(s) in %.2f s (model %s)\n", request.steps.steps.size(), count, elapsed,
                modelDir.c_str());
    return 0;
}

} // namespace stepmotion::cli
