// Step lists written to steps/ID.json by the dataset builder: the describer's steps made
// from the motion, and FineMotion's real 0.5 s BPMSD_auto snippets for CMU clips. Each list
// is exactly a step-list document (steps.h), so loadStepList-style readers accept it as is.

#include "dataset_detail.h"

#include "stepmotion/core/step_describer.h"

#include <algorithm>
#include <cctype>

namespace stepmotion::dataset {
namespace {

struct PartWords {
    BodyPart part;
    std::vector<const char*> words;
};

/// FineMotion snippets name body parts in plain words; map them to steps.h's parts.
const std::vector<PartWords>& partWords()
{
    static const std::vector<PartWords> kTable = {
        {BodyPart::Head, {"head", "neck", "chin", "face"}},
        {BodyPart::Torso, {"torso", "chest", "waist", "upper body", "spine", "hips"}},
        {BodyPart::LeftArm, {"left arm", "left elbow", "left shoulder", "left forearm"}},
        {BodyPart::RightArm, {"right arm", "right elbow", "right shoulder", "right forearm"}},
        {BodyPart::LeftHand, {"left hand", "left wrist", "left finger", "left palm"}},
        {BodyPart::RightHand, {"right hand", "right wrist", "right finger", "right palm"}},
        {BodyPart::LeftLeg, {"left leg", "left knee", "left foot", "left thigh", "left ankle", "left toe", "left heel"}},
        {BodyPart::RightLeg, {"right leg", "right knee", "right foot", "right thigh", "right ankle", "right toe", "right heel"}},
    };
    return kTable;
}

std::vector<BodyPart> bodyPartsOf(const std::string& text)
{
    std::string lower = text + " ";
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    std::vector<BodyPart> parts;
    for (const PartWords& p : partWords())
        for (const char* w : p.words)
            if (lower.find(w) != std::string::npos) {
                parts.push_back(p.part);
                break;
            }
    if (parts.empty())
        parts.push_back(BodyPart::WholeBody);
    return parts;
}

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
        step.bodyParts = bodyPartsOf(snippets[i]);
        step.text = snippets[i];
        list.steps.push_back(std::move(step));
    }
    return toJson(list);
}

} // namespace stepmotion::dataset
