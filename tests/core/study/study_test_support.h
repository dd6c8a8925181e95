#pragma once
// The small study the study suites share: two model systems ("full", "coarse"), three prompts
// tagged basic/seen (p1, p2) and composite/unseen (p3), one seed, two attention checks; a
// deterministic fake clip source; and a scripted rater that answers through ResponseLog.

#include "stepmotion/core/study/study.h"
#include "stepmotion/core/study/study_responses.h"

#include "step_fixtures.h"

#include <string>

namespace stepmotion::test {

inline StudyDesign sampleStudy()
{
    StudyDesign d;
    d.title = "Fine-grained steps";
    const StepList p1{"a person raises an arm", {makeStep(0, 1, {BodyPart::RightArm}, "Raise your right arm."),
                                                 makeStep(1, 2, {BodyPart::RightArm}, "Lower it.")}, "user"};
    const StepList p2{"a person kicks", {makeStep(0, 1, {BodyPart::LeftLeg}, "Kick with your left leg."),
                                         makeStep(1, 2.5, {BodyPart::WholeBody}, "Step back.")}, "user"};
    d.prompts = {{"p1", p1, {"basic", "seen"}, ""}, {"p2", p2, {"basic", "seen"}, ""},
                 {"p3", sampleStepList(), {"composite", "unseen"}, ""}};
    d.systems = {{"full", "Full model", "models/full", false}, {"coarse", "Coarse only", "models/coarse", false}};
    d.seeds = {1};
    d.attentionChecks = 2;
    return d;
}

/// 40 frames whose values encode (prompt, system, seed), so clips are distinct and reproducible.
inline FeatureClip fakeClip(const StudyPrompt& prompt, const StudySystem& system, uint64_t seed)
{
    FeatureClip clip(40);
    const uint64_t h = fnv1a64(prompt.id + "/" + system.id) + seed;
    for (std::size_t i = 0; i < clip.values.size(); ++i)
        clip.values[i] = float((h >> (i % 48)) & 0xFF) / 255.0f + float(i % kFeatureDim) * 1e-3f;
    return clip;
}

/// How a scripted rater answers.
struct RaterScript {
    bool careful = true;                 // picks the matching clip in attention checks
    std::string (*pairwise)(const Trial&) = nullptr; // `preferred` for normal pairwise trials
    int (*faithfulness)(const Trial&) = nullptr;
    int (*naturalness)(const Trial&) = nullptr;
    bool (*stepDone)(const Trial&, int step) = nullptr;
};

/// Answers `plan[from, to)` through a ResponseLog at `path`, as the app does.
inline void answerTrials(const std::string& path, const std::string& rater, const std::vector<Trial>& plan,
                         const StudyDesign& design, const RaterScript& script, std::size_t from, std::size_t to)
{
    ResponseLog log(path);
    for (std::size_t i = from; i < to && i < plan.size(); ++i) {
        const Trial& t = plan[i];
        TrialResponse r = responseForTrial(t, rater);
        r.seconds = 3.5;
        if (t.attentionCheck) {
            r.preferred = preferredAnswer(t, script.careful);
        } else if (t.kind == TrialKind::Pairwise) {
            r.preferred = script.pairwise(t);
        } else if (t.kind == TrialKind::Likert) {
            r.faithfulness = script.faithfulness(t);
            r.naturalness = script.naturalness(t);
        } else {
            for (const StudyPrompt& p : design.prompts) {
                for (int s = 0; p.id == t.promptId && s < int(p.steps.steps.size()); ++s)
                    r.stepsPerformed.push_back(script.stepDone(t, s));
            }
        }
        log.append(r);
    }
}

} // namespace stepmotion::test
