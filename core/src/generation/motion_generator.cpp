// MotionGenerator: step list -> tokens -> condition (once) -> DDIM with guidance -> features.

#include "stepmotion/core/formats/file_paths.h"
#include "stepmotion/core/generation/generator.h"

#include "network/checkpoint.h"
#include "conditioning/condition_batch.h"
#include "generation/ddim_sampler.h"
#include "generation/step_composition.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/formats/npy.h"
#include "stepmotion/core/text/tokenizer.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>

namespace stepmotion {
namespace {

constexpr int kMinGeneratedFrames = 40;  // 2 s: shorter clips are rare in HumanML3D

torch::Tensor readStatistics(const std::string& path, int featureDim)
{
    const NpyArray array = readNpy(path);
    if (array.size() != static_cast<std::size_t>(featureDim))
        throw fileError(path, "expected " + std::to_string(featureDim) + " values, found "
                                  + std::to_string(array.size()));
    return torch::tensor(array.data).view({1, 1, featureDim});
}

std::string formatSeconds(double s)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", s);
    return buffer;
}

model::Condition repeatRows(const model::Condition& c, int64_t n)
{
    model::Condition out = c;
    out.memory = c.memory.repeat({n, 1, 1});
    out.padding = c.padding.repeat({n, 1});
    out.pooled = c.pooled.repeat({n, 1});
    if (c.stepSpans.defined())
        out.stepSpans = c.stepSpans.repeat({n, 1, 1});
    return out;
}

} // namespace

int framesForSteps(const StepList& steps)
{
    double end = 0;
    for (const auto& step : steps.steps)
        end = std::max(end, step.end);
    // Clamped as a double first: a huge end (1e308 s) must not overflow the int.
    return static_cast<int>(std::clamp(std::ceil(end * kFps - 1e-9), double(kMinGeneratedFrames), double(kMaxTimelineFrames)));
}

struct MotionGenerator::Impl {
    model::FineMotionDiffuse network{nullptr};
    std::unique_ptr<model::DiffusionSchedule> schedule;
    TokenizeFunction tokenize;
    torch::Tensor mean, stddev; // [1, 1, F]
    std::mutex mutex;        // one generation at a time: torch's own threads do the parallel work

    model::CompositionPlan planFor(const GenerationRequest& request, int frames) const;
    model::SampleResult sample(const GenerationRequest& request, int frames, const GenerationProgress& progress,
                               const GenerationCancel& cancel);
};

MotionGenerator::MotionGenerator(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
MotionGenerator::MotionGenerator(MotionGenerator&&) noexcept = default;
MotionGenerator& MotionGenerator::operator=(MotionGenerator&&) noexcept = default;
MotionGenerator::~MotionGenerator() = default;

MotionGenerator MotionGenerator::load(const std::string& dir)
{
    const std::string tokenizerPath = joinPath(dir, "tokenizer.model");
    auto tokenizer = std::make_shared<Tokenizer>(Tokenizer::load(tokenizerPath));
    MotionGenerator generator = load(dir, [tokenizer](const std::string& text) { return tokenizer->encode(text); });
    const int modelVocab = generator.m_impl->network->config().vocabSize;
    if (tokenizer->vocabSize() > modelVocab)
        throw fileError(tokenizerPath, "has " + std::to_string(tokenizer->vocabSize())
                                           + " pieces but the model's vocabulary holds " + std::to_string(modelVocab));
    return generator;
}

MotionGenerator MotionGenerator::load(const std::string& dir, TokenizeFunction tokenize)
{
    auto impl = std::make_unique<Impl>();
    impl->network = model::loadCheckpoint(dir);
    const auto& config = impl->network->config();
    impl->schedule = std::make_unique<model::DiffusionSchedule>(config);
    impl->tokenize = std::move(tokenize);
    impl->mean = readStatistics(joinPath(dir, "Mean.npy"), config.featureDim);
    impl->stddev = readStatistics(joinPath(dir, "Std.npy"), config.featureDim);
    return MotionGenerator(std::move(impl));
}

namespace {

int requestFrames(const GenerationRequest& request)
{
    if (request.frames > 0)
        return request.frames;
    return request.keep ? request.keep->motion.frames : framesForSteps(request.steps);
}

bool composedRequest(const GenerationRequest& request)
{
    return composesSteps(request.composition) && !request.steps.steps.empty();
}

// Refuses what the model cannot honour, naming the limit; a step past the clip's end would
// otherwise be cut silently.
void validateRequest(const GenerationRequest& request, int frames, const model::ModelConfig& config)
{
    const std::string limit = formatSeconds(kMaxTimelineFrames / config.fps);
    if (request.frames < 0 || frames > kMaxTimelineFrames)
        throw Error("generation request: frames " + std::to_string(frames) + " outside [1, "
                    + std::to_string(kMaxTimelineFrames) + "] (" + limit + " s)");
    if (frames > config.maxFrames && !composedRequest(request))
        throw Error("generation request: " + formatSeconds(frames / config.fps) + " s is longer than the "
                    + formatSeconds(config.maxFrames / config.fps) + " s the model sees at once; "
                    + (request.steps.steps.empty() ? std::string("a longer clip needs timed steps")
                                                   : std::string("per-step composition covers longer timelines"))
                    + " (joint composition cannot)");
    if (request.variants < 1 || request.samplingSteps < 1)
        throw Error("generation request: variants and samplingSteps must be at least 1");
    if (request.keep
        && (request.keep->motion.frames != frames || request.keep->weight.size() != static_cast<std::size_t>(frames)))
        throw Error("generation request: the kept motion has " + std::to_string(request.keep->motion.frames)
                    + " frames and " + std::to_string(request.keep->weight.size()) + " weights for a clip of "
                    + std::to_string(frames) + " frames");
    const double seconds = frames / config.fps;
    for (const auto& step : request.steps.steps) {
        if (step.end > seconds + 0.05)
            throw Error("generation request: step \"" + step.text + "\" ends at " + formatSeconds(step.end)
                        + " s but the clip is " + formatSeconds(seconds) + " s long (at most " + limit + " s)");
    }
}

model::SamplingOptions samplingOptions(const GenerationRequest& request)
{
    model::SamplingOptions options;
    options.steps = request.samplingSteps;
    options.sampler = request.sampler;
    options.guidance = request.guidanceScale;
    options.seed = request.seed;
    options.shiftPatchGrid = request.shiftPatchGrid;
    return options;
}

// Kept frames exactly as given (not through normalisation's rounding), and the new frames' root
// path bent so that the kept frames after them stay in place.
void restoreKeptFrames(FeatureClip& clip, const KeptMotion& kept)
{
    for (int t = 0; t < clip.frames; ++t)
        if (kept.weight[static_cast<std::size_t>(t)] >= 1.0f)
            std::copy(kept.motion.row(t), kept.motion.row(t) + kFeatureDim, clip.row(t));
    matchRootPath(clip, kept);
}

} // namespace

model::CompositionPlan MotionGenerator::Impl::planFor(const GenerationRequest& request, int frames) const
{
    const auto& config = network->config();
    model::CompositionPlan plan;
    if (composedRequest(request))
        return model::planComposition(request.steps, frames, tokenize, config,
                                      model::compositionOptionsFor(request.composition));
    plan.rows = {model::tokenizeRequest(request.steps, tokenize)};
    plan.windows = plan.contextWindows = {{0, frames}};
    plan.weights = torch::ones({1, frames, config.featureDim});
    return plan;
}

model::SampleResult MotionGenerator::Impl::sample(const GenerationRequest& request, int frames,
                                                  const GenerationProgress& progress,
                                                  const GenerationCancel& cancel)
{
    const auto plan = planFor(request, frames);
    // Clip-major rows: variant v owns rows v*R .. v*R+R-1.
    const auto input = model::buildConditionInput(plan.rows, network->config());
    const auto condition = repeatRows(network->encode(input), request.variants);
    const auto options = samplingOptions(request);
    if (!composedRequest(request) && !request.keep)
        return model::ddimSample(network, *schedule, condition, frames, {}, options, progress, cancel);
    auto rows = model::composedRows(plan, condition);
    if (request.keep) {
        const auto& kept = request.keep->motion;
        auto known = torch::from_blob(const_cast<float*>(kept.values.data()),
                                      {1, frames, network->config().featureDim}, torch::kFloat32);
        rows.known = (known - mean) / stddev;
        rows.knownMask = torch::from_blob(const_cast<float*>(request.keep->weight.data()), {frames}, torch::kFloat32)
                             .clone();
    }
    return model::ddimSampleComposed(network, *schedule, rows, options, progress, cancel);
}

GenerationResult MotionGenerator::generate(const GenerationRequest& request, const GenerationProgress& progress,
                                           const GenerationCancel& cancel) const
{
    const int frames = requestFrames(request);
    validateRequest(request, frames, m_impl->network->config());
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    c10::InferenceMode inference;
    const auto sample = m_impl->sample(request, frames, progress, cancel);
    GenerationResult result;
    result.cancelled = sample.cancelled;
    if (sample.cancelled)
        return result;
    const auto features = (sample.motion * m_impl->stddev + m_impl->mean).contiguous(); // [V, T, F]
    for (int v = 0; v < request.variants; ++v) {
        FeatureClip clip(frames);
        const float* data = features[v].data_ptr<float>();
        std::copy(data, data + clip.values.size(), clip.values.begin());
        if (request.keep)
            restoreKeptFrames(clip, *request.keep);
        result.motions.push_back(std::move(clip));
    }
    return result;
}

int MotionGenerator::maxFrames() const { return m_impl->network->config().maxFrames; }
int MotionGenerator::maxSteps() const { return m_impl->network->config().maxSteps; }

std::vector<std::pair<int, int>> MotionGenerator::contextWindows(int frames) const
{
    std::vector<std::pair<int, int>> out;
    for (const auto& w : model::contextWindowsFor(frames, m_impl->network->config()))
        out.emplace_back(static_cast<int>(w.offset), static_cast<int>(w.offset + w.length));
    return out;
}
int64_t MotionGenerator::parameterCount() const { return model::parameterCount(*m_impl->network); }

} // namespace stepmotion
