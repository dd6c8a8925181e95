#pragma once
// The project's own text/motion evaluator: a contrastively trained embedding pair in the style
// of Guo et al. 2022, its training, and the step-satisfaction check. Plain types only: torch
// stays inside core.

#include "stepmotion/core/dataset/dataset_reader.h"
#include "stepmotion/core/evaluation/eval_metrics.h"
#include "stepmotion/core/generation/generator.h" // TokenizeFunction
#include "stepmotion/core/motion/motion.h"
#include "stepmotion/core/steps/steps.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace stepmotion {

struct EvaluatorTrainOptions {
    std::string dataDir;             // HumanML3D layout; the train split trains, the test split scores
    DatasetReadOptions dataOptions;
    std::string tokenizerPath;       // sentencepiece .model; copied into outDir
    std::string tokenCachePath;      // optional: texts looked up instead of tokenized
    std::string outDir;              // evaluator.json, evaluator.pt, tokenizer.model
    int steps = 3000;
    int batchSize = 64;              // distinct clips per batch (capped at the clip count)
    double learningRate = 5e-4;      // peak; warm-up then cosine decay
    int warmupSteps = 100;
    int logEvery = 50;
    double maxMinutes = 0;           // stop early (still saving) after this wall time; 0 = none
    uint64_t seed = 1;
};

struct EvaluatorTrainProgress {
    int step = 0, totalSteps = 0;
    double loss = 0;                 // mean InfoNCE since the last report
    double elapsedSeconds = 0;
};

struct EvaluatorTrainSummary {
    int step = 0;
    int64_t parameters = 0;
    int trainClips = 0;
    double seconds = 0;
    double finalLoss = 0;
    int scoredClips = 0;             // test clips scored (val, or none, when test is missing)
    RPrecision scores;               // ground-truth R-precision at batch 32 on those clips
};

/// Trains the evaluator with symmetric InfoNCE on (caption, motion window) pairs, alternating
/// with (step texts joined, motion window) pairs, then scores it on the test split. Throws
/// stepmotion::Error naming the file or option at fault.
EvaluatorTrainSummary trainEvaluator(const EvaluatorTrainOptions& options,
                                     const std::function<void(const EvaluatorTrainProgress&)>& progress = {});

/// Step satisfaction: the fraction of requested steps (those naming a body part group) whose
/// every group the rule-based describer tags on motions[i] within the step's span widened by
/// 0.25 s ("still" steps do not count). Request i goes with motion i; NaN when no step names
/// a group. Throws stepmotion::Error when the two lists differ in length.
double stepSatisfactionRate(const std::vector<StepList>& requests, const std::vector<FeatureClip>& motions);

/// The text an evaluator embeds for a step list: the coarse sentence, or when that is empty
/// the step texts joined by spaces in start order.
std::string evaluatorText(const StepList& steps);

class TextMotionEvaluator {
public:
    /// Loads dir/evaluator.json + evaluator.pt, tokenizing with dir/tokenizer.model.
    static TextMotionEvaluator load(const std::string& dir);
    /// The same with a caller-supplied tokenizer.
    static TextMotionEvaluator load(const std::string& dir, TokenizeFunction tokenize);
    TextMotionEvaluator(TextMotionEvaluator&&) noexcept;
    TextMotionEvaluator& operator=(TextMotionEvaluator&&) noexcept;
    ~TextMotionEvaluator();

    /// Unit-length embeddings of texts (empty text is an error).
    Embeddings embedTexts(const std::vector<std::string>& texts) const;
    /// Unit-length embeddings of de-normalised 263-d clips; frames beyond the evaluator's
    /// maximum are cut. A clip with no frames is an error.
    Embeddings embedMotions(const std::vector<FeatureClip>& motions) const;
    int embeddingDim() const;

private:
    struct Impl;
    explicit TextMotionEvaluator(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace stepmotion
