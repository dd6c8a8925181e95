#include "stepmotion/core/runtime/thread_config.h"

#include "stepmotion/core/runtime/error.h"

#include <torch/torch.h>

#include <dlfcn.h>

#include <thread>

namespace stepmotion {
namespace {

using SetThreads = void (*)(int);
using GetThreads = int (*)();

// Looked up at run time so that a LibTorch built on MKL or another BLAS still links and runs.
template <typename Function>
Function openblasSymbol(const char* name)
{
    return reinterpret_cast<Function>(dlsym(RTLD_DEFAULT, name));
}

} // namespace

void configureThreads(int threads)
{
    if (threads < 1)
        throw Error("thread count must be at least 1 (got " + std::to_string(threads) + ")");
    torch::set_num_threads(threads);
    // Torch already parallelises around the BLAS calls; a second pool only competes for cores.
    if (const auto setBlas = openblasSymbol<SetThreads>("openblas_set_num_threads"))
        setBlas(1);
}

ThreadReport threadReport()
{
    ThreadReport report;
    report.torchThreads = torch::get_num_threads();
    if (const auto getBlas = openblasSymbol<GetThreads>("openblas_get_num_threads")) {
        report.openblasLoaded = true;
        report.openblasThreads = getBlas();
    }
    return report;
}

std::string ThreadReport::describe() const
{
    std::string text = "torch " + std::to_string(torchThreads) + (torchThreads == 1 ? " thread" : " threads");
    if (!openblasLoaded)
        return text + ", OpenBLAS not loaded (no BLAS pool to pin)";
    return text + ", OpenBLAS " + (openblasThreads == 1 ? "pinned to 1 thread" : "pool of " + std::to_string(openblasThreads) + " threads");
}

int hardwareThreads()
{
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
}

} // namespace stepmotion
