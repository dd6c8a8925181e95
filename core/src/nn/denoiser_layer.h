#pragma once
// One denoiser layer, MotionDiffuse-style: self-attention over motion tokens, cross-attention
// to the text memory, FFN; each residual branch is passed through a Stylization (FiLM by the
// timestep + pooled-text embedding) before it is added.

#include "nn/feed_forward.h"
#include "nn/multi_head_attention.h"
#include "nn/stylization.h"

namespace stepmotion::model {

/// Per-call inputs shared by every layer.
struct DenoiserContext {
    torch::Tensor embedding;      // [B, D] timestep + pooled condition
    torch::Tensor tokenPadding;   // [B, N] bool, true = motion token entirely past the clip end
    torch::Tensor memory;         // [B, M, Dt]
    torch::Tensor memoryPadding;  // [B, M] bool
    torch::Tensor memoryBias;     // [B, N, M] additive cross-attention bias, or undefined
};

class DenoiserLayerImpl : public torch::nn::Module {
public:
    DenoiserLayerImpl(int dim, int memoryDim, int heads, int ffnMultiplier, double dropout);

    /// x [B, N, D] -> [B, N, D]
    torch::Tensor forward(const torch::Tensor& x, const DenoiserContext& context);

private:
    torch::nn::LayerNorm m_selfNorm{nullptr}, m_crossNorm{nullptr}, m_ffnNorm{nullptr};
    MultiHeadAttention m_self{nullptr}, m_cross{nullptr};
    FeedForward m_ffn{nullptr};
    Stylization m_selfStyle{nullptr}, m_crossStyle{nullptr}, m_ffnStyle{nullptr};
};
TORCH_MODULE(DenoiserLayer);

} // namespace stepmotion::model
