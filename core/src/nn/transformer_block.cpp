#include "nn/transformer_block.h"

#include <torch/torch.h>

namespace stepmotion::model {

TransformerBlockImpl::TransformerBlockImpl(int dim, int heads, int ffnMultiplier, double dropout)
{
    using torch::nn::LayerNormOptions;
    m_attentionNorm = register_module("attention_norm", torch::nn::LayerNorm(LayerNormOptions({dim})));
    m_attention = register_module("attention", MultiHeadAttention(dim, dim, dim, heads, dropout));
    m_ffnNorm = register_module("ffn_norm", torch::nn::LayerNorm(LayerNormOptions({dim})));
    m_ffn = register_module("ffn", FeedForward(dim, dim * ffnMultiplier, dropout));
    m_dropout = register_module("dropout", torch::nn::Dropout(dropout));
}

torch::Tensor TransformerBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& padding)
{
    const auto normed = m_attentionNorm->forward(x);
    auto h = x + m_dropout->forward(m_attention->forward(normed, normed, padding));
    return h + m_dropout->forward(m_ffn->forward(m_ffnNorm->forward(h)));
}

} // namespace stepmotion::model
