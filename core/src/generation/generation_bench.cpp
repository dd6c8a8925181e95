// The generation benchmark: the same work as MotionGenerator::generate (encode the request once
// per call, DDIM with guidance on a 2B batch) on a network that may be untrained.

#include "stepmotion/core/generation/generation_bench.h"

#include "network/checkpoint.h"
#include "conditioning/condition_batch.h"
#include "generation/ddim_sampler.h"
#include "generation/step_composition.h"

#include "stepmotion/core/runtime/error.h"

#include <torch/torch.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>

namespace stepmotion {
namespace {

constexpr int kDummySteps = 3;
constexpr int kCoarseTokens = 12; // a typical HumanML3D caption
constexpr int kStepTokens = 9;    // a typical FineMotion step sentence

void validate(const GenerationBenchOptions& options)
{
    if (options.frames < 1 || options.samplingSteps < 1 || options.repeats < 1)
        throw Error("generation bench: frames, sampling steps and repeats must be at least 1");
    if (options.batches.empty())
        throw Error("generation bench: no batch sizes given");
    for (const int batch : options.batches) {
        if (batch < 1)
            throw Error("generation bench: batch sizes must be at least 1 (got " + std::to_string(batch) + ")");
    }
}

// Token ids spread over the vocabulary (never 0, the padding id); their values do not affect speed.
std::vector<int> dummyIds(int count, int salt, int vocabSize)
{
    std::vector<int> ids;
    for (int i = 0; i < count; ++i)
        ids.push_back(1 + (salt * 131 + i * 37) % (vocabSize - 1));
    return ids;
}

// A coarse sentence plus three steps that tile the clip (legs, an arm, the whole body), like a
// short user request. The texts are placeholders that the bench's tokenizer turns into ids.
StepList dummyRequest(int frames, double fps)
{
    StepList list;
    list.coarse = "c0";
    const double seconds = frames / fps;
    const std::vector<std::vector<BodyPart>> parts = {
        {BodyPart::LeftLeg, BodyPart::RightLeg}, {BodyPart::RightArm}, {BodyPart::WholeBody}};
    for (int s = 0; s < kDummySteps; ++s)
        list.steps.push_back({seconds * s / kDummySteps, seconds * (s + 1) / kDummySteps,
                              parts[static_cast<std::size_t>(s) % parts.size()], "s" + std::to_string(s + 1)});
    return list;
}

model::FineMotionDiffuse buildNetwork(const std::string& modelDir)
{
    if (!modelDir.empty())
        return model::loadCheckpoint(modelDir);
    torch::manual_seed(0);
    model::FineMotionDiffuse network(model::defaultConfig());
    network->eval(); // no dropout, as in real sampling
    return network;
}

model::SamplingOptions samplingOptions(const GenerationBenchOptions& options)
{
    model::SamplingOptions sampling;
    sampling.steps = options.samplingSteps;
    sampling.sampler = options.sampler;
    sampling.guidance = options.guidanceScale;
    sampling.shiftPatchGrid = options.shiftPatchGrid;
    return sampling;
}

long peakRssKiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss; // KiB on Linux
}

} // namespace

GenerationTiming summariseTiming(int batch, std::vector<double> seconds)
{
    GenerationTiming timing;
    timing.batch = batch;
    timing.seconds = seconds;
    std::sort(seconds.begin(), seconds.end());
    const std::size_t n = seconds.size();
    timing.median = n % 2 == 1 ? seconds[n / 2] : 0.5 * (seconds[n / 2 - 1] + seconds[n / 2]);
    timing.min = seconds.front();
    timing.max = seconds.back();
    return timing;
}

GenerationBenchResult benchGeneration(const GenerationBenchOptions& options, const GenerationBenchCallback& onTiming)
{
    validate(options);
    auto network = buildNetwork(options.modelDir);
    const auto& config = network->config();
    if (options.frames > config.maxFrames)
        throw Error("generation bench: " + std::to_string(options.frames) + " frames exceed the model's maximum of "
                    + std::to_string(config.maxFrames));
    const model::DiffusionSchedule schedule(config);
    const auto request = dummyRequest(options.frames, config.fps);
    const TokenizeFunction tokenize = [&config](const std::string& text) {
        const int salt = std::stoi(text.substr(1));
        return dummyIds(salt == 0 ? kCoarseTokens : kStepTokens, salt, config.vocabSize);
    };
    const bool composed = composesSteps(options.composition);
    model::CompositionPlan plan;
    if (composed)
        plan = model::planComposition(request, options.frames, tokenize, config,
                                      model::compositionOptionsFor(options.composition));
    else
        plan.rows = {model::tokenizeRequest(request, tokenize)};
    const auto sampling = samplingOptions(options);

    GenerationBenchResult result;
    result.model = options.modelDir.empty() ? "fresh default config (untrained)" : options.modelDir;
    result.parameterCount = model::parameterCount(*network);
    result.frames = options.frames;
    result.samplingSteps = options.samplingSteps;
    result.guidanceScale = options.guidanceScale;
    result.stepCount = kDummySteps;

    c10::InferenceMode inference;
    for (const int batch : options.batches) {
        // B copies encoded together: the generator encodes once and repeats rows, a difference of
        // one small text pass per call against samplingSteps denoiser passes.
        std::vector<model::TokenizedStepList> lists;
        for (int b = 0; b < batch; ++b)
            lists.insert(lists.end(), plan.rows.begin(), plan.rows.end());
        const auto input = model::buildConditionInput(lists, config);
        auto runOnce = [&] {
            const auto condition = network->encode(input);
            if (composed)
                return model::ddimSampleComposed(network, schedule, model::composedRows(plan, condition), sampling)
                    .motion;
            return model::ddimSample(network, schedule, condition, options.frames, {}, sampling).motion;
        };
        runOnce(); // warm-up: first-touch allocations and thread pool start-up
        std::vector<double> seconds;
        for (int r = 0; r < options.repeats; ++r) {
            const auto start = std::chrono::steady_clock::now();
            runOnce();
            seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
        result.timings.push_back(summariseTiming(batch, std::move(seconds)));
        if (onTiming)
            onTiming(result.timings.back());
    }
    result.peakRssKiB = peakRssKiB();
    return result;
}

} // namespace stepmotion
