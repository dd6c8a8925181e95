#pragma once
// MotionDiffuse's stylization block: FiLM of a sub-layer's output by the step embedding
// (timestep + pooled text). out = Linear(Dropout(SiLU(LN(h) * (1 + scale) + shift))), with the
// final Linear zero-initialised so each residual branch starts as the identity.

#include <torch/nn/module.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

namespace stepmotion::model {

class StylizationImpl : public torch::nn::Module {
public:
    StylizationImpl(int dim, int embeddingDim, double dropout);

    /// h [B, L, D], embedding [B, E] -> [B, L, D] (to be added to the residual stream).
    torch::Tensor forward(const torch::Tensor& h, const torch::Tensor& embedding);

private:
    torch::nn::Linear m_film{nullptr}, m_out{nullptr};
    torch::nn::LayerNorm m_norm{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
};
TORCH_MODULE(Stylization);

} // namespace stepmotion::model
