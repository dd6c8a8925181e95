#pragma once
// MLD's "skip transformer" (Chen et al., CVPR 2023): a stack of transformer encoder layers in a
// U-Net order, where each layer of the second half takes the output of its mirror layer of the
// first half, concatenated and projected back to the width. MLD's denoiser and VAE decoder, and
// MotionLCM's denoiser, are built on it. Here only for `stepmotion bench peers` (random weights).

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/modules/transformerlayer.h>
#include <torch/nn/pimpl.h>

namespace stepmotion::model::peers {

struct SkipTransformerSize {
    int width = 256;     // MLD: latent_dim 256
    int layers = 9;      // odd: (layers - 1) / 2 in, one middle, (layers - 1) / 2 out
    int heads = 4;
    int feedForward = 1024;
};

class SkipTransformerImpl : public torch::nn::Module {
public:
    explicit SkipTransformerImpl(const SkipTransformerSize& size);

    /// tokens [S, B, width] (sequence first, as torch::nn::TransformerEncoderLayer) -> [S, B, width]
    torch::Tensor forward(torch::Tensor tokens);

private:
    torch::nn::ModuleList m_in, m_out, m_merge;
    torch::nn::TransformerEncoderLayer m_middle{nullptr};
    torch::nn::LayerNorm m_norm{nullptr};
};
TORCH_MODULE(SkipTransformer);

} // namespace stepmotion::model::peers
