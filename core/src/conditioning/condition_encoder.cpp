#include "conditioning/condition_encoder.h"

#include <torch/torch.h>

namespace stepmotion::model {

Condition dropCondition(const Condition& condition, const torch::Tensor& drop)
{
    Condition out = condition;
    auto hidden = torch::ones_like(condition.padding);
    hidden.select(1, 0).fill_(false);                                    // the null token stays
    out.padding = torch::where(drop.view({-1, 1}), hidden, condition.padding);
    out.pooled = condition.pooled.masked_fill(drop.view({-1, 1}), 0.0);
    return out;
}

Condition unconditional(const Condition& condition)
{
    const auto drop = torch::ones({condition.memory.size(0)}, condition.padding.options());
    return dropCondition(condition, drop);
}

Condition concatConditions(const Condition& a, const Condition& b)
{
    Condition out;
    out.memory = torch::cat({a.memory, b.memory});
    out.padding = torch::cat({a.padding, b.padding});
    out.pooled = torch::cat({a.pooled, b.pooled});
    if (a.stepSpans.defined())
        out.stepSpans = torch::cat({a.stepSpans, b.stepSpans});
    out.stepOffset = a.stepOffset;
    return out;
}

ConditionEncoderImpl::ConditionEncoderImpl(const ModelConfig& c) : m_blocks(c.blocks)
{
    m_text = register_module("text", TextEncoder(c.vocabSize, c.maxTokens, c.textDim, c.textLayers, c.textHeads,
                                                 c.ffnMultiplier, c.dropout));
    if (m_blocks.useFine) {
        m_steps = register_module("steps", StepEncoder(c.textDim));
        if (m_blocks.stepSelfAttention)
            m_stepAttention = register_module(
                "step_attention", StepSelfAttention(c.textDim, c.textHeads, c.ffnMultiplier, c.dropout));
        if (m_blocks.fineCoarseCrossAttention && m_blocks.useCoarse)
            m_fineCoarse = register_module(
                "fine_coarse", FineCoarseCrossAttention(c.textDim, c.textHeads, c.ffnMultiplier, c.dropout));
    }
    m_nullToken = register_parameter("null_token", torch::randn({1, 1, c.textDim}) * 0.02);
}

torch::Tensor ConditionEncoderImpl::encodeSteps(const ConditionInput& input, const TextEncoding& coarse)
{
    const auto batch = input.stepIds.size(0);
    const auto count = input.stepIds.size(1);
    // One TextEncoder pass over all B*S step texts: [B*S, Ls] -> pooled [B, S, Dt].
    const auto text = m_text->forward(input.stepIds.reshape({batch * count, -1})).pooled.view({batch, count, -1});
    auto steps = m_steps->forward(text, input.stepSpans);
    if (m_stepAttention)
        steps = m_stepAttention->forward(steps, input.stepPadding);
    if (m_fineCoarse)
        steps = m_fineCoarse->forward(steps, coarse.tokens, coarse.padding);
    return steps; // [B, S, Dt]
}

Condition ConditionEncoderImpl::forward(const ConditionInput& input)
{
    const auto batch = input.coarseIds.size(0);
    std::vector<torch::Tensor> memory{m_nullToken.expand({batch, 1, m_nullToken.size(2)})};
    std::vector<torch::Tensor> padding{
        torch::zeros({batch, 1}, input.coarseIds.options().dtype(torch::kBool))};
    TextEncoding coarse;
    if (m_blocks.useCoarse) {
        coarse = m_text->forward(input.coarseIds);
        memory.push_back(coarse.tokens);
        padding.push_back(coarse.padding);
    }
    Condition out;
    out.stepOffset = 1 + (m_blocks.useCoarse ? coarse.tokens.size(1) : 0);
    if (m_blocks.useFine && input.stepIds.defined() && input.stepIds.size(1) > 0) {
        memory.push_back(encodeSteps(input, coarse));
        padding.push_back(input.stepPadding);
        out.stepSpans = input.stepSpans;
    }
    out.memory = torch::cat(memory, 1);   // [B, M, Dt]
    out.padding = torch::cat(padding, 1); // [B, M]
    // The pooled vector ignores the null token so an empty condition pools to exactly 0.
    out.pooled = maskedMean(out.memory.slice(1, 1), out.padding.slice(1, 1));
    return out;
}

} // namespace stepmotion::model
