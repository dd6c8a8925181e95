#pragma once
// Checks on a command's output path that run before the long work (minutes of generation,
// evaluation or training), so that a typo in --out is refused at once, not at the end.

#include "stepmotion/core/formats/file_paths.h" // lowerExtension, which the commands use with these checks

#include <string>
#include <vector>

namespace stepmotion::cli {

/// Throws stepmotion::Error naming `option` and `path` unless a file can be written there:
/// the extension is one of `extensions` (lower-case with the dot; empty accepts any), the
/// path is not a folder, and its folder exists, is a folder and accepts a new file (tried by
/// creating and removing a probe file, so read-only mounts are caught too).
void requireWritableFile(const std::string& path, const std::string& option, const std::vector<std::string>& extensions);

/// The same for an output folder: it is an existing writable folder, or it does not exist
/// yet and its nearest existing ancestor is a writable folder (it will be created).
void requireWritableFolder(const std::string& path, const std::string& option);

} // namespace stepmotion::cli
