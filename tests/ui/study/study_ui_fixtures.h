#pragma once
// A small study both study UI suites use: three prompts (tagged), two model systems with fake
// clips whose frame count tells which prompt and system they belong to, two attention checks.

#include "stepmotion/core/study/study.h"
#include "motion_fixtures.h"
#include "step_fixtures.h"

#include <string>

namespace stepmotion::test {

inline StudyDesign smallStudyDesign()
{
    StudyDesign design;
    design.title = "UI test study";
    const auto prompt = [](const std::string& id, std::vector<std::string> tags, const std::string& text) {
        StudyPrompt p;
        p.id = id;
        p.tags = std::move(tags);
        p.steps.coarse = "a person " + text;
        p.steps.source = "user";
        p.steps.steps = {makeStep(0.0, 1.0, {BodyPart::RightArm}, "Raise your right arm and " + text + "."),
                         makeStep(1.0, 2.0, {BodyPart::WholeBody}, "Then " + text + " again.")};
        return p;
    };
    design.prompts = {prompt("p1", {"basic", "seen"}, "waves"), prompt("p2", {"composite", "unseen"}, "jumps"),
                      prompt("p3", {"basic", "unseen"}, "kicks")};
    StudySystem alpha;
    alpha.id = "sysalpha";
    alpha.label = "Alpha Model";
    alpha.modelDir = "models/alpha";
    StudySystem beta = alpha;
    beta.id = "sysbeta";
    beta.label = "Beta Model";
    beta.modelDir = "models/beta";
    design.systems = {alpha, beta};
    design.seeds = {1};
    design.attentionChecks = 2;
    return design;
}

/// Frames of the fake clip of (prompt, system): 40 + 10 x prompt number + 5 x system number.
inline int fakeClipFrames(const std::string& promptId, const std::string& systemId)
{
    const int promptNumber = promptId.back() - '0';
    return 40 + 10 * promptNumber + (systemId == "sysbeta" ? 5 : 0);
}

/// Standing-still clips with fakeClipFrames frames.
inline ClipSource fakeClipSource()
{
    return [](const StudyPrompt& prompt, const StudySystem& system, uint64_t) {
        return standingFeatures(fakeClipFrames(prompt.id, system.id));
    };
}

} // namespace stepmotion::test
