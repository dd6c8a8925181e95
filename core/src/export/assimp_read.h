#pragma once
// Internal: the one way StepMotion has Assimp read a file (motion imports and characters), so
// that a damaged file is refused with a message instead of crashing the program.

#include <assimp/Importer.hpp>
#include <assimp/scene.h>

#include <string>

namespace stepmotion::assimp_io {

/// Reads `path` with `importer` (whose properties the caller has set). A glTF/GLB or FBX file
/// first passes gltf_check's or fbx_check's structure check (Assimp trusts the file's shape), and Assimp's
/// own failed assertions count as a failed read. Returns the scene, which has a root node;
/// throws stepmotion::Error naming the file otherwise.
const aiScene* readScene(Assimp::Importer& importer, const std::string& path);

} // namespace stepmotion::assimp_io
