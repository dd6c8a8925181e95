#pragma once
// Text-motion evaluation in the style of Guo et al. 2022 (HumanML3D): a contrastively trained
// text/motion embedding pair (the project's own evaluator) and the standard metrics computed
// on its embeddings: R-Precision, FID, MM-Dist, Diversity and MultiModality, as mean and 95%
// confidence interval over repeated generations. Plain types only: torch stays inside core.

#include "stepmotion/core/dataset_reader.h"
#include "stepmotion/core/generator.h"
#include "stepmotion/core/motion.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace stepmotion {

/// One embedding per row; every row has the same length.
using Embeddings = std::vector<std::vector<float>>;

// ---------------------------------------------------------------- metric math (torch-free)

struct RPrecision {
    double top1 = 0, top2 = 0, top3 = 0; // fraction of texts whose own motion ranks within k
    double mmDist = 0;                   // mean Euclidean distance of matched text/motion pairs
    int batches = 0;                     // full batches scored (a remainder < batchSize is dropped)
};

/// Row i of `texts` matches row i of `motions`. Rows are shuffled (seeded), cut into batches
/// of `batchSize` (Guo et al.: 32 = 1 match + 31 others), and each text ranks the batch's
/// motions by Euclidean distance. MM-Dist uses every row. Throws stepmotion::Error when the
/// sets differ in size or hold fewer than batchSize rows.
RPrecision rPrecision(const Embeddings& texts, const Embeddings& motions, int batchSize = 32, uint64_t seed = 0);

/// Fréchet distance between Gaussians fitted to two sets (mean + unbiased covariance):
/// |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1^1/2 S2 S1^1/2)^1/2). Square roots come from a
/// cyclic Jacobi eigen-decomposition of the symmetric matrices (negative round-off eigenvalues
/// clamp to 0). Throws stepmotion::Error for sets with fewer than 2 rows or different widths.
double frechetDistance(const Embeddings& a, const Embeddings& b);

/// Mean Euclidean distance over `pairs` random pairs (i, j), i != j, drawn with `seed`.
/// Guo et al. use 300 pairs. Throws stepmotion::Error for fewer than 2 rows.
double diversity(const Embeddings& set, int pairs = 300, uint64_t seed = 0);

/// Mean over groups of the mean distance of `pairs` random distinct pairs inside the group
/// (several motions generated for one text; Guo et al.: 10 pairs). Groups with fewer than
/// 2 rows are skipped; throws stepmotion::Error when none is left.
double multimodality(const std::vector<Embeddings>& groups, int pairs = 10, uint64_t seed = 0);

/// Eigenvalues (ascending) and eigenvectors (column k of the row-major n x n `vectors`
/// belongs to value k) of a symmetric row-major n x n matrix, by cyclic Jacobi rotations.
struct SymmetricEigen {
    std::vector<double> values;
    std::vector<double> vectors;
};
SymmetricEigen symmetricEigen(std::vector<double> matrix, int n);

struct MeanInterval {
    double mean = 0;
    double ci95 = 0; // 1.96 * sample sd / sqrt(n); 0 for n = 1
};
/// NaN entries are ignored; an empty (or all-NaN) list gives NaN for both.
MeanInterval meanInterval(const std::vector<double>& values);

/// A table cell for per-repeat values: "mean ± ci95" with `decimals` places, only the mean
/// for a single value, "-" when every value is NaN.
std::string formatIntervalCell(const std::vector<double>& values, int decimals);

/// One repeat's figures. NaN marks a metric that was not computed.
struct EvalMetrics {
    double top1 = 0, top2 = 0, top3 = 0, fid = 0, mmDist = 0, diversity = 0;
    double multimodality = std::numeric_limits<double>::quiet_NaN();
    double stepSatisfaction = std::numeric_limits<double>::quiet_NaN();
    // Physical plausibility (physical_metrics.h) of the repeat's clips decoded to joints:
    // means over clips, except the seam ratio, which is PhysicalSummary::pooledSeamPhaseRatio.
    double meanJerk = std::numeric_limits<double>::quiet_NaN();           // m/s^3
    double seamPhaseRatio = std::numeric_limits<double>::quiet_NaN();     // 1 = no 4-frame judder
    double footSkating = std::numeric_limits<double>::quiet_NaN();        // fraction of foot-frame pairs
    double boneLengthStdMm = std::numeric_limits<double>::quiet_NaN();    // worst bone, millimetres
    double floorPenetrationCm = std::numeric_limits<double>::quiet_NaN(); // centimetres
    double airborneHeight = std::numeric_limits<double>::quiet_NaN();     // metres, both feet up
};

/// A table row: "Ground truth" or a model, with one EvalMetrics per repeat.
struct EvalRow {
    std::string name;
    std::vector<EvalMetrics> repeats;
};

/// A GitHub markdown table: one row per EvalRow, each cell "mean ± ci" (ci omitted for one
/// repeat), "-" for a metric that is NaN in every repeat. When any row has physical figures,
/// a second table with the same rows follows after a blank line: jerk, seam phase ratio,
/// foot skating, bone length sd (mm), floor penetration (cm), airborne height (m).
std::string formatEvalTable(const std::vector<EvalRow>& rows);

/// {"rows": [{"name": ..., "repeats": N, "metrics": {"top1": {"mean": ., "ci95": ., "values": [...]}}}]}
/// (NaN metrics written as null), with `extra` (a JSON object text, may be empty) as "run".
/// The physical figures are keys mean_jerk, seam_phase_ratio, foot_skating, bone_length_sd_mm,
/// floor_penetration_cm and airborne_height_m.
std::string formatEvalJson(const std::vector<EvalRow>& rows, const std::string& extra = {});

// ---------------------------------------------------------------- the evaluator (torch inside)

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
    StepComposition composition = StepComposition::PerStep; // as GenerationRequest
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
