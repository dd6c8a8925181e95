#pragma once
// Text -> motion generation with a trained FineMotionDiffuse checkpoint. Torch stays inside
// core: this header only uses plain types.

#include "stepmotion/core/motion/kept_motion.h"
#include "stepmotion/core/motion/motion.h"
#include "stepmotion/core/steps/steps.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stepmotion {

/// How a request's steps condition the model.
enum class StepComposition {
    PerStep,  // each step also denoised alone, blended by its span and body parts (follows the timeline)
    OwnWords, // as PerStep, but a step that no step overlapping it in time shares body parts with (one
              // of a sequence, or a walk under an arm's wave) is denoised on its own words, without the
              // sentence, which makes it do everything it lists; and each step's row sees its own
              // estimate of the parts other steps hold (a walk's row its swinging arms, not the wave)
    Joint,    // the whole request as one condition (the model as trained; tends to do one thing throughout)
};

/// What a request gets when it names no composition (generate, eval, bench, Studio, projects):
/// OwnWords passed 67.6% of the timeline benchmark's steps against PerStep's 60.1% (50 DDIM
/// steps, 3 seeds); on the test split its FID is lower (0.060 against 0.086) and its R-Precision's
/// interval overlaps PerStep's (top-1 0.543 +- 0.038 against 0.570 +- 0.015).
constexpr StepComposition kDefaultComposition = StepComposition::OwnWords;

/// True for the compositions that denoise each step alone (PerStep, OwnWords).
inline bool composesSteps(StepComposition composition) { return composition != StepComposition::Joint; }

/// "per-step", "own-words" or "joint".
std::string stepCompositionName(StepComposition composition);
/// The composition called `name` ("per-step", "own-words", "joint"); throws stepmotion::Error naming the choices otherwise.
StepComposition stepCompositionFromName(const std::string& name);

/// How the denoising steps move from noise to motion.
enum class Sampler {
    Ddim,      // DDIM, first order: needs about 50 steps
    DpmSolver, // DPM-Solver++(2M), second order along the same path: fewer steps for the same motion
};

/// "ddim" or "dpm-solver++".
std::string samplerName(Sampler sampler);
/// The sampler called `name` ("ddim", "dpm-solver++"); throws stepmotion::Error naming the choices otherwise.
Sampler samplerFromName(const std::string& name);

struct GenerationRequest {
    StepList steps;             // coarse sentence (may be empty) + timed steps (seconds)
    int frames = 0;             // motion length at 20 fps; 0 = framesForSteps(steps); past maxFrames() needs PerStep
    uint64_t seed = 0;          // same request + seed -> bit-identical features; variant v uses seed + v
    double guidanceScale = 2.5; // classifier-free guidance; 1 = conditional only
    int samplingSteps = 50;     // denoising steps
    Sampler sampler = Sampler::Ddim;
    int variants = 1;           // motions to generate in one batch (different noise each)
    StepComposition composition = kDefaultComposition;
    bool shiftPatchGrid = true; // move the patch grid between steps (no judder at patch seams)
    /// Frames to keep (regenerating a span of a take, continuing a motion): its motion must be
    /// `frames` long (or set frames = 0 to take its length); every variant keeps them exactly.
    std::optional<KeptMotion> keep;
};

struct GenerationResult {
    std::vector<FeatureClip> motions; // `variants` de-normalised 263-d clips; empty when cancelled
    bool cancelled = false;
};

/// Called after each denoising step with (steps done, total steps).
using GenerationProgress = std::function<void(int done, int total)>;
/// Polled between steps; returning true stops generation (result.cancelled = true).
using GenerationCancel = std::function<bool()>;
/// Text -> token ids (pad id 0 never produced for real text).
using TokenizeFunction = std::function<std::vector<int>(const std::string& text)>;

/// The longest clip a request may ask for: 120 s at 20 fps. The model itself sees at most its
/// maxFrames() (9.8 s) at a time; per-step composition covers a longer clip with overlapping
/// windows that are denoised together, so the joins are part of one motion.
constexpr int kMaxTimelineFrames = 2400;

/// Motion length for a step list: ceil(last step end * 20), clamped to [40, kMaxTimelineFrames] frames.
int framesForSteps(const StepList& steps);

class MotionGenerator {
public:
    /// Loads `dir`: config.json + model.pt (the checkpoint), tokenizer.model, Mean.npy and
    /// Std.npy (263 values each, to de-normalise the output). Throws stepmotion::Error naming
    /// the file that is missing or does not match.
    static MotionGenerator load(const std::string& dir);

    /// As load(dir) but with a caller-supplied tokenizer (tokenizer.model is not read).
    static MotionGenerator load(const std::string& dir, TokenizeFunction tokenize);

    MotionGenerator(MotionGenerator&&) noexcept;
    MotionGenerator& operator=(MotionGenerator&&) noexcept;
    ~MotionGenerator();

    /// Generates request.variants clips. Throws stepmotion::Error for an invalid request
    /// (frames outside [1, maxFrames()], or up to kMaxTimelineFrames with per-step composition
    /// of at least one step; more steps in one model window than the model accepts; a step
    /// past the clip's end; variants < 1; samplingSteps < 1). Calls are serialised; progress/cancel run on the calling thread.
    GenerationResult generate(const GenerationRequest& request, const GenerationProgress& progress = {},
                              const GenerationCancel& cancel = {}) const;

    int maxFrames() const;
    int maxSteps() const;
    /// The windows [first, end) frames a per-step generation of `frames` frames is covered by:
    /// one for a clip of at most maxFrames(), overlapping ones for a longer timeline.
    std::vector<std::pair<int, int>> contextWindows(int frames) const;
    /// Trainable scalars of the loaded network.
    int64_t parameterCount() const;

private:
    struct Impl;
    explicit MotionGenerator(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace stepmotion
