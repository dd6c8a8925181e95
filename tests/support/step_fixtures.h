#pragma once
// A small step list that the step editor's model tests share.

#include "stepmotion/core/steps/steps.h"

#include <string>
#include <utility>
#include <vector>

namespace stepmotion::test {

inline Step makeStep(double start, double end, std::vector<BodyPart> parts, const std::string& text)
{
    Step step;
    step.start = start;
    step.end = end;
    step.bodyParts = std::move(parts);
    step.text = text;
    return step;
}

/// Raise the right arm (0-1 s), wave the right hand (1-2.5 s), walk forward (2.5-4 s).
inline StepList sampleStepList()
{
    StepList list;
    list.coarse = "a person waves and walks";
    list.source = "user";
    list.steps = {makeStep(0.0, 1.0, {BodyPart::RightArm}, "Raise your right arm."),
                  makeStep(1.0, 2.5, {BodyPart::RightHand}, "Wave your right hand."),
                  makeStep(2.5, 4.0, {BodyPart::WholeBody}, "Walk forward.")};
    return list;
}

} // namespace stepmotion::test
