#pragma once
// The hierarchical text stack: coarse sentence and step texts through one shared TextEncoder,
// step tokens (order + span), step self-attention and fine->coarse cross-attention, each
// switchable by ModelConfig::blocks. Produces the denoiser's cross-attention memory
// [null | coarse tokens | steps] and a pooled vector for FiLM.

#include "conditioning/fine_coarse_cross_attention.h"
#include "network/model_config.h"
#include "conditioning/step_encoder.h"
#include "conditioning/step_self_attention.h"
#include "text/text_encoder.h"

namespace stepmotion::model {

/// Token ids and timing of a batch of step lists (built by the generator or the trainer).
struct ConditionInput {
    torch::Tensor coarseIds;   // [B, Lc] int64, 0 = pad; Lc >= 1 (all pad = no sentence)
    torch::Tensor stepIds;     // [B, S, Ls] int64, S may be 0
    torch::Tensor stepSpans;   // [B, S, 2] float, (start, end) seconds
    torch::Tensor stepPadding; // [B, S] bool, true = no step in this slot
};

/// Encoded condition; computed once per sampling call and reused at every denoising step.
struct Condition {
    torch::Tensor memory;    // [B, M, Dt], M = 1 + Lc + S (Lc or S are 0 when that path is off)
    torch::Tensor padding;   // [B, M] bool, true = ignore; entry 0 (learned null token) never
    torch::Tensor pooled;    // [B, Dt] mean of the valid non-null entries (0 when none)
    torch::Tensor stepSpans; // [B, S, 2] spans of the step entries (undefined when S == 0)
    int64_t stepOffset = 0;  // index of the first step entry in memory (= 1 + Lc)
};

/// `condition` with the rows where drop [B] is true made unconditional (only the null token
/// visible, pooled 0): exactly what encoding an empty coarse sentence with no steps gives.
Condition dropCondition(const Condition& condition, const torch::Tensor& drop);

/// Every row unconditional (classifier-free guidance's second branch).
Condition unconditional(const Condition& condition);

/// Rows of `a` then rows of `b` (same M required) -> batch 2B.
Condition concatConditions(const Condition& a, const Condition& b);

class ConditionEncoderImpl : public torch::nn::Module {
public:
    explicit ConditionEncoderImpl(const ModelConfig& config);

    Condition forward(const ConditionInput& input);

    const TextEncoder& textEncoder() const { return m_text; }

private:
    torch::Tensor encodeSteps(const ConditionInput& input, const TextEncoding& coarse);

    ConditionBlocks m_blocks;
    TextEncoder m_text{nullptr};
    StepEncoder m_steps{nullptr};
    StepSelfAttention m_stepAttention{nullptr};
    FineCoarseCrossAttention m_fineCoarse{nullptr};
    torch::Tensor m_nullToken; // [1, 1, Dt]
};
TORCH_MODULE(ConditionEncoder);

} // namespace stepmotion::model
