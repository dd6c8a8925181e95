#pragma once
// `stepmotion bench peers`: one 196-frame guided request through LibTorch re-implementations of
// the denoiser shapes of MDM, MLD and MotionLCM (random weights, the sizes their papers give)
// and through StepMotion's own network, in one process, so the speed comparison can be repeated
// on any machine. Text encoding is excluded for the peers (their CLIP pass is the same for all
// of them); StepMotion's row includes its own text encoder. Torch-free header.

#include "stepmotion/core/generation/generator.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stepmotion {

struct PeerBenchOptions {
    std::string modelDir;   // StepMotion checkpoint for its rows; empty = fresh default model
    int frames = 196;
    int repeats = 5;        // timed clips per system, after one untimed warm-up
    double guidanceScale = 2.5;
};

struct PeerTiming {
    std::string system;      // "MDM", "MLD", "MotionLCM", "StepMotion"
    std::string shape;       // what ran, e.g. "8 x 512 transformer over frames"
    int samplingSteps = 0;
    std::string sampler;     // "ddim", "dpm-solver++", "consistency"
    int64_t parameters = 0;
    double median = 0;       // seconds per clip, batch 1
    double min = 0;
    double max = 0;
};

/// Runs every system on the calling thread with the current thread settings; `onTiming` gets
/// each row as it finishes. Throws stepmotion::Error for invalid options.
std::vector<PeerTiming> benchPeers(const PeerBenchOptions& options,
                                   const std::function<void(const PeerTiming&)>& onTiming = {});

} // namespace stepmotion
