#include "conditioning/time_aligned_bias.h"

#include <torch/torch.h>

#include <cmath>

namespace stepmotion::model {

TimeAlignedBiasImpl::TimeAlignedBiasImpl(double initialBeta)
{
    m_logBeta = register_parameter("log_beta", torch::full({1}, std::log(initialBeta)));
}

torch::Tensor TimeAlignedBiasImpl::forward(const torch::Tensor& tokenTimes, const torch::Tensor& spans,
                                           int64_t leading)
{
    const auto t = tokenTimes.view({1, -1, 1});               // [1, N, 1]
    const auto start = spans.select(-1, 0).unsqueeze(1);      // [B, 1, S]
    const auto end = spans.select(-1, 1).unsqueeze(1);        // [B, 1, S]
    const auto distance = torch::relu(start - t) + torch::relu(t - end); // [B, N, S]
    const auto stepBias = -torch::exp(m_logBeta) * distance;
    const auto zeros = torch::zeros({stepBias.size(0), stepBias.size(1), leading}, stepBias.options());
    return torch::cat({zeros, stepBias}, 2);
}

double TimeAlignedBiasImpl::beta() const { return std::exp(m_logBeta.item<double>()); }

} // namespace stepmotion::model
