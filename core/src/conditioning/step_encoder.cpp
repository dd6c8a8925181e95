#include "conditioning/step_encoder.h"

#include "nn/timestep_embedding.h"

#include <torch/torch.h>

namespace stepmotion::model {
namespace {
// Clip lengths are up to ~10 s; dividing keeps the span MLP's inputs near unit scale.
constexpr double kSecondsScale = 10.0;
} // namespace

StepEncoderImpl::StepEncoderImpl(int dim) : m_dim(dim)
{
    m_spanIn = register_module("span_in", torch::nn::Linear(3, dim));
    m_spanOut = register_module("span_out", torch::nn::Linear(dim, dim));
}

torch::Tensor StepEncoderImpl::forward(const torch::Tensor& stepText, const torch::Tensor& spans)
{
    const auto steps = stepText.size(1);
    const auto order = sinusoidalEncoding(torch::arange(steps, stepText.options()), m_dim); // [S, D]
    const auto start = spans.select(-1, 0);
    const auto end = spans.select(-1, 1);
    const auto spanFeatures = torch::stack({start, end, end - start}, -1) / kSecondsScale; // [B, S, 3]
    const auto spanEmbedding = m_spanOut->forward(torch::silu(m_spanIn->forward(spanFeatures)));
    return stepText + order.unsqueeze(0) + spanEmbedding;
}

} // namespace stepmotion::model
