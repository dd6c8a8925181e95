#pragma once
// The one door to Assimp: everything that touches Assimp types lives behind it, in
// assimp_exporter.cpp (our 22-joint and rig exports, imports) and assimp_character.cpp (the
// user's characters). Not part of the public API.

#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/character/character.h"
#include "stepmotion/core/export/motion_export.h"

#include <string>
#include <vector>

struct aiScene;

namespace stepmotion::assimp_io {

/// Writes the hierarchy and motion of `rig` (a clip from jointsToBvh, in `unit`) as an
/// FBX/glTF scene at `path` (written in place: the caller handles atomicity). Format must be
/// Fbx, FbxAscii, Gltf or Glb. Throws Error naming `name` (the file the user asked for)
/// when Assimp fails.
void writeScene(const BvhClip& rig, LengthUnit unit, ExportFormat format, const std::string& path,
                const std::string& name);

/// Exports `scene` with Assimp in `format` (Fbx, FbxAscii, Gltf, Glb) at `path` and applies
/// fbx_repair (take length `seconds`) or gltf_repair to the written file.
void exportRepaired(const aiScene& scene, ExportFormat format, const std::string& path, const std::string& name,
                    double seconds);

/// See importWithAssimp / inspectWithAssimp in motion_export.h.
JointClip importJoints(const std::string& path);
JointClip importNodes(const std::string& path, const std::vector<std::string>& names);
AnimationSummary summarize(const std::string& path);

/// A character file's node tree at rest (every node, parents first) and its FBX settings.
struct CharacterScene {
    std::vector<CharacterNode> nodes;
    CharacterAxes axes;
};
CharacterScene readCharacterScene(const std::string& path);

/// Writes the character's node tree with `motion` as its animation (format Fbx, Gltf or Glb,
/// in place at `path`; errors name `name`). A marker mesh skinned to the animated nodes makes
/// writers emit them as a skeleton, as writeScene does.
void writeCharacterScene(const Character& character, const CharacterMotion& motion, ExportFormat format,
                         const std::string& path, const std::string& name);

} // namespace stepmotion::assimp_io
