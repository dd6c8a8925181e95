#include "nn/timestep_embedding.h"

#include <torch/torch.h>

#include <cmath>

namespace stepmotion::model {

torch::Tensor sinusoidalEncoding(const torch::Tensor& positions, int dim, double maxPeriod)
{
    const int half = dim / 2;
    const auto options = torch::TensorOptions().dtype(torch::kFloat).device(positions.device());
    const auto frequencies = torch::exp(torch::arange(half, options) * (-std::log(maxPeriod) / std::max(half, 1)));
    const auto angles = positions.to(torch::kFloat).unsqueeze(1) * frequencies.unsqueeze(0); // [N, half]
    auto out = torch::cat({torch::sin(angles), torch::cos(angles)}, 1);
    if (out.size(1) < dim) // odd dim: one zero column keeps the width exact
        out = torch::cat({out, torch::zeros({out.size(0), dim - out.size(1)}, options)}, 1);
    return out;
}

TimestepEmbeddingImpl::TimestepEmbeddingImpl(int dim) : m_dim(dim)
{
    m_in = register_module("in", torch::nn::Linear(dim, dim));
    m_out = register_module("out", torch::nn::Linear(dim, dim));
}

torch::Tensor TimestepEmbeddingImpl::forward(const torch::Tensor& timesteps)
{
    return m_out->forward(torch::silu(m_in->forward(sinusoidalEncoding(timesteps, m_dim))));
}

} // namespace stepmotion::model
