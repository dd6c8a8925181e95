#pragma once
// Pre-LayerNorm transformer encoder layer: x + SelfAttn(LN(x)), then x + FFN(LN(x)). Pre-LN
// trains stably without warm-up tricks, which matters for the small from-scratch text encoder.

#include "nn/feed_forward.h"
#include "nn/multi_head_attention.h"

#include <torch/nn/modules/normalization.h>

namespace stepmotion::model {

class TransformerBlockImpl : public torch::nn::Module {
public:
    TransformerBlockImpl(int dim, int heads, int ffnMultiplier, double dropout);

    /// x [B, L, D], padding [B, L] bool (true = padded; may be undefined) -> [B, L, D].
    /// Padded positions are computed like the others; callers ignore them.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& padding = {});

private:
    torch::nn::LayerNorm m_attentionNorm{nullptr}, m_ffnNorm{nullptr};
    MultiHeadAttention m_attention{nullptr};
    FeedForward m_ffn{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
};
TORCH_MODULE(TransformerBlock);

} // namespace stepmotion::model
