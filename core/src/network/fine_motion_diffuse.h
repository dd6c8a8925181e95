#pragma once
// The whole FineMotionDiffuse network: the text stack (ConditionEncoder) and the denoiser.
// The two halves are called separately so sampling encodes the text once per call.

#include "conditioning/condition_encoder.h"
#include "network/motion_denoiser.h"

namespace stepmotion::model {

class FineMotionDiffuseImpl : public torch::nn::Module {
public:
    explicit FineMotionDiffuseImpl(const ModelConfig& config);

    Condition encode(const ConditionInput& input) { return m_condition->forward(input); }

    /// noisy [B, T, F], timesteps [B], condition (batch B), framePadding [B, T] -> [B, T, F];
    /// frameOffset as in MotionDenoiserImpl::forward.
    torch::Tensor denoise(const torch::Tensor& noisy, const torch::Tensor& timesteps, const Condition& condition,
                          const torch::Tensor& framePadding = {}, int64_t frameOffset = 0)
    {
        return m_denoiser->forward(noisy, timesteps, condition, framePadding, frameOffset);
    }

    const ModelConfig& config() const { return m_config; }
    const ConditionEncoder& conditionEncoder() const { return m_condition; }
    const MotionDenoiser& denoiser() const { return m_denoiser; }

private:
    ModelConfig m_config;
    ConditionEncoder m_condition{nullptr};
    MotionDenoiser m_denoiser{nullptr};
};
TORCH_MODULE(FineMotionDiffuse);

/// Number of trainable scalars.
int64_t parameterCount(torch::nn::Module& module);

} // namespace stepmotion::model
