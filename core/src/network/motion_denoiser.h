#pragma once
// The motion side: groups P frames into one token (196 frames -> 49 tokens at P = 4), runs the
// denoiser layers over the tokens with the text memory, and un-patchifies back to frames.

#include "nn/denoiser_layer.h"
#include "network/model_config.h"
#include "conditioning/condition_encoder.h"
#include "conditioning/time_aligned_bias.h"
#include "nn/timestep_embedding.h"

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>

namespace stepmotion::model {

class MotionDenoiserImpl : public torch::nn::Module {
public:
    explicit MotionDenoiserImpl(const ModelConfig& config);

    /// noisy [B, T, F] (T <= maxFrames), timesteps [B] int64, condition (batch B),
    /// framePadding [B, T] bool (true = past the clip end; may be undefined) -> [B, T, F]
    /// (the prediction target of the config: clean features or noise). frameOffset: frames of
    /// `noisy` that precede the clip's frame 0 (a sampler padding the front to move the patch
    /// grid), so that step spans keep meaning clip seconds.
    torch::Tensor forward(const torch::Tensor& noisy, const torch::Tensor& timesteps, const Condition& condition,
                          const torch::Tensor& framePadding = {}, int64_t frameOffset = 0);

    /// Time-aligned bias module, or null when the config disables it.
    const TimeAlignedBias& timeBias() const { return m_timeBias; }

private:
    int m_patch;
    int m_features;
    double m_fps;
    torch::nn::Linear m_patchIn{nullptr}, m_patchOut{nullptr}, m_conditionIn{nullptr};
    torch::nn::Embedding m_positions{nullptr};
    TimestepEmbedding m_timestep{nullptr};
    torch::nn::ModuleList m_layers{nullptr};
    TimeAlignedBias m_timeBias{nullptr};
    torch::nn::LayerNorm m_finalNorm{nullptr};
};
TORCH_MODULE(MotionDenoiser);

} // namespace stepmotion::model
