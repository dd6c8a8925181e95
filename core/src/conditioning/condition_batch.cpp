#include "conditioning/condition_batch.h"

#include "stepmotion/core/runtime/error.h"

#include <torch/torch.h>

#include <algorithm>

namespace stepmotion::model {
namespace {

int64_t paddedLength(std::size_t longest, const ModelConfig& config)
{
    return std::clamp<int64_t>(static_cast<int64_t>(longest), 1, config.maxTokens);
}

// Writes ids (cut to the row length) into one row of an int64 tensor accessor.
template <typename Row>
void fillRow(Row row, const std::vector<int>& ids, int vocabSize)
{
    const auto count = std::min<int64_t>(static_cast<int64_t>(ids.size()), row.size(0));
    for (int64_t i = 0; i < count; ++i) {
        const int id = ids[static_cast<std::size_t>(i)];
        if (id < 0 || id >= vocabSize)
            throw Error("token id " + std::to_string(id) + " is outside the model's vocabulary [0, "
                        + std::to_string(vocabSize) + ")");
        row[i] = id;
    }
}

} // namespace

ConditionInput buildConditionInput(const std::vector<TokenizedStepList>& lists, const ModelConfig& config)
{
    const auto batch = static_cast<int64_t>(lists.size());
    std::size_t coarseLongest = 0, stepLongest = 0, stepCount = 0;
    for (const auto& list : lists) {
        if (list.steps.size() > static_cast<std::size_t>(config.maxSteps))
            throw Error(std::to_string(list.steps.size()) + " steps: the model accepts at most "
                        + std::to_string(config.maxSteps));
        coarseLongest = std::max(coarseLongest, list.coarse.size());
        stepCount = std::max(stepCount, list.steps.size());
        for (const auto& step : list.steps)
            stepLongest = std::max(stepLongest, step.ids.size());
    }
    const auto longs = torch::TensorOptions().dtype(torch::kLong);
    const auto steps = static_cast<int64_t>(stepCount);
    ConditionInput in;
    in.coarseIds = torch::zeros({batch, paddedLength(coarseLongest, config)}, longs);
    in.stepIds = torch::zeros({batch, steps, paddedLength(stepLongest, config)}, longs);
    in.stepSpans = torch::zeros({batch, steps, 2});
    in.stepPadding = torch::ones({batch, steps}, torch::TensorOptions().dtype(torch::kBool));
    auto coarse = in.coarseIds.accessor<int64_t, 2>();
    auto stepIds = in.stepIds.accessor<int64_t, 3>();
    auto spans = in.stepSpans.accessor<float, 3>();
    auto padding = in.stepPadding.accessor<bool, 2>();
    for (int64_t b = 0; b < batch; ++b) {
        const auto& list = lists[static_cast<std::size_t>(b)];
        fillRow(coarse[b], list.coarse, config.vocabSize);
        for (std::size_t s = 0; s < list.steps.size(); ++s) {
            const auto i = static_cast<int64_t>(s);
            fillRow(stepIds[b][i], list.steps[s].ids, config.vocabSize);
            spans[b][i][0] = static_cast<float>(list.steps[s].start);
            spans[b][i][1] = static_cast<float>(list.steps[s].end);
            padding[b][i] = false;
        }
    }
    return in;
}

} // namespace stepmotion::model
