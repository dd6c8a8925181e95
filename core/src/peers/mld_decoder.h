#pragma once
// The shape of MLD's motion VAE decoder (also MotionLCM's): F query tokens (positions only)
// behind the latent tokens, through a 9-layer skip transformer of width 256, and a linear layer
// from each query to the motion features. Run once per clip after latent sampling. Only for
// `stepmotion bench peers`.

#include "peers/skip_transformer.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace stepmotion::model::peers {

class MldDecoderImpl : public torch::nn::Module {
public:
    MldDecoderImpl(const SkipTransformerSize& size, int features);

    /// latent [B, T, W] -> motion [B, frames, features]
    torch::Tensor forward(const torch::Tensor& latent, int64_t frames);

private:
    int m_width;
    SkipTransformer m_transformer{nullptr};
    torch::nn::Linear m_output{nullptr};
};
TORCH_MODULE(MldDecoder);

} // namespace stepmotion::model::peers
