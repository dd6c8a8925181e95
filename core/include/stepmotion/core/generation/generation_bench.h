#pragma once
// Timing of full generation calls (text encoding + DDIM with classifier-free guidance) for
// `stepmotion bench generate`. Runs on a trained checkpoint or on a freshly initialised model of
// the default size: weights do not change the amount of work, so speed can be measured before a
// model is trained. Torch-free header.

#include "stepmotion/core/generation/generator.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stepmotion {

struct GenerationBenchOptions {
    std::string modelDir;          // checkpoint dir (config.json + model.pt); empty = fresh default model
    int frames = 196;              // 1 .. the model's maxFrames
    int samplingSteps = 50;        // sampling steps, >= 1
    Sampler sampler = Sampler::Ddim;
    double guidanceScale = 2.5;    // != 1 runs the conditional and unconditional branch as one batch
    int repeats = 5;               // timed calls per batch size, >= 1 (after one untimed warm-up)
    std::vector<int> batches{1, 4}; // variants per call, each >= 1
    StepComposition composition = kDefaultComposition;      // as GenerationRequest
    bool shiftPatchGrid = true;                              // as GenerationRequest
};

/// Wall-clock seconds of the timed calls for one batch size.
struct GenerationTiming {
    int batch = 1;
    std::vector<double> seconds; // one entry per repeat, in run order
    double median = 0;
    double min = 0;
    double max = 0;
};

struct GenerationBenchResult {
    std::string model;         // "fresh default config" or the checkpoint directory
    int64_t parameterCount = 0;
    int frames = 0;
    int samplingSteps = 0;
    double guidanceScale = 0;
    int stepCount = 0;         // timed steps in the dummy request (plus one coarse sentence)
    std::vector<GenerationTiming> timings;
    long peakRssKiB = 0;       // getrusage ru_maxrss of the whole process after the runs
};

/// The timing of runs that took `seconds` each (in run order): median, min and max. `seconds`
/// must not be empty.
GenerationTiming summariseTiming(int batch, std::vector<double> seconds);

/// Called after each finished batch size (e.g. to print results as they come).
using GenerationBenchCallback = std::function<void(const GenerationTiming&)>;

/// Runs the benchmark on the calling thread with the current thread settings (see
/// thread_config.h). Throws stepmotion::Error for invalid options or an unreadable checkpoint.
GenerationBenchResult benchGeneration(const GenerationBenchOptions& options,
                                      const GenerationBenchCallback& onTiming = {});

} // namespace stepmotion
