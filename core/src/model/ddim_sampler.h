#pragma once
// DDIM sampling (Song et al.) with classifier-free guidance. The condition is encoded by the
// caller once; conditional and unconditional branches run as one batch of 2B per step.

#include "diffusion_schedule.h"
#include "fine_motion_diffuse.h"

#include <cstdint>
#include <functional>

namespace stepmotion::model {

struct SamplingOptions {
    int steps = 50;          // DDIM steps, 1 .. diffusion steps
    double eta = 0.0;        // 0 = deterministic DDIM
    double guidance = 2.5;   // 1 = conditional only (no second branch)
    uint64_t seed = 0;       // row b starts from the noise of seed + b; same seed, same threads -> same output
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

/// The descending timesteps used by `steps` DDIM steps ("trailing" spacing: starts at T - 1).
std::vector<int> ddimTimesteps(int diffusionSteps, int steps);

/// Samples B = condition.memory.size(0) clips of `frames` frames. framePadding [B, T] bool may be
/// undefined (all frames valid); padded frames come back as 0. Runs under InferenceMode.
SampleResult ddimSample(FineMotionDiffuse& model, const DiffusionSchedule& schedule, const Condition& condition,
                        int64_t frames, const torch::Tensor& framePadding, const SamplingOptions& options,
                        const SamplingProgress& progress = {}, const SamplingCancel& cancel = {});

} // namespace stepmotion::model
