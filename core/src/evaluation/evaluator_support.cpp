#include "evaluation/evaluator_support.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/formats/npy.h"
#include "stepmotion/core/text/token_cache.h"
#include "stepmotion/core/text/tokenizer.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace stepmotion::model {

ModelConfig setConfigFor(const EvaluatorConfig& config)
{
    ModelConfig out = tinyConfig();
    out.vocabSize = config.vocabSize;
    out.featureDim = config.featureDim;
    out.maxFrames = config.maxFrames;
    out.fps = kEvaluatorFps;
    return out;
}

PairTensors makePairTensors(const std::vector<std::vector<int>>& ids, const std::vector<const float*>& starts,
                            const std::vector<int>& frames, int featureDim)
{
    const auto batch = static_cast<int64_t>(ids.size());
    std::size_t longestText = 1;
    for (const auto& row : ids)
        longestText = std::max(longestText, row.size());
    PairTensors out;
    out.ids = torch::zeros({batch, static_cast<int64_t>(longestText)}, torch::kLong);
    auto idAccess = out.ids.accessor<int64_t, 2>();
    for (int64_t b = 0; b < batch; ++b)
        for (std::size_t i = 0; i < ids[std::size_t(b)].size(); ++i)
            idAccess[b][static_cast<int64_t>(i)] = ids[std::size_t(b)][i];
    if (frames.empty())
        return out;
    const int64_t longest = std::max<int64_t>(1, *std::max_element(frames.begin(), frames.end()));
    out.motion = torch::zeros({batch, longest, featureDim});
    out.padding = torch::ones({batch, longest}, torch::TensorOptions().dtype(torch::kBool));
    float* motion = out.motion.data_ptr<float>();
    for (int64_t b = 0; b < batch; ++b) {
        const int n = frames[std::size_t(b)];
        std::copy(starts[std::size_t(b)], starts[std::size_t(b)] + static_cast<std::ptrdiff_t>(n) * featureDim,
                  motion + b * longest * featureDim);
        out.padding[b].slice(0, 0, n).fill_(false);
    }
    return out;
}

void appendRows(Embeddings& out, const torch::Tensor& rows)
{
    const auto contiguous = rows.detach().to(torch::kCPU, torch::kFloat).contiguous();
    const int64_t n = contiguous.size(0), d = contiguous.size(1);
    const float* data = contiguous.data_ptr<float>();
    for (int64_t i = 0; i < n; ++i)
        out.emplace_back(data + i * d, data + (i + 1) * d);
}

} // namespace stepmotion::model
