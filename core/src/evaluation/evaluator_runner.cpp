// TextMotionEvaluator (embedding texts and raw features) and `stepmotion eval`: generate the
// split's (caption, steps) pairs with a model, embed real and generated motions, score them.

#include "evaluation/evaluator_support.h"

#include "stepmotion/core/describer/describer_check.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/evaluation/evaluation.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/formats/npy.h"
#include "stepmotion/core/evaluation/physical_metrics.h"
#include "stepmotion/core/describer/step_describer.h"
#include "stepmotion/core/text/tokenizer.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

namespace stepmotion {

using namespace model;

struct TextMotionEvaluator::Impl {
    EvaluatorNet net{nullptr};
    TokenizeFunction tokenize;
};

TextMotionEvaluator::TextMotionEvaluator(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
TextMotionEvaluator::TextMotionEvaluator(TextMotionEvaluator&&) noexcept = default;
TextMotionEvaluator& TextMotionEvaluator::operator=(TextMotionEvaluator&&) noexcept = default;
TextMotionEvaluator::~TextMotionEvaluator() = default;

TextMotionEvaluator TextMotionEvaluator::load(const std::string& dir)
{
    const auto tokenizer = std::make_shared<Tokenizer>(Tokenizer::load((std::filesystem::path(dir) / "tokenizer.model").string()));
    return load(dir, [tokenizer](const std::string& text) { return tokenizer->encode(text); });
}

TextMotionEvaluator TextMotionEvaluator::load(const std::string& dir, TokenizeFunction tokenize)
{
    auto impl = std::make_unique<Impl>();
    impl->net = loadEvaluator(dir);
    impl->tokenize = std::move(tokenize);
    return TextMotionEvaluator(std::move(impl));
}

int TextMotionEvaluator::embeddingDim() const { return m_impl->net->config().embedDim; }

Embeddings TextMotionEvaluator::embedTexts(const std::vector<std::string>& texts) const
{
    const auto& c = m_impl->net->config();
    Embeddings out;
    c10::InferenceMode inference;
    for (std::size_t first = 0; first < texts.size(); first += 128) {
        std::vector<std::vector<int>> ids;
        for (std::size_t i = first; i < std::min(texts.size(), first + 128); ++i) {
            auto row = m_impl->tokenize(texts[i]);
            if (row.empty())
                throw Error("evaluator: text " + std::to_string(i) + " is empty");
            for (const int id : row)
                if (id < 0 || id >= c.vocabSize)
                    throw Error("evaluator: token id " + std::to_string(id) + " outside the evaluator's vocabulary");
            row.resize(std::min<std::size_t>(row.size(), static_cast<std::size_t>(c.maxTokens)));
            ids.push_back(std::move(row));
        }
        appendRows(out, m_impl->net->embedText(makePairTensors(ids, {}, {}, c.featureDim).ids));
    }
    return out;
}

Embeddings TextMotionEvaluator::embedMotions(const std::vector<FeatureClip>& motions) const
{
    const auto& c = m_impl->net->config();
    Embeddings out;
    c10::InferenceMode inference;
    for (std::size_t first = 0; first < motions.size(); first += 64) {
        std::vector<const float*> starts;
        std::vector<int> frames;
        std::vector<std::vector<int>> noText;
        for (std::size_t i = first; i < std::min(motions.size(), first + 64); ++i) {
            if (motions[i].frames < 1 || motions[i].values.size() != std::size_t(motions[i].frames) * c.featureDim)
                throw Error("evaluator: motion " + std::to_string(i) + " has no frames or not " +
                            std::to_string(c.featureDim) + " values per frame");
            starts.push_back(motions[i].values.data());
            frames.push_back(std::min(motions[i].frames, c.maxFrames));
            noText.emplace_back();
        }
        const PairTensors t = makePairTensors(noText, starts, frames, c.featureDim);
        const auto normalised = m_impl->net->normalise(t.motion).masked_fill(t.padding.unsqueeze(-1), 0.0);
        appendRows(out, m_impl->net->embedMotion(normalised, t.padding));
    }
    return out;
}

std::string evaluatorText(const StepList& steps)
{
    if (steps.coarse.find_first_not_of(" \t\r\n") != std::string::npos)
        return steps.coarse;
    std::vector<Step> sorted = steps.steps;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Step& a, const Step& b) { return a.start < b.start; });
    std::string out;
    for (const auto& step : sorted)
        out += (out.empty() ? "" : " ") + step.text;
    return out;
}

double stepSatisfactionRate(const std::vector<StepList>& requests, const std::vector<FeatureClip>& motions)
{
    if (requests.size() != motions.size())
        throw Error("step satisfaction: " + std::to_string(requests.size()) + " requests for " +
                    std::to_string(motions.size()) + " motions");
    int asked = 0, met = 0;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        if (requests[i].steps.empty())
            continue;
        const MotionDescription d = analyseMotion(decodeFeatures(motions[i]));
        for (const Step& wanted : requests[i].steps) {
            const auto groups = describerBodyPartGroups(wanted);
            if (groups.empty())
                continue;
            std::set<std::string> tagged;
            for (const DescribedStep& s : d.steps)
                if (s.rule != "still" && s.step.start < wanted.end + 0.25 && s.step.end > wanted.start - 0.25)
                    for (const auto& g : describerBodyPartGroups(s.step))
                        tagged.insert(g);
            ++asked;
            met += std::all_of(groups.begin(), groups.end(), [&](const std::string& g) { return tagged.count(g) > 0; });
        }
    }
    return asked > 0 ? double(met) / asked : std::nan("");
}

namespace {

// One scored pair: what the model is asked for and the real motion it came from.
struct EvalItem {
    std::string text;      // what the evaluator embeds
    StepList request;      // coarse + steps shifted into the window
    FeatureClip real;      // raw features of the window
};

std::vector<EvalItem> evalItems(const EvalOptions& o, int maxFrames, int maxSteps)
{
    const DatasetIndex index = readDatasetIndex(o.dataDir, o.split, o.dataOptions);
    std::vector<EvalItem> out;
    for (const auto& clip : index.clips) {
        if (o.limit > 0 && static_cast<int>(out.size()) >= o.limit)
            break;
        EvalItem item;
        double start = 0, end = clip.seconds();
        if (!clip.captions.empty()) {
            const auto& caption = clip.captions.front();
            item.request.coarse = caption.text;
            start = std::clamp(caption.start, 0.0, end);
            end = caption.end > start ? std::min(caption.end, end) : end;
        }
        end = std::min(end, start + maxFrames / kEvaluatorFps);
        for (const auto& list : clip.stepLists)
            if (!list.list.steps.empty()) {
                for (const Step& step : list.list.steps)
                    if (step.end > start && step.start < end && static_cast<int>(item.request.steps.size()) < maxSteps) {
                        Step shifted = step;
                        shifted.start = std::max(step.start, start) - start;
                        shifted.end = std::min(step.end, end) - start;
                        item.request.steps.push_back(shifted);
                    }
                break;
            }
        item.text = evaluatorText(item.request);
        if (item.text.empty())
            continue;
        const NpyArray features = readNpy(clip.featurePath);
        const int first = static_cast<int>(std::lround(start * kEvaluatorFps));
        const int frames = std::min(static_cast<int>(features.shape.empty() ? 0 : features.shape[0]) - first,
                                    static_cast<int>(std::lround((end - start) * kEvaluatorFps)));
        if (features.shape.size() != 2 || features.shape[1] != std::size_t(kFeatureDim) || frames < 1)
            throw fileError(clip.featurePath, "expected a frames x 263 feature array covering the caption");
        item.real = FeatureClip(frames);
        std::copy_n(features.data.begin() + static_cast<std::ptrdiff_t>(first) * kFeatureDim, item.real.values.size(),
                    item.real.values.begin());
        out.push_back(std::move(item));
    }
    if (out.size() < 2)
        throw Error(o.dataDir + ": the " + o.split + " split has fewer than 2 clips with texts to evaluate");
    return out;
}

double stepSatisfaction(const std::vector<EvalItem>& items, const std::vector<FeatureClip>& motions)
{
    std::vector<StepList> requests;
    for (const auto& item : items)
        requests.push_back(item.request);
    return stepSatisfactionRate(requests, motions);
}

// The physical figures of clips decoded to joints; clips too short for jerk are left out
// (clips = 0 when none is long enough).
PhysicalSummary physicalSummary(const std::vector<FeatureClip>& motions)
{
    std::vector<PhysicalMetrics> clips;
    for (const auto& motion : motions)
        if (motion.frames >= 4)
            clips.push_back(measurePhysical(decodeFeatures(motion)));
    return summarisePhysical(clips);
}

void setPhysicalFigures(EvalMetrics& m, const PhysicalSummary& s)
{
    if (s.clips == 0)
        return;
    m.meanJerk = s.meanJerk.mean;
    m.seamPhaseRatio = s.pooledSeamPhaseRatio;
    m.footSkating = s.footSkating.mean;
    m.boneLengthStdMm = 1000.0 * s.boneLengthStdMax.mean;
    m.floorPenetrationCm = 100.0 * s.floorPenetration.mean;
    m.airborneHeight = s.airborneHeight.mean;
}

EvalMetrics scoreRepeat(const Embeddings& texts, const Embeddings& real, const Embeddings& motions, uint64_t seed)
{
    EvalMetrics m;
    if (texts.size() >= 32) {
        const RPrecision r = rPrecision(texts, motions, 32, seed);
        m.top1 = r.top1;
        m.top2 = r.top2;
        m.top3 = r.top3;
        m.mmDist = r.mmDist;
    } else { // too few pairs for a batch of 32: MM-Dist only
        m.top1 = m.top2 = m.top3 = std::nan("");
        m.mmDist = 0;
        for (std::size_t i = 0; i < texts.size(); ++i) {
            double sum = 0;
            for (std::size_t k = 0; k < texts[i].size(); ++k)
                sum += double(texts[i][k] - motions[i][k]) * double(texts[i][k] - motions[i][k]);
            m.mmDist += std::sqrt(sum) / double(texts.size());
        }
    }
    m.fid = frechetDistance(real, motions);
    m.diversity = diversity(motions, 300, seed);
    return m;
}

std::vector<FeatureClip> generateAll(const MotionGenerator& generator, const std::vector<EvalItem>& items,
                                     const EvalOptions& o, uint64_t seed, int repeat,
                                     const std::function<void(const EvalProgress&)>& progress)
{
    std::vector<FeatureClip> out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        GenerationRequest request;
        request.steps = items[i].request;
        request.frames = items[i].real.frames;
        request.seed = seed + i;
        request.samplingSteps = o.samplingSteps;
        request.sampler = o.sampler;
        request.guidanceScale = o.guidanceScale;
        request.composition = o.composition;
        request.shiftPatchGrid = o.shiftPatchGrid;
        out.push_back(std::move(generator.generate(request).motions.front()));
        if (progress)
            progress({repeat + 1, o.repeats, static_cast<int>(i + 1), static_cast<int>(items.size())});
    }
    return out;
}

// What every model row is scored against.
struct EvalContext {
    const EvalOptions& options;
    TextMotionEvaluator evaluator;
    std::vector<EvalItem> items;
    Embeddings textEmb, realEmb;
};

// One model's row: `repeats` generations of every item, scored like the ground truth.
EvalRow evaluateModel(const MotionGenerator& generator, const std::string& name, const EvalContext& c,
                      const std::function<void(const EvalProgress&)>& progress)
{
    const EvalOptions& o = c.options;
    EvalRow model{name, {}};
    for (int r = 0; r < o.repeats; ++r) {
        const uint64_t seed = o.seed + 1000003ULL * static_cast<uint64_t>(r);
        const std::vector<FeatureClip> generated = generateAll(generator, c.items, o, seed, r, progress);
        EvalMetrics m = scoreRepeat(c.textEmb, c.realEmb, c.evaluator.embedMotions(generated), seed);
        if (o.stepSatisfaction)
            m.stepSatisfaction = stepSatisfaction(c.items, generated);
        setPhysicalFigures(m, physicalSummary(generated));
        if (o.multimodalityClips > 0) { // 10 variants of one request come from a single batched call
            std::vector<Embeddings> groups;
            for (std::size_t i = 0; i < std::min<std::size_t>(c.items.size(), std::size_t(o.multimodalityClips)); ++i) {
                GenerationRequest request;
                request.steps = c.items[i].request;
                request.frames = c.items[i].real.frames;
                request.seed = seed + 7777 + i * 16;
                request.samplingSteps = o.samplingSteps;
                request.sampler = o.sampler;
                request.guidanceScale = o.guidanceScale;
                request.composition = o.composition;
                request.shiftPatchGrid = o.shiftPatchGrid;
        request.composition = o.composition;
        request.shiftPatchGrid = o.shiftPatchGrid;
                request.variants = 10;
                groups.push_back(c.evaluator.embedMotions(generator.generate(request).motions));
            }
            m.multimodality = multimodality(groups, 10, seed);
        }
        model.repeats.push_back(m);
    }
    return model;
}

std::string rowName(const std::string& dir, const std::string& given)
{
    const std::string name = given.empty() ? std::filesystem::path(dir).filename().string() : given;
    return name.empty() ? dir : name;
}

} // namespace

std::vector<EvalRow> runEvaluation(const EvalOptions& o, const std::function<void(const EvalProgress&)>& progress)
{
    if (o.repeats < 1 || o.samplingSteps < 1 || o.limit < 0)
        throw Error("eval: repeats and sampling steps must be at least 1, limit at least 0");
    std::vector<std::pair<std::string, std::string>> models; // directory, row name
    if (!o.modelDir.empty())
        models.emplace_back(o.modelDir, rowName(o.modelDir, o.modelName));
    for (const auto& dir : o.moreModelDirs)
        models.emplace_back(dir, rowName(dir, {}));
    // Loaded up front: a bad directory fails before any generation, and maxFrames/maxSteps
    // (the smallest over the models) decide the items every model is scored on.
    std::vector<MotionGenerator> generators;
    int maxFrames = kMaxFrames, maxSteps = 1000;
    for (const auto& model : models) {
        generators.push_back(MotionGenerator::load(model.first));
        maxFrames = std::min(maxFrames, generators.back().maxFrames());
        maxSteps = std::min(maxSteps, generators.back().maxSteps());
    }
    EvalContext c{o, TextMotionEvaluator::load(o.evaluatorDir), evalItems(o, maxFrames, maxSteps), {}, {}};
    std::vector<std::string> texts;
    std::vector<FeatureClip> real;
    for (const auto& item : c.items) {
        texts.push_back(item.text);
        real.push_back(item.real);
    }
    c.textEmb = c.evaluator.embedTexts(texts);
    c.realEmb = c.evaluator.embedMotions(real);
    const double realSatisfaction = o.stepSatisfaction ? stepSatisfaction(c.items, real) : std::nan("");
    const PhysicalSummary realPhysical = physicalSummary(real); // the same clips in every repeat
    EvalRow truth{"Ground truth", {}};
    for (int r = 0; r < o.repeats; ++r) {
        EvalMetrics gt = scoreRepeat(c.textEmb, c.realEmb, c.realEmb, o.seed + 1000003ULL * static_cast<uint64_t>(r));
        gt.stepSatisfaction = realSatisfaction;
        setPhysicalFigures(gt, realPhysical);
        truth.repeats.push_back(gt);
    }
    std::vector<EvalRow> rows{truth};
    for (std::size_t m = 0; m < generators.size(); ++m)
        rows.push_back(evaluateModel(generators[m], models[m].second, c, progress));
    return rows;
}

} // namespace stepmotion
