// Contrastive training of the text-motion evaluator (`stepmotion train-evaluator`): batches of
// distinct clips, each paired with a caption (even steps) or with its step texts joined (odd
// steps), symmetric InfoNCE, AdamW with warm-up + cosine decay. Scored on the test split.

#include "evaluation/evaluator_support.h"
#include "training/training_inputs.h"
#include "training/training_loop.h"
#include "training/training_set.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/formats/file_paths.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/evaluation/evaluator.h"

#include <torch/torch.h>

#include <chrono>
#include <filesystem>
#include <numeric>

namespace stepmotion {
namespace {

namespace fs = std::filesystem;
using namespace model;

constexpr double kGradientClip = 1.0;

// The ids of a window's text: a caption, or the steps inside the window joined.
struct PairChoice {
    const TrainingClip* clip = nullptr;
    int start = 0, frames = 0;
    std::vector<int> ids;
};

PairChoice choosePair(const TrainingClip& clip, bool useSteps, int maxFrames, int maxTokens, std::mt19937_64& rng)
{
    const auto pick = [&rng](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    PairChoice out;
    out.clip = &clip;
    if (useSteps && !clip.stepLists.empty()) {
        out.frames = std::min(clip.frames, maxFrames);
        out.start = pick(clip.frames - out.frames + 1);
        const auto& list = clip.stepLists[static_cast<std::size_t>(pick(static_cast<int>(clip.stepLists.size())))];
        const auto inside = stepsInWindow(list, out.start / kEvaluatorFps, out.frames / kEvaluatorFps, 64);
        for (const auto& step : inside.steps)
            out.ids.insert(out.ids.end(), step.ids.begin(), step.ids.end());
        if (!out.ids.empty()) {
            out.ids.resize(std::min<std::size_t>(out.ids.size(), static_cast<std::size_t>(maxTokens)));
            return out;
        }
    }
    if (clip.captions.empty()) { // steps only, but none in this window: the whole first list
        out.frames = std::min(clip.frames, maxFrames);
        out.start = 0;
        for (const auto& step : clip.stepLists.front().steps)
            out.ids.insert(out.ids.end(), step.ids.begin(), step.ids.end());
    } else {
        const auto& caption = clip.captions[static_cast<std::size_t>(pick(static_cast<int>(clip.captions.size())))];
        out.frames = std::min(caption.endFrame - caption.firstFrame, maxFrames);
        out.start = caption.firstFrame + pick(caption.endFrame - caption.firstFrame - out.frames + 1);
        out.ids = caption.ids;
    }
    out.ids.resize(std::min<std::size_t>(out.ids.size(), static_cast<std::size_t>(maxTokens)));
    return out;
}

PairTensors toTensors(const std::vector<PairChoice>& pairs, int featureDim)
{
    std::vector<std::vector<int>> ids;
    std::vector<const float*> starts;
    std::vector<int> frames;
    for (const auto& p : pairs) {
        ids.push_back(p.ids);
        starts.push_back(p.clip->features.data() + static_cast<std::ptrdiff_t>(p.start) * featureDim);
        frames.push_back(p.frames);
    }
    return makePairTensors(ids, starts, frames, featureDim);
}

std::vector<std::size_t> usableClips(const TrainingSet& set)
{
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < set.clips().size(); ++i) {
        const auto& c = set.clips()[i];
        bool hasStepText = false;
        for (const auto& list : c.stepLists)
            hasStepText = hasStepText || !list.steps.empty();
        if (!c.captions.empty() || hasStepText)
            out.push_back(i);
    }
    return out;
}

// Ground-truth R-precision of `net` on `set`: first caption (or steps), first window.
RPrecision scoreSet(EvaluatorNet& net, const TrainingSet& set, int& scored)
{
    torch::NoGradGuard noGrad;
    net->eval();
    const auto& c = net->config();
    std::mt19937_64 unused(0);
    Embeddings texts, motions;
    std::vector<PairChoice> chunk;
    const auto flush = [&] {
        if (chunk.empty())
            return;
        const PairTensors t = toTensors(chunk, c.featureDim);
        appendRows(texts, net->embedText(t.ids));
        appendRows(motions, net->embedMotion(t.motion, t.padding));
        chunk.clear();
    };
    for (const std::size_t i : usableClips(set)) {
        const auto& clip = set.clips()[i];
        PairChoice p;
        p.clip = &clip;
        if (!clip.captions.empty()) {
            const auto& caption = clip.captions.front();
            p.start = caption.firstFrame;
            p.frames = std::min(caption.endFrame - caption.firstFrame, c.maxFrames);
            p.ids = caption.ids;
            p.ids.resize(std::min<std::size_t>(p.ids.size(), static_cast<std::size_t>(c.maxTokens)));
        } else {
            p = choosePair(clip, true, c.maxFrames, c.maxTokens, unused);
        }
        chunk.push_back(std::move(p));
        if (chunk.size() == 128)
            flush();
    }
    flush();
    scored = static_cast<int>(texts.size());
    return scored >= 32 ? rPrecision(texts, motions, 32, 1) : RPrecision{};
}

// The InfoNCE loss on `batch` distinct clips (partial Fisher-Yates over `order`: no clip twice,
// so no false negatives).
torch::Tensor batchLoss(EvaluatorNet& net, const TrainingSet& set, std::vector<std::size_t>& order, int batch,
                        bool useSteps, std::mt19937_64& rng)
{
    const auto& config = net->config();
    std::vector<PairChoice> pairs;
    for (int i = 0; i < batch; ++i) {
        std::swap(order[std::size_t(i)], order[std::uniform_int_distribution<std::size_t>(i, order.size() - 1)(rng)]);
        pairs.push_back(choosePair(set.clips()[order[std::size_t(i)]], useSteps, config.maxFrames, config.maxTokens, rng));
    }
    const PairTensors t = toTensors(pairs, config.featureDim);
    net->train();
    return infoNceLoss(net->embedText(t.ids), net->embedMotion(t.motion, t.padding), config.temperature);
}

TrainingLoopSettings loopSettings(const EvaluatorTrainOptions& options, int batch)
{
    TrainingLoopSettings loop;
    loop.steps = options.steps;
    loop.warmupSteps = options.warmupSteps;
    loop.peakLearningRate = options.learningRate;
    loop.reportEvery = options.logEvery;
    loop.samplesPerStep = batch;
    loop.maxMinutes = options.maxMinutes;
    loop.gradientClip = kGradientClip;
    return loop;
}

} // namespace

EvaluatorTrainSummary trainEvaluator(const EvaluatorTrainOptions& options,
                                     const std::function<void(const EvaluatorTrainProgress&)>& progress)
{
    if (options.dataDir.empty() || options.outDir.empty() || options.tokenizerPath.empty())
        throw Error("train-evaluator needs a dataset directory, an output directory and a tokenizer model");
    if (options.steps < 1 || options.batchSize < 2 || options.logEvery < 1 || !(options.learningRate > 0))
        throw Error("train-evaluator: steps >= 1, batch >= 2, log interval >= 1 and learning rate > 0 required");
    const auto started = std::chrono::steady_clock::now();
    const TextTokens text = loadTextTokens(options.tokenizerPath, options.tokenCachePath);
    const TokenizeFunction& tokenize = text.tokenize;
    EvaluatorConfig config;
    config.vocabSize = text.vocabSize;
    const DatasetIndex trainIndex = readDatasetIndex(options.dataDir, "train", options.dataOptions);
    const auto mean = readFeatureStatistic(trainIndex.meanPath, config.featureDim, false);
    const auto stddev = readFeatureStatistic(trainIndex.stdPath, config.featureDim, true);
    const TrainingSet trainSet(trainIndex, mean, stddev, tokenize, setConfigFor(config));
    const std::vector<std::size_t> usable = usableClips(trainSet);
    if (usable.size() < 2)
        throw Error(options.dataDir + ": the train split has fewer than 2 clips with texts");

    makeDirectories(options.outDir);

    torch::manual_seed(options.seed);
    EvaluatorNet net(config);
    net->setStatistics(torch::tensor(mean), torch::tensor(stddev));
    torch::optim::AdamW optimiser(net->parameters(), torch::optim::AdamWOptions(options.learningRate).weight_decay(0.01));
    std::mt19937_64 rng(options.seed);
    const int batch = std::min<int>(options.batchSize, static_cast<int>(usable.size()));

    EvaluatorTrainSummary summary;
    summary.parameters = parameterCount(*net);
    summary.trainClips = static_cast<int>(usable.size());
    std::vector<std::size_t> order = usable;
    TrainingLoopSettings loop = loopSettings(options, batch);
    loop.started = started;
    // Odd steps pair a clip with its steps, even steps with its sentence.
    const auto lossAt = [&](int step) { return batchLoss(net, trainSet, order, batch, step % 2 == 1, rng); };
    const auto onReport = [&](const TrainingLoopReport& r) {
        summary.finalLoss = r.loss;
        if (progress)
            progress({r.step, r.totalSteps, r.loss, r.elapsedSeconds});
    };
    const int step = runTrainingLoop(loop, optimiser, net->parameters(), lossAt, {}, onReport).step;
    net->eval();
    saveEvaluator(options.outDir, net);
    copyFileAtomically(options.tokenizerPath, joinPath(options.outDir, "tokenizer.model"));

    const char* scoreSplit = fs::exists(fs::path(options.dataDir) / "test.txt") ? "test"
                             : fs::exists(fs::path(options.dataDir) / "val.txt") ? "val" : nullptr;
    if (scoreSplit) {
        const DatasetIndex index = readDatasetIndex(options.dataDir, scoreSplit, options.dataOptions);
        const TrainingSet scoreClips(index, mean, stddev, tokenize, setConfigFor(config));
        summary.scores = scoreSet(net, scoreClips, summary.scoredClips);
    }
    summary.step = step;
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

} // namespace stepmotion
