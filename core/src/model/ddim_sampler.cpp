#include "ddim_sampler.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace stepmotion::model {
namespace {

// What one guided estimate needs besides the noisy clips: R condition rows per clip
// (clip-major), each seeing the frames [offset, offset + length) of its clip; U context windows
// for the unconditional branch; and how the R guided estimates of a clip become one.
struct RowLayout {
    Condition rows;                  // B*R conditional rows, then (when guided) B*U unconditional rows
    std::vector<RowWindow> windows;  // R windows, the same for every clip
    torch::Tensor weights;           // [R, T, F] in clip frames; undefined when R == 1
    std::vector<RowWindow> contexts; // U windows of the unconditional branch (guided only)
    torch::Tensor contextWeights;    // [U, T]; undefined when U == 1
    torch::Tensor padding;           // [B, T] caller's frame padding (R == 1 only) or undefined
    torch::Tensor known;             // [1 or B, T, F] or undefined (see ComposedRows)
    torch::Tensor knownMask;         // [T] or undefined
};

// The condition rows `rows` of `c`, in that order.
Condition selectRows(const Condition& c, const std::vector<int64_t>& rows)
{
    const auto index = torch::tensor(rows, torch::kLong).to(c.memory.device());
    Condition out = c;
    out.memory = c.memory.index_select(0, index);
    out.padding = c.padding.index_select(0, index);
    out.pooled = c.pooled.index_select(0, index);
    if (c.stepSpans.defined())
        out.stepSpans = c.stepSpans.index_select(0, index);
    return out;
}

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
        const int64_t clips = x.size(0), frames = x.size(1), features = x.size(2);
        const int64_t capacity = (config.maxFrames + config.patchFrames - 1) / config.patchFrames * config.patchFrames;
        const bool guided = m_guidance != 1.0;
        // Every evaluation of this step: clip-major conditional rows, then clip-major contexts.
        std::vector<RowWindow> evaluations;
        for (int64_t b = 0; b < clips; ++b)
            evaluations.insert(evaluations.end(), m_layout.windows.begin(), m_layout.windows.end());
        if (guided)
            for (int64_t b = 0; b < clips; ++b)
                evaluations.insert(evaluations.end(), m_layout.contexts.begin(), m_layout.contexts.end());
        const auto rowCount = static_cast<int64_t>(m_layout.windows.size());
        const auto contextCount = static_cast<int64_t>(m_layout.contexts.size());
        const auto clipOf = [&](std::size_t e) {
            const auto i = static_cast<int64_t>(e);
            return i < clips * rowCount ? i / rowCount : (i - clips * rowCount) / contextCount;
        };
        std::vector<int64_t> kept;
        for (const auto& w : evaluations)
            kept.push_back(std::min(w.length, capacity - shift));
        const torch::Tensor caller = m_layout.padding.defined() && shift == 0 && rowCount == 1
                                         ? m_layout.padding.to(torch::kCPU)
                                         : torch::Tensor();
        // Clean-motion estimates [k, F] per evaluation. Evaluations run in batches of similar
        // length (a step's window is often far shorter than the clip), padded to the longest.
        std::vector<torch::Tensor> out(evaluations.size());
        std::vector<std::size_t> order(evaluations.size());
        for (std::size_t e = 0; e < order.size(); ++e)
            order[e] = e;
        std::stable_sort(order.begin(), order.end(), [&kept](std::size_t a, std::size_t b) { return kept[a] > kept[b]; });
        for (std::size_t first = 0; first < order.size();) {
            const int64_t longest = kept[order[first]];
            std::size_t end = first + 1;
            while (end < order.size() && kept[order[end]] * 4 >= longest * 3)
                ++end;
            const auto count = static_cast<int64_t>(end - first);
            std::vector<torch::Tensor> inputs;
            std::vector<int64_t> rows;
            auto padding = torch::zeros({count, shift + longest}, torch::TensorOptions().dtype(torch::kBool));
            for (std::size_t i = first; i < end; ++i) {
                const std::size_t e = order[i];
                const auto& w = evaluations[e];
                const int64_t k = kept[e];
                auto row = x[clipOf(e)].slice(0, w.offset, w.offset + k);
                std::vector<torch::Tensor> parts;
                if (shift > 0)
                    parts.push_back(row.slice(0, 0, 1).expand({shift, features}));
                parts.push_back(row);
                if (k < longest)
                    parts.push_back(torch::zeros({longest - k, features}, x.options()));
                inputs.push_back(torch::cat(parts, 0));
                auto mask = padding[static_cast<int64_t>(i - first)];
                mask.slice(0, shift + k).fill_(true);
                if (caller.defined())
                    mask.slice(0, 0, k) |= caller[clipOf(e)].slice(0, 0, k);
                rows.push_back(static_cast<int64_t>(e));
            }
            const auto batch = torch::stack(inputs); // [n, shift + longest, F]
            const bool anyPadding = padding.any().item<bool>();
            const auto timesteps = torch::full({count}, t, x.options().dtype(torch::kLong));
            const bool all = count == static_cast<int64_t>(evaluations.size()) && std::is_sorted(rows.begin(), rows.end());
            auto estimate = m_model->denoise(batch, timesteps, all ? m_layout.rows : selectRows(m_layout.rows, rows),
                                             anyPadding ? padding.to(x.device()) : torch::Tensor(), shift);
            if (config.prediction != PredictionTarget::X0)
                estimate = (batch - std::sqrt(1.0 - alphaBar) * estimate) / std::sqrt(alphaBar);
            for (std::size_t i = first; i < end; ++i)
                out[order[i]] = estimate[static_cast<int64_t>(i - first)].slice(0, shift, shift + kept[order[i]]);
            first = end;
        }

        // The unconditional estimate over each clip: contexts blended by their weights, renormalised
        // where a moved grid left a context short; frames no context reaches get no guidance.
        torch::Tensor uncond, reach;
        if (guided) {
            uncond = torch::zeros_like(x);
            reach = torch::zeros({clips, frames, 1}, x.options());
            for (int64_t b = 0; b < clips; ++b) {
                for (int64_t u = 0; u < contextCount; ++u) {
                    const auto e = static_cast<std::size_t>(clips * rowCount + b * contextCount + u);
                    const auto& w = evaluations[e];
                    const int64_t k = kept[e];
                    const auto weight = contextCount == 1
                                            ? torch::ones({k, 1}, x.options())
                                            : m_layout.contextWeights[u].slice(0, w.offset, w.offset + k).unsqueeze(1).to(x.device());
                    uncond[b].slice(0, w.offset, w.offset + k) += weight * out[e];
                    reach[b].slice(0, w.offset, w.offset + k) += weight;
                }
            }
            uncond = uncond / reach.clamp_min(1e-6);
        }
        // Blend the rows: x0 = sum_r weights[r] * estimate_r, where a row's estimate outside its
        // reach is the fallback; as the weights sum to 1 that is the fallback plus each row's
        // weighted difference from it inside its reach.
        const auto fallback = previous.defined() ? previous : torch::zeros_like(x);
        auto x0 = fallback.clone();
        const auto weights = m_layout.weights.defined() ? m_layout.weights.to(x.device()) : torch::Tensor();
        for (int64_t b = 0; b < clips; ++b) {
            for (int64_t r = 0; r < rowCount; ++r) {
                const auto e = static_cast<std::size_t>(b * rowCount + r);
                const auto& w = evaluations[e];
                const int64_t k = kept[e];
                auto estimate = out[e];
                if (guided) {
                    const auto u = uncond[b].slice(0, w.offset, w.offset + k);
                    const auto has = reach[b].slice(0, w.offset, w.offset + k) > 0.5;
                    estimate = torch::where(has, u + m_guidance * (estimate - u), estimate);
                }
                const auto base = fallback[b].slice(0, w.offset, w.offset + k);
                const auto delta = estimate - base;
                x0[b].slice(0, w.offset, w.offset + k) += weights.defined() ? weights[r].slice(0, w.offset, w.offset + k) * delta : delta;
            }
        }
        if (m_layout.known.defined()) {
            const auto mask = m_layout.knownMask.to(x.device()).view({1, frames, 1});
            x0 = mask * m_layout.known.to(x.device()) + (1 - mask) * x0;
        }
        return x0;
    }

private:
    FineMotionDiffuse& m_model;
    RowLayout m_layout;
    double m_guidance;
};

// The unconditional rows of a guided estimate: row 0's condition with nothing visible, once per
// clip and context window.
Condition unconditionalRows(const Condition& rows, int64_t count)
{
    Condition first = unconditional(rows);
    first.memory = first.memory.slice(0, 0, 1).expand({count, -1, -1});
    first.padding = first.padding.slice(0, 0, 1).expand({count, -1});
    first.pooled = first.pooled.slice(0, 0, 1).expand({count, -1});
    if (first.stepSpans.defined())
        first.stepSpans = first.stepSpans.slice(0, 0, 1).expand({count, -1, -1});
    return first;
}

// The sampling loop shared by both samplers (DDIM or DPM-Solver++): B clips of `frames` x `features`, clip b seeded seed + b.
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
    const bool secondOrder = options.sampler == Sampler::DpmSolver;
    TORCH_CHECK(!secondOrder || options.eta == 0.0, "DPM-Solver++ samples the deterministic ODE: eta must be 0");
    torch::Tensor lastX0; // the previous step's estimate (DPM-Solver++)
    double lastLambda = 0.0;
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
        // DPM-Solver++(2M): in log-SNR lambda, D = x0 + (x0 - x0_prev) / (2 r), r = h_prev / h,
        // then the DDIM update with D for x0 (which is its first-order form). The first step has
        // no previous estimate and the last lands on x0 itself, so both stay first order.
        const double lambda = 0.5 * std::log(bar / (1.0 - bar));
        torch::Tensor direction = x0;
        if (secondOrder && lastX0.defined() && i + 1 < total) {
            const double h = 0.5 * std::log(barPrev / (1.0 - barPrev)) - lambda;
            const double r = (lambda - lastLambda) / h;
            direction = x0 + (x0 - lastX0) / (2.0 * r);
        }
        lastX0 = x0;
        lastLambda = lambda;
        const auto eps = (x - std::sqrt(bar) * direction) / std::sqrt(1.0 - bar);
        const double sigma = options.eta * std::sqrt((1 - barPrev) / (1 - bar) * (1 - bar / barPrev));
        x = std::sqrt(barPrev) * direction + std::sqrt(std::max(1 - barPrev - sigma * sigma, 0.0)) * eps;
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
    layout.contexts = {{0, frames}};
    layout.padding = framePadding;
    const GuidedEstimator estimate(model, std::move(layout), options.guidance);
    auto result = runDdim(estimate, schedule, condition.memory.size(0), frames, model->config().featureDim,
                          model->config().patchFrames, condition.memory.device(), opts, progress, cancel);
    if (framePadding.defined() && result.motion.defined())
        result.motion = result.motion.masked_fill(framePadding.unsqueeze(-1), 0.0);
    return result;
}

SampleResult ddimSampleComposed(FineMotionDiffuse& model, const DiffusionSchedule& schedule, const ComposedRows& input,
                                const SamplingOptions& options, const SamplingProgress& progress,
                                const SamplingCancel& cancel)
{
    c10::InferenceMode inference;
    const auto perClip = static_cast<int64_t>(input.windows.size());
    const auto contexts = static_cast<int64_t>(input.contextWindows.size());
    TORCH_CHECK(perClip >= 1 && perClip == input.weights.size(0), "ddimSampleComposed: ", input.windows.size(),
                " windows for ", input.weights.size(0), " weight rows");
    TORCH_CHECK(input.rows.memory.size(0) % perClip == 0, "ddimSampleComposed: ", input.rows.memory.size(0),
                " condition rows are not a multiple of ", perClip);
    const int64_t frames = input.weights.size(1);
    const auto inside = [frames](const RowWindow& w) {
        return w.offset >= 0 && w.length >= 1 && w.offset + w.length <= frames;
    };
    for (const auto& w : input.windows)
        TORCH_CHECK(inside(w), "ddimSampleComposed: window outside the clip");
    const bool guided = options.guidance != 1.0;
    TORCH_CHECK(!guided || contexts >= 1, "ddimSampleComposed: guidance needs at least one context window");
    for (const auto& w : input.contextWindows)
        TORCH_CHECK(inside(w), "ddimSampleComposed: context window outside the clip");
    TORCH_CHECK(contexts <= 1 || (input.contextWeights.dim() == 2 && input.contextWeights.size(0) == contexts
                                  && input.contextWeights.size(1) == frames),
                "ddimSampleComposed: context weights must be [", contexts, ", ", frames, "]");
    TORCH_CHECK(!input.known.defined() || (input.knownMask.defined() && input.knownMask.numel() == frames),
                "ddimSampleComposed: known motion needs a mask of ", frames, " frames");
    const int64_t clips = input.rows.memory.size(0) / perClip;
    RowLayout layout;
    layout.rows = guided ? concatConditions(input.rows, unconditionalRows(input.rows, clips * contexts)) : input.rows;
    layout.windows = input.windows;
    layout.weights = input.weights;
    layout.contexts = input.contextWindows;
    layout.contextWeights = input.contextWeights;
    layout.known = input.known;
    layout.knownMask = input.knownMask;
    const GuidedEstimator estimate(model, std::move(layout), options.guidance);
    return runDdim(estimate, schedule, clips, frames, model->config().featureDim, model->config().patchFrames,
                   input.rows.memory.device(), options, progress, cancel);
}

} // namespace stepmotion::model
