#pragma once
// Token ids of step lists -> the padded tensors a ConditionInput holds. Shared by generation
// and training so both pad, truncate and order steps the same way.

#include "conditioning/condition_encoder.h"

#include <vector>

namespace stepmotion::model {

struct TokenizedStep {
    double start = 0; // seconds
    double end = 0;   // seconds
    std::vector<int> ids;
};

struct TokenizedStepList {
    std::vector<int> coarse;          // may be empty
    std::vector<TokenizedStep> steps; // in the order the model should see them (by start time)
};

/// Pads every text to the longest one in the batch (at least 1 column, at most
/// config.maxTokens: longer texts are cut) and every list to the most steps. Disabled paths
/// (config.blocks) still get tensors; the encoder ignores them. Throws stepmotion::Error for an
/// id outside [0, vocabSize) or more than config.maxSteps steps.
ConditionInput buildConditionInput(const std::vector<TokenizedStepList>& lists, const ModelConfig& config);

} // namespace stepmotion::model
