#pragma once
// Crash-safe file replacement: write to a temporary file beside the target, fsync it,
// rename it over the target, fsync the directory. A crash at any point leaves either the
// old file or the new one, never a mix.

#include <string>

namespace stepmotion {

/// Replaces `path` with `bytes` atomically. Throws stepmotion::Error naming the file on failure.
void writeFileAtomically(const std::string& path, const std::string& bytes);

/// Reads a whole file. Throws stepmotion::Error naming the file when it cannot be read.
std::string readWholeFile(const std::string& path);

} // namespace stepmotion
