#pragma once
// What every training loop (generator, MLM pre-training, evaluator) reads the same way: the
// device, the texts' token ids (sentencepiece or a token cache) and the feature statistics.

#include "stepmotion/core/generation/generator.h"
#include "stepmotion/core/text/token_cache.h"

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace stepmotion::model {

/// "cpu" or "cuda" (needs a CUDA LibTorch and a visible GPU); anything else is an Error.
torch::Device trainingDevice(const std::string& name);

struct TextTokens {
    TokenizeFunction tokenize;
    int vocabSize = 0;
    int bosId = 2;                           // MLM's mask id: never emitted by encode()
    std::shared_ptr<const TokenCache> cache; // set when the ids come from a token cache
};

/// Token ids from the cache at `cachePath` when given (sentencepiece never runs), else from
/// the sentencepiece model at `tokenizerPath`.
TextTokens loadTextTokens(const std::string& tokenizerPath, const std::string& cachePath);

/// Mean.npy / Std.npy of a dataset: featureDim finite values; a ~0 std becomes 1 so a constant
/// feature stays 0 instead of exploding. An empty path is an Error naming the missing file.
std::vector<float> readFeatureStatistic(const std::string& path, int featureDim, bool isStd);

} // namespace stepmotion::model
