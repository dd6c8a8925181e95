#pragma once
// Learning-rate schedule and EMA decay shared by the generator trainer and MLM pre-training.

#include <algorithm>
#include <cmath>

namespace stepmotion::model {

/// Linear warm-up to `peak` over `warmup` steps, then cosine decay to 1% of the peak at `total`.
inline double warmupCosine(int step, int warmup, int total, double peak)
{
    if (warmup > 0 && step < warmup)
        return peak * (step + 1) / warmup;
    const double span = std::max(total - warmup, 1);
    const double progress = std::clamp((step - warmup) / span, 0.0, 1.0);
    return peak * (0.01 + 0.99 * 0.5 * (1.0 + std::cos(M_PI * progress)));
}

/// EMA decay at `step`: ramps up from 0 so early averages are not dominated by the random init.
inline double emaDecayAt(int step, double decay) { return std::min(decay, (1.0 + step) / (10.0 + step)); }

} // namespace stepmotion::model
