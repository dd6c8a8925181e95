// Harness bodies for the typed step text, study designs and model configs; see fuzz_entries.h.

#include "fuzz_entries.h"

#include "fuzz_checks.h"

#include "network/model_config.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/steps/step_text.h"
#include "stepmotion/core/steps/steps.h"
#include "stepmotion/core/study/study.h"

#include <set>
#include <string>

namespace stepmotion::fuzz {
namespace {

/// A list from stepsFromText must be one the step-list file reader accepts unchanged (the CLI
/// hands it to the generator, Studio may save it), and stay inside `seconds` when one was given.
void checkTextSteps(const StepList& list, double seconds)
{
    require(!list.steps.empty(), "stepsFromText accepted a text without steps");
    for (const Step& step : list.steps)
        require(seconds <= 0 || step.end <= seconds + 1e-9, "a typed step ends after --seconds");
    checkAccepted("typed steps as a step list", [&] {
        require(parseStepList(stepListToJson(list), "typed.steps.json") == list,
                "typed steps changed through the step-list file");
    });
}

} // namespace

bool fuzzStepText(const uint8_t* data, std::size_t size)
{
    const std::string text = asString(data, size);
    bool accepted = false;
    // 0 = clip length from the text (the CLI's default); 6 = `--seconds 6`.
    for (const double seconds : {0.0, 6.0}) {
        StepList list;
        try {
            list = stepsFromText(text, seconds);
        } catch (const Error&) {
            continue;
        }
        checkTextSteps(list, seconds);
        accepted = true;
    }
    return accepted;
}

bool fuzzStudyDesign(const uint8_t* data, std::size_t size)
{
    StudyDesign design;
    try {
        design = parseStudyDesign(asString(data, size), "fuzz/study.json");
    } catch (const Error&) {
        return false;
    }
    checkAccepted("study design round trip", [&] {
        const std::string json = studyDesignToJson(design);
        require(studyDesignToJson(parseStudyDesign(json, "round-trip/study.json")) == json,
                "study design round trip changed the design");
    });
    // Studio and `study rate` plan the trials right after loading. Keep the plan small enough
    // that one input stays well under the time-out (the plan grows with the product).
    const std::size_t product = design.prompts.size() * design.systems.size() * design.seeds.size();
    if (product <= 2000) {
        checkAccepted("planning the trials", [&] {
            const std::vector<Trial> trials = planTrials(design, "fuzz-rater", 7);
            std::set<std::string> keys;
            for (std::size_t i = 0; i < trials.size(); ++i) {
                require(trials[i].index == static_cast<int>(i), "trial index out of order");
                require(keys.insert(trials[i].key).second, "two trials share the key " + trials[i].key);
            }
        });
    }
    return true;
}

bool fuzzModelConfig(const uint8_t* data, std::size_t size)
{
    model::ModelConfig config;
    try {
        config = model::configFromJson(asString(data, size), "fuzz/config.json");
    } catch (const Error&) {
        return false;
    }
    checkAccepted("model config round trip", [&] {
        const model::ModelConfig again = model::configFromJson(model::configToJson(config), "round-trip/config.json");
        require(again == config, "model config round trip changed: " + model::describeConfigDifferences(again, config));
    });
    return true;
}

} // namespace stepmotion::fuzz
