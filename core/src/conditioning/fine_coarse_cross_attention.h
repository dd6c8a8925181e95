#pragma once
// Fine <-> coarse cross-attention: each step token queries the coarse sentence's token features,
// so a terse step ("then the other one") can borrow context from the overall description.
// Pre-LN: steps + Attn(LN(steps), coarse), then + FFN(LN(.)).

#include "nn/feed_forward.h"
#include "nn/multi_head_attention.h"

#include <torch/nn/modules/normalization.h>

namespace stepmotion::model {

class FineCoarseCrossAttentionImpl : public torch::nn::Module {
public:
    FineCoarseCrossAttentionImpl(int dim, int heads, int ffnMultiplier, double dropout);

    /// steps [B, S, D], coarse [B, Lc, D], coarsePadding [B, Lc] bool -> [B, S, D].
    /// An all-padded coarse row (no sentence) leaves a finite, ignorable contribution.
    torch::Tensor forward(const torch::Tensor& steps, const torch::Tensor& coarse,
                          const torch::Tensor& coarsePadding);

private:
    torch::nn::LayerNorm m_queryNorm{nullptr}, m_ffnNorm{nullptr};
    MultiHeadAttention m_attention{nullptr};
    FeedForward m_ffn{nullptr};
};
TORCH_MODULE(FineCoarseCrossAttention);

} // namespace stepmotion::model
