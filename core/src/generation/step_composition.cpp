#include "generation/step_composition.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/motion.h"
#include "stepmotion/core/motion/skeleton.h"

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
// Weight of the whole request where a step is active and CompositionOptions::requestWeight does
// not apply: it only breaks ties.
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

ComposedRows composedRows(const CompositionPlan& plan, const Condition& rows)
{
    ComposedRows input;
    input.rows = rows;
    input.windows = plan.windows;
    input.weights = plan.weights;
    input.contextWindows = plan.contextWindows;
    input.contextWeights = plan.contextWeights;
    input.foreign = plan.foreign;
    return input;
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

// Windows of at most `longest` frames covering `span`, evenly spaced, neighbours overlapping by
// at least `overlap` frames (one window when the span fits).
std::vector<RowWindow> tile(const RowWindow& span, int64_t longest, int64_t overlap)
{
    std::vector<RowWindow> tiles;
    for (const auto& [first, end] : tileFrames(static_cast<long>(span.offset), static_cast<long>(span.length),
                                               static_cast<long>(longest), static_cast<long>(overlap)))
        tiles.push_back({first, end - first});
    return tiles;
}

// [tiles, frames] weights of tiles covering `span`: each ramps over `ramp` frames from its inner
// edges (not at the span's own ends), normalised to sum to 1 inside the span, 0 outside.
torch::Tensor tileWeights(const std::vector<RowWindow>& tiles, const RowWindow& span, int64_t frames, int64_t ramp)
{
    auto w = torch::zeros({static_cast<int64_t>(tiles.size()), frames});
    auto a = w.accessor<float, 2>();
    const int64_t spanEnd = span.offset + span.length;
    for (std::size_t j = 0; j < tiles.size(); ++j) {
        const auto& tileWindow = tiles[j];
        const int64_t end = tileWindow.offset + tileWindow.length;
        for (int64_t t = tileWindow.offset; t < end; ++t) {
            double v = 1.0;
            if (tileWindow.offset > span.offset)
                v = std::min(v, double(t - tileWindow.offset + 1) / double(ramp + 1));
            if (end < spanEnd)
                v = std::min(v, double(end - t) / double(ramp + 1));
            a[static_cast<int64_t>(j)][t] = static_cast<float>(v);
        }
    }
    const auto sum = w.sum(0, true);
    return torch::where(sum > 0, w / sum.clamp_min(1e-12), w);
}

// The request as seen by a context window: its sentence and the steps that overlap the window,
// re-timed to start at the window's first frame and clipped to it.
TokenizedStepList requestInWindow(const TokenizedStepList& request, const RowWindow& window, double fps)
{
    const double start = window.offset / fps, end = (window.offset + window.length) / fps;
    TokenizedStepList out;
    out.coarse = request.coarse;
    for (const auto& step : request.steps) {
        if (step.end <= start || step.start >= end)
            continue;
        out.steps.push_back({std::max(step.start, start) - start, std::min(step.end, end) - start, step.ids});
    }
    return out;
}

} // namespace

std::vector<RowWindow> contextWindowsFor(int frames, const ModelConfig& config, const CompositionOptions& options)
{
    const auto overlap = static_cast<int64_t>(std::lround(options.contextOverlapSeconds * config.fps));
    return tile({0, frames}, config.maxFrames, overlap);
}

namespace {

void refuseLateSteps(const std::vector<Step>& steps, int frames, double fps)
{
    const double clipEnd = (frames - 1) / fps;
    for (std::size_t k = 0; k < steps.size(); ++k) {
        if (steps[k].start * fps >= frames - 1)
            throw Error("step " + std::to_string(k + 1) + " (" + steps[k].text + ") starts at "
                        + std::to_string(steps[k].start) + " s, after the clip's end at "
                        + std::to_string(clipEnd) + " s");
    }
}

// One row per context window: the whole request, or what of it overlaps the window.
void addContextRows(CompositionPlan& plan, const TokenizedStepList& whole, const ModelConfig& config)
{
    for (const auto& window : plan.contextWindows) {
        plan.rows.push_back(plan.contextWindows.size() == 1 ? whole : requestInWindow(whole, window, config.fps));
        plan.windows.push_back(window);
        if (plan.rows.back().steps.size() > static_cast<std::size_t>(config.maxSteps))
            throw Error(std::to_string(plan.rows.back().steps.size()) + " steps overlap the window "
                        + std::to_string(window.offset / config.fps) + "-"
                        + std::to_string((window.offset + window.length) / config.fps)
                        + " s: the model accepts at most " + std::to_string(config.maxSteps) + " at a time");
    }
}

// A step's window, or a piece of it at most the model's window long for a long step.
struct Piece {
    std::size_t step;
    RowWindow window;
    torch::Tensor share; // [frames] this piece's part of its step
};

std::vector<Piece> stepPieces(const std::vector<Step>& steps, int frames, const ModelConfig& config,
                              const CompositionOptions& options, int64_t overlap)
{
    std::vector<Piece> pieces;
    for (std::size_t k = 0; k < steps.size(); ++k) {
        const RowWindow window = stepWindow(steps[k], frames, config.fps, options);
        const auto parts = tile(window, config.maxFrames, overlap);
        const auto shares = tileWeights(parts, window, frames, overlap);
        for (std::size_t j = 0; j < parts.size(); ++j)
            pieces.push_back({k, parts[j], shares[static_cast<int64_t>(j)]});
    }
    return pieces;
}

// 1 on the feature dimensions of the body parts `step` names, 0 elsewhere.
std::vector<char> ownDimensions(const Step& step, int dims)
{
    std::vector<char> own(static_cast<std::size_t>(dims), 0);
    for (const BodyPart part : step.bodyParts)
        for (const int d : featureDimsOf(part))
            if (d < dims)
                own[static_cast<std::size_t>(d)] = 1;
    return own;
}

// Row r's raw weights [frames, F] for piece `piece` of `step`: its span (crossfaded) times its
// share of the step, full on the step's own body parts; `active` keeps the strongest span weight
// per frame.
void weighPiece(torch::TensorAccessor<float, 2> w, const Piece& piece, const Step& step, int frames,
                const ModelConfig& config, const CompositionOptions& options, std::vector<double>& active)
{
    const int dims = static_cast<int>(config.featureDim);
    const auto own = ownDimensions(step, dims);
    const double clipEnd = (frames - 1) / config.fps;
    const auto share = piece.share.accessor<float, 1>();
    for (int t = static_cast<int>(piece.window.offset); t < piece.window.offset + piece.window.length; ++t) {
        const double span = spanWeight(t / config.fps, step.start, step.end, clipEnd, options.crossfadeSeconds);
        const double s = span * share[t];
        if (s <= 0)
            continue;
        active[static_cast<std::size_t>(t)] = std::max(active[static_cast<std::size_t>(t)], span);
        for (int d = 0; d < dims; ++d)
            w[t][d] = static_cast<float>(s * (own[static_cast<std::size_t>(d)] ? 1.0 : kOtherPartsWeight));
    }
}

bool overlapInTime(const Step& a, const Step& b)
{
    constexpr double kFrameSeconds = 0.05;
    return a.start < b.end - kFrameSeconds && a.end > b.start + kFrameSeconds;
}

bool overlapsAnotherStep(const std::vector<Step>& steps, std::size_t k)
{
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (i != k && overlapInTime(steps[i], steps[k]))
            return true;
    return false;
}

// besides[t] = max(besides[t], strongest weight of `row` [T, F] at frame t).
void keepStrongest(std::vector<double>& besides, const torch::Tensor& row)
{
    const auto strongest = std::get<0>(row.max(1));
    const auto a = strongest.accessor<float, 1>();
    for (std::size_t t = 0; t < besides.size(); ++t)
        besides[t] = std::max(besides[t], static_cast<double>(a[static_cast<int64_t>(t)]));
}

// The request's rows (the first contextShare.size(0) of raw) fill what no step covers, fading
// out where steps take over to `share`, or to kRequestWeight while a step alone on its body
// parts that shares its time with another step runs (`besides`): there the whole request is the joint model doing one
// of them, and it would slow a walk under a wave.
void weighRequest(torch::Tensor& raw, const torch::Tensor& contextShare, const std::vector<double>& active,
                  const std::vector<double>& besides, double share)
{
    const auto c = contextShare.accessor<float, 2>();
    for (int64_t u = 0; u < contextShare.size(0); ++u)
        for (std::size_t t = 0; t < active.size(); ++t) {
            const auto i = static_cast<int64_t>(t);
            const double under = share + (kRequestWeight - share) * std::min(besides[t], 1.0);
            raw[u][i].fill_(c[u][i] * (std::max(1.0 - active[t], 0.0) + under));
        }
}

// [R, T, F]: for each step row, the raw weight other steps' rows hold on features of body parts
// it does not name (clamped to 1); zero for the request rows. See ComposedRows::foreign.
torch::Tensor foreignWeights(const std::vector<Piece>& pieces, const std::vector<Step>& steps, const torch::Tensor& raw,
                             int64_t contexts, int dims)
{
    std::vector<std::vector<char>> own; // per step
    for (const Step& step : steps)
        own.push_back(ownDimensions(step, dims));
    auto foreign = torch::zeros_like(raw);
    for (std::size_t p = 0; p < pieces.size(); ++p) {
        const auto& mine = own[pieces[p].step];
        for (std::size_t q = 0; q < pieces.size(); ++q) {
            if (pieces[q].step == pieces[p].step)
                continue;
            const auto& theirs = own[pieces[q].step];
            std::vector<int64_t> held; // what q holds and p does not
            for (int d = 0; d < dims; ++d)
                if (theirs[static_cast<std::size_t>(d)] && !mine[static_cast<std::size_t>(d)])
                    held.push_back(d);
            if (held.empty())
                continue;
            const auto index = torch::tensor(held, torch::kLong);
            foreign[contexts + static_cast<int64_t>(p)].index_add_(
                1, index, raw[contexts + static_cast<int64_t>(q)].index_select(1, index));
        }
    }
    return foreign.clamp_max(1.0);
}

} // namespace

bool sharesPartsWithAnOverlappingStep(const std::vector<Step>& steps, std::size_t k)
{
    const auto dims = static_cast<int>(kFeatureDim);
    const auto own = ownDimensions(steps[k], dims);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (i == k || !overlapInTime(steps[i], steps[k]))
            continue;
        const auto other = ownDimensions(steps[i], dims);
        for (int d = 0; d < dims; ++d)
            if (own[static_cast<std::size_t>(d)] && other[static_cast<std::size_t>(d)])
                return true;
    }
    return false;
}

CompositionPlan planComposition(const StepList& request, int frames, const TokenizeFunction& tokenize,
                                const ModelConfig& config, const CompositionOptions& options)
{
    const auto steps = stepsByStart(request);
    refuseLateSteps(steps, frames, config.fps);
    const auto overlap = static_cast<int64_t>(std::lround(options.contextOverlapSeconds * config.fps));
    CompositionPlan plan;
    plan.contextWindows = contextWindowsFor(frames, config, options);
    plan.contextWeights = tileWeights(plan.contextWindows, {0, frames}, frames, overlap);
    const auto whole = tokenizeRequest(request, tokenize);
    addContextRows(plan, whole, config);
    // Each step alone over its window: the model does the action there and the weights keep its span.
    const auto pieces = stepPieces(steps, frames, config, options, overlap);
    const auto contexts = static_cast<int64_t>(plan.contextWindows.size());
    auto raw = torch::zeros({contexts + static_cast<int64_t>(pieces.size()), frames, config.featureDim});
    auto w = raw.accessor<float, 3>();
    std::vector<double> active(static_cast<std::size_t>(frames), 0.0); // strongest span weight per frame
    std::vector<double> besides(static_cast<std::size_t>(frames), 0.0); // ... of lone steps beside others
    for (std::size_t p = 0; p < pieces.size(); ++p) {
        const Step& step = steps[pieces[p].step];
        TokenizedStepList alone;
        // A one-step request's sentence is about that step, so it stays.
        const bool ownWords = options.loneStepsOwnWords && steps.size() > 1
                              && !sharesPartsWithAnOverlappingStep(steps, pieces[p].step);
        if (options.stepRowsKeepCoarse && !ownWords)
            alone.coarse = whole.coarse;
        alone.steps.push_back({0.0, pieces[p].window.length / config.fps, tokenize(step.text)});
        plan.rows.push_back(std::move(alone));
        plan.windows.push_back(pieces[p].window);
        weighPiece(w[contexts + static_cast<int64_t>(p)], pieces[p], step, frames, config, options, active);
        if (ownWords && overlapsAnotherStep(steps, pieces[p].step))
            keepStrongest(besides, raw[contexts + static_cast<int64_t>(p)]);
    }
    if (options.ownContexts)
        plan.foreign = foreignWeights(pieces, steps, raw, contexts, static_cast<int>(config.featureDim));
    weighRequest(raw, plan.contextWeights, active, besides, options.requestWeight);
    plan.weights = raw / raw.sum(0, true);
    return plan;
}

} // namespace stepmotion::model
