#pragma once
// Diffusion timestep embedding: sinusoidal features of t, then a two-layer MLP.

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace stepmotion::model {

/// Transformer sinusoids: positions [N] (any real values) -> [N, dim] (dim even: sin | cos halves).
torch::Tensor sinusoidalEncoding(const torch::Tensor& positions, int dim, double maxPeriod = 10000.0);

class TimestepEmbeddingImpl : public torch::nn::Module {
public:
    explicit TimestepEmbeddingImpl(int dim);

    /// timesteps [B] int64 -> [B, dim]
    torch::Tensor forward(const torch::Tensor& timesteps);

private:
    int m_dim;
    torch::nn::Linear m_in{nullptr}, m_out{nullptr};
};
TORCH_MODULE(TimestepEmbedding);

} // namespace stepmotion::model
