// stepmotion export IN --format F --out FILE [--fps N] [--units m|cm] [--rig R] [--bvh-channels C]:
// any motion file loadJointClip reads → an interchange file (see motion_export.h).
// stepmotion export IN --rig-file CHARACTER --out FILE [--rig-mapping MAP.json] [--fps N]: the
// motion on the user's own character, in the character's format (see character.h).

#include "cli_args.h"
#include "commands.h"

#include "stepmotion/core/character/character.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/export/motion_export.h"
#include "stepmotion/core/import/motion_io.h"

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
    "  Blender reads it right, three.js adds the positions to the offsets)\n"
    "   or: stepmotion export IN --rig-file CHARACTER.fbx|.gltf|.glb|.bvh --out FILE [--rig-mapping MAP.json] [--fps N]\n"
    "  puts the motion on your own character's skeleton and writes it in the character's format, node\n"
    "  names, rest pose, unit and axes (FILE's extension must be the character's; glTF: .gltf or .glb).\n"
    "  Joints are found by name (Mixamo, Unreal, Unity, Rigify/metarig, CMU, Daz, Bandai) and structure;\n"
    "  `stepmotion character CHARACTER --write-mapping MAP.json` writes the guess for editing";

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

CharacterMapping mappingFor(const Character& character, const std::string& mappingFile)
{
    if (mappingFile.empty())
        return mapCharacter(character);
    const CharacterMapping mapping = loadCharacterMapping(mappingFile, character);
    if (!mapping.unmapped().empty())
        throw fileError(mappingFile, "these joints are still unmapped (neither the file nor the guess gives them): " +
                                         mapping.unmappedList());
    return mapping;
}

namespace {

int exportOntoCharacterFile(const Args& args)
{
    if (args.positional().size() != 1 || !args.has("out"))
        throw Error(kUsage);
    for (const char* other : {"rig", "units", "bvh-channels"}) {
        if (args.has(other))
            throw Error(std::string("--") + other + " does not go with --rig-file: the export keeps the character's own "
                                                    "skeleton, unit and channels");
    }
    const Character character = loadCharacter(args.value("rig-file"));
    if (args.has("format")) {
        const ExportFormat asked = formatFromName(args.value("format"));
        const auto isGltf = [](ExportFormat f) { return f == ExportFormat::Gltf || f == ExportFormat::Glb; };
        if (asked != character.format && !(isGltf(asked) && isGltf(character.format)))
            throw Error("--format " + args.value("format") + " is not the character's format: with --rig-file the export "
                        "is written in the character's own format (" + formatExtension(character.format) + ")");
    }
    const CharacterMapping mapping = mappingFor(character, args.value("rig-mapping"));
    const double fps = parseFps(args.value("fps", "20"));
    const std::string out = args.value("out");
    const JointClip clip = loadJointClip(args.positional()[0]);
    exportOntoCharacter(clip, character, mapping, out, fps);
    const int frames = static_cast<int>(std::floor(clip.durationSeconds() * fps + 1e-9)) + 1;
    std::printf("%s: %d frames at %g fps (%.2f s) on %s (%zu nodes)\n", out.c_str(), frames, fps,
                clipDurationSeconds(frames, fps), character.path.c_str(), character.nodes.size());
    return 0;
}

} // namespace

int runExport(int argc, char** argv)
{
    if (helpRequested(argc, argv, 2))
        return printHelp(kUsage);
    const Args args(argc, argv, 2, {});
    args.requireKnown({"format", "out", "fps", "units", "rig", "bvh-channels", "rig-file", "rig-mapping"});
    if (args.has("rig-file"))
        return exportOntoCharacterFile(args);
    if (args.has("rig-mapping"))
        throw Error("--rig-mapping goes with --rig-file CHARACTER");
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
