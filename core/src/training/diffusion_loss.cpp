#include "training/diffusion_loss.h"

#include <torch/torch.h>

namespace stepmotion::model {

torch::Tensor maskedMse(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& padding)
{
    const auto valid = padding.logical_not().to(a.dtype()).unsqueeze(-1); // [B, T, 1]
    return ((a - b).pow(2) * valid).sum() / (valid.sum() * a.size(-1)).clamp_min(1.0);
}

torch::Tensor diffusionLoss(FineMotionDiffuse& model, const DiffusionSchedule& schedule, const TrainingBatch& batch,
                            at::Generator& generator)
{
    const auto& x0 = batch.motion;
    const auto b = x0.size(0);
    // `generator` must live on x0's device (a CPU generator for CPU batches, CUDA's for CUDA ones).
    const auto t = torch::randint(schedule.steps(), {b}, generator, x0.options().dtype(torch::kLong));
    const auto noise = torch::randn(x0.sizes(), generator, x0.options());
    const auto noisy = schedule.qSample(x0, t, noise);

    auto condition = model->encode(batch.condition);
    const double dropProbability = model->config().conditionDropout;
    if (dropProbability > 0) {
        const auto drop = torch::rand({b}, generator, x0.options()).lt(dropProbability);
        condition = dropCondition(condition, drop);
    }
    const auto prediction = model->denoise(noisy, t, condition, batch.framePadding);
    const auto& target = model->config().prediction == PredictionTarget::X0 ? x0 : noise;
    return maskedMse(prediction, target, batch.framePadding);
}

} // namespace stepmotion::model
