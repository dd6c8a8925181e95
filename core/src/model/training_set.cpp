#include "training_set.h"

#include "stepmotion/core/error.h"
#include "stepmotion/core/npy.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace stepmotion::model {
namespace {

constexpr double kMinStepOverlap = 0.1; // seconds: a step barely inside a crop says nothing about it

int secondsToFrame(double seconds, double fps) { return static_cast<int>(std::lround(seconds * fps)); }

std::vector<float> normalisedFeatures(const DatasetClip& clip, const std::vector<float>& mean,
                                      const std::vector<float>& stddev, int featureDim)
{
    NpyArray array = readNpy(clip.featurePath);
    if (array.shape.size() != 2 || array.shape[1] != static_cast<std::size_t>(featureDim))
        throw fileError(clip.featurePath, "expected a frames x " + std::to_string(featureDim) + " feature array");
    for (std::size_t i = 0; i < array.data.size(); ++i) {
        const std::size_t f = i % static_cast<std::size_t>(featureDim);
        const float value = (array.data[i] - mean[f]) / stddev[f];
        if (!std::isfinite(value))
            throw fileError(clip.featurePath, "holds a NaN or infinite value (frame "
                                                  + std::to_string(i / static_cast<std::size_t>(featureDim)) + ")");
        array.data[i] = value;
    }
    return std::move(array.data);
}

TokenizedStepList tokenizeSteps(const StepList& list, const TokenizeFunction& tokenize)
{
    TokenizedStepList out;
    std::vector<Step> steps = list.steps;
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.start < b.start; });
    for (const auto& step : steps)
        out.steps.push_back({step.start, step.end, tokenize(step.text)});
    return out;
}

} // namespace

TokenizedStepList stepsInWindow(const TokenizedStepList& list, double start, double seconds, int maxSteps)
{
    TokenizedStepList out;
    for (const auto& step : list.steps) {
        const double a = std::max(step.start - start, 0.0);
        const double b = std::min(step.end - start, seconds);
        const double needed = std::min(kMinStepOverlap, std::max(step.end - step.start, 0.0)); // short steps stay
        if (b < a || b - a < needed)
            continue;
        if (static_cast<int>(out.steps.size()) == maxSteps)
            break;
        out.steps.push_back({a, b, step.ids});
    }
    return out;
}

TrainingSet::TrainingSet(const DatasetIndex& index, const std::vector<float>& mean, const std::vector<float>& stddev,
                         const TokenizeFunction& tokenize, const ModelConfig& config)
    : m_config(config)
{
    for (const auto& clip : index.clips) {
        TrainingClip out;
        out.id = clip.id;
        out.features = normalisedFeatures(clip, mean, stddev, config.featureDim);
        out.frames = static_cast<int>(out.features.size() / static_cast<std::size_t>(config.featureDim));
        if (out.frames < 1)
            continue;
        for (const auto& caption : clip.captions) {
            TrainingCaption c;
            c.ids = tokenize(caption.text);
            c.firstFrame = std::clamp(secondsToFrame(caption.start, clip.fps), 0, out.frames - 1);
            c.endFrame = caption.end > 0 ? std::clamp(secondsToFrame(caption.end, clip.fps), c.firstFrame + 1, out.frames)
                                         : out.frames;
            if (!c.ids.empty())
                out.captions.push_back(std::move(c));
        }
        for (const auto& list : clip.stepLists)
            if (!list.list.steps.empty())
                out.stepLists.push_back(tokenizeSteps(list.list, tokenize));
        m_clips.push_back(std::move(out));
    }
}

TrainingBatch TrainingSet::sample(std::mt19937_64& rng, int batchSize, const SamplingPolicy& policy) const
{
    if (m_clips.empty())
        throw Error("training set is empty");
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto pick = [&rng](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    std::vector<Item> items;
    for (int i = 0; i < batchSize; ++i) {
        Item item;
        item.clip = &m_clips[pick(m_clips.size())];
        const auto& clip = *item.clip;
        int first = 0, end = clip.frames;
        if (!clip.captions.empty()) {
            item.caption = &clip.captions[pick(clip.captions.size())];
            first = item.caption->firstFrame;
            end = item.caption->endFrame;
        }
        item.windowFrames = std::min(end - first, m_config.maxFrames);
        item.windowStart = first + static_cast<int>(pick(static_cast<std::size_t>(end - first - item.windowFrames + 1)));
        if (!clip.stepLists.empty())
            item.steps = &clip.stepLists[pick(clip.stepLists.size())];
        // Users write steps without a sentence and vice versa: train both (never drop both here;
        // the fully unconditional case is the loss's own classifier-free dropout).
        const double r = unit(rng);
        if (item.caption && item.steps) {
            if (r < policy.coarseDropout)
                item.caption = nullptr;
            else if (r < policy.coarseDropout + policy.stepsDropout)
                item.steps = nullptr;
        }
        items.push_back(item);
    }
    return assemble(items);
}

TrainingBatch TrainingSet::fixedBatch(int first, int count) const
{
    std::vector<Item> items;
    for (int i = first; i < std::min(first + count, size()); ++i) {
        Item item;
        item.clip = &m_clips[static_cast<std::size_t>(i)];
        if (!item.clip->captions.empty())
            item.caption = &item.clip->captions.front();
        if (!item.clip->stepLists.empty())
            item.steps = &item.clip->stepLists.front();
        item.windowStart = item.caption ? item.caption->firstFrame : 0;
        const int end = item.caption ? item.caption->endFrame : item.clip->frames;
        item.windowFrames = std::min(end - item.windowStart, m_config.maxFrames);
        items.push_back(item);
    }
    if (items.empty())
        throw Error("validation batch is empty");
    return assemble(items);
}

TrainingBatch TrainingSet::assemble(const std::vector<Item>& items) const
{
    const auto batch = static_cast<int64_t>(items.size());
    int64_t longest = 1;
    for (const auto& item : items)
        longest = std::max<int64_t>(longest, item.windowFrames);
    const int64_t f = m_config.featureDim;
    TrainingBatch out;
    out.motion = torch::zeros({batch, longest, f});
    out.framePadding = torch::ones({batch, longest}, torch::TensorOptions().dtype(torch::kBool));
    std::vector<TokenizedStepList> lists;
    float* motion = out.motion.data_ptr<float>();
    for (int64_t b = 0; b < batch; ++b) {
        const Item& item = items[static_cast<std::size_t>(b)];
        const float* source = item.clip->features.data() + static_cast<std::ptrdiff_t>(item.windowStart) * f;
        std::copy(source, source + static_cast<std::ptrdiff_t>(item.windowFrames) * f, motion + b * longest * f);
        out.framePadding[b].slice(0, 0, item.windowFrames).fill_(false);
        TokenizedStepList list;
        if (item.steps)
            list = stepsInWindow(*item.steps, item.windowStart / m_config.fps, item.windowFrames / m_config.fps,
                                 m_config.maxSteps);
        if (item.caption)
            list.coarse = item.caption->ids;
        lists.push_back(std::move(list));
    }
    out.condition = buildConditionInput(lists, m_config);
    return out;
}

} // namespace stepmotion::model
