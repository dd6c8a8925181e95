#pragma once
// DDIM sampling (Song et al.) with classifier-free guidance, or DPM-Solver++(2M) in the same loop. The condition is encoded by the
// caller once; conditional and unconditional branches run as one batch per step. Two ways to
// turn conditions into one clean-motion estimate per step share the same DDIM loop:
//   ddimSample          one condition row per clip (the whole request at once);
//   ddimSampleComposed  R condition rows per clip (the request's context windows and each step
//                       alone), whose guided predictions are blended by per-frame, per-feature
//                       weights; clips may be longer than the model's window.

#include "generation/diffusion_schedule.h"
#include "network/fine_motion_diffuse.h"

#include "stepmotion/core/generation/generator.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace stepmotion::model {

struct SamplingOptions {
    int steps = 50;          // sampling steps, 1 .. diffusion steps
    /// Ddim: each step moves on the step's clean-motion estimate alone (first order).
    /// DpmSolver: DPM-Solver++(2M) (Lu et al. 2022) extrapolates that estimate along log-SNR
    /// with the previous step's: the same ODE, second order, so fewer steps suffice.
    Sampler sampler = Sampler::Ddim;
    double eta = 0.0;        // 0 = deterministic DDIM; DPM-Solver++ needs 0
    double guidance = 2.5;   // 1 = conditional only (no second branch)
    uint64_t seed = 0;       // row b starts from the noise of seed + b; same seed, same threads -> same output
    /// Move the denoiser's patch grid by one frame at every step (step i starts its patches at
    /// frame -(i mod P)) and average the last step over every offset. A patch's frames are
    /// predicted together by one linear layer, so a fixed grid leaves the same seams in every
    /// step's estimate (a judder every P frames); moving grids put the seams elsewhere each time.
    bool shiftPatchGrid = true;
};

struct SampleResult {
    torch::Tensor motion;     // [B, T, F] normalised features (undefined when cancelled)
    bool cancelled = false;
    int completedSteps = 0;
};

/// Called after each finished step with (steps done, total).
using SamplingProgress = std::function<void(int done, int total)>;
/// Checked before each step; true stops sampling with cancelled = true.
using SamplingCancel = std::function<bool()>;

/// The descending timesteps that `steps` sampling steps evaluate, starting at T - 1.
/// DDIM spaces them evenly ("trailing": the last at T/steps - 1). DPM-Solver++ takes
/// t = T (i/steps)^1.5 - 1, crowding them towards the clean end (5 steps: 999, 715, 464, 252, 88):
/// its last step then predicts the clean motion from less noise, which made 5-10 step clips
/// jerky on the even grid (timeline benchmark, 5 steps: 128 m/s^3 even, 101 at 1.5, 88 at 2).
/// 1.5 keeps the even grid's test-split FID (0.076 against 0.077; 0.099 at 2).
std::vector<int> samplingTimesteps(int diffusionSteps, int steps, Sampler sampler);

/// Samples B = condition.memory.size(0) clips of `frames` frames. framePadding [B, T] bool may be
/// undefined (all frames valid); padded frames come back as 0. Runs under InferenceMode.
SampleResult ddimSample(FineMotionDiffuse& model, const DiffusionSchedule& schedule, const Condition& condition,
                        int64_t frames, const torch::Tensor& framePadding, const SamplingOptions& options,
                        const SamplingProgress& progress = {}, const SamplingCancel& cancel = {});

/// The frames [offset, offset + length) of a clip that one condition row denoises.
struct RowWindow {
    int64_t offset = 0;
    int64_t length = 0;
};

/// What ddimSampleComposed blends, for V clips of T frames, R condition rows and U context windows.
struct ComposedRows {
    Condition rows;                  // V x R rows, clip-major: rows v*R .. v*R+R-1 belong to clip v
    std::vector<RowWindow> windows;  // R: row r sees only windows[r] of its clip (as a clip of its own)
    torch::Tensor weights;           // [R, T, F], summing to 1 over R, 0 outside a row's window
    /// The unconditional branch of guidance runs once per context window (each at most the
    /// model's maxFrames) and is blended over the clip by contextWeights [U, T] (summing to 1
    /// at every frame); every row is guided away from that one estimate over its own window.
    /// Sharing it costs U evaluations where a branch per row costs R.
    std::vector<RowWindow> contextWindows;
    torch::Tensor contextWeights;
    /// Optional inpainting: where knownMask [T] (in [0, 1]) is 1 the clean-motion estimate is
    /// replaced by known [1 or V, T, F] (normalised features) at every step, blended where it is
    /// between 0 and 1; the sample then equals `known` exactly where the mask is 1.
    torch::Tensor known;
    torch::Tensor knownMask;
    /// Optional contexts of their own: foreign [R, T, F] in [0, 1] is how much of a frame's
    /// feature other rows hold that row r does not (body parts of other steps active then).
    /// There row r reads its own last estimate instead of the blended one, and each row is then
    /// guided against an unconditional twin on its own input (R evaluations instead of U).
    torch::Tensor foreign;
};

/// Samples V clips from the composed rows: at each step the clean-motion estimate of clip v is
/// sum_r weights[r] * guided estimate of row v*R + r. All evaluations of a step run as one
/// batch. Runs under InferenceMode.
SampleResult ddimSampleComposed(FineMotionDiffuse& model, const DiffusionSchedule& schedule, const ComposedRows& input,
                                const SamplingOptions& options, const SamplingProgress& progress = {},
                                const SamplingCancel& cancel = {});

} // namespace stepmotion::model
