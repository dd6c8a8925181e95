#include "ddim_sampler.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace stepmotion::model {
namespace {

// What one guided network evaluation needs besides the noisy clips: R condition rows per clip
// (clip-major), each seeing the frames [offset, offset + length) of its clip, and how the R
// estimates of a clip become one.
struct RowLayout {
    Condition rows;                 // B*R rows, then (when guided) their B*R unconditional copies
    std::vector<RowWindow> windows; // R windows, the same for every clip
    torch::Tensor weights;          // [R, T, F] in clip frames; undefined when R == 1
    torch::Tensor padding;          // [B, T] caller's frame padding (R == 1 only) or undefined
};

class GuidedEstimator {
public:
    GuidedEstimator(FineMotionDiffuse& model, RowLayout layout, double guidance)
        : m_model(model), m_layout(std::move(layout)), m_guidance(guidance)
    {
    }

    /// The guided clean-motion estimate [B, T, F] at timestep t with the patch grid starting at
    /// frame -shift of every window (`shift` copies of its first frame go in front). A window
    /// frame that the moved grid pushes past the position table keeps `previous` (or 0).
    torch::Tensor operator()(const torch::Tensor& x, int t, double alphaBar, int64_t shift,
                             const torch::Tensor& previous) const
    {
        const auto& config = m_model->config();
        const int64_t clips = x.size(0), features = x.size(2);
        const int64_t capacity = (config.maxFrames + config.patchFrames - 1) / config.patchFrames * config.patchFrames;
        const auto& windows = m_layout.windows;
        const auto rowCount = static_cast<int64_t>(windows.size());
        std::vector<int64_t> kept;
        int64_t longest = 1;
        for (const auto& w : windows) {
            kept.push_back(std::min(w.length, capacity - shift));
            longest = std::max(longest, kept.back());
        }
        // [B*R, shift + longest, F], clip-major, padded past each window's end.
        std::vector<torch::Tensor> inputs;
        auto padding = torch::zeros({clips * rowCount, shift + longest}, torch::TensorOptions().dtype(torch::kBool));
        for (int64_t b = 0; b < clips; ++b) {
            for (int64_t r = 0; r < rowCount; ++r) {
                const auto& w = windows[static_cast<std::size_t>(r)];
                const int64_t k = kept[static_cast<std::size_t>(r)];
                auto row = x[b].slice(0, w.offset, w.offset + k);
                std::vector<torch::Tensor> parts;
                if (shift > 0)
                    parts.push_back(row.slice(0, 0, 1).expand({shift, features}));
                parts.push_back(row);
                if (k < longest)
                    parts.push_back(torch::zeros({longest - k, features}, x.options()));
                inputs.push_back(torch::cat(parts, 0));
                padding[b * rowCount + r].slice(0, shift + k).fill_(true);
            }
        }
        auto batch = torch::stack(inputs); // [B*R, L, F]
        if (m_layout.padding.defined() && shift == 0 && rowCount == 1)
            padding = padding | m_layout.padding.to(torch::kCPU);
        const bool anyPadding = padding.any().item<bool>();
        const bool guided = m_guidance != 1.0;
        if (guided) {
            batch = torch::cat({batch, batch});
            padding = torch::cat({padding, padding});
        }
        const auto timesteps = torch::full({batch.size(0)}, t, x.options().dtype(torch::kLong));
        auto out = m_model->denoise(batch, timesteps, m_layout.rows, anyPadding ? padding.to(x.device()) : torch::Tensor(),
                                    shift);
        const auto conditioned = out.slice(0, 0, clips * rowCount);
        if (guided) {
            const auto u = out.slice(0, clips * rowCount);
            out = u + m_guidance * (conditioned - u);
        }
        out = out.slice(1, shift); // [B*R, longest, F]
        if (config.prediction != PredictionTarget::X0) {
            const auto rowsX = batch.slice(0, 0, clips * rowCount).slice(1, shift);
            out = (rowsX - std::sqrt(1.0 - alphaBar) * out) / std::sqrt(alphaBar);
        }
        // Back to clip frames: [B, R, T, F], frames outside a row's reach hold the fallback.
        const auto fallback = previous.defined() ? previous : torch::zeros_like(x);
        auto perRow = fallback.unsqueeze(1).repeat({1, rowCount, 1, 1});
        for (int64_t b = 0; b < clips; ++b) {
            for (int64_t r = 0; r < rowCount; ++r) {
                const auto& w = windows[static_cast<std::size_t>(r)];
                const int64_t k = kept[static_cast<std::size_t>(r)];
                perRow[b][r].slice(0, w.offset, w.offset + k).copy_(out[b * rowCount + r].slice(0, 0, k));
            }
        }
        if (rowCount == 1)
            return perRow.select(1, 0);
        return (perRow * m_layout.weights.to(x.device()).unsqueeze(0)).sum(1);
    }

private:
    FineMotionDiffuse& m_model;
    RowLayout m_layout;
    double m_guidance;
};

// The DDIM loop shared by both samplers: B clips of `frames` x `features`, clip b seeded seed + b.
SampleResult runDdim(const GuidedEstimator& estimate, const DiffusionSchedule& schedule, int64_t clips,
                     int64_t frames, int64_t features, int patch, const torch::Device& device,
                     const SamplingOptions& options, const SamplingProgress& progress, const SamplingCancel& cancel)
{
    // Row b draws from seed + b, so variant b of a batch can be regenerated alone with that seed.
    std::vector<at::Generator> generators;
    for (int64_t b = 0; b < clips; ++b)
        generators.push_back(at::detail::createCPUGenerator(options.seed + static_cast<uint64_t>(b)));
    const auto noiseLike = [&generators](c10::IntArrayRef rowShape) {
        std::vector<torch::Tensor> rows;
        for (auto& generator : generators)
            rows.push_back(torch::randn(rowShape, generator, torch::TensorOptions()));
        return torch::cat(rows);
    };
    auto x = noiseLike({1, frames, features}).to(device);

    const auto ts = ddimTimesteps(schedule.steps(), options.steps);
    const int total = static_cast<int>(ts.size());
    const int shifts = options.shiftPatchGrid ? std::max(patch, 1) : 1;
    torch::Tensor previous; // the last estimate, for frames a moved grid does not reach
    SampleResult result;
    for (int i = 0; i < total; ++i) {
        if (cancel && cancel()) {
            result.cancelled = true;
            return result;
        }
        const double bar = schedule.alphaBar(ts[i]);
        const double barPrev = schedule.alphaBar(i + 1 < total ? ts[i + 1] : -1);
        torch::Tensor x0;
        if (i + 1 == total && shifts > 1) {
            // The final estimate is the motion: average it over every grid offset. Offset 0
            // reaches every frame and goes first, so the others fall back on it.
            x0 = estimate(x, ts[i], bar, 0, previous);
            auto sum = x0.clone();
            for (int s = 1; s < shifts; ++s)
                sum = sum + estimate(x, ts[i], bar, s, x0);
            x0 = sum / double(shifts);
        } else {
            x0 = estimate(x, ts[i], bar, i % shifts, previous);
        }
        previous = x0;
        const auto eps = (x - std::sqrt(bar) * x0) / std::sqrt(1.0 - bar);
        const double sigma = options.eta * std::sqrt((1 - barPrev) / (1 - bar) * (1 - bar / barPrev));
        x = std::sqrt(barPrev) * x0 + std::sqrt(std::max(1 - barPrev - sigma * sigma, 0.0)) * eps;
        if (sigma > 0)
            x = x + sigma * noiseLike({1, frames, features}).to(device);
        result.completedSteps = i + 1;
        if (progress)
            progress(i + 1, total);
    }
    result.motion = x;
    return result;
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
    SamplingOptions opts = options;
    if (framePadding.defined())
        opts.shiftPatchGrid = false; // the padding mask is laid out on the fixed grid
    RowLayout layout;
    layout.rows = guided ? concatConditions(condition, unconditional(condition)) : condition;
    layout.windows = {{0, frames}};
    layout.padding = framePadding;
    const GuidedEstimator estimate(model, std::move(layout), options.guidance);
    auto result = runDdim(estimate, schedule, condition.memory.size(0), frames, model->config().featureDim,
                          model->config().patchFrames, condition.memory.device(), opts, progress, cancel);
    if (framePadding.defined() && result.motion.defined())
        result.motion = result.motion.masked_fill(framePadding.unsqueeze(-1), 0.0);
    return result;
}

SampleResult ddimSampleComposed(FineMotionDiffuse& model, const DiffusionSchedule& schedule, const Condition& rows,
                                const std::vector<RowWindow>& windows, const torch::Tensor& weights,
                                const SamplingOptions& options, const SamplingProgress& progress,
                                const SamplingCancel& cancel)
{
    c10::InferenceMode inference;
    const auto perClip = static_cast<int64_t>(windows.size());
    TORCH_CHECK(perClip == weights.size(0), "ddimSampleComposed: ", windows.size(), " windows for ", weights.size(0),
                " weight rows");
    TORCH_CHECK(rows.memory.size(0) % perClip == 0, "ddimSampleComposed: ", rows.memory.size(0),
                " condition rows are not a multiple of ", perClip);
    const int64_t frames = weights.size(1);
    for (const auto& w : windows)
        TORCH_CHECK(w.offset >= 0 && w.length >= 1 && w.offset + w.length <= frames,
                    "ddimSampleComposed: window outside the clip");
    RowLayout layout;
    layout.rows = options.guidance != 1.0 ? concatConditions(rows, unconditional(rows)) : rows;
    layout.windows = windows;
    layout.weights = weights;
    const GuidedEstimator estimate(model, std::move(layout), options.guidance);
    return runDdim(estimate, schedule, rows.memory.size(0) / perClip, frames, model->config().featureDim,
                   model->config().patchFrames, rows.memory.device(), options, progress, cancel);
}

} // namespace stepmotion::model
