#include "stepmotion/core/timeline/dataset_step_checks.h"

#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/runtime/error.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

namespace stepmotion {

std::map<std::string, StepCheck> readStepCheckMap(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        throw Error(path + ": cannot open the step check map");
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(path + ": not valid JSON (" + e.what() + ")");
    }
    if (!doc.is_object())
        throw Error(path + ": expected an object {\"step text\": \"check_name\", ...}");
    std::map<std::string, StepCheck> out;
    for (const auto& [text, value] : doc.items()) {
        const auto check = value.is_string() ? stepCheckFromName(value.get<std::string>()) : std::nullopt;
        if (!check)
            throw Error(path + ": \"" + text + "\": " + value.dump() + " is not a check name");
        out[text] = *check;
    }
    return out;
}

std::vector<DatasetStepCheckRow> checkDatasetSteps(const DatasetIndex& index,
                                                   const std::map<std::string, StepCheck>& checks)
{
    std::map<std::string, DatasetStepCheckRow> rows;
    for (const auto& clip : index.clips) {
        JointClip joints;
        for (const auto& list : clip.stepLists)
            for (const auto& step : list.list.steps) {
                const auto it = checks.find(step.text);
                if (it == checks.end())
                    continue;
                if (joints.frames == 0)
                    joints = loadJointClip(clip.jointsPath);
                const StepCheckResult r = checkStep(joints, step.start, step.end, it->second);
                DatasetStepCheckRow& row = rows[step.text];
                row.text = step.text;
                row.check = it->second;
                ++row.steps;
                row.passed += r.passed;
                if (!r.passed && row.failedExample.empty()) {
                    char span[64];
                    std::snprintf(span, sizeof span, " %.2f-%.2f s: ", step.start, step.end);
                    row.failedExample = clip.id + span + r.measure;
                }
            }
    }
    std::vector<DatasetStepCheckRow> out;
    for (auto& [text, row] : rows)
        out.push_back(std::move(row));
    return out;
}

std::string formatDatasetStepChecks(const std::vector<DatasetStepCheckRow>& rows)
{
    std::string out = "| step text | check | steps | passed | share | first failure |\n|---|---|---|---|---|---|\n";
    for (const auto& r : rows) {
        char share[32];
        std::snprintf(share, sizeof share, "%.1f%%", r.steps > 0 ? 100.0 * r.passed / r.steps : 0.0);
        out += "| " + r.text + " | " + std::string(stepCheckName(r.check)) + " | " + std::to_string(r.steps) + " | "
               + std::to_string(r.passed) + " | " + share + " | " + r.failedExample + " |\n";
    }
    return out;
}

} // namespace stepmotion
