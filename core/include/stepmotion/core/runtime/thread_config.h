#pragma once
// CPU thread settings for inference and benchmarks. LibTorch runs its intra-op work on an
// OpenMP pool while OpenBLAS (the BLAS behind Debian's LibTorch) keeps a pool of its own: left
// alone, the two together start twice as many busy threads as there are cores. Torch-free header.

#include <string>

namespace stepmotion {

/// Sets LibTorch's intra-op threads to `threads` and, when OpenBLAS is loaded in the process,
/// pins OpenBLAS's own pool to 1 thread at run time (OPENBLAS_NUM_THREADS is only read when the
/// library loads, so setting the variable from main() is too late). Throws stepmotion::Error for
/// threads < 1. Affects the whole process; call it once, early, from the entry point.
void configureThreads(int threads);

/// The thread settings in effect now.
struct ThreadReport {
    int torchThreads = 1;     // LibTorch intra-op threads
    bool openblasLoaded = false;
    int openblasThreads = 0;  // OpenBLAS's pool size; 0 when OpenBLAS is not loaded
    /// One line for logs, e.g. "torch 2 threads, OpenBLAS pinned to 1 thread".
    std::string describe() const;
};

ThreadReport threadReport();

/// std::thread::hardware_concurrency(), or 1 when the platform cannot tell.
int hardwareThreads();

} // namespace stepmotion
