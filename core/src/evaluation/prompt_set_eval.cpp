// Scoring a composite prompt set: every model generates every prompt once per repeat; each
// prompt group gets the describer's step satisfaction and two evaluator scores that work on
// groups far smaller than R-precision's batch of 32 (matched cosine, top-3 among all texts).

#include "stepmotion/core/evaluation/composite_prompts.h"

#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace stepmotion {

namespace {

const char* const kGroupOrder[] = {"basic-seen",   "basic-unseen",  "spatial-seen",    "spatial-unseen",
                                   "chrono-seen",  "chrono-unseen", "composite-unseen"};

double dot(const std::vector<float>& a, const std::vector<float>& b)
{
    double sum = 0;
    for (std::size_t k = 0; k < a.size(); ++k)
        sum += double(a[k]) * double(b[k]);
    return sum;
}

// Per prompt: cosine with its own text, and whether that text is among the 3 nearest of all.
struct PromptScore {
    double cosine = 0;
    bool top3 = false;
};

std::vector<PromptScore> scorePrompts(const Embeddings& texts, const Embeddings& motions)
{
    std::vector<PromptScore> out;
    for (std::size_t i = 0; i < motions.size(); ++i) {
        PromptScore s;
        s.cosine = dot(texts[i], motions[i]); // both unit length
        int closer = 0;
        for (std::size_t t = 0; t < texts.size(); ++t)
            closer += t != i && dot(texts[t], motions[i]) > s.cosine;
        s.top3 = closer < 3;
        out.push_back(s);
    }
    return out;
}

std::vector<FeatureClip> generateSet(const PromptSet& set, const MotionGenerator& generator,
                                     const PromptSetEvalOptions& o, int model, int repeat,
                                     const PromptSetProgress& progress)
{
    std::vector<FeatureClip> out;
    for (std::size_t i = 0; i < set.prompts.size(); ++i) {
        GenerationRequest request;
        request.steps = set.prompts[i].steps;
        request.frames = std::min(framesForSteps(request.steps), generator.maxFrames());
        request.seed = o.seed + 1000003ULL * static_cast<uint64_t>(repeat) + i;
        request.samplingSteps = o.samplingSteps;
        request.guidanceScale = o.guidanceScale;
        out.push_back(std::move(generator.generate(request).motions.front()));
        if (progress)
            progress(model, repeat, static_cast<int>(i + 1), static_cast<int>(set.prompts.size()));
    }
    return out;
}

std::vector<PromptGroupMetrics> scoreGroups(const PromptSet& set, const std::vector<FeatureClip>& motions,
                                            const std::vector<PromptScore>& scores)
{
    std::map<std::string, std::vector<std::size_t>> members;
    for (std::size_t i = 0; i < set.prompts.size(); ++i)
        for (const auto& g : promptGroups(set.prompts[i]))
            members[g].push_back(i);
    std::vector<PromptGroupMetrics> out;
    for (const char* group : kGroupOrder) {
        const auto it = members.find(group);
        if (it == members.end())
            continue;
        PromptGroupMetrics m;
        m.group = group;
        m.prompts = static_cast<int>(it->second.size());
        std::vector<StepList> requests;
        std::vector<FeatureClip> clips;
        for (const std::size_t i : it->second) {
            requests.push_back(set.prompts[i].steps);
            clips.push_back(motions[i]);
            m.matchedCosine += scores[i].cosine / m.prompts;
            m.top3 += (scores[i].top3 ? 1.0 : 0.0) / m.prompts;
        }
        m.stepSatisfaction = stepSatisfactionRate(requests, clips);
        out.push_back(m);
    }
    return out;
}

} // namespace

std::vector<PromptSetRow> evaluatePromptSet(const PromptSet& set, const TextMotionEvaluator& evaluator,
                                            const std::vector<NamedGenerator>& generators,
                                            const PromptSetEvalOptions& o, const PromptSetProgress& progress)
{
    if (set.prompts.empty() || generators.empty())
        throw Error("prompt-set eval: needs at least one prompt and one model");
    if (o.repeats < 1 || o.samplingSteps < 1)
        throw Error("prompt-set eval: repeats and sampling steps must be at least 1");
    std::vector<std::string> texts;
    for (const auto& p : set.prompts)
        texts.push_back(evaluatorText(p.steps));
    const Embeddings textEmb = evaluator.embedTexts(texts);
    std::vector<PromptSetRow> rows;
    for (std::size_t m = 0; m < generators.size(); ++m) {
        if (!generators[m].generator)
            throw Error("prompt-set eval: model '" + generators[m].name + "' is not loaded");
        PromptSetRow row{generators[m].name, {}};
        for (int r = 0; r < o.repeats; ++r) {
            const auto motions = generateSet(set, *generators[m].generator, o, static_cast<int>(m), r, progress);
            row.repeats.push_back(scoreGroups(set, motions, scorePrompts(textEmb, evaluator.embedMotions(motions))));
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace stepmotion
