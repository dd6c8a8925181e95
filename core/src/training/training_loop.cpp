#include "training/training_loop.h"

#include "training/training_schedule.h"

#include <algorithm>

namespace stepmotion::model {

void setLearningRate(torch::optim::Optimizer& optimiser, double learningRate)
{
    for (auto& group : optimiser.param_groups())
        group.options().set_lr(learningRate);
}

TrainingLoopResult runTrainingLoop(const TrainingLoopSettings& settings, torch::optim::Optimizer& optimiser,
                                   const std::vector<torch::Tensor>& parameters, const TrainingLoss& lossAt,
                                   const AfterTrainingStep& afterStep, const TrainingReport& report,
                                   const TrainingCancel& cancel)
{
    const auto elapsed = [&settings] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - settings.started).count();
    };
    TrainingLoopResult result;
    result.step = settings.firstStep;
    double lossSum = 0;
    int lossCount = 0;
    double windowStart = elapsed();
    while (result.step < settings.steps) {
        if (cancel && cancel()) {
            result.cancelled = true;
            break;
        }
        if (settings.maxMinutes > 0 && elapsed() > settings.maxMinutes * 60) {
            result.timedOut = true;
            break;
        }
        const double lr = warmupCosine(result.step, settings.warmupSteps, settings.steps, settings.peakLearningRate);
        setLearningRate(optimiser, lr);
        optimiser.zero_grad();
        const torch::Tensor loss = lossAt(result.step);
        loss.backward();
        torch::nn::utils::clip_grad_norm_(parameters, settings.gradientClip);
        optimiser.step();
        ++result.step;
        if (afterStep)
            afterStep(result.step);
        lossSum += loss.item<double>();
        ++lossCount;
        const bool last = result.step == settings.steps;
        const bool reportNow = result.step % settings.reportEvery == 0 || last;
        const bool checkpointNow = settings.checkpointEvery > 0 && (result.step % settings.checkpointEvery == 0 || last);
        if (!reportNow && !checkpointNow)
            continue;
        TrainingLoopReport r;
        r.step = result.step;
        r.totalSteps = settings.steps;
        r.loss = lossSum / lossCount;
        r.learningRate = lr;
        const double now = elapsed();
        r.samplesPerSecond = double(lossCount) * settings.samplesPerStep / std::max(now - windowStart, 1e-9);
        r.elapsedSeconds = now;
        r.checkpoint = checkpointNow;
        if (report)
            report(r);
        result.lastLoss = r.loss;
        lossSum = 0;
        lossCount = 0;
        windowStart = elapsed();
    }
    return result;
}

} // namespace stepmotion::model
