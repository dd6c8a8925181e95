#pragma once
// Transformer text encoder shared by the coarse sentence and every step text: learned token and
// position embeddings, pre-LN encoder layers, a final LayerNorm. Token id 0 is padding.

#include "nn/transformer_block.h"

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>

namespace stepmotion::model {

struct TextEncoding {
    torch::Tensor tokens;  // [B, L, D] per-token features
    torch::Tensor padding; // [B, L] bool, true where the id was the pad id 0
    torch::Tensor pooled;  // [B, D] mean over non-pad tokens (zero for an all-pad row)
};

class TextEncoderImpl : public torch::nn::Module {
public:
    TextEncoderImpl(int vocabSize, int maxTokens, int dim, int layers, int heads, int ffnMultiplier,
                    double dropout);

    /// ids [B, L] int64 with L <= maxTokens (0 = pad) -> TextEncoding.
    TextEncoding forward(const torch::Tensor& ids);

    /// The token embedding table [vocab, D]; the MLM head ties its output to it.
    const torch::nn::Embedding& tokenEmbedding() const { return m_tokens; }
    int dim() const { return m_dim; }

private:
    int m_dim;
    int m_maxTokens;
    torch::nn::Embedding m_tokens{nullptr}, m_positions{nullptr};
    torch::nn::ModuleList m_layers{nullptr};
    torch::nn::LayerNorm m_finalNorm{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
};
TORCH_MODULE(TextEncoder);

/// Mean of x [B, L, D] over positions where padding [B, L] is false -> [B, D] (0 if none).
torch::Tensor maskedMean(const torch::Tensor& x, const torch::Tensor& padding);

} // namespace stepmotion::model
