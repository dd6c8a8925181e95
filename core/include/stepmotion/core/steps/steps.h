#pragma once
// Timed, body-part-tagged step descriptions: what the user writes in the app, what the rule-based
// describer produces from motion, and what FineMotion's snippets become. The JSON form is the
// file the app saves and `stepmotion generate --steps` reads:
//   {"version": 1, "coarse": "...", "source": "user",
//    "steps": [{"start": 0.0, "end": 1.0, "body_parts": ["left_arm"], "text": "Raise your left arm."}]}

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stepmotion {

/// The newest step-list file version this build reads and the one it writes.
constexpr int kStepListVersion = 1;

enum class BodyPart { Head, Torso, LeftArm, RightArm, LeftHand, RightHand, LeftLeg, RightLeg, WholeBody };

/// One instruction active over [start, end] seconds of the clip.
struct Step {
    double start = 0;                 // seconds, >= 0
    double end = 0;                   // seconds, >= start
    std::vector<BodyPart> bodyParts;  // at least one, no duplicates
    std::string text;                 // one or more imperative sentences, UTF-8, not empty

    bool operator==(const Step& other) const;
    bool operator!=(const Step& other) const { return !(*this == other); }
};

/// A whole clip's description: a coarse sentence plus the timed steps.
struct StepList {
    std::string coarse;       // may be empty
    std::vector<Step> steps;  // usually ordered by start; steps on different parts may overlap
    std::string source;       // "user", "describer" or "finemotion"

    bool operator==(const StepList& other) const;
    bool operator!=(const StepList& other) const { return !(*this == other); }
};

/// Every body part, in enum order.
const std::array<BodyPart, 9>& allBodyParts();

/// "head", "torso", "left_arm", "right_arm", "left_hand", "right_hand", "left_leg",
/// "right_leg", "whole_body".
std::string_view bodyPartName(BodyPart part);

/// The part named by `name` (exact, lower case), or nothing for an unknown name.
std::optional<BodyPart> bodyPartFromName(std::string_view name);

/// The accepted values of StepList::source.
bool isKnownStepSource(std::string_view source);

/// Left/right counterpart (Head, Torso and WholeBody map to themselves).
BodyPart mirrorBodyPart(BodyPart part);

/// Swaps the whole words "left" and "right" in `text`, keeping their case pattern
/// ("Left" -> "Right", "LEFT" -> "RIGHT", "left" -> "right"); "leftover" is left alone.
std::string mirrorLeftRightWords(const std::string& text);

/// The list for the left/right mirrored motion: body parts and the words left/right swapped
/// in every step text and in the coarse sentence. Times and order are unchanged.
StepList mirrorStepList(const StepList& list);

/// Parses and validates step-list JSON. `name` (usually the file path) starts every error
/// message, followed by the field path, e.g. "steps.json: steps[2].end: must be >= start
/// (1.0 < 1.5)". Throws stepmotion::Error for: text that is not UTF-8 or not JSON (with the
/// byte offset), a malformed, unknown (< 1) or newer "version", unknown fields, and any step with a
/// missing/empty text, non-numeric or non-finite times, a negative start, end < start, or an
/// unknown, duplicated or missing body part. "version" is optional: a hand-written list
/// without it is read as version 1. "coarse" is optional (empty); "source" is
/// optional ("user") and otherwise one of isKnownStepSource's values.
StepList parseStepList(const std::string& json, const std::string& name);

/// Reads and parses a step-list file; errors name the file.
StepList loadStepList(const std::string& path);

/// Pretty JSON (2-space indent, "version" first, then "source", "coarse", "steps"), ending in
/// a newline. Applies parseStepList's rules first, so whatever is written can be read back:
/// throws stepmotion::Error naming the field (e.g. "steps[0].text: not valid UTF-8").
std::string stepListToJson(const StepList& list);

/// Writes stepListToJson(list) atomically to `path`.
void saveStepList(const std::string& path, const StepList& list);

} // namespace stepmotion
