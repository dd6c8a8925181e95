#include "generation/ddim_sampler.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>
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
    torch::Tensor foreign;           // [R, T, F] or undefined (see ComposedRows::foreign)
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

// Every model evaluation of one step: clip-major conditional rows, then (when guided) clip-major
// context windows or, for rows with contexts of their own, each row's unconditional twin; each
// cut to the frames the position table still reaches after the shift.
struct Evaluations {
    std::vector<RowWindow> windows;
    std::vector<int64_t> kept; // frames of each window that are evaluated
    int64_t clips = 0, rowCount = 0, contextCount = 0;
    bool twins = false; // the unconditional branch runs per row, on that row's input

    int64_t rows() const { return clips * rowCount; }
    int64_t clipOf(std::size_t e) const
    {
        const auto i = static_cast<int64_t>(e);
        if (i < rows())
            return i / rowCount;
        return twins ? (i - rows()) / rowCount : (i - rows()) / contextCount;
    }
    /// The row (clip-major) whose input evaluation e reads, or -1 for a context window.
    int64_t rowOf(std::size_t e) const
    {
        const auto i = static_cast<int64_t>(e);
        return i < rows() ? i : (twins ? i - rows() : -1);
    }
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
        const auto evaluations = evaluationsOf(x.size(0), shift);
        const auto out = denoiseAll(x, rowInputs(x, alphaBar, previous), t, alphaBar, shift, evaluations);
        torch::Tensor uncond, reach;
        if (guided() && !evaluations.twins)
            std::tie(uncond, reach) = unconditionalEstimate(x, evaluations, out);
        auto x0 = blendRows(x, evaluations, out, uncond, reach, previous);
        if (m_layout.known.defined()) {
            const auto mask = m_layout.knownMask.to(x.device()).view({1, x.size(1), 1});
            x0 = mask * m_layout.known.to(x.device()) + (1 - mask) * x0;
        }
        return x0;
    }

private:
    bool guided() const { return m_guidance != 1.0; }

    // Each row's input [B*R, T, F] where rows keep contexts of their own, else undefined: the
    // shared noisy clip with the row's own last estimate in place of the blended one where other
    // steps hold body parts the row does not (x + sqrt(alphaBar) * foreign * (own - blended)).
    // A walk's row then sees its own swinging arms, not the wave another row makes there, and
    // walks; seeing the wave, it stood (the data holds few walks with a wave).
    torch::Tensor rowInputs(const torch::Tensor& x, double alphaBar, const torch::Tensor& previous) const
    {
        if (!m_layout.foreign.defined() || !m_rowEstimates.defined() || !previous.defined())
            return {};
        const auto foreign = m_layout.foreign.to(x.device());
        const int64_t rowCount = foreign.size(0);
        const auto own = m_rowEstimates.view({x.size(0), rowCount, x.size(1), x.size(2)});
        const auto inputs = x.unsqueeze(1) + std::sqrt(alphaBar) * foreign.unsqueeze(0) * (own - previous.unsqueeze(1));
        return inputs.reshape({-1, x.size(1), x.size(2)});
    }

    Evaluations evaluationsOf(int64_t clips, int64_t shift) const
    {
        const auto& config = m_model->config();
        const int64_t capacity = (config.maxFrames + config.patchFrames - 1) / config.patchFrames * config.patchFrames;
        Evaluations e;
        e.clips = clips;
        e.rowCount = static_cast<int64_t>(m_layout.windows.size());
        e.contextCount = static_cast<int64_t>(m_layout.contexts.size());
        for (int64_t b = 0; b < clips; ++b)
            e.windows.insert(e.windows.end(), m_layout.windows.begin(), m_layout.windows.end());
        e.twins = guided() && m_layout.foreign.defined();
        if (guided())
            for (int64_t b = 0; b < clips; ++b) {
                const auto& extra = e.twins ? m_layout.windows : m_layout.contexts;
                e.windows.insert(e.windows.end(), extra.begin(), extra.end());
            }
        for (const auto& w : e.windows)
            e.kept.push_back(std::min(w.length, capacity - shift));
        return e;
    }

    // Clean-motion estimates [k, F] per evaluation. Evaluations run in batches of similar length
    // (a step's window is often far shorter than the clip), padded to the longest. Rows (and
    // their twins) read rowX where it is defined, the others x.
    std::vector<torch::Tensor> denoiseAll(const torch::Tensor& x, const torch::Tensor& rowX, int t, double alphaBar,
                                          int64_t shift, const Evaluations& evaluations) const
    {
        const auto& kept = evaluations.kept;
        std::vector<torch::Tensor> out(kept.size());
        std::vector<std::size_t> order(kept.size());
        for (std::size_t e = 0; e < order.size(); ++e)
            order[e] = e;
        std::stable_sort(order.begin(), order.end(), [&kept](std::size_t a, std::size_t b) { return kept[a] > kept[b]; });
        // The caller's frame padding applies to the one unshifted clip-wide row only.
        const torch::Tensor caller = m_layout.padding.defined() && shift == 0 && evaluations.rowCount == 1
                                         ? m_layout.padding.to(torch::kCPU)
                                         : torch::Tensor();
        for (std::size_t first = 0; first < order.size();) {
            std::size_t end = first + 1;
            while (end < order.size() && kept[order[end]] * 4 >= kept[order[first]] * 3)
                ++end;
            const std::vector<std::size_t> batch(order.begin() + static_cast<std::ptrdiff_t>(first),
                                                 order.begin() + static_cast<std::ptrdiff_t>(end));
            const auto estimate = denoiseBatch(x, rowX, t, alphaBar, shift, evaluations, batch, caller);
            for (std::size_t i = 0; i < batch.size(); ++i)
                out[batch[i]] = estimate[static_cast<int64_t>(i)].slice(0, shift, shift + kept[batch[i]]);
            first = end;
        }
        return out;
    }

    // One model call over the evaluations `batch` (longest first): [n, shift + longest, F];
    // `caller` is the caller's frame padding [B, T] on the CPU, or undefined.
    torch::Tensor denoiseBatch(const torch::Tensor& x, const torch::Tensor& rowX, int t, double alphaBar, int64_t shift,
                               const Evaluations& evaluations, const std::vector<std::size_t>& batch,
                               const torch::Tensor& caller) const
    {
        const int64_t features = x.size(2);
        const int64_t longest = evaluations.kept[batch.front()];
        const auto count = static_cast<int64_t>(batch.size());
        std::vector<torch::Tensor> inputs;
        std::vector<int64_t> rows;
        auto padding = torch::zeros({count, shift + longest}, torch::TensorOptions().dtype(torch::kBool));
        for (int64_t i = 0; i < count; ++i) {
            const std::size_t e = batch[static_cast<std::size_t>(i)];
            const auto& w = evaluations.windows[e];
            const int64_t k = evaluations.kept[e];
            const int64_t own = rowX.defined() ? evaluations.rowOf(e) : -1;
            auto row = (own >= 0 ? rowX[own] : x[evaluations.clipOf(e)]).slice(0, w.offset, w.offset + k);
            std::vector<torch::Tensor> parts;
            if (shift > 0)
                parts.push_back(row.slice(0, 0, 1).expand({shift, features}));
            parts.push_back(row);
            if (k < longest)
                parts.push_back(torch::zeros({longest - k, features}, x.options()));
            inputs.push_back(torch::cat(parts, 0));
            auto mask = padding[i];
            mask.slice(0, shift + k).fill_(true);
            if (caller.defined())
                mask.slice(0, 0, k) |= caller[evaluations.clipOf(e)].slice(0, 0, k);
            rows.push_back(static_cast<int64_t>(e));
        }
        const auto input = torch::stack(inputs); // [n, shift + longest, F]
        const bool anyPadding = padding.any().item<bool>();
        const auto timesteps = torch::full({count}, t, x.options().dtype(torch::kLong));
        const bool all = count == static_cast<int64_t>(evaluations.windows.size()) && std::is_sorted(rows.begin(), rows.end());
        auto estimate = m_model->denoise(input, timesteps, all ? m_layout.rows : selectRows(m_layout.rows, rows),
                                         anyPadding ? padding.to(x.device()) : torch::Tensor(), shift);
        if (m_model->config().prediction != PredictionTarget::X0)
            estimate = (input - std::sqrt(1.0 - alphaBar) * estimate) / std::sqrt(alphaBar);
        return estimate;
    }

    // The unconditional estimate over each clip [B, T, F] and how much context weight reached each
    // frame [B, T, 1]: contexts blended by their weights, renormalised where a moved grid left a
    // context short; frames no context reaches get no guidance.
    std::pair<torch::Tensor, torch::Tensor> unconditionalEstimate(const torch::Tensor& x, const Evaluations& evaluations,
                                                                  const std::vector<torch::Tensor>& out) const
    {
        auto uncond = torch::zeros_like(x);
        auto reach = torch::zeros({x.size(0), x.size(1), 1}, x.options());
        const int64_t clips = evaluations.clips, contextCount = evaluations.contextCount;
        for (int64_t b = 0; b < clips; ++b) {
            for (int64_t u = 0; u < contextCount; ++u) {
                const auto e = static_cast<std::size_t>(clips * evaluations.rowCount + b * contextCount + u);
                const auto& w = evaluations.windows[e];
                const int64_t k = evaluations.kept[e];
                const auto weight = contextCount == 1
                                        ? torch::ones({k, 1}, x.options())
                                        : m_layout.contextWeights[u].slice(0, w.offset, w.offset + k).unsqueeze(1).to(x.device());
                uncond[b].slice(0, w.offset, w.offset + k) += weight * out[e];
                reach[b].slice(0, w.offset, w.offset + k) += weight;
            }
        }
        return {uncond / reach.clamp_min(1e-6), reach};
    }

    // Blend the rows: x0 = sum_r weights[r] * estimate_r, where a row's estimate outside its reach
    // is the fallback; as the weights sum to 1 that is the fallback plus each row's weighted
    // difference from it inside its reach.
    torch::Tensor blendRows(const torch::Tensor& x, const Evaluations& evaluations, const std::vector<torch::Tensor>& out,
                            const torch::Tensor& uncond, const torch::Tensor& reach, const torch::Tensor& previous) const
    {
        const auto fallback = previous.defined() ? previous : torch::zeros_like(x);
        auto x0 = fallback.clone();
        const auto weights = m_layout.weights.defined() ? m_layout.weights.to(x.device()) : torch::Tensor();
        if (m_layout.foreign.defined() && !m_rowEstimates.defined())
            m_rowEstimates = torch::zeros({evaluations.rows(), x.size(1), x.size(2)}, x.options());
        for (int64_t b = 0; b < evaluations.clips; ++b) {
            for (int64_t r = 0; r < evaluations.rowCount; ++r) {
                const auto e = static_cast<std::size_t>(b * evaluations.rowCount + r);
                const auto& w = evaluations.windows[e];
                const int64_t k = evaluations.kept[e];
                auto estimate = out[e];
                if (evaluations.twins) {
                    const auto& u = out[static_cast<std::size_t>(evaluations.rows()) + e];
                    estimate = u + m_guidance * (estimate - u);
                } else if (uncond.defined()) {
                    const auto u = uncond[b].slice(0, w.offset, w.offset + k);
                    const auto has = reach[b].slice(0, w.offset, w.offset + k) > 0.5;
                    estimate = torch::where(has, u + m_guidance * (estimate - u), estimate);
                }
                if (m_rowEstimates.defined())
                    m_rowEstimates[static_cast<int64_t>(e)].slice(0, w.offset, w.offset + k).copy_(estimate);
                const auto delta = estimate - fallback[b].slice(0, w.offset, w.offset + k);
                x0[b].slice(0, w.offset, w.offset + k) += weights.defined() ? weights[r].slice(0, w.offset, w.offset + k) * delta : delta;
            }
        }
        return x0;
    }

    FineMotionDiffuse& m_model;
    RowLayout m_layout;
    double m_guidance;
    // Each row's last guided estimate [B*R, T, F] (layouts with `foreign` only): the estimator
    // carries it from one step to the next, as the loop carries the blended one.
    mutable torch::Tensor m_rowEstimates;
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

// Noise of B clips, row b drawn from seed + b, so variant b of a batch can be regenerated alone
// with that seed.
class ClipNoise {
public:
    ClipNoise(int64_t clips, uint64_t seed)
    {
        for (int64_t b = 0; b < clips; ++b)
            m_generators.push_back(at::detail::createCPUGenerator(seed + static_cast<uint64_t>(b)));
    }

    torch::Tensor draw(c10::IntArrayRef rowShape)
    {
        std::vector<torch::Tensor> rows;
        for (auto& generator : m_generators)
            rows.push_back(torch::randn(rowShape, generator, torch::TensorOptions()));
        return torch::cat(rows);
    }

private:
    std::vector<at::Generator> m_generators;
};

// DPM-Solver++(2M): in log-SNR lambda, D = x0 + (x0 - x0_prev) / (2 r), r = h_prev / h, then the
// DDIM update with D for x0 (which is its first-order form). The first step has no previous
// estimate and the last lands on x0 itself, so both stay first order; DDIM always uses x0.
class UpdateDirection {
public:
    explicit UpdateDirection(bool secondOrder) : m_secondOrder(secondOrder) {}

    torch::Tensor next(const torch::Tensor& x0, double bar, double barPrev, bool last)
    {
        const double lambda = 0.5 * std::log(bar / (1.0 - bar));
        torch::Tensor direction = x0;
        if (m_secondOrder && m_lastX0.defined() && !last) {
            const double h = 0.5 * std::log(barPrev / (1.0 - barPrev)) - lambda;
            const double r = (lambda - m_lastLambda) / h;
            direction = x0 + (x0 - m_lastX0) / (2.0 * r);
        }
        m_lastX0 = x0;
        m_lastLambda = lambda;
        return direction;
    }

private:
    bool m_secondOrder;
    torch::Tensor m_lastX0; // the previous step's estimate
    double m_lastLambda = 0.0;
};

// The clean-motion estimate of step i of `total` with `shifts` patch-grid offsets: one offset per
// step in turn, and the final estimate (which is the motion) averaged over every offset. Offset 0
// reaches every frame and goes first, so the others fall back on it.
torch::Tensor estimateStep(const GuidedEstimator& estimate, const torch::Tensor& x, int t, double bar, int i,
                           int total, int shifts, const torch::Tensor& previous)
{
    if (i + 1 < total || shifts == 1)
        return estimate(x, t, bar, i % shifts, previous);
    const auto x0 = estimate(x, t, bar, 0, previous);
    auto sum = x0.clone();
    for (int s = 1; s < shifts; ++s)
        sum = sum + estimate(x, t, bar, s, x0);
    return sum / double(shifts);
}

// The sampling loop shared by both samplers (DDIM or DPM-Solver++): B clips of `frames` x `features`, clip b seeded seed + b.
SampleResult runDdim(const GuidedEstimator& estimate, const DiffusionSchedule& schedule, int64_t clips,
                     int64_t frames, int64_t features, int patch, const torch::Device& device,
                     const SamplingOptions& options, const SamplingProgress& progress, const SamplingCancel& cancel)
{
    const bool secondOrder = options.sampler == Sampler::DpmSolver;
    TORCH_CHECK(!secondOrder || options.eta == 0.0, "DPM-Solver++ samples the deterministic ODE: eta must be 0");
    ClipNoise noise(clips, options.seed);
    auto x = noise.draw({1, frames, features}).to(device);
    const auto ts = samplingTimesteps(schedule.steps(), options.steps, options.sampler);
    const int total = static_cast<int>(ts.size());
    const int shifts = options.shiftPatchGrid ? std::max(patch, 1) : 1;
    torch::Tensor previous; // the last estimate, for frames a moved grid does not reach
    UpdateDirection update(secondOrder);
    SampleResult result;
    for (int i = 0; i < total; ++i) {
        if (cancel && cancel()) {
            result.cancelled = true;
            return result;
        }
        const double bar = schedule.alphaBar(ts[i]);
        const double barPrev = schedule.alphaBar(i + 1 < total ? ts[i + 1] : -1);
        const auto x0 = estimateStep(estimate, x, ts[i], bar, i, total, shifts, previous);
        previous = x0;
        const auto direction = update.next(x0, bar, barPrev, i + 1 == total);
        const auto eps = (x - std::sqrt(bar) * direction) / std::sqrt(1.0 - bar);
        const double sigma = options.eta * std::sqrt((1 - barPrev) / (1 - bar) * (1 - bar / barPrev));
        x = std::sqrt(barPrev) * direction + std::sqrt(std::max(1 - barPrev - sigma * sigma, 0.0)) * eps;
        if (sigma > 0)
            x = x + sigma * noise.draw({1, frames, features}).to(device);
        result.completedSteps = i + 1;
        if (progress)
            progress(i + 1, total);
    }
    result.motion = x;
    return result;
}

} // namespace

std::vector<int> samplingTimesteps(int diffusionSteps, int steps, Sampler sampler)
{
    steps = std::clamp(steps, 1, diffusionSteps);
    std::vector<int> ts;
    for (int i = steps; i >= 1; --i) {
        // DDIM's i * T / steps exactly as before (an evenly spaced u * T rounds differently at .5).
        const double t = sampler == Sampler::DpmSolver ? std::pow(double(i) / steps, 1.5) * diffusionSteps
                                                       : double(i) * diffusionSteps / steps;
        // Strictly descending even where the grid crowds near 0 (many steps, few timesteps).
        const int step = std::max(static_cast<int>(std::lround(t)) - 1, i - 1);
        ts.push_back(ts.empty() ? step : std::min(step, ts.back() - 1));
    }
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
    TORCH_CHECK(!input.foreign.defined() || input.foreign.sizes() == input.weights.sizes(),
                "ddimSampleComposed: foreign must be shaped like the weights");
    const int64_t clips = input.rows.memory.size(0) / perClip;
    RowLayout layout;
    // Rows with contexts of their own are guided against their own inputs: a twin per row.
    const int64_t unconditionalCount = input.foreign.defined() ? clips * perClip : clips * contexts;
    layout.rows = guided ? concatConditions(input.rows, unconditionalRows(input.rows, unconditionalCount)) : input.rows;
    layout.windows = input.windows;
    layout.weights = input.weights;
    layout.contexts = input.contextWindows;
    layout.contextWeights = input.contextWeights;
    layout.known = input.known;
    layout.knownMask = input.knownMask;
    layout.foreign = input.foreign;
    const GuidedEstimator estimate(model, std::move(layout), options.guidance);
    return runDdim(estimate, schedule, clips, frames, model->config().featureDim, model->config().patchFrames,
                   input.rows.memory.device(), options, progress, cancel);
}

} // namespace stepmotion::model
