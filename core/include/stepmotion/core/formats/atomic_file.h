#pragma once
// Crash-safe file replacement: write to a temporary file beside the target, fsync it,
// rename it over the target, fsync the directory. A crash at any point leaves either the
// old file or the new one, never a mix. Where the file system supports O_TMPFILE (ext4, xfs,
// tmpfs, btrfs) the temporary file has no name until its bytes are on disk, so a process
// killed mid-write leaves no litter either.

#include <string>

namespace stepmotion {

/// Replaces `path` with `bytes` atomically. Throws stepmotion::Error naming the file on failure.
void writeFileAtomically(const std::string& path, const std::string& bytes);

/// Copies `from` over `to` atomically, unless `to` already is `from` (the same file). Throws
/// stepmotion::Error naming the file on failure.
void copyFileAtomically(const std::string& from, const std::string& to);

/// Flushes a file (or a directory's entries) written by other means, e.g. a library that only
/// writes to a path, to disk. Throws stepmotion::Error naming the path on failure.
void syncToDisk(const std::string& path);

/// Reads a whole file. Throws stepmotion::Error naming the file when it cannot be read.
std::string readWholeFile(const std::string& path);

} // namespace stepmotion
