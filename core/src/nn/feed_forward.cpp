#include "nn/feed_forward.h"

#include <torch/torch.h>

namespace stepmotion::model {

FeedForwardImpl::FeedForwardImpl(int dim, int hiddenDim, double dropout)
{
    m_in = register_module("in", torch::nn::Linear(dim, hiddenDim));
    m_out = register_module("out", torch::nn::Linear(hiddenDim, dim));
    m_dropout = register_module("dropout", torch::nn::Dropout(dropout));
}

torch::Tensor FeedForwardImpl::forward(const torch::Tensor& x)
{
    return m_out->forward(m_dropout->forward(torch::gelu(m_in->forward(x))));
}

} // namespace stepmotion::model
