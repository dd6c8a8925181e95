#pragma once
// Composite-motion prompt sets (issue 5, "the paper's claims", item 3): basic motions alone,
// two basic motions on different body parts at once (spatial) and one after the other
// (chronological), each composite tagged "seen" when some train clip already pairs the two
// step texts that way. Built from a dataset's step lists, saved as JSON
//   {"version": 1, "prompts": [{"id", "kind", "tags": [...], "steps": {step-list JSON}}]}
// (the per-prompt shape a human-study file uses too), and scored per prompt group with the
// describer's step satisfaction and the text-motion evaluator.

#include "stepmotion/core/evaluation/evaluator.h"
#include "stepmotion/core/generation/generator.h"
#include "stepmotion/core/steps/steps.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stepmotion {

/// "basic", "spatial" or "chronological".
struct Prompt {
    std::string id;                 // "basic-03", "spatial-11", ...
    std::string kind;
    std::vector<std::string> tags;  // "seen" or "unseen" first
    StepList steps;
};

struct PromptSet {
    std::vector<Prompt> prompts;
};

struct CompositePromptOptions {
    int perKind = 24;         // prompts of each kind (fewer when the vocabulary cannot supply them)
    int vocabulary = 32;      // most frequent train step texts used as basic motions
    int minCount = 5;         // a text needs this many train occurrences to be a basic motion
    uint64_t seed = 1;
};

/// Step-text key: lower case, inner whitespace collapsed, trailing '.', '!' and spaces dropped.
std::string normaliseStepText(const std::string& text);

/// Spatial pair: the steps overlap in time (a.start < b.end and b.start < a.end).
bool stepsOverlap(const Step& a, const Step& b);
/// Chronological pair: `first` starts before `second` and ends no later than 0.25 s after
/// `second` starts (the describer's neighbouring steps touch or overlap a little).
bool stepsInOrder(const Step& first, const Step& second);

/// Builds the set from `dataDir`'s train split (every step list of every train clip counts).
/// Basic motions: the `vocabulary` most frequent normalised step texts (ties by text), each
/// with its most frequent body-part set and median duration clamped to [2, 3] s. Spatial
/// pairs need disjoint body parts (hands fold into their arms); chronological pairs are any
/// two distinct texts in order. Seen and unseen composites are drawn half and half (the other
/// class fills a shortfall), shuffled by `seed`. Throws stepmotion::Error when the directory
/// or its train split is missing, or when fewer than two texts qualify.
PromptSet buildCompositePrompts(const std::string& dataDir, const CompositePromptOptions& options = {});

/// Pretty JSON as above, ending in a newline.
std::string promptSetToJson(const PromptSet& set);
/// Parses the JSON; errors name `name` and the field ("p.json: prompts[3].steps.steps[0].end: ...").
PromptSet parsePromptSet(const std::string& json, const std::string& name);
PromptSet loadPromptSet(const std::string& path);

/// Counts per group name (see promptGroups), for reports.
std::string describePromptSet(const PromptSet& set);

/// The groups prompt i belongs to: "<kind>-<seen|unseen>" with chronological shortened to
/// "chrono", plus "composite-unseen" for an unseen spatial or chronological prompt.
std::vector<std::string> promptGroups(const Prompt& prompt);

// ---------------------------------------------------------------- scoring a prompt set

struct PromptGroupMetrics {
    std::string group;
    int prompts = 0;
    double stepSatisfaction = 0;  // describer check (stepSatisfactionRate); NaN without part-named steps
    double matchedCosine = 0;     // mean cosine of each motion with its own prompt text
    double top3 = 0;              // fraction whose own text ranks in the top 3 among ALL prompt texts
};

/// One model: one vector of groups per repeat (same group order every repeat).
struct PromptSetRow {
    std::string model;
    std::vector<std::vector<PromptGroupMetrics>> repeats;
};

struct PromptSetEvalOptions {
    int repeats = 3;
    int samplingSteps = 50;
    double guidanceScale = 2.5;
    uint64_t seed = 1;            // repeat r, prompt i uses seed + 1000003 r + i
};

struct NamedGenerator {
    std::string name;
    const MotionGenerator* generator = nullptr;
};

/// progress(model index, repeat, prompts done, prompt count).
using PromptSetProgress = std::function<void(int, int, int, int)>;

/// Generates every prompt with every model and repeat, and scores the groups. Motions get
/// framesForSteps(prompt) frames (capped at the model's maximum). Throws stepmotion::Error
/// for an empty set, no generators, repeats or sampling steps < 1.
std::vector<PromptSetRow> evaluatePromptSet(const PromptSet& set, const TextMotionEvaluator& evaluator,
                                            const std::vector<NamedGenerator>& generators,
                                            const PromptSetEvalOptions& options,
                                            const PromptSetProgress& progress = {});

/// Markdown: a table with one row per model and group (| Model | Group | Prompts | Step
/// satisfaction ↑ | Matched cosine ↑ | Top-3 of N texts ↑ |) and a table with one row per model
/// (| Model | Basic-seen | Composite-unseen | Gap ↓ |), gap = basic-seen minus
/// composite-unseen step satisfaction per repeat. Cells "mean ± ci95" (ci left out for one
/// repeat), "-" when NaN in every repeat.
std::string formatPromptSetTables(const std::vector<PromptSetRow>& rows, int promptTexts);

/// {"rows": [{"model", "groups": [{"group", "prompts", "step_satisfaction": {"mean", "ci95",
/// "values"}, "matched_cosine": ..., "top3": ...}], "gap": {...}}], "scores": "...", "run": extra}.
std::string formatPromptSetJson(const std::vector<PromptSetRow>& rows, const std::string& extra = {});

} // namespace stepmotion
