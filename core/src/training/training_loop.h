#pragma once
// The one optimisation loop of `train`, `pretrain-text` and `train-evaluator`: warm-up + cosine
// learning rate, one clipped AdamW step per batch, the loss averaged over each report window,
// reports every N steps (and checkpoints every M), a time limit and a cancel hook. What differs
// between the trainers (the batch and its loss, EMA, what a checkpoint writes) comes in as
// callbacks.

#include <torch/torch.h>

#include <chrono>
#include <functional>
#include <vector>

namespace stepmotion::model {

struct TrainingLoopSettings {
    int firstStep = 0;             // a resumed run starts here
    int steps = 1;                 // the run ends after this step
    int warmupSteps = 0;
    double peakLearningRate = 1e-4;
    int reportEvery = 1;           // a report every N steps and after the last
    int checkpointEvery = 0;       // reports that are checkpoints too (0: none)
    int samplesPerStep = 1;        // for the samples-per-second figure
    double maxMinutes = 0;         // > 0: stop once this much time has passed since `started`
    double gradientClip = 1.0;     // max gradient norm
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

struct TrainingLoopReport {
    int step = 0;                  // steps done
    int totalSteps = 0;
    double loss = 0;               // mean over the steps since the last report
    double learningRate = 0;       // of the last step
    double samplesPerSecond = 0;   // over the steps since the last report
    double elapsedSeconds = 0;     // since `started`
    bool checkpoint = false;       // this report is a checkpoint step
};

struct TrainingLoopResult {
    int step = 0;                  // steps done when the loop ended
    bool cancelled = false;        // the cancel hook said stop
    bool timedOut = false;         // maxMinutes passed
    double lastLoss = 0;           // the last report's loss (0 before any)
};

/// The loss of the batch for step `step` (0-based), with the graph for backward().
using TrainingLoss = std::function<torch::Tensor(int step)>;
/// Called after each optimiser step (`step` done steps), e.g. to update an EMA copy.
using AfterTrainingStep = std::function<void(int step)>;
using TrainingReport = std::function<void(const TrainingLoopReport&)>;
using TrainingCancel = std::function<bool()>;

/// Sets every parameter group's learning rate.
void setLearningRate(torch::optim::Optimizer& optimiser, double learningRate);

/// Runs steps firstStep..steps-1: learning rate, zero_grad, lossAt(step).backward(), clipping of
/// `parameters`, optimiser step, afterStep. Stops early on cancel or the time limit.
TrainingLoopResult runTrainingLoop(const TrainingLoopSettings& settings, torch::optim::Optimizer& optimiser,
                                   const std::vector<torch::Tensor>& parameters, const TrainingLoss& lossAt,
                                   const AfterTrainingStep& afterStep, const TrainingReport& report,
                                   const TrainingCancel& cancel = {});

} // namespace stepmotion::model
