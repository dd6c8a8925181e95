#include "training/training_inputs.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/formats/npy.h"
#include "stepmotion/core/text/tokenizer.h"

#include <cmath>

namespace stepmotion::model {

torch::Device trainingDevice(const std::string& name)
{
    if (name == "cpu")
        return torch::kCPU;
    if (name == "cuda") {
        if (!torch::cuda::is_available())
            throw Error("--device cuda: this LibTorch was built without CUDA or sees no GPU");
        return {torch::kCUDA, 0};
    }
    throw Error("--device must be cpu or cuda (got '" + name + "')");
}

TextTokens loadTextTokens(const std::string& tokenizerPath, const std::string& cachePath)
{
    TextTokens out;
    if (!cachePath.empty()) {
        auto cache = std::make_shared<const TokenCache>(TokenCache::load(cachePath));
        out.vocabSize = cache->vocabSize();
        out.bosId = cache->bosId();
        out.tokenize = [cache](const std::string& text) { return cache->encode(text); };
        out.cache = std::move(cache);
        return out;
    }
    const auto tokenizer = std::make_shared<const Tokenizer>(Tokenizer::load(tokenizerPath));
    out.vocabSize = tokenizer->vocabSize();
    out.bosId = tokenizer->bosId();
    out.tokenize = [tokenizer](const std::string& text) { return tokenizer->encode(text); };
    return out;
}

std::vector<float> readFeatureStatistic(const std::string& path, int featureDim, bool isStd)
{
    if (path.empty())
        throw Error(std::string("the dataset has no ") + (isStd ? "Std.npy" : "Mean.npy")
                    + ": run `stepmotion data build` or HumanML3D's preparation first");
    NpyArray array = readNpy(path);
    if (array.size() != static_cast<std::size_t>(featureDim))
        throw fileError(path, "expected " + std::to_string(featureDim) + " values, found " + std::to_string(array.size()));
    for (float& v : array.data) {
        if (!std::isfinite(v))
            throw fileError(path, "holds a NaN or infinite value");
        if (isStd && v < 1e-6f)
            v = 1.0f;
    }
    return std::move(array.data);
}

} // namespace stepmotion::model
