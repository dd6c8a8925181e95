#pragma once
// Helpers shared by evaluator training and the evaluation runner: tokenizer selection, feature
// statistics, padded (text, motion) tensors and tensor rows -> Embeddings.

#include "evaluation/evaluator_model.h"
#include "network/model_config.h"

#include "stepmotion/core/evaluation/evaluator.h"

#include <string>
#include <vector>

namespace stepmotion::model {

constexpr double kEvaluatorFps = 20.0;

/// The ModelConfig a TrainingSet needs to load clips for the evaluator.
ModelConfig setConfigFor(const EvaluatorConfig& config);

struct PairTensors {
    torch::Tensor ids;     // [B, L] int64, 0 = pad (L >= 1)
    torch::Tensor motion;  // [B, T, F] float
    torch::Tensor padding; // [B, T] bool, true = no frame
};

/// Row i: ids[i] and frames[i] rows of featureDim floats starting at starts[i] (which may be
/// null when `frames` is empty, e.g. text only).
PairTensors makePairTensors(const std::vector<std::vector<int>>& ids, const std::vector<const float*>& starts,
                            const std::vector<int>& frames, int featureDim);

/// Appends the rows of a [N, D] float tensor.
void appendRows(Embeddings& out, const torch::Tensor& rows);

} // namespace stepmotion::model
