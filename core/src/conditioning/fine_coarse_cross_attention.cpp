#include "conditioning/fine_coarse_cross_attention.h"

#include <torch/torch.h>

namespace stepmotion::model {

FineCoarseCrossAttentionImpl::FineCoarseCrossAttentionImpl(int dim, int heads, int ffnMultiplier, double dropout)
{
    using torch::nn::LayerNormOptions;
    m_queryNorm = register_module("query_norm", torch::nn::LayerNorm(LayerNormOptions({dim})));
    m_attention = register_module("attention", MultiHeadAttention(dim, dim, dim, heads, dropout));
    m_ffnNorm = register_module("ffn_norm", torch::nn::LayerNorm(LayerNormOptions({dim})));
    m_ffn = register_module("ffn", FeedForward(dim, dim * ffnMultiplier, dropout));
}

torch::Tensor FineCoarseCrossAttentionImpl::forward(const torch::Tensor& steps, const torch::Tensor& coarse,
                                                    const torch::Tensor& coarsePadding)
{
    // A clip without a coarse sentence must not pull steps towards the average pad feature.
    const auto hasCoarse = coarsePadding.logical_not().any(1).to(steps.dtype()).view({-1, 1, 1}); // [B, 1, 1]
    auto h = steps + hasCoarse * m_attention->forward(m_queryNorm->forward(steps), coarse, coarsePadding);
    return h + m_ffn->forward(m_ffnNorm->forward(h));
}

} // namespace stepmotion::model
