#pragma once
// Facts about the running build that users and bug reports need (`stepmotion --version`).

#include <string>

namespace stepmotion {

struct RuntimeInfo {
    std::string version;      // StepMotion's version
    std::string torchVersion; // the LibTorch it was built against
    bool cudaAvailable = false;
    int intraOpThreads = 1;
};

RuntimeInfo runtimeInfo();

} // namespace stepmotion
