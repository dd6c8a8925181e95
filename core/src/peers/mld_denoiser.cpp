#include "peers/mld_denoiser.h"

#include <torch/torch.h>

namespace stepmotion::model::peers {

MldDenoiserImpl::MldDenoiserImpl(const MldSize& size) : m_size(size)
{
    const int width = size.transformer.width;
    m_time = register_module("time", TimestepEmbedding(width));
    if (size.guidanceEmbedding)
        m_guidance = register_module("guidance", TimestepEmbedding(width));
    m_text = register_module("text", torch::nn::Linear(size.textDim, width));
    m_transformer = register_module("transformer", SkipTransformer(size.transformer));
}

torch::Tensor MldDenoiserImpl::forward(const torch::Tensor& latent, const torch::Tensor& timesteps,
                                       const torch::Tensor& text, const torch::Tensor& guidance)
{
    torch::Tensor time = m_time(timesteps); // [B, W]
    if (m_size.guidanceEmbedding)
        time = time + m_guidance((guidance * 1000.0).to(torch::kLong)); // w on the timestep scale
    const torch::Tensor condition = torch::stack({time, m_text(text)}, 0);  // [2, B, W]
    torch::Tensor tokens = torch::cat({condition, latent.transpose(0, 1)}, 0); // [2 + T, B, W]
    const torch::Tensor positions = torch::arange(tokens.size(0), latent.options().dtype(torch::kFloat));
    tokens = tokens + sinusoidalEncoding(positions, m_size.transformer.width).unsqueeze(1);
    return m_transformer(tokens).slice(0, 2).transpose(0, 1); // [B, T, W]
}

} // namespace stepmotion::model::peers
