#include "evaluation/evaluator_model.h"

#include "network/config_json.h"

#include "stepmotion/core/formats/file_paths.h"
#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <fstream>
#include <set>
#include <sstream>

namespace stepmotion::model {
namespace {

using Json = nlohmann::json;
constexpr const char* kConfigKey = "stepmotion_evaluator_config_json";

// Every field with its JSON name, in file order.
template <typename Config, typename F>
void visitFields(Config& c, F&& f)
{
    f("vocabSize", c.vocabSize);
    f("maxTokens", c.maxTokens);
    f("textDim", c.textDim);
    f("textLayers", c.textLayers);
    f("motionDim", c.motionDim);
    f("motionLayers", c.motionLayers);
    f("heads", c.heads);
    f("ffnMultiplier", c.ffnMultiplier);
    f("dropout", c.dropout);
    f("patchFrames", c.patchFrames);
    f("maxFrames", c.maxFrames);
    f("featureDim", c.featureDim);
    f("embedDim", c.embedDim);
    f("temperature", c.temperature);
}

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string shapeText(const torch::Tensor& t)
{
    std::ostringstream s;
    s << t.sizes();
    return s.str();
}

std::vector<std::pair<std::string, torch::Tensor>> namedTensors(EvaluatorNet& net)
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& item : net->named_parameters())
        out.emplace_back(item.key(), item.value());
    for (const auto& item : net->named_buffers())
        out.emplace_back(item.key(), item.value());
    return out;
}

} // namespace

void EvaluatorConfig::validate(const std::string& what) const
{
    const auto require = [&what](bool ok, const char* field, const char* rule) {
        if (!ok)
            throw Error(what + ": " + field + " " + rule);
    };
    require(vocabSize >= 4, "vocabSize", "must be at least 4");
    require(maxTokens >= 1, "maxTokens", "must be at least 1");
    require(textDim >= 1 && textDim % heads == 0, "textDim", "must be a positive multiple of heads");
    require(motionDim >= 1 && motionDim % heads == 0, "motionDim", "must be a positive multiple of heads");
    require(heads >= 1, "heads", "must be at least 1");
    require(textLayers >= 0 && motionLayers >= 0, "layers", "must not be negative");
    require(ffnMultiplier >= 1, "ffnMultiplier", "must be at least 1");
    require(dropout >= 0 && dropout < 1, "dropout", "must be in [0, 1)");
    require(patchFrames >= 1 && maxFrames >= patchFrames, "patchFrames", "must be in [1, maxFrames]");
    require(featureDim >= 1 && embedDim >= 1, "featureDim/embedDim", "must be at least 1");
    require(temperature > 0, "temperature", "must be > 0");
}

bool EvaluatorConfig::operator==(const EvaluatorConfig& o) const
{
    return evaluatorConfigToJson(*this) == evaluatorConfigToJson(o);
}

std::string evaluatorConfigToJson(const EvaluatorConfig& config)
{
    Json j = Json::object();
    EvaluatorConfig c = config;
    visitFields(c, [&j](const char* field, const auto& value) { j[field] = value; });
    return j.dump(2) + "\n";
}

EvaluatorConfig evaluatorConfigFromJson(const std::string& json, const std::string& name)
{
    const Json j = parseConfigObject(json, name);
    EvaluatorConfig c;
    std::set<std::string> known;
    visitFields(c, [&](const char* field, auto& value) {
        known.insert(field);
        const Json& v = requireField(j, field, name);
        if (!v.is_number())
            throw fileError(name, std::string(field) + ": expected a number");
        value = v.template get<std::decay_t<decltype(value)>>();
    });
    rejectUnknownFields(j, known, name);
    c.validate(name);
    return c;
}

EvaluatorNetImpl::EvaluatorNetImpl(const EvaluatorConfig& config) : m_config(config)
{
    config.validate("evaluator config");
    const auto& c = config;
    m_text = register_module("text", TextEncoder(c.vocabSize, c.maxTokens, c.textDim, c.textLayers, c.heads,
                                                 c.ffnMultiplier, c.dropout));
    m_textProjection = register_module("text_projection", torch::nn::Linear(c.textDim, c.embedDim));
    m_motionInput = register_module("motion_input", torch::nn::Linear(c.featureDim * c.patchFrames, c.motionDim));
    const int tokens = (c.maxFrames + c.patchFrames - 1) / c.patchFrames;
    m_motionPositions = register_module("motion_positions", torch::nn::Embedding(tokens, c.motionDim));
    torch::nn::init::normal_(m_motionPositions->weight, 0.0, 0.02);
    m_motionLayers = register_module("motion_layers", torch::nn::ModuleList());
    for (int i = 0; i < c.motionLayers; ++i)
        m_motionLayers->push_back(TransformerBlock(c.motionDim, c.heads, c.ffnMultiplier, c.dropout));
    m_motionNorm = register_module("motion_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.motionDim})));
    m_motionProjection = register_module("motion_projection", torch::nn::Linear(c.motionDim, c.embedDim));
    m_mean = register_buffer("feature_mean", torch::zeros({c.featureDim}));
    m_std = register_buffer("feature_std", torch::ones({c.featureDim}));
}

torch::Tensor EvaluatorNetImpl::embedText(const torch::Tensor& ids)
{
    const auto encoded = m_text->forward(ids.slice(1, 0, m_config.maxTokens));
    return torch::nn::functional::normalize(m_textProjection->forward(encoded.pooled),
                                            torch::nn::functional::NormalizeFuncOptions().dim(1));
}

torch::Tensor EvaluatorNetImpl::embedMotion(const torch::Tensor& motion, const torch::Tensor& padding)
{
    const int64_t batch = motion.size(0), frames = motion.size(1), p = m_config.patchFrames;
    TORCH_CHECK(frames <= m_config.maxFrames && motion.size(2) == m_config.featureDim,
                "evaluator: motion must be [B, T<=", m_config.maxFrames, ", ", m_config.featureDim, "]");
    const int64_t patched = (frames + p - 1) / p;
    auto x = torch::nn::functional::pad(motion, torch::nn::functional::PadFuncOptions({0, 0, 0, patched * p - frames}));
    auto pad = torch::nn::functional::pad(padding.to(torch::kFloat), torch::nn::functional::PadFuncOptions({0, patched * p - frames}).value(1.0));
    x = x.view({batch, patched, p * m_config.featureDim});
    const auto tokenPadding = pad.view({batch, patched, p}).amin(2).gt(0.5); // every frame of the patch padded
    const auto positions = torch::arange(patched, motion.options().dtype(torch::kLong));
    x = m_motionInput->forward(x) + m_motionPositions->forward(positions);
    for (const auto& layer : *m_motionLayers)
        x = layer->as<TransformerBlock>()->forward(x, tokenPadding);
    const auto pooled = maskedMean(m_motionNorm->forward(x), tokenPadding);
    return torch::nn::functional::normalize(m_motionProjection->forward(pooled),
                                            torch::nn::functional::NormalizeFuncOptions().dim(1));
}

torch::Tensor EvaluatorNetImpl::normalise(const torch::Tensor& raw) const { return (raw - m_mean) / m_std; }

void EvaluatorNetImpl::setStatistics(const torch::Tensor& mean, const torch::Tensor& stddev)
{
    torch::NoGradGuard noGrad;
    m_mean.copy_(mean.reshape({m_config.featureDim}));
    m_std.copy_(stddev.reshape({m_config.featureDim}));
}

torch::Tensor infoNceLoss(const torch::Tensor& text, const torch::Tensor& motion, double temperature)
{
    const auto logits = torch::matmul(text, motion.t()) / temperature; // [B, B]
    const auto target = torch::arange(text.size(0), text.options().dtype(torch::kLong));
    return 0.5 * (torch::nn::functional::cross_entropy(logits, target)
                  + torch::nn::functional::cross_entropy(logits.t(), target));
}

void saveEvaluator(const std::string& dir, EvaluatorNet& net)
{
    const std::string configJson = evaluatorConfigToJson(net->config());
    const std::string weightsPath = joinPath(dir, kEvaluatorWeightsFile);
    std::ostringstream bytes;
    try {
        torch::serialize::OutputArchive archive;
        archive.write(kConfigKey, c10::IValue(configJson));
        for (const auto& [name, tensor] : namedTensors(net))
            archive.write(name, tensor.detach().to(torch::kCPU));
        archive.save_to(bytes);
    } catch (const c10::Error& e) {
        throw fileError(weightsPath, "cannot serialise the evaluator: " + firstLine(e.msg()));
    }
    writeFileAtomically(weightsPath, bytes.str());
    writeFileAtomically(joinPath(dir, kEvaluatorConfigFile), configJson);
}

EvaluatorNet loadEvaluator(const std::string& dir)
{
    const std::string configPath = joinPath(dir, kEvaluatorConfigFile);
    const EvaluatorConfig config = evaluatorConfigFromJson(readWholeFile(configPath), configPath);
    const std::string path = joinPath(dir, kEvaluatorWeightsFile);
    if (!std::ifstream(path, std::ios::binary))
        throw fileError(path, "cannot open the evaluator weights (missing or unreadable)");
    EvaluatorNet net(config);
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(path);
        c10::IValue stored;
        if (!archive.try_read(kConfigKey, stored) || !stored.isString())
            throw fileError(path, "holds no evaluator config: not a StepMotion evaluator");
        if (!(evaluatorConfigFromJson(stored.toStringRef(), path + " (stored config)") == config))
            throw fileError(path, "was saved with a different config than " + configPath);
        std::set<std::string> expected{kConfigKey};
        torch::NoGradGuard noGrad;
        for (auto& [name, tensor] : namedTensors(net)) {
            expected.insert(name);
            torch::Tensor value;
            if (!archive.try_read(name, value))
                throw fileError(path, "missing tensor '" + name + "' " + shapeText(tensor));
            if (value.sizes() != tensor.sizes())
                throw fileError(path, "tensor '" + name + "' has shape " + shapeText(value) + ", the config expects "
                                          + shapeText(tensor));
            tensor.copy_(value);
        }
        for (const auto& key : archive.keys())
            if (!expected.count(key))
                throw fileError(path, "unexpected tensor '" + key + "'");
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) { // c10::Error or the zip reader's errors
        throw fileError(path, "cannot read the evaluator (truncated or not an evaluator archive): " + firstLine(e.what()));
    }
    net->eval();
    return net;
}

} // namespace stepmotion::model
