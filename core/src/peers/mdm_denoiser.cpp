#include "peers/mdm_denoiser.h"

#include <torch/torch.h>

namespace stepmotion::model::peers {

MdmDenoiserImpl::MdmDenoiserImpl(const MdmSize& size) : m_width(size.width)
{
    m_input = register_module("input", torch::nn::Linear(size.features, size.width));
    m_text = register_module("text", torch::nn::Linear(size.textDim, size.width));
    m_output = register_module("output", torch::nn::Linear(size.width, size.features));
    m_time = register_module("time", TimestepEmbedding(size.width));
    const auto layer = torch::nn::TransformerEncoderLayer(torch::nn::TransformerEncoderLayerOptions(size.width, size.heads)
                                                              .dim_feedforward(size.feedForward)
                                                              .dropout(0.1)
                                                              .activation(torch::kGELU));
    m_encoder = register_module("encoder", torch::nn::TransformerEncoder(torch::nn::TransformerEncoderOptions(layer, size.layers)));
}

torch::Tensor MdmDenoiserImpl::forward(const torch::Tensor& motion, const torch::Tensor& timesteps,
                                       const torch::Tensor& text)
{
    const int64_t frames = motion.size(1);
    const torch::Tensor condition = (m_time(timesteps) + m_text(text)).unsqueeze(0);  // [1, B, W]
    const torch::Tensor x = m_input(motion).transpose(0, 1);                           // [F, B, W]
    torch::Tensor tokens = torch::cat({condition, x}, 0);                              // [1 + F, B, W]
    const torch::Tensor positions = torch::arange(frames + 1, motion.options().dtype(torch::kFloat));
    tokens = tokens + sinusoidalEncoding(positions, m_width).unsqueeze(1);
    const torch::Tensor out = m_encoder(tokens).slice(0, 1);                           // [F, B, W]
    return m_output(out).transpose(0, 1);                                              // [B, F, features]
}

} // namespace stepmotion::model::peers
