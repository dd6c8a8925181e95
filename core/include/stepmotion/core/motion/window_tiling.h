#pragma once
// How a clip longer than the model's window is covered by model windows: the one rule that the
// sampler's composition (core/src/generation/step_composition.cpp) and Studio's "N windows" labels
// share. Torch-free.

#include <utility>
#include <vector>

namespace stepmotion {

/// Neighbouring context windows of a long clip overlap by at least this much (seconds) and
/// crossfade over the overlap, so the whole clip is one motion.
constexpr double kContextOverlapSeconds = 3.0;

/// Windows [first, end) of `longest` frames covering frames [first, first + length): the span
/// itself when length <= longest, else the fewest windows overlapping by at least
/// min(overlap, longest / 2) frames, evenly spaced from the span's start to its end.
std::vector<std::pair<long, long>> tileFrames(long first, long length, long longest, long overlap);

} // namespace stepmotion
