#pragma once
// The project's text-motion evaluator (Guo et al. 2022 style, trained contrastively): a text
// tower (the shared TextEncoder + a projection) and a motion tower (patched 263-d features
// through pre-LN transformer layers with a length mask, mean-pooled, projected) meeting in one
// L2-normalised embedding space. Saved as evaluator.json + evaluator.pt (+ tokenizer.model);
// the feature Mean/Std travel inside the archive so embedding raw features needs nothing else.

#include "text/text_encoder.h"

#include <torch/nn/modules/linear.h>

#include <string>

namespace stepmotion::model {

struct EvaluatorConfig {
    int vocabSize = 4000;
    int maxTokens = 64;      // coarse sentence, or the step texts joined (longer input is cut)
    int textDim = 96;
    int textLayers = 2;
    int motionDim = 128;
    int motionLayers = 2;
    int heads = 4;
    int ffnMultiplier = 2;
    double dropout = 0.1;
    int patchFrames = 4;     // frames per motion token
    int maxFrames = 196;
    int featureDim = 263;
    int embedDim = 256;
    double temperature = 0.07; // InfoNCE softmax temperature (fixed)

    /// Throws stepmotion::Error("<what>: ...") naming the first invalid field.
    void validate(const std::string& what) const;
    bool operator==(const EvaluatorConfig& o) const;
};

/// Pretty JSON with every field.
std::string evaluatorConfigToJson(const EvaluatorConfig& config);
/// Parses and validates; unknown or missing fields are errors naming `name` (the file).
EvaluatorConfig evaluatorConfigFromJson(const std::string& json, const std::string& name);

class EvaluatorNetImpl : public torch::nn::Module {
public:
    explicit EvaluatorNetImpl(const EvaluatorConfig& config);

    /// ids [B, L] int64 (0 = pad, L <= maxTokens) -> [B, embedDim], unit length.
    torch::Tensor embedText(const torch::Tensor& ids);
    /// Normalised features [B, T, F] with padding [B, T] (true = no frame), T <= maxFrames
    /// -> [B, embedDim], unit length.
    torch::Tensor embedMotion(const torch::Tensor& motion, const torch::Tensor& padding);
    /// Raw (de-normalised) features [B, T, F] -> normalised with the stored statistics.
    torch::Tensor normalise(const torch::Tensor& raw) const;
    /// Stores the dataset statistics used by normalise() (featureDim values each).
    void setStatistics(const torch::Tensor& mean, const torch::Tensor& stddev);

    const EvaluatorConfig& config() const { return m_config; }

private:
    EvaluatorConfig m_config;
    TextEncoder m_text{nullptr};
    torch::nn::Linear m_textProjection{nullptr}, m_motionInput{nullptr}, m_motionProjection{nullptr};
    torch::nn::Embedding m_motionPositions{nullptr};
    torch::nn::ModuleList m_motionLayers{nullptr};
    torch::nn::LayerNorm m_motionNorm{nullptr};
    torch::Tensor m_mean, m_std; // [F] buffers
};
TORCH_MODULE(EvaluatorNet);

constexpr const char* kEvaluatorConfigFile = "evaluator.json";
constexpr const char* kEvaluatorWeightsFile = "evaluator.pt";

/// Writes dir/evaluator.json and dir/evaluator.pt atomically (dir must exist).
void saveEvaluator(const std::string& dir, EvaluatorNet& net);
/// Reads them back (eval mode). Throws stepmotion::Error naming the file for a missing,
/// truncated or foreign file, a config mismatch, or a missing or wrongly shaped tensor.
EvaluatorNet loadEvaluator(const std::string& dir);

/// Symmetric InfoNCE: cross-entropy of texts against motions and back, matched by row.
torch::Tensor infoNceLoss(const torch::Tensor& text, const torch::Tensor& motion, double temperature);

} // namespace stepmotion::model
