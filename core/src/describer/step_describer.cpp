// The step describer's entry point: validates the clip, runs the detectors of every body
// region on shared signals, merges their snippets and turns them into timed steps.

#include "describer/describer_signals.h"

#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cmath>

namespace stepmotion {

namespace describer {

void describeStillness(const Signals& s, const DescriberOptions& o, std::vector<Snippet>& out)
{
    std::vector<char> free(static_cast<std::size_t>(s.frames), 1);
    for (const Snippet& sn : out) {
        for (int t = std::max(0, sn.span.begin); t < std::min(s.frames, sn.span.end); ++t)
            free[static_cast<std::size_t>(t)] = 0;
    }
    int quietFrames = 0;
    std::vector<char> quiet(free.size());
    for (std::size_t t = 0; t < quiet.size(); ++t) {
        const bool still = s.maxJointSpeed[t] < o.stillJointSpeedMps;
        quietFrames += still;
        quiet[t] = still && free[t];
    }
    const bool nothingElse = out.empty();
    for (const Interval& iv : maskIntervals(quiet, s.framesFor(o.minStillS)))
        out.push_back(makeSnippet(iv, "still", "Stand", "still", {BodyPart::WholeBody}));
    if (!nothingElse || !out.empty())
        return;
    // Nothing detected and no long quiet stretch: a very short clip, or small movements.
    const bool mostlyQuiet = quietFrames * 5 >= s.frames * 4;
    out.push_back(makeSnippet({0, s.frames}, mostlyQuiet ? "still" : "idle", "Stand", mostlyQuiet ? "still" : "in place",
                              {BodyPart::WholeBody}));
}

// Kicking swings the hips round and back; that swivel is part of the kick, not a turn.
void dropKickSwivels(std::vector<Snippet>& snippets)
{
    std::vector<Interval> kicks;
    for (const Snippet& sn : snippets) {
        if (sn.rule == "leg.kick")
            kicks.push_back(sn.span);
    }
    std::vector<Interval> dropped;
    for (auto it = snippets.begin(); it != snippets.end();) {
        if (it->rule == "turn" && std::abs(it->value) < 100 && coveredFraction(it->span, kicks) >= 0.3) {
            dropped.push_back(it->span);
            it = snippets.erase(it);
        } else {
            ++it;
        }
    }
    // ... and the turn back right after it.
    const auto isReturn = [&](const Snippet& sn) {
        return sn.rule == "turn" && std::abs(sn.value) < 100 && overlapsAny(sn.span, dropped, 10);
    };
    snippets.erase(std::remove_if(snippets.begin(), snippets.end(), isReturn), snippets.end());
}

} // namespace describer

namespace {

using describer::Snippet;

void validateClip(const JointClip& joints)
{
    if (joints.joints != kJointCount)
        throw Error("describe motion: the clip has " + std::to_string(joints.joints) + " joints, expected 22");
    if (joints.frames <= 0)
        throw Error("describe motion: the clip has no frames");
    if (!(joints.fps > 0) || !std::isfinite(joints.fps))
        throw Error("describe motion: the clip's frame rate must be positive");
    if (joints.xyz.size() != static_cast<std::size_t>(joints.frames) * kJointCount * 3)
        throw Error("describe motion: the clip holds " + std::to_string(joints.xyz.size()) + " values for "
                    + std::to_string(joints.frames) + " frames of 22 joints");
    for (std::size_t i = 0; i < joints.xyz.size(); ++i) {
        if (!std::isfinite(joints.xyz[i]))
            throw Error("describe motion: frame " + std::to_string(i / (kJointCount * 3)) + " joint "
                        + std::to_string(i / 3 % kJointCount) + " is NaN or infinite");
    }
}

double quantize(double seconds, double quantum)
{
    const double q = quantum > 0 ? std::round(seconds / quantum) * quantum : seconds;
    return std::round(q * 1000.0) / 1000.0; // no 0.30000000000000004 in saved files
}

DescribedStep toStep(const Snippet& sn, double fps, double duration, const DescriberOptions& o)
{
    double start = sn.span.begin / fps;
    double end = sn.span.end / fps;
    if (end - start < o.minStepS) {
        const double centre = 0.5 * (start + end);
        start = std::max(0.0, std::min(centre - 0.5 * o.minStepS, duration - o.minStepS));
        end = std::min(duration, start + o.minStepS);
    }
    DescribedStep d;
    d.step.start = std::max(0.0, quantize(start, o.timeQuantumS));
    d.step.end = std::max(d.step.start, std::min(quantize(duration, 0.0), quantize(end, o.timeQuantumS)));
    d.step.bodyParts = sn.parts;
    std::sort(d.step.bodyParts.begin(), d.step.bodyParts.end());
    d.step.bodyParts.erase(std::unique(d.step.bodyParts.begin(), d.step.bodyParts.end()), d.step.bodyParts.end());
    d.step.text = describer::sentence(sn);
    d.rule = sn.rule;
    d.value = sn.value;
    d.unit = sn.unit;
    return d;
}

} // namespace

StepList MotionDescription::toStepList() const
{
    StepList list;
    list.coarse = coarse;
    list.source = "describer";
    for (const DescribedStep& d : steps)
        list.steps.push_back(d.step);
    return list;
}

MotionDescription analyseMotion(const JointClip& joints, const DescriberOptions& options)
{
    validateClip(joints);
    const describer::Signals s = describer::computeSignals(joints, options);
    std::vector<Snippet> snippets;
    const describer::BodyContext context = describer::describeWholeBody(s, options, snippets);
    describer::describeTorso(s, options, context, snippets);
    describer::describeHead(s, options, snippets);
    describer::describeArms(s, options, context, snippets);
    describer::describeLegs(s, options, context, snippets);
    describer::dropKickSwivels(snippets);
    describer::describeLimbMoves(s, options, snippets);
    describer::mergeBothSides(snippets, s.framesFor(options.bothSidesSyncS));
    describer::mergeRepeats(snippets, s.framesFor(options.repeatGapS));
    describer::describeStillness(s, options, snippets);

    MotionDescription out;
    const double duration = joints.timelineSeconds(); // steps may run to the end of the last frame
    for (const Snippet& sn : snippets)
        out.steps.push_back(toStep(sn, joints.fps, duration, options));
    std::stable_sort(out.steps.begin(), out.steps.end(), [](const DescribedStep& a, const DescribedStep& b) {
        if (a.step.start != b.step.start)
            return a.step.start < b.step.start;
        if (a.step.bodyParts.front() != b.step.bodyParts.front())
            return a.step.bodyParts.front() < b.step.bodyParts.front();
        return a.step.text < b.step.text;
    });
    out.coarse = describer::coarseSentence(snippets);
    return out;
}

StepList describeMotion(const JointClip& joints, const DescriberOptions& options)
{
    return analyseMotion(joints, options).toStepList();
}

} // namespace stepmotion
