#pragma once
// The training objective: sample t and noise, noise the clean motion, predict, and take the MSE
// against the config's target over valid frames only. Condition dropout (for classifier-free
// guidance) is applied here, per sample.

#include "generation/diffusion_schedule.h"
#include "network/fine_motion_diffuse.h"

#include <ATen/core/Generator.h>

namespace stepmotion::model {

struct TrainingBatch {
    ConditionInput condition;
    torch::Tensor motion;       // [B, T, F] normalised features
    torch::Tensor framePadding; // [B, T] bool, true = past the clip end
};

/// Scalar loss (differentiable). `generator` drives t, noise and dropout, so a seeded run repeats.
torch::Tensor diffusionLoss(FineMotionDiffuse& model, const DiffusionSchedule& schedule, const TrainingBatch& batch,
                            at::Generator& generator);

/// Mean of (a - b)^2 over frames where padding [B, T] is false and all features.
torch::Tensor maskedMse(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& padding);

} // namespace stepmotion::model
