#pragma once
// Repairs for the FBX files Assimp 5.2's exporter writes (Debian's libassimp 5.2.5), so that
// Assimp itself, Blender and the FBX SDK read them as intended. Works on the file's bytes:
// no Assimp types. Not part of the public API.

#include <string>

namespace stepmotion::fbx_repair {

/// Returns `bytes` (a whole binary or ASCII FBX file) with
///  - the animation stacks' LocalStop / ReferenceStop set to `durationSeconds` (the exporter
///    truncates them to whole seconds, and importers drop the keys past them);
///  - binary only: every child list terminated by its null record, and every object given a
///    (possibly empty) scope — the exporter omits both in places, which makes Assimp reject
///    the file or drop the animation — with all block offsets and the footer recomputed.
/// Throws stepmotion::Error naming `name` when the bytes are not an FBX file it understands.
std::string repair(const std::string& bytes, double durationSeconds, const std::string& name);

} // namespace stepmotion::fbx_repair
