#pragma once
// Step lists typed as one line of text, for `stepmotion generate --text`:
//   "0-1 s: raise the left arm; 1-2.5 s: step forward with the right foot"
// Segments are separated by ';' or new lines, and a sentence that starts with a time span
// starts a new one ("0-2 s: Stand still. 2-5 s: Walk." is two segments); each may start with
// a time span "A-B:" or "A-B s:" (also "A–B", "A to B"; seconds). Segments without a span
// share the time left after the last timed one (the whole clip when none is timed) in order.
// A segment of several sentences becomes one step per sentence (fineTextToSteps), each with
// the body parts its words name (body_part_words.h).

#include "stepmotion/core/steps/steps.h"

#include <string>

namespace stepmotion {

/// Parses `text` into steps over [0, seconds]. Throws stepmotion::Error for an empty text, a
/// malformed or reversed span, or a span beyond `seconds` when seconds > 0; seconds <= 0 takes
/// the clip length from the last span end (or 4 s per untimed segment).
StepList stepsFromText(const std::string& text, double seconds, const std::string& coarse = {});

} // namespace stepmotion
