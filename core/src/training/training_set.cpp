#include "training/training_set.h"

#include "training/step_paraphrases.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/formats/npy.h"

#include <torch/torch.h>

#include <algorithm>
#include <set>
#include <map>
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

// Thresholds for "the figure stands still": the root neither travels nor turns and both feet
// are planted, for at least a second. Loose enough for the sway of a standing person.
constexpr double kStillRootSpeed = 0.1;  // m/s
constexpr double kStillTurnRate = 0.3;   // rad/s
constexpr double kMinStillSeconds = 1.0;
constexpr double kStillConflict = 0.25;  // a leg or whole-body step covering this much of a run vetoes it

bool movesLegs(const Step& step)
{
    for (const BodyPart part : step.bodyParts)
        if (part == BodyPart::LeftLeg || part == BodyPart::RightLeg || part == BodyPart::WholeBody)
            return true;
    return false;
}

// Runs of frames (start, end) in which the de-normalised features say the figure stands still.
std::vector<std::pair<int, int>> stillRuns(const std::vector<float>& normalised, const std::vector<float>& mean,
                                           const std::vector<float>& stddev, int frames, const ModelConfig& config)
{
    const auto raw = [&](int t, int d) {
        const auto f = static_cast<std::size_t>(d);
        return normalised[static_cast<std::size_t>(t) * static_cast<std::size_t>(config.featureDim) + f] * stddev[f] + mean[f];
    };
    std::vector<std::pair<int, int>> runs;
    const int minFrames = static_cast<int>(std::lround(kMinStillSeconds * config.fps));
    int start = -1;
    for (int t = 0; t <= frames; ++t) {
        bool still = false;
        if (t < frames && config.featureDim >= 263) {
            const double speed = std::hypot(raw(t, 1), raw(t, 2)) * config.fps;
            const double turn = std::abs(raw(t, 0)) * config.fps;
            const bool left = raw(t, 259) > 0.5 || raw(t, 260) > 0.5;
            const bool right = raw(t, 261) > 0.5 || raw(t, 262) > 0.5;
            still = speed < kStillRootSpeed && turn < kStillTurnRate && left && right;
        }
        if (still && start < 0)
            start = t;
        if (!still && start >= 0) {
            if (t - start >= minFrames)
                runs.emplace_back(start, t);
            start = -1;
        }
    }
    return runs;
}

// The list with "Stand still." on the legs over each still run that no leg step already describes.
StepList withStandStillSteps(StepList list, const std::vector<std::pair<int, int>>& runs, double fps)
{
    for (const auto& [first, end] : runs) {
        const double a = first / fps, b = end / fps;
        bool described = false;
        for (const auto& step : list.steps)
            described = described
                        || (movesLegs(step) && std::min(b, step.end) - std::max(a, step.start) > kStillConflict * (b - a));
        if (!described)
            list.steps.push_back({a, b, {BodyPart::LeftLeg, BodyPart::RightLeg}, standStillWordings().front()});
    }
    return list;
}

// Steps by start time, with the token ids of every wording of each.
void tokenizeSteps(const StepList& list, const TokenizeFunction& tokenize, bool paraphrases, TrainingClip& clip)
{
    TokenizedStepList out;
    std::vector<StepWordings> wordings;
    std::vector<Step> steps = list.steps;
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.start < b.start; });
    for (const auto& step : steps) {
        StepWordings ids;
        if (step.text == standStillWordings().front())
            for (const auto& text : standStillWordings())
                ids.push_back(tokenize(text));
        else if (paraphrases)
            for (const auto& text : stepParaphrases(step.text))
                ids.push_back(tokenize(text));
        else
            ids.push_back(tokenize(step.text));
        out.steps.push_back({step.start, step.end, ids.front()});
        wordings.push_back(std::move(ids));
    }
    clip.stepLists.push_back(std::move(out));
    clip.stepWordings.push_back(std::move(wordings));
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
                         const TokenizeFunction& tokenize, const ModelConfig& config, const TrainingTextOptions& text)
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
        const auto runs = text.standStillSteps ? stillRuns(out.features, mean, stddev, out.frames, config)
                                               : std::vector<std::pair<int, int>>{};
        for (const auto& list : clip.stepLists) {
            if (list.list.steps.empty())
                continue;
            tokenizeSteps(runs.empty() ? list.list : withStandStillSteps(list.list, runs, config.fps), tokenize,
                          text.paraphrases, out);
        }
        if (clip.stepLists.empty() && !runs.empty())
            tokenizeSteps(withStandStillSteps({}, runs, config.fps), tokenize, text.paraphrases, out);
        m_clips.push_back(std::move(out));
    }
    for (std::size_t i = 0; i < m_clips.size(); ++i)
        if (!m_clips[i].stepLists.empty() && m_clips[i].frames >= std::lround(2.0 * config.fps))
            m_chainable.push_back(i);
    m_rarest = rarestStepTextCounts(m_clips);
}

TokenizedStepList TrainingSet::chooseWordings(const TrainingClip& clip, std::size_t list, std::mt19937_64* rng,
                                              double chance) const
{
    TokenizedStepList out = clip.stepLists[list];
    if (!rng || chance <= 0)
        return out;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto& wordings = clip.stepWordings[list];
    for (std::size_t k = 0; k < out.steps.size(); ++k) {
        const auto& ids = wordings[k];
        if (ids.size() > 1 && unit(*rng) < chance)
            out.steps[k].ids = ids[1 + std::uniform_int_distribution<std::size_t>(0, ids.size() - 2)(*rng)];
    }
    return out;
}

std::vector<int> rarestStepTextCounts(const std::vector<TrainingClip>& clips)
{
    std::map<std::vector<int>, int> clipsWith; // a step text's ids -> clips holding it
    for (const auto& clip : clips) {
        std::set<std::vector<int>> texts;
        for (const auto& list : clip.stepWordings)
            for (const auto& wordings : list)
                texts.insert(wordings.front());
        for (const auto& t : texts)
            ++clipsWith[t];
    }
    int commonest = 1;
    for (const auto& entry : clipsWith)
        commonest = std::max(commonest, entry.second);
    std::vector<int> out;
    for (const auto& clip : clips) {
        int rarest = commonest;
        for (const auto& list : clip.stepWordings)
            for (const auto& wordings : list)
                rarest = std::min(rarest, clipsWith[wordings.front()]);
        out.push_back(rarest);
    }
    return out;
}

std::vector<double> balancedClipWeights(const std::vector<int>& rarest, double exponent)
{
    std::vector<double> out;
    for (const int n : rarest)
        out.push_back(std::pow(1.0 / std::max(n, 1), exponent));
    return out;
}

TokenizedStepList captionAsStep(const TrainingCaption& caption, int windowStart, int windowFrames, double fps)
{
    TokenizedStepList list;
    list.steps.push_back({windowStart / fps, (windowStart + windowFrames) / fps, caption.ids});
    return list;
}

TrainingSet::Item TrainingSet::chainedItem(std::mt19937_64& rng, const SamplingPolicy& policy) const
{
    const auto pick = [&rng](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    const auto between = [&rng](int a, int b) { return std::uniform_int_distribution<int>(a, std::max(a, b))(rng); };
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const int minChained = static_cast<int>(std::lround(2.0 * m_config.fps)); // each part at least 2 s
    const int room = m_config.maxFrames + kChainOverlapFrames;
    // Two clips with steps, each a random window of at least 2 s, together at most maxFrames.
    const TrainingClip& a = m_clips[m_chainable[pick(m_chainable.size())]];
    const TrainingClip& b = m_clips[m_chainable[pick(m_chainable.size())]];
    const int lengthA = between(minChained, std::min(a.frames, room - minChained));
    const int lengthB = between(minChained, std::min(b.frames, room - lengthA));
    Item item;
    for (const auto& [clip, length] : {std::pair{&a, lengthA}, std::pair{&b, lengthB}}) {
        Segment segment;
        segment.clip = clip;
        segment.windowFrames = length;
        segment.windowStart = between(0, clip->frames - length);
        segment.steps = chooseWordings(*clip, pick(clip->stepLists.size()), &rng, policy.paraphraseChance);
        if (policy.captionSteps > 0) {
            std::vector<const TrainingCaption*> covering;
            for (const auto& caption : clip->captions)
                if (caption.firstFrame <= segment.windowStart && caption.endFrame >= segment.windowStart + length)
                    covering.push_back(&caption);
            if (!covering.empty() && unit(rng) < policy.captionSteps)
                segment.steps = captionAsStep(*covering[pick(covering.size())], segment.windowStart, length, m_config.fps);
        }
        item.segments.push_back(std::move(segment));
    }
    return item;
}

TrainingBatch TrainingSet::sample(std::mt19937_64& rng, int batchSize, const SamplingPolicy& policy) const
{
    if (m_clips.empty())
        throw Error("training set is empty");
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto pick = [&rng](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    const int minChained = static_cast<int>(std::lround(2.0 * m_config.fps)); // each part at least 2 s
    const auto weights = policy.balanceSteps > 0 ? balancedClipWeights(m_rarest, policy.balanceSteps)
                                                 : std::vector<double>{1.0};
    std::discrete_distribution<std::size_t> balanced(weights.begin(), weights.end());
    std::vector<Item> items;
    for (int i = 0; i < batchSize; ++i) {
        Item item;
        const int room = m_config.maxFrames + kChainOverlapFrames;
        if (policy.chainChance > 0 && !m_chainable.empty() && room >= 2 * minChained && unit(rng) < policy.chainChance) {
            items.push_back(chainedItem(rng, policy));
            continue;
        }
        Segment segment;
        segment.clip = &m_clips[policy.balanceSteps > 0 ? balanced(rng) : pick(m_clips.size())];
        const auto& clip = *segment.clip;
        int first = 0, end = clip.frames;
        if (!clip.captions.empty()) {
            item.caption = &clip.captions[pick(clip.captions.size())];
            first = item.caption->firstFrame;
            end = item.caption->endFrame;
        }
        segment.windowFrames = std::min(end - first, m_config.maxFrames);
        segment.windowStart = first + static_cast<int>(pick(static_cast<std::size_t>(end - first - segment.windowFrames + 1)));
        if (policy.captionSteps > 0 && item.caption && unit(rng) < policy.captionSteps) {
            // The caption becomes the step; as the sentence too it would only say the same.
            segment.steps = captionAsStep(*item.caption, segment.windowStart, segment.windowFrames, m_config.fps);
            item.caption = nullptr;
        } else if (!clip.stepLists.empty()) {
            segment.steps = chooseWordings(clip, pick(clip.stepLists.size()), &rng, policy.paraphraseChance);
        }
        // Users write steps without a sentence and vice versa: train both (never drop both here;
        // the fully unconditional case is the loss's own classifier-free dropout).
        const double r = unit(rng);
        if (item.caption && segment.steps) {
            if (r < policy.coarseDropout)
                item.caption = nullptr;
            else if (r < policy.coarseDropout + policy.stepsDropout)
                segment.steps.reset();
        }
        item.segments.push_back(std::move(segment));
        items.push_back(std::move(item));
    }
    return assemble(items);
}

TrainingBatch TrainingSet::fixedBatch(int first, int count) const
{
    std::vector<Item> items;
    for (int i = first; i < std::min(first + count, size()); ++i) {
        Item item;
        Segment segment;
        segment.clip = &m_clips[static_cast<std::size_t>(i)];
        if (!segment.clip->captions.empty())
            item.caption = &segment.clip->captions.front();
        if (!segment.clip->stepLists.empty())
            segment.steps = segment.clip->stepLists.front();
        segment.windowStart = item.caption ? item.caption->firstFrame : 0;
        const int end = item.caption ? item.caption->endFrame : segment.clip->frames;
        segment.windowFrames = std::min(end - segment.windowStart, m_config.maxFrames);
        item.segments.push_back(std::move(segment));
        items.push_back(std::move(item));
    }
    if (items.empty())
        throw Error("validation batch is empty");
    return assemble(items);
}

namespace {

// `frames` feature rows of `source` written from `target` on, the first `overlap` of them
// crossfaded from what the previous window left there into this one.
void writeWindow(float* target, const float* source, int frames, int overlap, int64_t f)
{
    for (int t = 0; t < frames; ++t) {
        float* out = target + static_cast<std::ptrdiff_t>(t) * f;
        const float* frame = source + static_cast<std::ptrdiff_t>(t) * f;
        if (t < overlap) {
            const float w = float(t + 1) / float(overlap + 1);
            for (int64_t d = 0; d < f; ++d)
                out[d] = (1 - w) * out[d] + w * frame[d];
        } else {
            std::copy(frame, frame + f, out);
        }
    }
}

} // namespace

TrainingBatch TrainingSet::assemble(const std::vector<Item>& items) const
{
    const auto batch = static_cast<int64_t>(items.size());
    const auto itemFrames = [](const Item& item) {
        int frames = 0;
        for (std::size_t k = 0; k < item.segments.size(); ++k)
            frames += item.segments[k].windowFrames - (k > 0 ? kChainOverlapFrames : 0);
        return frames;
    };
    int64_t longest = 1;
    for (const auto& item : items)
        longest = std::max<int64_t>(longest, itemFrames(item));
    const int64_t f = m_config.featureDim;
    TrainingBatch out;
    out.motion = torch::zeros({batch, longest, f});
    out.framePadding = torch::ones({batch, longest}, torch::TensorOptions().dtype(torch::kBool));
    std::vector<TokenizedStepList> lists;
    float* motion = out.motion.data_ptr<float>();
    for (int64_t b = 0; b < batch; ++b) {
        const Item& item = items[static_cast<std::size_t>(b)];
        float* row = motion + b * longest * f;
        TokenizedStepList list;
        int at = 0; // first frame of the current segment in the item
        for (std::size_t k = 0; k < item.segments.size(); ++k) {
            const Segment& segment = item.segments[k];
            const float* source = segment.clip->features.data() + static_cast<std::ptrdiff_t>(segment.windowStart) * f;
            const int overlap = k > 0 ? kChainOverlapFrames : 0;
            at -= overlap;
            writeWindow(row + static_cast<std::ptrdiff_t>(at) * f, source, segment.windowFrames, overlap, f);
            if (segment.steps) {
                const double shift = at / m_config.fps;
                const auto windowed = stepsInWindow(*segment.steps, segment.windowStart / m_config.fps,
                                                    segment.windowFrames / m_config.fps, m_config.maxSteps);
                for (auto step : windowed.steps) {
                    if (static_cast<int>(list.steps.size()) == m_config.maxSteps)
                        break;
                    step.start += shift;
                    step.end += shift;
                    list.steps.push_back(std::move(step));
                }
            }
            at += segment.windowFrames;
        }
        out.framePadding[b].slice(0, 0, at).fill_(false);
        std::stable_sort(list.steps.begin(), list.steps.end(),
                         [](const TokenizedStep& x, const TokenizedStep& y) { return x.start < y.start; });
        if (item.caption)
            list.coarse = item.caption->ids;
        lists.push_back(std::move(list));
    }
    out.condition = buildConditionInput(lists, m_config);
    return out;
}

} // namespace stepmotion::model
