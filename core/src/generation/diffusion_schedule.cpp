#include "generation/diffusion_schedule.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace stepmotion::model {

DiffusionSchedule::DiffusionSchedule(int steps, BetaSchedule schedule)
{
    TORCH_CHECK(steps >= 2, "DiffusionSchedule: need at least 2 steps, got ", steps);
    m_alphaBar.resize(static_cast<std::size_t>(steps));
    double product = 1.0;
    const double pi = std::acos(-1.0);
    auto cosineBar = [&](double i) {
        const double c = std::cos((i / steps + 0.008) / 1.008 * pi / 2);
        return c * c;
    };
    for (int i = 0; i < steps; ++i) {
        double beta = 0;
        if (schedule == BetaSchedule::Linear) {
            const double scale = 1000.0 / steps; // keeps the endpoints' total noise when steps != 1000
            beta = scale * 1e-4 + (scale * 0.02 - scale * 1e-4) * i / (steps - 1);
        } else {
            beta = std::min(1.0 - cosineBar(i + 1) / cosineBar(i), 0.999);
        }
        product *= 1.0 - beta;
        m_alphaBar[static_cast<std::size_t>(i)] = product;
    }
    m_alphaBarTensor = torch::tensor(std::vector<double>(m_alphaBar)).to(torch::kFloat);
}

torch::Tensor DiffusionSchedule::alphaBarAt(const torch::Tensor& t) const
{
    return m_alphaBarTensor.to(t.device()).index_select(0, t).view({-1, 1, 1}); // no copy on the CPU
}

torch::Tensor DiffusionSchedule::qSample(const torch::Tensor& x0, const torch::Tensor& t,
                                         const torch::Tensor& noise) const
{
    const auto bar = alphaBarAt(t);
    return torch::sqrt(bar) * x0 + torch::sqrt(1 - bar) * noise;
}

} // namespace stepmotion::model
