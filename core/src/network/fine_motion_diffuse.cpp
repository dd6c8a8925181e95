#include "network/fine_motion_diffuse.h"

#include <torch/torch.h>

namespace stepmotion::model {

FineMotionDiffuseImpl::FineMotionDiffuseImpl(const ModelConfig& config) : m_config(config)
{
    m_config.validate("model config");
    m_condition = register_module("condition", ConditionEncoder(m_config));
    m_denoiser = register_module("denoiser", MotionDenoiser(m_config));
}

int64_t parameterCount(torch::nn::Module& module)
{
    int64_t total = 0;
    for (const auto& p : module.parameters())
        total += p.numel();
    return total;
}

} // namespace stepmotion::model
