#pragma once
// Masked-language-modelling head for pre-training the text encoder: a transform layer, then
// logits through the encoder's own token embedding (tied weights) plus a per-token bias.

#include "text/text_encoder.h"

namespace stepmotion::model {

class MlmHeadImpl : public torch::nn::Module {
public:
    /// Shares (does not copy) `encoder`'s token embedding table.
    explicit MlmHeadImpl(const TextEncoder& encoder);

    /// features [B, L, D] (TextEncoding::tokens) -> logits [B, L, vocab].
    torch::Tensor forward(const torch::Tensor& features);

private:
    torch::nn::Embedding m_tiedEmbedding{nullptr}; // not registered: owned by the encoder
    torch::nn::Linear m_transform{nullptr};
    torch::nn::LayerNorm m_norm{nullptr};
    torch::Tensor m_bias;
};
TORCH_MODULE(MlmHead);

} // namespace stepmotion::model
