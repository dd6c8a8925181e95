#pragma once
// Hyper-parameters of the FineMotionDiffuse model and its diffusion process. Torch-free so the
// trainer, the checkpoint code and the CLI can all read it. Saved as config.json beside the
// weights; loading checks every field (unknown or missing fields are errors).

#include <string>

namespace stepmotion::model {

/// The ablations studied in the paper, plus our time-aligned attention bias.
enum class Variant {
    CoarseOnly,      // MotionDiffuse-style baseline: only the coarse sentence
    FineOnly,        // only the timed steps
    Full,            // coarse + steps with step self-attention and fine<->coarse cross-attention
    FullNoStepSelfAttention,
    FullNoCrossAttention,
    FullTimeAligned  // Full + time-aligned bias in the denoiser's cross-attention
};

enum class BetaSchedule { Linear, Cosine };

/// What the denoiser predicts. X0 is the default: the model outputs clean features, which keeps
/// few-step DDIM samples stable for a small network and lets training add losses on the predicted
/// motion itself (foot contact, velocities) later; Epsilon is MotionDiffuse's original target.
enum class PredictionTarget { Epsilon, X0 };

/// Which parts of the text stack are active (derived from a Variant, or set individually).
struct ConditionBlocks {
    bool useCoarse = true;
    bool useFine = true;
    bool stepSelfAttention = true;
    bool fineCoarseCrossAttention = true;
    bool timeAlignedBias = false;

    bool operator==(const ConditionBlocks& o) const;
};

ConditionBlocks blocksForVariant(Variant variant);

/// "coarse-only", "fine-only", "full", "full-no-step-attention", "full-no-cross-attention",
/// "full-time-aligned": the names the CLI and the evaluation use.
const char* variantName(Variant variant);

/// The variant called `name`; throws stepmotion::Error listing the valid names otherwise.
Variant variantFromName(const std::string& name);

struct ModelConfig {
    // Text side.
    int vocabSize = 4000;       // token ids in [0, vocabSize); 0 is padding
    int maxTokens = 40;         // per coarse sentence and per step text (longer input is cut)
    int maxSteps = 16;          // steps per clip the model accepts
    int textDim = 256;
    int textLayers = 2;
    int textHeads = 4;
    // Motion side.
    int motionDim = 256;
    int motionLayers = 4;
    int motionHeads = 4;
    int ffnMultiplier = 2;      // FFN hidden size = multiplier * dim
    double dropout = 0.1;
    int patchFrames = 4;        // frames per denoiser token (196 frames -> 49 tokens)
    int maxFrames = 196;
    int featureDim = 263;
    double fps = 20.0;
    ConditionBlocks blocks;
    // Diffusion.
    int diffusionSteps = 1000;
    BetaSchedule schedule = BetaSchedule::Linear;
    PredictionTarget prediction = PredictionTarget::X0;
    double conditionDropout = 0.1; // probability of training a sample unconditionally (CFG)

    /// Throws stepmotion::Error("<what>: ...") naming the first invalid field.
    void validate(const std::string& what) const;
    bool operator==(const ModelConfig& o) const;
    bool operator!=(const ModelConfig& o) const { return !(*this == o); }
};

/// The default size (about 9.5M parameters) with the given ablation.
ModelConfig defaultConfig(Variant variant = Variant::Full);

/// A very small configuration for tests (dim 32, one layer per stack).
ModelConfig tinyConfig(Variant variant = Variant::Full);

/// Pretty JSON with every field; enums as lower-case names.
std::string configToJson(const ModelConfig& config);

/// Parses and validates; `name` (usually the file path) starts every error message.
ModelConfig configFromJson(const std::string& json, const std::string& name);

/// Names of fields whose values differ ("motionLayers: 4 vs 2"), comma separated; empty if equal.
std::string describeConfigDifferences(const ModelConfig& a, const ModelConfig& b);

} // namespace stepmotion::model
