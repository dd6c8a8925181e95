#include "network/checkpoint.h"

#include "stepmotion/core/formats/file_paths.h"
#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"

#include <torch/torch.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace stepmotion::model {
namespace {

constexpr const char* kConfigKey = "stepmotion_config_json";

std::string shapeText(const torch::Tensor& t)
{
    std::ostringstream s;
    s << t.sizes();
    return s.str();
}

// c10::Error messages carry a long C++ backtrace; a person needs only the first line.
std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

// A lower bound on the parameters `c` describes: the feed-forward matrices of every text and
// motion layer plus the token embedding. The real count is larger.
double minimumParameters(const ModelConfig& c)
{
    const double text = double(c.textDim) * c.textDim * c.textLayers;
    const double motion = double(c.motionDim) * c.motionDim * c.motionLayers;
    return 2.0 * c.ffnMultiplier * (text + motion) + double(c.vocabSize) * c.textDim;
}

// A damaged or hostile config.json can describe a model of hundreds of gigabytes; building it
// would exhaust memory before any tensor is compared. The weights file must hold at least two
// bytes per parameter (float32 takes four), so refuse before allocating.
void requireWeightsCanHold(const std::string& weightsPath, const std::string& configPath, const ModelConfig& c)
{
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(weightsPath, ec);
    const double parameters = minimumParameters(c);
    if (!ec && double(bytes) < 2.0 * parameters)
        throw fileError(weightsPath, std::to_string(bytes) + " bytes cannot hold the model " + configPath +
                                         " describes (at least " + std::to_string(std::llround(parameters)) +
                                         " parameters): the weights are truncated or the config is not theirs");
}

// Every parameter and buffer by its dotted name.
std::vector<std::pair<std::string, torch::Tensor>> namedTensors(FineMotionDiffuse& model)
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& item : model->named_parameters())
        out.emplace_back(item.key(), item.value());
    for (const auto& item : model->named_buffers())
        out.emplace_back(item.key(), item.value());
    return out;
}

void readWeights(const std::string& path, const ModelConfig& config, FineMotionDiffuse& model)
{
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(path);
    } catch (const std::exception& e) { // c10::Error, or std errors from the zip reader
        throw fileError(path, "cannot read the weights (truncated or not a model archive): " + firstLine(e.what()));
    }
    c10::IValue storedConfig;
    if (!archive.try_read(kConfigKey, storedConfig) || !storedConfig.isString())
        throw fileError(path, "holds no StepMotion model config: not a StepMotion checkpoint");
    const ModelConfig stored = configFromJson(storedConfig.toStringRef(), path + " (stored config)");
    const std::string differences = describeConfigDifferences(config, stored);
    if (!differences.empty())
        throw fileError(path, "weights were saved with a different config than " + std::string(kConfigFileName)
                                  + " (config.json vs file: " + differences + ")");
    std::set<std::string> expected{kConfigKey};
    torch::NoGradGuard noGrad;
    for (auto& [name, tensor] : namedTensors(model)) {
        expected.insert(name);
        torch::Tensor stored;
        if (!archive.try_read(name, stored))
            throw fileError(path, "missing tensor '" + name + "' " + shapeText(tensor));
        if (stored.sizes() != tensor.sizes())
            throw fileError(path, "tensor '" + name + "' has shape " + shapeText(stored) + ", the config expects "
                                      + shapeText(tensor));
        tensor.copy_(stored);
    }
    for (const auto& key : archive.keys())
        if (!expected.count(key))
            throw fileError(path, "unexpected tensor '" + key + "' that the config does not use");
}

} // namespace

void saveCheckpoint(const std::string& dir, FineMotionDiffuse& model)
{
    const std::string configJson = configToJson(model->config());
    const std::string weightsPath = joinPath(dir, kWeightsFileName);
    std::ostringstream bytes;
    try {
        torch::serialize::OutputArchive archive;
        archive.write(kConfigKey, c10::IValue(configJson));
        for (const auto& [name, tensor] : namedTensors(model))
            archive.write(name, tensor.detach().to(torch::kCPU)); // loadable without CUDA
        archive.save_to(bytes);
    } catch (const c10::Error& e) {
        throw fileError(weightsPath, "cannot serialise the weights: " + firstLine(e.msg()));
    }
    writeFileAtomically(weightsPath, bytes.str());
    writeFileAtomically(joinPath(dir, kConfigFileName), configJson);
}

FineMotionDiffuse loadCheckpoint(const std::string& dir)
{
    const std::string configPath = joinPath(dir, kConfigFileName);
    const ModelConfig config = configFromJson(readWholeFile(configPath), configPath);
    const std::string weightsPath = joinPath(dir, kWeightsFileName);
    if (!std::ifstream(weightsPath, std::ios::binary)) // a clear message before torch sees the path
        throw fileError(weightsPath, "cannot open the weights file (missing or unreadable)");
    requireWeightsCanHold(weightsPath, configPath, config);
    FineMotionDiffuse model(config);
    try {
        readWeights(weightsPath, config, model);
    } catch (const c10::Error& e) { // e.g. a stored value of the wrong type under a known key
        throw fileError(weightsPath, "corrupt weights: " + firstLine(e.msg()));
    }
    model->eval();
    return model;
}

} // namespace stepmotion::model
