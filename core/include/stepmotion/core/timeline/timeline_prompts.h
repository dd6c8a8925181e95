#pragma once
// The timeline benchmark's held-out prompt set (issue 15): requests written by hand, not taken
// from the training steps, each step tagged with the physical check (timeline_checks.h) that
// judges it. The bundled set is resources/benchmarks/timeline.json:
//   {"version": 1, "prompts": [{"id": "stand_then_walk", "kind": "sequential",
//     "pair": "stand_still+walk_forward", "mirror": "", "coarse": "", "seconds": 5.0,
//     "steps": [{"start": 0, "end": 2.5, "body_parts": ["left_leg", "right_leg"],
//                "text": "Stand still.", "check": "stand_still"}, ...]}]}
// Kinds: "single" (one step), "sequential" (two or three steps one after the other),
// "spatial" (steps on different body parts at the same time). "pair" links the two orders of
// the same sequential steps (A then B, B then A) so a runner can compare them; "mirror" names
// the left/right counterpart prompt.

#include "stepmotion/core/motion/motion.h"
#include "stepmotion/core/steps/steps.h"
#include "stepmotion/core/timeline/timeline_checks.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace stepmotion {

struct TimelinePrompt {
    std::string id;                 // unique, not empty
    std::string kind;               // "single", "sequential" or "spatial"
    std::string pair;               // "" or the key both orders of a sequential pair share
    std::string mirror;             // "" or the id of the left/right mirrored prompt
    double seconds = 0;             // motion length to generate, (0, kMaxTimelineFrames / kFps]
    StepList steps;                 // source "user"; steps in file order
    std::vector<StepCheck> checks;  // one per step, same order
};

struct TimelinePromptSet {
    std::vector<TimelinePrompt> prompts;
};

/// Parses and validates the JSON. `name` (usually the path) starts every error, followed by the
/// field path: "timeline.json: prompts[3].steps[1].check: unknown check 'wlak'". Besides the
/// step-list rules of parseStepList (reported as "NAME: prompts[3]: steps[1].end: ..."), throws
/// stepmotion::Error for: unknown fields; a missing or newer version; an empty, missing or
/// duplicated id; an unknown kind; seconds outside (0, 9.8]; a step ending after `seconds`; a
/// single prompt without exactly one step; a sequential prompt with fewer than 2 steps or a step
/// starting before the previous one ends; a spatial prompt with fewer than 2 steps or no two
/// steps overlapping in time; a pair key not shared by exactly two sequential prompts whose
/// checks run in reverse order of each other; a mirror that names no prompt, does not name this
/// prompt back, or whose checks are not the mirrorStepCheck of this prompt's, step by step.
TimelinePromptSet parseTimelinePrompts(const std::string& json, const std::string& name);

/// Reads and parses a prompt file; errors name the file.
TimelinePromptSet loadTimelinePrompts(const std::string& path);

/// resourcePath("benchmarks/timeline.json").
std::string bundledTimelinePromptsPath();

/// "64 prompts: single 24, sequential 26, spatial 14" (kinds in that order, absent kinds left out).
std::string describeTimelinePrompts(const TimelinePromptSet& set);

struct TimelineCheckOptions {
    /// Seconds left out at the start of a steady-state step (stand_still, walks, run,
    /// sidesteps) that begins where an earlier step of the prompt ends: stopping from a walk or
    /// starting one takes a stride or two (CMU 131_01 needs about 0.5 s). At most a quarter of
    /// the step's span is left out. 0 measures every step on its exact span.
    double transitionSeconds = 0.5;
};

/// The span [start, end] seconds that checkTimelinePrompt measures for step `index`.
std::pair<double, double> measuredSpan(const TimelinePrompt& prompt, std::size_t index,
                                       const TimelineCheckOptions& options = {});

/// Checks every step of `prompt` on `joints` (one result per step, in step order).
std::vector<StepCheckResult> checkTimelinePrompt(const JointClip& joints, const TimelinePrompt& prompt,
                                                 const TimelineCheckOptions& options = {});

} // namespace stepmotion
