#include "nn/stylization.h"

#include <torch/torch.h>

namespace stepmotion::model {

StylizationImpl::StylizationImpl(int dim, int embeddingDim, double dropout)
{
    m_film = register_module("film", torch::nn::Linear(embeddingDim, 2 * dim));
    m_norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    m_dropout = register_module("dropout", torch::nn::Dropout(dropout));
    m_out = register_module("out", torch::nn::Linear(dim, dim));
    torch::NoGradGuard noGrad;
    m_out->weight.zero_();
    m_out->bias.zero_();
}

torch::Tensor StylizationImpl::forward(const torch::Tensor& h, const torch::Tensor& embedding)
{
    const auto film = m_film->forward(torch::silu(embedding)).unsqueeze(1).chunk(2, -1); // 2 x [B, 1, D]
    const auto styled = m_norm->forward(h) * (1 + film[0]) + film[1];
    return m_out->forward(m_dropout->forward(torch::silu(styled)));
}

} // namespace stepmotion::model
