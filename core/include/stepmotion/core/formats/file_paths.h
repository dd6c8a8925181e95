#pragma once
// Path spelling shared by the whole project: one join, one extension rule, one way to make a folder.

#include <string>

namespace stepmotion {

/// `dir` + "/" + `name` (no second slash when `dir` ends in one; `name` alone for an empty dir).
std::string joinPath(const std::string& dir, const std::string& name);

/// The extension with its dot, lower case (".fbx" for "Hero.FBX", ".gz" for "a.tar.gz"); empty
/// when there is none (also for a dot file such as ".steps").
std::string lowerExtension(const std::string& path);

/// Creates `dir` and its parents (nothing when it exists); throws fileError naming `dir` when
/// that fails or `dir` is not a folder afterwards.
void makeDirectories(const std::string& dir);

} // namespace stepmotion
