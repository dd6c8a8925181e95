#include "stepmotion/core/runtime/runtime_info.h"

#include <torch/torch.h>
#include <torch/version.h>

namespace stepmotion {

RuntimeInfo runtimeInfo()
{
    RuntimeInfo info;
    info.version = STEPMOTION_VERSION;
    info.torchVersion = TORCH_VERSION;
    info.cudaAvailable = torch::cuda::is_available();
    info.intraOpThreads = torch::get_num_threads();
    return info;
}

} // namespace stepmotion
