#include "nn/multi_head_attention.h"

#include <torch/torch.h>

#include <cmath>

namespace stepmotion::model {
namespace {
// Large but finite: a fully padded row then softmaxes to uniform weights instead of NaN.
constexpr double kMaskedLogit = -1e9;
} // namespace

MultiHeadAttentionImpl::MultiHeadAttentionImpl(int queryDim, int keyDim, int dim, int heads, double dropout)
    : m_heads(heads), m_dim(dim)
{
    m_query = register_module("query", torch::nn::Linear(queryDim, dim));
    m_key = register_module("key", torch::nn::Linear(keyDim, dim));
    m_value = register_module("value", torch::nn::Linear(keyDim, dim));
    m_out = register_module("out", torch::nn::Linear(dim, dim));
    m_dropout = register_module("dropout", torch::nn::Dropout(dropout));
}

torch::Tensor MultiHeadAttentionImpl::forward(const torch::Tensor& query, const torch::Tensor& memory,
                                              const torch::Tensor& keyPadding, const torch::Tensor& bias)
{
    const auto batch = query.size(0);
    const auto lq = query.size(1);
    const auto lk = memory.size(1);
    const int headDim = m_dim / m_heads;
    // [B, L, D] -> [B, H, L, D/H]
    auto split = [&](const torch::Tensor& x, int64_t len) {
        return x.view({batch, len, m_heads, headDim}).transpose(1, 2);
    };
    const auto q = split(m_query->forward(query), lq) * (1.0 / std::sqrt(double(headDim)));
    const auto k = split(m_key->forward(memory), lk);
    const auto v = split(m_value->forward(memory), lk);
    auto logits = torch::matmul(q, k.transpose(-2, -1)); // [B, H, Lq, Lk]
    if (bias.defined())
        logits = logits + bias.unsqueeze(1);
    if (keyPadding.defined())
        logits = logits.masked_fill(keyPadding.view({batch, 1, 1, lk}), kMaskedLogit);
    const auto weights = m_dropout->forward(torch::softmax(logits, -1));
    const auto mixed = torch::matmul(weights, v).transpose(1, 2).reshape({batch, lq, m_dim}); // [B, Lq, D]
    return m_out->forward(mixed);
}

} // namespace stepmotion::model
