#include "peers/skip_transformer.h"

#include <torch/torch.h>

#include <vector>

namespace stepmotion::model::peers {
namespace {

torch::nn::TransformerEncoderLayer encoderLayer(const SkipTransformerSize& size)
{
    return torch::nn::TransformerEncoderLayer(torch::nn::TransformerEncoderLayerOptions(size.width, size.heads)
                                                  .dim_feedforward(size.feedForward)
                                                  .dropout(0.1)
                                                  .activation(torch::kGELU));
}

} // namespace

SkipTransformerImpl::SkipTransformerImpl(const SkipTransformerSize& size)
{
    const int half = (size.layers - 1) / 2;
    for (int i = 0; i < half; ++i) {
        m_in->push_back(encoderLayer(size));
        m_out->push_back(encoderLayer(size));
        m_merge->push_back(torch::nn::Linear(2 * size.width, size.width));
    }
    register_module("in", m_in);
    register_module("out", m_out);
    register_module("merge", m_merge);
    m_middle = register_module("middle", encoderLayer(size));
    m_norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({size.width})));
}

torch::Tensor SkipTransformerImpl::forward(torch::Tensor tokens)
{
    std::vector<torch::Tensor> skips;
    for (const auto& layer : *m_in) {
        tokens = layer->as<torch::nn::TransformerEncoderLayer>()->forward(tokens);
        skips.push_back(tokens);
    }
    tokens = m_middle(tokens);
    for (std::size_t i = 0; i < m_out->size(); ++i) {
        const torch::Tensor skip = skips[skips.size() - 1 - i];
        tokens = m_merge[i]->as<torch::nn::Linear>()->forward(torch::cat({tokens, skip}, -1));
        tokens = m_out[i]->as<torch::nn::TransformerEncoderLayer>()->forward(tokens);
    }
    return m_norm(tokens);
}

} // namespace stepmotion::model::peers
