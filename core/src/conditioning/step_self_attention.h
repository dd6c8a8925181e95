#pragma once
// Step-aware self-attention: every step token sees the other steps of the same clip (padded
// steps are masked as keys), so "then", overlaps and order can be resolved jointly.

#include "nn/transformer_block.h"

namespace stepmotion::model {

class StepSelfAttentionImpl : public torch::nn::Module {
public:
    StepSelfAttentionImpl(int dim, int heads, int ffnMultiplier, double dropout);

    /// steps [B, S, D], stepPadding [B, S] bool (true = no step) -> [B, S, D].
    torch::Tensor forward(const torch::Tensor& steps, const torch::Tensor& stepPadding);

private:
    TransformerBlock m_block{nullptr};
};
TORCH_MODULE(StepSelfAttention);

} // namespace stepmotion::model
