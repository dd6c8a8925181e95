#include "step_composition.h"

#include "stepmotion/core/error.h"
#include "stepmotion/core/motion.h"
#include "stepmotion/core/skeleton.h"

#include <torch/torch.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace stepmotion::model {
namespace {

// Weight of a step's row on the dimensions of body parts it does not name: small, so the named
// parts follow their own step, but not zero, so that parts no active step names follow the
// active steps rather than the whole request (arms stay still while the legs "stand still").
constexpr double kOtherPartsWeight = 0.02;
// Weight of the whole request where a step is active: it only breaks ties.
constexpr double kRequestWeight = 1e-3;

// HumanML3D's feature layout (feature_codec.h).
constexpr int kRicStart = 4, kRotStart = 67, kVelStart = 193, kContactStart = 259;

void addJoint(std::vector<int>& dims, int joint)
{
    if (joint > 0) {
        for (int k = 0; k < 3; ++k)
            dims.push_back(kRicStart + (joint - 1) * 3 + k);
        for (int k = 0; k < 6; ++k)
            dims.push_back(kRotStart + (joint - 1) * 6 + k);
    }
    for (int k = 0; k < 3; ++k)
        dims.push_back(kVelStart + joint * 3 + k);
}

std::vector<int> jointsOf(BodyPart part)
{
    switch (part) {
    case BodyPart::Head: return {Neck, Head};
    case BodyPart::Torso: return {Spine1, Spine2, Spine3};
    case BodyPart::LeftArm:
    case BodyPart::LeftHand: return {LeftCollar, LeftShoulder, LeftElbow, LeftWrist};
    case BodyPart::RightArm:
    case BodyPart::RightHand: return {RightCollar, RightShoulder, RightElbow, RightWrist};
    case BodyPart::LeftLeg: return {Pelvis, LeftHip, LeftKnee, LeftAnkle, LeftFoot};
    case BodyPart::RightLeg: return {Pelvis, RightHip, RightKnee, RightAnkle, RightFoot};
    case BodyPart::WholeBody: break;
    }
    std::vector<int> all(kJointCount);
    for (int j = 0; j < kJointCount; ++j)
        all[static_cast<std::size_t>(j)] = j;
    return all;
}

// 1 inside [start, end], 0 outside, a linear crossfade of `fade` seconds centred on each edge
// that is inside the clip (a step that starts at 0 or ends at the clip's end has no fade there).
double spanWeight(double t, double start, double end, double clipEnd, double fade)
{
    const double half = 0.5 * fade;
    const auto ramp = [half](double inside) { return half <= 0 ? (inside >= 0 ? 1.0 : 0.0) : std::clamp(0.5 + inside / (2 * half), 0.0, 1.0); };
    const double in = start <= 0 ? 1.0 : ramp(t - start);
    const double out = end >= clipEnd ? 1.0 : ramp(end - t);
    return std::min(in, out);
}

} // namespace

std::vector<int> featureDimsOf(BodyPart part)
{
    std::vector<int> dims;
    if (part == BodyPart::WholeBody) {
        for (int d = 0; d < kFeatureDim; ++d)
            dims.push_back(d);
        return dims;
    }
    for (const int joint : jointsOf(part))
        addJoint(dims, joint);
    if (part == BodyPart::LeftLeg || part == BodyPart::RightLeg) {
        for (int d = 0; d < kRicStart; ++d) // root turn, travel and height
            dims.push_back(d);
        const int first = part == BodyPart::LeftLeg ? kContactStart : kContactStart + 2;
        dims.push_back(first);
        dims.push_back(first + 1);
    }
    std::sort(dims.begin(), dims.end());
    dims.erase(std::unique(dims.begin(), dims.end()), dims.end());
    return dims;
}

std::vector<Step> stepsByStart(const StepList& request)
{
    std::vector<Step> steps = request.steps;
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.start < b.start; });
    return steps;
}

TokenizedStepList tokenizeRequest(const StepList& request, const TokenizeFunction& tokenize)
{
    TokenizedStepList out;
    out.coarse = tokenize(request.coarse);
    for (const auto& step : stepsByStart(request))
        out.steps.push_back({step.start, step.end, tokenize(step.text)});
    return out;
}

namespace {

RowWindow stepWindow(const Step& step, int frames, double fps, const CompositionOptions& o)
{
    const auto toFrame = [fps](double s) { return static_cast<int64_t>(std::lround(s * fps)); };
    int64_t first = std::max<int64_t>(0, toFrame(step.start - o.marginSeconds));
    int64_t end = std::min<int64_t>(frames, toFrame(step.end + o.marginSeconds) + 1);
    const int64_t minimum = std::min<int64_t>(frames, toFrame(o.minWindowSeconds));
    if (end - first < minimum) { // grow around the centre, then slide back inside the clip
        const int64_t grow = minimum - (end - first);
        first -= grow / 2;
        end += grow - grow / 2;
        if (first < 0) {
            end -= first;
            first = 0;
        }
        if (end > frames) {
            first -= end - frames;
            end = frames;
        }
    }
    return {first, end - first};
}

} // namespace

CompositionPlan planComposition(const StepList& request, int frames, const TokenizeFunction& tokenize,
                                const ModelConfig& config, const CompositionOptions& options)
{
    const auto steps = stepsByStart(request);
    if (steps.size() > static_cast<std::size_t>(config.maxSteps))
        throw Error(std::to_string(steps.size()) + " steps: the model accepts at most " + std::to_string(config.maxSteps));
    const double clipEnd = (frames - 1) / config.fps;
    CompositionPlan plan;
    plan.rows.push_back(tokenizeRequest(request, tokenize));
    plan.windows.push_back({0, frames});
    const auto rows = static_cast<int64_t>(steps.size() + 1);
    auto raw = torch::zeros({rows, frames, config.featureDim});
    auto w = raw.accessor<float, 3>();
    std::vector<double> active(static_cast<std::size_t>(frames), 0.0); // strongest span weight per frame
    const int dims = static_cast<int>(config.featureDim);
    for (std::size_t k = 0; k < steps.size(); ++k) {
        if (steps[k].start * config.fps >= frames - 1)
            throw Error("step " + std::to_string(k + 1) + " (" + steps[k].text + ") starts at "
                        + std::to_string(steps[k].start) + " s, after the clip's end at "
                        + std::to_string((frames - 1) / config.fps) + " s");
    }
    std::vector<char> own(static_cast<std::size_t>(dims), 0);
    const auto markOwn = [&](const Step& step) {
        std::fill(own.begin(), own.end(), 0);
        for (const BodyPart part : step.bodyParts)
            for (const int d : featureDimsOf(part))
                if (d < dims)
                    own[static_cast<std::size_t>(d)] = 1;
    };
    for (std::size_t k = 0; k < steps.size(); ++k) {
        const Step& step = steps[k];
        // The step alone over its window: the model does the action there and the weights keep its span.
        const RowWindow window = stepWindow(step, frames, config.fps, options);
        TokenizedStepList alone;
        if (options.stepRowsKeepCoarse)
            alone.coarse = plan.rows.front().coarse;
        alone.steps.push_back({0.0, window.length / config.fps, tokenize(step.text)});
        plan.rows.push_back(std::move(alone));
        plan.windows.push_back(window);
        markOwn(step);
        const auto r = static_cast<int64_t>(k + 1);
        for (int t = static_cast<int>(window.offset); t < window.offset + window.length; ++t) {
            const double s = spanWeight(t / config.fps, step.start, step.end, clipEnd, options.crossfadeSeconds);
            if (s <= 0)
                continue;
            active[static_cast<std::size_t>(t)] = std::max(active[static_cast<std::size_t>(t)], s);
            for (int d = 0; d < dims; ++d)
                w[r][t][d] = static_cast<float>(s * (own[static_cast<std::size_t>(d)] ? 1.0 : kOtherPartsWeight));
        }
    }
    // The whole request fills what no step covers, fading out where steps take over.
    for (int t = 0; t < frames; ++t)
        raw[0][t].fill_(std::max(1.0 - active[static_cast<std::size_t>(t)], 0.0) + kRequestWeight);
    plan.weights = raw / raw.sum(0, true);
    return plan;
}

} // namespace stepmotion::model
