// stepmotion export IN --format F --out FILE [--fps N] [--units m|cm] [--rig R] [--bvh-channels C]:
// any motion file loadJointClip reads → an interchange file (see motion_export.h).

#include "cli_args.h"
#include "commands.h"

#include "stepmotion/core/error.h"
#include "stepmotion/core/motion_export.h"
#include "stepmotion/core/motion_io.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace stepmotion::cli {
namespace {

constexpr const char* kUsage =
    "usage: stepmotion export IN --format bvh|fbx|fbxa|gltf|glb|npy --out FILE "
    "[--fps N] [--units m|cm] [--rig smpl22|bandai|cmu] [--bvh-channels root|rig]\n"
    "  fbx is binary FBX (Blender, Unity, Unreal, Maya); fbxa is ASCII FBX, which Blender cannot open\n"
    "  (\"ASCII FBX files are not supported\"): use fbx for Blender\n"
    "  --units defaults to m, or to cm for BVH/FBX on the bandai and cmu rigs (their own unit)\n"
    "  --bvh-channels root (default): only the root joint translates, which every BVH reader plays\n"
    "  the same; rig: the rig's own layout (bandai: 6 channels on every joint, as Bandai's files;\n"
    "  Blender reads it right, three.js adds the positions to the offsets)";

double parseFps(const std::string& text)
{
    char* end = nullptr;
    const double fps = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(fps) || fps <= 0 || fps > 1000)
        throw Error("--fps must be a number of frames per second in (0, 1000] (got '" + text + "')");
    return fps;
}

LengthUnit parseUnits(const std::string& text)
{
    if (text == "m")
        return LengthUnit::Metres;
    if (text == "cm")
        return LengthUnit::Centimetres;
    throw Error("--units must be m or cm (got '" + text + "')");
}

} // namespace

int runExport(int argc, char** argv)
{
    if (helpRequested(argc, argv, 2))
        return printHelp(kUsage);
    const Args args(argc, argv, 2, {});
    args.requireKnown({"format", "out", "fps", "units", "rig", "bvh-channels"});
    if (args.positional().size() != 1 || !args.has("format") || !args.has("out"))
        throw Error(kUsage);
    ExportOptions options;
    options.format = formatFromName(args.value("format"));
    options.fps = parseFps(args.value("fps", "20"));
    options.rig = args.value("rig", "smpl22");
    options.bvhChannels = rigChannelsFromName(args.value("bvh-channels", "root"));
    if (args.has("bvh-channels") && options.format != ExportFormat::Bvh)
        throw Error("--bvh-channels applies to BVH only (FBX and glTF always carry the motion on the root joint)");
    const bool unitless = options.format == ExportFormat::Gltf || options.format == ExportFormat::Glb ||
                          options.format == ExportFormat::Npy;
    // Bandai and CMU files are in centimetres (Bandai's rig map reads nothing else).
    options.unit = parseUnits(args.value("units", options.rig != "smpl22" && !unitless ? "cm" : "m"));
    if (unitless && options.unit != LengthUnit::Metres)
        throw Error("--units cm applies to BVH and FBX only (glTF and npy are always metres)");
    const std::string out = args.value("out");
    const JointClip clip = loadJointClip(args.positional()[0]);
    exportMotion(clip, out, options);
    // The written file's frames (t = i / fps up to the clip's duration) and their duration.
    const int frames = static_cast<int>(std::floor(clip.durationSeconds() * options.fps + 1e-9)) + 1;
    std::printf("%s: %d frames at %g fps (%.2f s), rig %s\n", out.c_str(), frames, options.fps,
                clipDurationSeconds(frames, options.fps), options.rig.c_str());
    return 0;
}

} // namespace stepmotion::cli
