#pragma once
// Repairs for the FBX files Assimp 5.2's exporter writes (Debian's libassimp 5.2.5), so that
// Assimp itself, Blender and the FBX SDK read them as intended. Works on the file's bytes:
// no Assimp types. Not part of the public API.

#include <string>
#include <vector>

namespace stepmotion::fbx_repair {

/// Returns `bytes` (a whole binary or ASCII FBX file) with
///  - the animation stacks' LocalStop / ReferenceStop set to `durationSeconds` (the exporter
///    truncates them to whole seconds, and importers drop the keys past them);
///  - binary only: every child list terminated by its null record, and every object given a
///    (possibly empty) scope — the exporter omits both in places, which makes Assimp reject
///    the file or drop the animation — with all block offsets and the footer recomputed;
///  - rotation curves made continuous (each key's Euler angles rewritten as the
///    equivalent solution nearest the key before; each key keeps its rotation).
/// Throws stepmotion::Error naming `name` when the bytes are not an FBX file it understands.
std::string repair(const std::string& bytes, double durationSeconds, const std::string& name);

/// True for the bytes of a binary FBX (its magic), false for ASCII or anything else.
bool isBinary(const std::string& bytes);

/// Reads a binary FBX's whole record tree and its footer, throwing what repair() throws for a
/// damaged one (the byte offset and what is wrong); what fbx_check uses for binary files.
void checkBinaryStructure(const std::string& bytes, const std::string& name);

/// The key values (degrees) of every rotation curve in a binary or ASCII FBX (X, Y, Z per curve node), as stored: what an
/// importer that interpolates Euler curves reads. Throws like repair().
std::vector<std::vector<float>> rotationCurves(const std::string& bytes, const std::string& name);

} // namespace stepmotion::fbx_repair
