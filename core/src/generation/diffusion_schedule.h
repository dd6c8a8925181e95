#pragma once
// Gaussian diffusion noise schedule (DDPM, 1000 steps by default): betas, cumulative alphas and
// the forward process q(x_t | x_0). Not a module: it has no parameters.

#include "network/model_config.h"

#include <torch/types.h>

#include <vector>

namespace stepmotion::model {

class DiffusionSchedule {
public:
    /// `steps` >= 2 training timesteps. Linear: beta 1e-4 .. 0.02 (scaled for steps != 1000);
    /// Cosine: Nichol & Dhariwal's squared-cosine alpha-bar, betas clipped at 0.999.
    DiffusionSchedule(int steps, BetaSchedule schedule);
    explicit DiffusionSchedule(const ModelConfig& config) : DiffusionSchedule(config.diffusionSteps, config.schedule) {}

    int steps() const { return static_cast<int>(m_alphaBar.size()); }

    /// Cumulative product of (1 - beta) up to and including t, t in [0, steps); alphaBar(-1) = 1.
    double alphaBar(int t) const { return t < 0 ? 1.0 : m_alphaBar.at(static_cast<std::size_t>(t)); }

    /// sqrt(alphaBar(t)) * x0 + sqrt(1 - alphaBar(t)) * noise; x0, noise [B, T, F], t [B] int64.
    torch::Tensor qSample(const torch::Tensor& x0, const torch::Tensor& t, const torch::Tensor& noise) const;

    /// alphaBar gathered for t [B] int64 -> [B, 1, 1] float.
    torch::Tensor alphaBarAt(const torch::Tensor& t) const;

private:
    std::vector<double> m_alphaBar;
    torch::Tensor m_alphaBarTensor; // [steps] float
};

} // namespace stepmotion::model
