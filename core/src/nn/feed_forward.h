#pragma once
// Position-wise feed-forward network: Linear -> GELU -> Dropout -> Linear.

#include <torch/nn/module.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace stepmotion::model {

class FeedForwardImpl : public torch::nn::Module {
public:
    FeedForwardImpl(int dim, int hiddenDim, double dropout);

    /// x [B, L, D] -> [B, L, D]
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Linear m_in{nullptr}, m_out{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
};
TORCH_MODULE(FeedForward);

} // namespace stepmotion::model
