#include "text/mlm_head.h"

#include <torch/torch.h>

namespace stepmotion::model {

MlmHeadImpl::MlmHeadImpl(const TextEncoder& encoder) : m_tiedEmbedding(encoder->tokenEmbedding())
{
    const int dim = encoder->dim();
    m_transform = register_module("transform", torch::nn::Linear(dim, dim));
    m_norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    m_bias = register_parameter("bias", torch::zeros({m_tiedEmbedding->weight.size(0)}));
}

torch::Tensor MlmHeadImpl::forward(const torch::Tensor& features)
{
    const auto h = m_norm->forward(torch::gelu(m_transform->forward(features))); // [B, L, D]
    return torch::matmul(h, m_tiedEmbedding->weight.t()) + m_bias;                 // [B, L, V]
}

} // namespace stepmotion::model
