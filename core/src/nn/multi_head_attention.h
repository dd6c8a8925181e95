#pragma once
// Multi-head scaled dot-product attention, batch-first, with an optional key padding mask and an
// optional additive bias shared by all heads (the time-aligned bias). Written out instead of
// torch::nn::MultiheadAttention because that one is sequence-first and takes no per-batch bias.

#include <torch/nn/module.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace stepmotion::model {

class MultiHeadAttentionImpl : public torch::nn::Module {
public:
    /// Queries of width `queryDim`, keys/values of width `keyDim`, output of width `dim`.
    MultiHeadAttentionImpl(int queryDim, int keyDim, int dim, int heads, double dropout);

    /// query [B, Lq, Dq], memory [B, Lk, Dk], keyPadding [B, Lk] bool (true = ignore; may be
    /// undefined), bias [B, Lq, Lk] float added to the logits (may be undefined) -> [B, Lq, dim].
    /// A row whose keys are all padded gets uniform weights, never NaN.
    torch::Tensor forward(const torch::Tensor& query, const torch::Tensor& memory,
                          const torch::Tensor& keyPadding = {}, const torch::Tensor& bias = {});

private:
    int m_heads;
    int m_dim;
    torch::nn::Linear m_query{nullptr}, m_key{nullptr}, m_value{nullptr}, m_out{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
};
TORCH_MODULE(MultiHeadAttention);

} // namespace stepmotion::model
