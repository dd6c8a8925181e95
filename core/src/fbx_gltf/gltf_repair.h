#pragma once
// Repairs for the glTF 2.0 files Assimp 5.2's exporter writes, so that the Khronos
// glTF-Validator reports neither errors nor warnings on them. Works on the file's bytes (JSON
// through nlohmann): no Assimp types. Not part of the public API.

#include <string>

namespace stepmotion::gltf_repair {

/// Returns `bytes` (a whole .gltf JSON document or .glb file) with
///  - every node holding a skinned mesh moved out of its parent's children into the scenes
///    that held that parent (NODE_SKINNED_MESH_NON_ROOT: a skinned mesh is placed by its
///    joints, so its parents' transforms are ignored anyway, and the validator warns);
///  - the extensionsUsed / extensionsRequired entries that no object's "extensions" names
///    dropped (Assimp lists extensions it never writes), and the arrays themselves when empty.
/// A .glb keeps its other chunks byte for byte; its JSON chunk is re-padded to 4 bytes and the
/// header length recomputed. Throws stepmotion::Error naming `name` for bytes that are not
/// glTF it understands.
std::string repair(const std::string& bytes, const std::string& name);

} // namespace stepmotion::gltf_repair
