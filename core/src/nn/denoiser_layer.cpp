#include "nn/denoiser_layer.h"

#include <torch/torch.h>

namespace stepmotion::model {

DenoiserLayerImpl::DenoiserLayerImpl(int dim, int memoryDim, int heads, int ffnMultiplier, double dropout)
{
    using torch::nn::LayerNorm;
    using torch::nn::LayerNormOptions;
    m_selfNorm = register_module("self_norm", LayerNorm(LayerNormOptions({dim})));
    m_self = register_module("self_attention", MultiHeadAttention(dim, dim, dim, heads, dropout));
    m_selfStyle = register_module("self_style", Stylization(dim, dim, dropout));
    m_crossNorm = register_module("cross_norm", LayerNorm(LayerNormOptions({dim})));
    m_cross = register_module("cross_attention", MultiHeadAttention(dim, memoryDim, dim, heads, dropout));
    m_crossStyle = register_module("cross_style", Stylization(dim, dim, dropout));
    m_ffnNorm = register_module("ffn_norm", LayerNorm(LayerNormOptions({dim})));
    m_ffn = register_module("ffn", FeedForward(dim, dim * ffnMultiplier, dropout));
    m_ffnStyle = register_module("ffn_style", Stylization(dim, dim, dropout));
}

torch::Tensor DenoiserLayerImpl::forward(const torch::Tensor& x, const DenoiserContext& c)
{
    const auto selfIn = m_selfNorm->forward(x);
    auto h = x + m_selfStyle->forward(m_self->forward(selfIn, selfIn, c.tokenPadding), c.embedding);
    const auto cross = m_cross->forward(m_crossNorm->forward(h), c.memory, c.memoryPadding, c.memoryBias);
    h = h + m_crossStyle->forward(cross, c.embedding);
    return h + m_ffnStyle->forward(m_ffn->forward(m_ffnNorm->forward(h)), c.embedding);
}

} // namespace stepmotion::model
