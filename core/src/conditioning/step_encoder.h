#pragma once
// Turns pooled step-text embeddings into step tokens: adds the paper's sinusoidal step-order
// encoding and a learned embedding of each step's time span (start, end, duration in seconds).

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace stepmotion::model {

class StepEncoderImpl : public torch::nn::Module {
public:
    explicit StepEncoderImpl(int dim);

    /// stepText [B, S, D] pooled text per step, spans [B, S, 2] (start, end seconds) -> [B, S, D].
    torch::Tensor forward(const torch::Tensor& stepText, const torch::Tensor& spans);

private:
    int m_dim;
    torch::nn::Linear m_spanIn{nullptr}, m_spanOut{nullptr};
};
TORCH_MODULE(StepEncoder);

} // namespace stepmotion::model
