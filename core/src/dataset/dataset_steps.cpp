// Step lists written to steps/ID.json by the dataset builder: the describer's steps made
// from the motion, and FineMotion's real 0.5 s BPMSD_auto snippets for CMU clips. Each list
// is exactly a step-list document (steps.h), so loadStepList-style readers accept it as is.

#include "dataset/dataset_pipeline.h"

#include "stepmotion/core/steps/body_part_words.h"
#include "stepmotion/core/describer/step_describer.h"

#include <algorithm>

namespace stepmotion::dataset {
namespace {

nlohmann::json toJson(const StepList& list)
{
    return nlohmann::json::parse(stepListToJson(list));
}

} // namespace

StepList describerSteps(const JointClip& joints)
{
    return describeMotion(joints);
}

nlohmann::json describerStepList(const StepList& described, bool mirrored)
{
    return toJson(mirrored ? mirrorStepList(described) : described);
}

nlohmann::json fineMotionStepList(const std::vector<std::string>& snippets, int frames)
{
    StepList list;
    list.source = "finemotion";
    for (std::size_t i = 0; i < snippets.size(); ++i) {
        const int a = static_cast<int>(i) * 10;
        if (a >= frames)
            break; // the clip was cropped to the 196-frame maximum
        if (snippets[i].find_first_not_of(" \t\r\n") == std::string::npos)
            continue; // FineMotion's "no description" snippets
        Step step;
        step.start = a / 20.0;
        step.end = std::min(a + 10, frames) / 20.0;
        step.bodyParts = bodyPartsNamedIn(snippets[i]);
        step.text = snippets[i];
        list.steps.push_back(std::move(step));
    }
    return toJson(list);
}

} // namespace stepmotion::dataset
