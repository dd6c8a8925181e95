#include "text/text_encoder.h"

#include <torch/torch.h>

namespace stepmotion::model {

TextEncoderImpl::TextEncoderImpl(int vocabSize, int maxTokens, int dim, int layers, int heads,
                                 int ffnMultiplier, double dropout)
    : m_dim(dim), m_maxTokens(maxTokens)
{
    m_tokens = register_module("tokens", torch::nn::Embedding(vocabSize, dim));
    m_positions = register_module("positions", torch::nn::Embedding(maxTokens, dim));
    torch::nn::init::normal_(m_tokens->weight, 0.0, 0.02);
    torch::nn::init::normal_(m_positions->weight, 0.0, 0.02);
    m_layers = register_module("layers", torch::nn::ModuleList());
    for (int i = 0; i < layers; ++i)
        m_layers->push_back(TransformerBlock(dim, heads, ffnMultiplier, dropout));
    m_finalNorm = register_module("final_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    m_dropout = register_module("dropout", torch::nn::Dropout(dropout));
}

TextEncoding TextEncoderImpl::forward(const torch::Tensor& ids)
{
    TORCH_CHECK(ids.dim() == 2 && ids.size(1) <= m_maxTokens, "TextEncoder: ids must be [B, L<=",
                m_maxTokens, "], got ", ids.sizes());
    const auto positions = torch::arange(ids.size(1), ids.options().dtype(torch::kLong));
    TextEncoding out;
    out.padding = ids.eq(0);                                                          // [B, L]
    auto x = m_dropout->forward(m_tokens->forward(ids) + m_positions->forward(positions)); // [B, L, D]
    for (const auto& layer : *m_layers)
        x = layer->as<TransformerBlock>()->forward(x, out.padding);
    out.tokens = m_finalNorm->forward(x);
    out.pooled = maskedMean(out.tokens, out.padding);
    return out;
}

torch::Tensor maskedMean(const torch::Tensor& x, const torch::Tensor& padding)
{
    const auto valid = padding.logical_not().to(x.dtype()).unsqueeze(-1); // [B, L, 1]
    return (x * valid).sum(1) / valid.sum(1).clamp_min(1.0);
}

} // namespace stepmotion::model
