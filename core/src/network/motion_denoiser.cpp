#include "network/motion_denoiser.h"

#include <torch/torch.h>

namespace stepmotion::model {

MotionDenoiserImpl::MotionDenoiserImpl(const ModelConfig& c)
    : m_patch(c.patchFrames), m_features(c.featureDim), m_fps(c.fps)
{
    const int tokens = (c.maxFrames + c.patchFrames - 1) / c.patchFrames;
    m_patchIn = register_module("patch_in", torch::nn::Linear(c.patchFrames * c.featureDim, c.motionDim));
    m_positions = register_module("positions", torch::nn::Embedding(tokens, c.motionDim));
    torch::nn::init::normal_(m_positions->weight, 0.0, 0.02);
    m_timestep = register_module("timestep", TimestepEmbedding(c.motionDim));
    m_conditionIn = register_module("condition_in", torch::nn::Linear(c.textDim, c.motionDim));
    m_layers = register_module("layers", torch::nn::ModuleList());
    for (int i = 0; i < c.motionLayers; ++i)
        m_layers->push_back(DenoiserLayer(c.motionDim, c.textDim, c.motionHeads, c.ffnMultiplier, c.dropout));
    if (c.blocks.timeAlignedBias && c.blocks.useFine)
        m_timeBias = register_module("time_bias", TimeAlignedBias());
    m_finalNorm = register_module("final_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.motionDim})));
    m_patchOut = register_module("patch_out", torch::nn::Linear(c.motionDim, c.patchFrames * c.featureDim));
}

torch::Tensor MotionDenoiserImpl::forward(const torch::Tensor& noisy, const torch::Tensor& timesteps,
                                          const Condition& condition, const torch::Tensor& framePadding,
                                          int64_t frameOffset)
{
    const auto batch = noisy.size(0);
    const auto frames = noisy.size(1);
    const auto tokens = (frames + m_patch - 1) / m_patch;
    TORCH_CHECK(tokens <= m_positions->weight.size(0), "MotionDenoiser: ", frames, " frames exceed the maximum");
    const auto padFrames = tokens * m_patch - frames;
    // [B, T, F] -> [B, N, P*F]
    auto x = torch::constant_pad_nd(noisy, {0, 0, 0, padFrames}).reshape({batch, tokens, m_patch * m_features});
    const auto positions = torch::arange(tokens, timesteps.options().dtype(torch::kLong));
    x = m_patchIn->forward(x) + m_positions->forward(positions); // [B, N, D]

    DenoiserContext context;
    context.embedding = m_timestep->forward(timesteps) + m_conditionIn->forward(condition.pooled); // [B, D]
    if (framePadding.defined()) // a token is padding only when all its frames are
        context.tokenPadding = torch::constant_pad_nd(framePadding, {0, padFrames}, 1)
                                   .view({batch, tokens, m_patch}).all(2); // [B, N]
    context.memory = condition.memory;
    context.memoryPadding = condition.padding;
    if (m_timeBias && condition.stepSpans.defined()) {
        // Centre time of each token's frames, in seconds.
        const auto centres =
            (torch::arange(tokens, noisy.options()) * m_patch + 0.5 * (m_patch - 1) - double(frameOffset)) / m_fps;
        context.memoryBias = m_timeBias->forward(centres, condition.stepSpans, condition.stepOffset); // [B, N, M]
    }
    for (const auto& layer : *m_layers)
        x = layer->as<DenoiserLayer>()->forward(x, context);
    x = m_patchOut->forward(m_finalNorm->forward(x)); // [B, N, P*F]
    return x.view({batch, tokens * m_patch, m_features}).slice(1, 0, frames);
}

} // namespace stepmotion::model
