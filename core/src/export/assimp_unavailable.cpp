// Stand-in for assimp_exporter.cpp in builds configured with STEPMOTION_WITH_ASSIMP=OFF (the
// GPU training machines have no Assimp): BVH and npy export still work, FBX/glTF say why not.

#include "export/assimp_exporter.h"

#include "stepmotion/core/runtime/error.h"

namespace stepmotion::assimp_io {
namespace {

[[noreturn]] void unavailable(const std::string& path)
{
    throw fileError(path, "this StepMotion was built without Assimp (STEPMOTION_WITH_ASSIMP=OFF): FBX and glTF "
                          "need a build with libassimp-dev");
}

} // namespace

void writeScene(const BvhClip&, LengthUnit, ExportFormat, const std::string&, const std::string& name)
{
    unavailable(name);
}

JointClip importJoints(const std::string& path) { unavailable(path); }

JointClip importNodes(const std::string& path, const std::vector<std::string>&) { unavailable(path); }

AnimationSummary summarize(const std::string& path) { unavailable(path); }

CharacterScene readCharacterScene(const std::string& path) { unavailable(path); }

void writeCharacterScene(const Character&, const CharacterMotion&, ExportFormat, const std::string&, const std::string& name)
{
    unavailable(name);
}

} // namespace stepmotion::assimp_io
