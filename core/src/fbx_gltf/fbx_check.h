#pragma once
// Internal: a structure check of an FBX file before Assimp reads it. Assimp 5.2's FBX importer
// trusts the file's shape: a truncated ASCII file made it free memory twice (found by fuzz_fbx).
// Not a validator of FBX semantics; only what keeps the importer on solid ground.

#include <string>

namespace stepmotion::fbx_check {

/// True for a path with the .fbx extension (any case).
bool isFbx(const std::string& path);

/// Throws stepmotion::Error naming the file and what is wrong unless
///  - binary: every record's end offset lies inside its parent and the file, child lists end in
///    their null record, and the footer follows the top-level list;
///  - ASCII: braces balance outside strings and comments and close by the end of the file, every
///    array `*N { a: ... }` holds N values, and the file has an `Objects:` section.
void checkFile(const std::string& path);

} // namespace stepmotion::fbx_check
