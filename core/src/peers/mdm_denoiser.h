#pragma once
// The shape of MDM's denoiser (Tevet et al., ICLR 2023, "trans_enc"): frames projected to 512,
// one condition token (timestep embedding + projected CLIP text feature) in front, an 8-layer
// transformer encoder (4 heads, feed-forward 1024, GELU) over all 1 + F tokens, and a linear
// layer back to the motion features; it predicts x0. Only for `stepmotion bench peers`.

#include "nn/timestep_embedding.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/transformercoder.h>
#include <torch/nn/pimpl.h>

namespace stepmotion::model::peers {

struct MdmSize {
    int features = 263; // HumanML3D
    int width = 512;
    int layers = 8;
    int heads = 4;
    int feedForward = 1024;
    int textDim = 512;  // CLIP ViT-B/32
};

class MdmDenoiserImpl : public torch::nn::Module {
public:
    explicit MdmDenoiserImpl(const MdmSize& size);

    /// motion [B, F, features], timesteps [B] int64, text [B, textDim] -> x0 [B, F, features]
    torch::Tensor forward(const torch::Tensor& motion, const torch::Tensor& timesteps, const torch::Tensor& text);

private:
    int m_width;
    torch::nn::Linear m_input{nullptr}, m_text{nullptr}, m_output{nullptr};
    TimestepEmbedding m_time{nullptr};
    torch::nn::TransformerEncoder m_encoder{nullptr};
};
TORCH_MODULE(MdmDenoiser);

} // namespace stepmotion::model::peers
