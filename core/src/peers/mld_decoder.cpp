#include "peers/mld_decoder.h"

#include "nn/timestep_embedding.h"

#include <torch/torch.h>

namespace stepmotion::model::peers {

MldDecoderImpl::MldDecoderImpl(const SkipTransformerSize& size, int features) : m_width(size.width)
{
    m_transformer = register_module("transformer", SkipTransformer(size));
    m_output = register_module("output", torch::nn::Linear(size.width, features));
}

torch::Tensor MldDecoderImpl::forward(const torch::Tensor& latent, int64_t frames)
{
    const int64_t batch = latent.size(0);
    const int64_t latentTokens = latent.size(1);
    const torch::Tensor queries = torch::zeros({frames, batch, m_width}, latent.options());
    torch::Tensor tokens = torch::cat({latent.transpose(0, 1), queries}, 0); // [T + F, B, W]
    const torch::Tensor positions = torch::arange(tokens.size(0), latent.options().dtype(torch::kFloat));
    tokens = tokens + sinusoidalEncoding(positions, m_width).unsqueeze(1);
    return m_output(m_transformer(tokens).slice(0, latentTokens)).transpose(0, 1); // [B, F, features]
}

} // namespace stepmotion::model::peers
