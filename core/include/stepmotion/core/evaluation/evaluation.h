#pragma once
// A whole evaluation run (`stepmotion eval` on a dataset split): models generate for the split's
// requests, the evaluator (evaluator.h) embeds texts and motions, and the metrics
// (eval_metrics.h) fill one report row per model (eval_report.h).

#include "stepmotion/core/dataset/dataset_reader.h"
#include "stepmotion/core/evaluation/eval_report.h"
#include "stepmotion/core/evaluation/evaluator.h"
#include "stepmotion/core/generation/generator.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stepmotion {

struct EvalOptions {
    std::string modelDir;            // MotionGenerator directory; empty = ground truth only
    std::string modelName;           // table row name; empty = the directory's name
    std::vector<std::string> moreModelDirs; // further models, one row each named by directory
    std::string evaluatorDir;
    std::string dataDir;
    std::string split = "test";
    DatasetReadOptions dataOptions;
    int repeats = 3;
    int limit = 0;                   // clips used (0 = all); needs >= 32 for R-precision
    int samplingSteps = 50;
    Sampler sampler = Sampler::Ddim;                         // as GenerationRequest
    double guidanceScale = 2.5;
    StepComposition composition = kDefaultComposition;      // as GenerationRequest
    bool shiftPatchGrid = true;                              // as GenerationRequest
    int multimodalityClips = 0;      // clips with 10 extra generations for MultiModality (0 = off)
    bool stepSatisfaction = true;    // describer check of the requested steps' body parts
    uint64_t seed = 1;
};

struct EvalProgress {
    int repeat = 0, repeats = 0, done = 0, total = 0; // generated clips in this repeat
};

/// The ground-truth row, then one row per model (modelDir, then moreModelDirs). Every row also
/// carries the physical figures of its clips (decodeFeatures of the de-normalised features;
/// clips shorter than 4 frames are left out of them). Throws stepmotion::Error.
std::vector<EvalRow> runEvaluation(const EvalOptions& options,
                                   const std::function<void(const EvalProgress&)>& progress = {});

} // namespace stepmotion
