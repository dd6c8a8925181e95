#pragma once
// Internal: writing exports whose writer (Assimp) writes in place and may add files beside the
// one named (a .gltf's .bin). Not part of the public API.

#include <functional>
#include <string>

namespace stepmotion {

/// Calls `write` with a path in a fresh folder beside `path`, then renames everything written
/// there into place (the file named `path` last) and removes the folder, also on failure.
/// Throws Error naming `path` when the folder cannot be made or a file cannot be moved.
void writeThroughTemporaryFolder(const std::string& path, const std::function<void(const std::string&)>& write);

} // namespace stepmotion
