#pragma once
// The ASCII half of fbx_repair.h's repairs, which edits the file's text in place. Not part of
// the public API.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace stepmotion::fbx_repair {

/// Where one rotation curve's key values sit in an ASCII file, and the values.
struct AsciiCurveSpan {
    std::size_t from = 0, to = 0;
    std::vector<float> values;
};

/// ASCII: rewrites the KTime after "LocalStop"/"ReferenceStop" inside each AnimationStack object.
std::string repairAscii(std::string text, std::int64_t ticks);

/// ASCII rotation curves, X/Y/Z per curve node with as many keys each.
std::vector<std::array<AsciiCurveSpan, 3>> asciiRotationCurves(const std::string& text);

/// ASCII: the same unwrapping of rotation curves as the binary repair's.
std::string unwrapAsciiRotationCurves(std::string text);

/// Rewrites each key of X/Y/Z Euler curves (degrees) as the equivalent solution nearest the key
/// before (fbx_repair.cpp explains why); shared by the binary and ASCII repairs.
void unwrapEuler(std::array<std::vector<float>, 3>& xyz);

} // namespace stepmotion::fbx_repair
