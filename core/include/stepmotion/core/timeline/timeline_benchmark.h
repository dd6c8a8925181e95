#pragma once
// The timeline benchmark (issue 15): every system generates every prompt of a timeline prompt
// set (timeline_prompts.h) with several seeds, and each step is judged by its physical check
// on the joints a user would get. Reported per prompt kind (single, sequential, spatial), per
// check, per pair of orders, with the physical plausibility figures (physical_metrics.h) of the
// same clips. Plain types only.

#include "stepmotion/core/generation/generator.h"
#include "stepmotion/core/evaluation/physical_metrics.h"
#include "stepmotion/core/timeline/timeline_prompts.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace stepmotion {

/// A model and the way it samples: one table row.
struct TimelineSystem {
    std::string name;     // row name; empty = derived from the directory and the settings
    std::string modelDir;
    StepComposition composition = kDefaultComposition;
    bool shiftPatchGrid = true;
    bool cleanup = true;  // judge the cleaned joints users get (motion_cleanup.h), else the raw decode
    bool anchorRoot = true; // the clean-up's root anchoring (off: to measure what it does)
    bool addSteps = true;   // the foot lock's added steps where a planted run is beyond reach (likewise)
    Sampler sampler = Sampler::Ddim;
    int samplingSteps = 0; // 0 = the benchmark's samplingSteps
};

/// "NAME=DIR[,joint|,per-step|,own-words][,fixed-grid][,raw|,no-anchor|,no-steps][,ddim|,dpm-solver++][,steps=N]" -> a system;
/// throws stepmotion::Error naming the unknown or malformed option.
TimelineSystem parseTimelineSystem(const std::string& spec);

/// The row name of a system: its name, or "DIRNAME (per-step, moving grid, cleaned)" (with the
/// sampler and its steps when they are not DDIM at the benchmark's steps).
std::string timelineSystemName(const TimelineSystem& system);

struct TimelineBenchOptions {
    std::string promptsPath;           // empty = the bundled resources/benchmarks/timeline.json
    std::vector<TimelineSystem> systems;
    int seeds = 3;                     // generations per prompt: seeds firstSeed .. firstSeed + seeds - 1
    uint64_t firstSeed = 1;
    int samplingSteps = 50;
    double guidanceScale = 2.5;
    TimelineCheckOptions checks;
    /// For prompts longer than the model's window: also generate each step of them inside one
    /// window (oneWindowControl) with the same seed, so a step's check in the long clip can be
    /// set against the same step where no join is near (the "one window" table).
    bool windowControl = true;
};

/// One step of one prompt, generated with one seed.
struct TimelineStepOutcome {
    std::size_t prompt = 0;  // index into the prompt set
    std::size_t step = 0;    // index into the prompt's steps
    uint64_t seed = 0;
    StepCheckResult result;
    bool longClip = false;   // the clip is longer than the model's window
    bool acrossJoin = false; // ... and the step's span touches an overlap of two context windows
    /// The same step generated inside one window (windowControl; absent for short clips and
    /// steps longer than a window).
    std::optional<StepCheckResult> oneWindow;
};

/// A prompt that fits one model window and holds step `step` of `prompt` with the whole
/// neighbouring steps that fit beside it, re-timed to start at 0; `step` is its index there.
struct WindowControl {
    TimelinePrompt prompt;
    std::size_t step = 0;
};

/// The control of step `step` of `prompt` for a window of `windowSeconds`: the steps lying
/// wholly inside the window that ends where the step ends, when one of them comes before the
/// step (so a step that follows another follows it in the control too); else those inside the
/// window that starts where the step starts. Empty when the step itself is longer than the
/// window. Throws stepmotion::Error for a step index out of range.
std::optional<WindowControl> oneWindowControl(const TimelinePrompt& prompt, std::size_t step, double windowSeconds);

/// Whether frames [first, end) touch a join: where two neighbouring windows of `windows`
/// ([first, end) frames, sorted) overlap.
bool spanTouchesJoin(int first, int end, const std::vector<std::pair<int, int>>& windows);

/// A clip longer than the model's window, split where its context windows overlap ("joins")
/// and elsewhere: frame-weighted mean jerk (m/s^3) and foot-skating ratio of each part.
struct TimelineJoinFigures {
    double joinJerk = 0, restJerk = 0;
    double joinSkating = 0, restSkating = 0;
    int joins = 0; // overlaps in the clip
};

/// The figures of `joints` split at `windows` ([first, end) frames, sorted, overlapping
/// neighbours). Parts shorter than 4 frames are skipped. Throws stepmotion::Error for fewer
/// than two windows.
TimelineJoinFigures measureJoins(const JointClip& joints, const std::vector<std::pair<int, int>>& windows);

struct TimelineSystemResult {
    TimelineSystem system;
    std::vector<TimelineStepOutcome> outcomes;  // prompt-major, then seed, then step
    std::vector<PhysicalMetrics> physical;      // one per generated clip
    std::vector<TimelineJoinFigures> joins;     // one per clip longer than the model's window
    double seconds = 0;                         // wall time of this system's generations
};

struct TimelineBenchResult {
    TimelinePromptSet prompts;
    std::string promptsPath;
    int seeds = 0;
    int samplingSteps = 0; // of systems that do not set their own
    std::vector<TimelineSystemResult> systems;
};

struct TimelineProgress {
    std::size_t system = 0, systems = 0, done = 0, total = 0; // generated clips of this system
};

/// Runs every system on every prompt. Throws stepmotion::Error for an unreadable prompt file or
/// model, or fewer than one seed / system.
TimelineBenchResult runTimelineBenchmark(const TimelineBenchOptions& options,
                                         const std::function<void(const TimelineProgress&)>& progress = {});

/// Fraction of step outcomes passed, mean and 95% CI over the outcomes (each 0 or 1), of the
/// steps whose prompt has `kind` (empty = all).
MeanInterval stepSatisfaction(const TimelineBenchResult& result, std::size_t system, const std::string& kind = {});

/// Markdown: steps satisfied per kind and overall, prompts with every step satisfied, the
/// largest and mean gap between the two orders of a pair; then one row per check; then the
/// physical figures of the generated clips (and, when any clip was longer than the model's
/// window, its joins against the rest, and the steps of long clips that touch a join against
/// those inside one window, and the steps of long clips against the same steps generated in
/// one window).
std::string formatTimelineTables(const TimelineBenchResult& result);

/// Everything above as JSON, plus every outcome with its measure.
std::string formatTimelineJson(const TimelineBenchResult& result);

} // namespace stepmotion
