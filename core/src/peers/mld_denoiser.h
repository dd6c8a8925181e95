#pragma once
// The shape of MLD's latent denoiser (Chen et al., CVPR 2023): the motion VAE's latent (1 token
// of 256) behind a timestep token and a projected CLIP text token (768, ViT-L/14), through a
// 9-layer skip transformer; it predicts the noise. MotionLCM (Dai et al., ECCV 2024) distils it
// into a consistency model and adds the guidance scale as an embedding (guidanceEmbedding), so
// it runs without a second, unconditional batch. Only for `stepmotion bench peers`.

#include "nn/timestep_embedding.h"
#include "peers/skip_transformer.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace stepmotion::model::peers {

struct MldSize {
    int latentTokens = 1;
    int textDim = 768;
    bool guidanceEmbedding = false; // MotionLCM: w is an input, not a second batch
    SkipTransformerSize transformer;
};

class MldDenoiserImpl : public torch::nn::Module {
public:
    explicit MldDenoiserImpl(const MldSize& size);

    /// latent [B, T, W], timesteps [B] int64, text [B, textDim], guidance [B] (only read with
    /// guidanceEmbedding) -> noise [B, T, W]
    torch::Tensor forward(const torch::Tensor& latent, const torch::Tensor& timesteps, const torch::Tensor& text,
                          const torch::Tensor& guidance);

private:
    MldSize m_size;
    TimestepEmbedding m_time{nullptr}, m_guidance{nullptr};
    torch::nn::Linear m_text{nullptr};
    SkipTransformer m_transformer{nullptr};
};
TORCH_MODULE(MldDenoiser);

} // namespace stepmotion::model::peers
