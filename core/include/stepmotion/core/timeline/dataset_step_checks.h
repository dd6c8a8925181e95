#pragma once
// The timeline benchmark's physical checks run on a dataset's own clips: for each step text
// that a map names a check for, how often the ground truth does what the check asks over the
// step's span. It tells whether the training data holds what a failing step asks for (the
// model can hardly learn a deeper squat than its crouches show).

#include "stepmotion/core/dataset/dataset_reader.h"
#include "stepmotion/core/timeline/timeline_checks.h"

#include <map>
#include <string>
#include <vector>

namespace stepmotion {

struct DatasetStepCheckRow {
    std::string text;          // the step text, exactly as in the data
    StepCheck check = StepCheck::StandStill;
    int steps = 0;             // steps with this text in the split's clips (every list of a clip)
    int passed = 0;
    std::string failedExample; // "ID s-e s: measure" of the first failure, empty when none
};

/// Reads a JSON object {"step text": "check_name", ...}. Throws stepmotion::Error naming the
/// file and the entry whose value is not a check name (timeline_checks.h).
std::map<std::string, StepCheck> readStepCheckMap(const std::string& path);

/// One row per mapped text that occurs in `index`'s clips (by text), from their new_joints/
/// arrays. Throws stepmotion::Error naming a joints file that cannot be read.
std::vector<DatasetStepCheckRow> checkDatasetSteps(const DatasetIndex& index,
                                                   const std::map<std::string, StepCheck>& checks);

/// A Markdown table: text, check, steps, passed, share, first failure.
std::string formatDatasetStepChecks(const std::vector<DatasetStepCheckRow>& rows);

} // namespace stepmotion
