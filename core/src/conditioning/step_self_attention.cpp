#include "conditioning/step_self_attention.h"

#include <torch/torch.h>

namespace stepmotion::model {

StepSelfAttentionImpl::StepSelfAttentionImpl(int dim, int heads, int ffnMultiplier, double dropout)
{
    m_block = register_module("block", TransformerBlock(dim, heads, ffnMultiplier, dropout));
}

torch::Tensor StepSelfAttentionImpl::forward(const torch::Tensor& steps, const torch::Tensor& stepPadding)
{
    return m_block->forward(steps, stepPadding);
}

} // namespace stepmotion::model
