#pragma once
// A structure check of glTF 2.0 files before Assimp reads them. Assimp 5.2's glTF importer
// trusts declared sizes and indices (fuzz_gltf: a 4 GiB allocation from a damaged byteLength, a
// null dereference), so every reference and extent is checked here first and a damaged file is
// refused with the field that is wrong. Works on the file's bytes (JSON through nlohmann); no
// Assimp types. Not part of the public API.

#include <string>

namespace stepmotion::gltf_check {

/// True for a path ending in .gltf/.glb or a file that starts with the binary glTF magic: the
/// files Assimp reads as glTF, which `checkFile` is for.
bool isGltf(const std::string& path);

/// Reads the .gltf or .glb at `path` (and its external buffers, relative to it) and throws
/// stepmotion::Error naming `path` and the field when it is not a consistent glTF 2.0 file:
///  - the GLB container: header length, chunk lengths inside the file, JSON chunk first;
///  - the JSON: an object without duplicate keys, asset.version 2.x;
///  - every index (scene, nodes, children, meshes, skins, accessors, bufferViews, buffers,
///    samplers, materials, textures, images, cameras, lights) names an existing object;
///  - the nodes form a forest (one parent each, no cycles);
///  - buffers hold the bytes they declare (GLB binary chunk, data: URI or external file), views
///    lie inside their buffer and accessors inside their view;
///  - accessor types fit their use (POSITION a float VEC3, animation times float scalars,
///    rotations VEC4, inverse bind matrices MAT4, indices unsigned scalars), a primitive's
///    attributes share one count, index values name existing vertices and joint values
///    existing skin joints, primitive counts fit their mode, key times are finite.
void checkFile(const std::string& path);

/// The same check on bytes already read; external buffers are looked up beside `path`.
void checkBytes(const std::string& bytes, const std::string& path);

} // namespace stepmotion::gltf_check
