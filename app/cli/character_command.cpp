// stepmotion character CHARACTER [--rig-mapping MAP.json] [--write-mapping MAP.json]: how the
// 22 joints land on a character (node, and whether name, structure or the file gave it), its
// unit and axes; the mapping can be written as JSON for editing (see character.h).

#include "cli_args.h"
#include "commands.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/character/character.h"
#include "stepmotion/core/runtime/error.h"

#include <cstdio>

namespace stepmotion::cli {
namespace {

constexpr const char* kUsage =
    "usage: stepmotion character CHARACTER.fbx|.gltf|.glb|.bvh [--rig-mapping MAP.json] [--write-mapping MAP.json]\n"
    "  prints which node of the character each of the 22 motion joints goes to and how it was found\n"
    "  (name, structure, or the mapping file), and the character's unit and axes as found in its rest\n"
    "  pose. --write-mapping writes that mapping as JSON (\"\" for joints it could not find): fill it in\n"
    "  and pass it to `stepmotion export IN --rig-file CHARACTER --rig-mapping MAP.json`";

const char* axisName(int axis, int sign)
{
    static const char* const kNames[] = {"-X", "-Y", "-Z", "+X", "+Y", "+Z"};
    return kNames[(sign > 0 ? 3 : 0) + axis];
}

std::string describe(const RigJointSource& s)
{
    if (s.from.empty())
        return "(not found)";
    if (s.to.empty())
        return s.from;
    char t[32];
    std::snprintf(t, sizeof t, "%g", s.t);
    return s.from + " -> " + s.to + " at " + t;
}

} // namespace

int runCharacter(int argc, char** argv)
{
    if (helpRequested(argc, argv, 2))
        return printHelp(kUsage);
    const Args args(argc, argv, 2, {});
    args.requireKnown({"rig-mapping", "write-mapping"});
    if (args.positional().size() != 1)
        throw Error(kUsage);
    const Character character = loadCharacter(args.positional()[0]);
    const CharacterMapping mapping = args.has("rig-mapping") ? loadCharacterMapping(args.value("rig-mapping"), character)
                                                             : guessCharacterMapping(character);
    std::printf("%s: %zu nodes, %g m per file unit\n", character.path.c_str(), character.nodes.size(), character.metresPerUnit);
    for (int j = 0; j < kJointCount; ++j) {
        const auto i = static_cast<std::size_t>(j);
        std::printf("  %-15s %-40s %s\n", std::string(skeleton::names()[i]).c_str(), describe(mapping.joints[i]).c_str(),
                    mapping.how[i].c_str());
    }
    if (args.has("write-mapping")) {
        writeFileAtomically(args.value("write-mapping"), formatCharacterMapping(mapping, character));
        std::printf("mapping written to %s\n", args.value("write-mapping").c_str());
    }
    const std::vector<std::string> missing = mapping.unmapped();
    if (!missing.empty()) {
        std::printf("%zu joints not found: fill them in a mapping JSON (--write-mapping) and export with --rig-mapping\n",
                    missing.size());
        return 1;
    }
    // The axes come from solving the rest pose, as the export does.
    JointClip rest(1, kJointCount, kFps);
    const auto& directions = skeleton::restDirections();
    const auto& lengths = skeleton::referenceBoneLengths();
    for (int j = 1; j < kJointCount; ++j) {
        const auto i = static_cast<std::size_t>(j);
        const float* p = rest.at(0, skeleton::parents()[i]);
        float* q = rest.at(0, j);
        for (int a = 0; a < 3; ++a)
            q[a] = p[a] + static_cast<float>(directions[i][static_cast<std::size_t>(a)] * lengths[i]);
    }
    const CharacterMotion solved = retargetOntoCharacter(rest, character, mapping);
    std::printf("axes: left %s, up %s, forward %s; %.4g file units per motion metre\n",
                axisName(solved.axis[0], solved.sign[0]), axisName(solved.axis[1], solved.sign[1]),
                axisName(solved.axis[2], solved.sign[2]), solved.pathScale);
    return 0;
}

} // namespace stepmotion::cli
