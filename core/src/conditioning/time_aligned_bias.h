#pragma once
// Time-aligned attention bias (our addition to the paper): in the denoiser's cross-attention a
// motion token attends most to the steps whose [start, end] covers its time. The bias is 0 inside
// a step's span and -beta * (distance in seconds to the span) outside, beta > 0 learned.
// Non-step memory entries (null token, coarse tokens) get 0.

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace stepmotion::model {

class TimeAlignedBiasImpl : public torch::nn::Module {
public:
    /// `initialBeta` > 0, in 1/seconds.
    explicit TimeAlignedBiasImpl(double initialBeta = 2.0);

    /// tokenTimes [N] seconds (centre of each motion token), spans [B, S, 2] (start, end seconds),
    /// leading = number of non-step memory entries before the steps -> bias [B, N, leading + S].
    torch::Tensor forward(const torch::Tensor& tokenTimes, const torch::Tensor& spans, int64_t leading);

    double beta() const;

private:
    torch::Tensor m_logBeta; // log keeps beta positive without constraints
};
TORCH_MODULE(TimeAlignedBias);

} // namespace stepmotion::model
