#include "ddim_sampler.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace stepmotion::model {
namespace {

struct Prediction {
    torch::Tensor x0;  // [B, T, F]
    torch::Tensor eps; // [B, T, F]
};

// One guided network evaluation at timestep t, converted to both x0 and noise.
Prediction predict(FineMotionDiffuse& model, const torch::Tensor& x, int t, double alphaBar,
                   const Condition& condition, const torch::Tensor& padding, double guidance)
{
    const bool guided = guidance != 1.0;
    const auto input = guided ? torch::cat({x, x}) : x;                         // [2B or B, T, F]
    const auto timesteps = torch::full({input.size(0)}, t, x.options().dtype(torch::kLong));
    auto out = model->denoise(input, timesteps, condition, padding);
    if (guided) {
        const auto parts = out.chunk(2, 0);
        out = parts[1] + guidance * (parts[0] - parts[1]);
    }
    const double a = std::sqrt(alphaBar);
    const double s = std::sqrt(1.0 - alphaBar);
    if (model->config().prediction == PredictionTarget::X0)
        return {out, (x - a * out) / s};
    return {(x - s * out) / a, out};
}

} // namespace

std::vector<int> ddimTimesteps(int diffusionSteps, int steps)
{
    steps = std::clamp(steps, 1, diffusionSteps);
    std::vector<int> ts;
    for (int i = steps; i >= 1; --i)
        ts.push_back(static_cast<int>(std::lround(double(i) * diffusionSteps / steps)) - 1);
    return ts;
}

SampleResult ddimSample(FineMotionDiffuse& model, const DiffusionSchedule& schedule, const Condition& condition,
                        int64_t frames, const torch::Tensor& framePadding, const SamplingOptions& options,
                        const SamplingProgress& progress, const SamplingCancel& cancel)
{
    c10::InferenceMode inference;
    const bool guided = options.guidance != 1.0;
    const auto batch = condition.memory.size(0);
    const Condition both = guided ? concatConditions(condition, unconditional(condition)) : condition;
    const auto padding = framePadding.defined() && guided ? torch::cat({framePadding, framePadding}) : framePadding;
    // Row b draws from seed + b, so variant b of a batch can be regenerated alone with that seed.
    std::vector<at::Generator> generators;
    for (int64_t b = 0; b < batch; ++b)
        generators.push_back(at::detail::createCPUGenerator(options.seed + static_cast<uint64_t>(b)));
    const auto noiseLike = [&generators](c10::IntArrayRef rowShape) {
        std::vector<torch::Tensor> rows;
        for (auto& generator : generators)
            rows.push_back(torch::randn(rowShape, generator, torch::TensorOptions()));
        return torch::cat(rows);
    };
    const auto device = condition.memory.device();
    auto x = noiseLike({1, frames, model->config().featureDim}).to(device);

    const auto ts = ddimTimesteps(schedule.steps(), options.steps);
    const int total = static_cast<int>(ts.size());
    SampleResult result;
    for (int i = 0; i < total; ++i) {
        if (cancel && cancel()) {
            result.cancelled = true;
            return result;
        }
        const double bar = schedule.alphaBar(ts[i]);
        const double barPrev = schedule.alphaBar(i + 1 < total ? ts[i + 1] : -1);
        const auto p = predict(model, x, ts[i], bar, both, padding, options.guidance);
        const double sigma = options.eta * std::sqrt((1 - barPrev) / (1 - bar) * (1 - bar / barPrev));
        x = std::sqrt(barPrev) * p.x0 + std::sqrt(std::max(1 - barPrev - sigma * sigma, 0.0)) * p.eps;
        if (sigma > 0)
            x = x + sigma * noiseLike({1, frames, x.size(2)}).to(device);
        result.completedSteps = i + 1;
        if (progress)
            progress(i + 1, total);
    }
    if (framePadding.defined())
        x = x.masked_fill(framePadding.unsqueeze(-1), 0.0);
    result.motion = x;
    return result;
}

} // namespace stepmotion::model
