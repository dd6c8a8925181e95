// A tiny FineMotionDiffuse memorises two real HumanML3D clips: the diffusion loss, measured on a
// fixed set of timesteps and noise, falls by at least 10x within 1500 Adam steps (< 60 s).

#include "conditioning/condition_batch.h"
#include "training/diffusion_loss.h"

#include "stepmotion/core/formats/npy.h"
#include "test_data.h"

#include <ATen/CPUGeneratorImpl.h>
#include <QtTest>

#include <torch/torch.h>

using namespace stepmotion;
using namespace stepmotion::model;

namespace {

constexpr int64_t kFrames = 64; // first 3.2 s of each clip keeps the test fast

torch::Tensor loadNormalised(const QString& clip, const torch::Tensor& mean, const torch::Tensor& stddev)
{
    const NpyArray a = readNpy(test::toStd(clip));
    const auto frames = static_cast<int64_t>(a.shape.at(0));
    const auto x = torch::tensor(a.data).view({frames, 263}).slice(0, 0, kFrames);
    return (x - mean) / stddev;
}

torch::Tensor loadVector(const QString& path)
{
    return torch::tensor(readNpy(test::toStd(path)).data).view({1, 263});
}

// Loss at 8 fixed timesteps with fixed noise: a stable yardstick for the random training loss.
float evaluationLoss(FineMotionDiffuse& model, const DiffusionSchedule& schedule, const TrainingBatch& batch)
{
    torch::NoGradGuard noGrad;
    auto generator = at::detail::createCPUGenerator(123);
    const auto condition = model->encode(batch.condition);
    double total = 0;
    for (int t : {10, 100, 250, 400, 550, 700, 850, 990}) {
        const auto ts = torch::full({batch.motion.size(0)}, t, torch::kLong);
        const auto noise = torch::randn(batch.motion.sizes(), generator, torch::TensorOptions());
        const auto prediction = model->denoise(schedule.qSample(batch.motion, ts, noise), ts, condition);
        total += maskedMse(prediction, batch.motion, batch.framePadding).item<double>();
    }
    return static_cast<float>(total / 8);
}

} // namespace

class TestModelOverfit : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lossFallsTenfoldOnTwoClips()
    {
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joint_vecs/000000.npy", clipA);
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joint_vecs/012314.npy", clipB);
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/Mean.npy", meanPath);
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/Std.npy", stdPath);
        const auto mean = loadVector(meanPath);
        const auto stddev = loadVector(stdPath);
        torch::manual_seed(5);
        ModelConfig config = tinyConfig(Variant::Full);
        config.conditionDropout = 0.0; // memorise the conditional mapping only
        // 64 wide: one 64-d token must emit 4 x 263 values, and 32 memorises too slowly.
        config.motionDim = 64;
        const int steps = 1500; // ~15 s on a loaded 2-core machine; measured 2.70 -> 0.19 (14x)
        const double lr = 1.5e-2;
        FineMotionDiffuse model(config);
        const DiffusionSchedule schedule(config);

        TrainingBatch batch;
        batch.motion = torch::stack({loadNormalised(clipA, mean, stddev), loadNormalised(clipB, mean, stddev)});
        batch.framePadding = torch::zeros({2, kFrames}, torch::kBool);
        const TokenizedStepList a{{5, 6, 7}, {{0.0, 1.5, {10, 11}}, {1.5, 3.2, {12}}}};
        const TokenizedStepList b{{8, 9}, {{0.0, 3.2, {13, 14, 15}}}};
        batch.condition = buildConditionInput({a, b}, config);

        const float before = evaluationLoss(model, schedule, batch);
        torch::optim::Adam optimiser(model->parameters(), torch::optim::AdamOptions(lr));
        auto generator = at::detail::createCPUGenerator(17);
        model->train();
        for (int step = 0; step < steps; ++step) {
            // Linear decay: late, small steps average out the noise of random timesteps.
            for (auto& group : optimiser.param_groups())
                static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr * (1.0 - double(step) / steps));
            optimiser.zero_grad();
            diffusionLoss(model, schedule, batch, generator).backward();
            optimiser.step();
        }
        model->eval();
        const float after = evaluationLoss(model, schedule, batch);
        qInfo("loss %.4f -> %.4f (%.1fx)", double(before), double(after), double(before / after));
        QVERIFY(std::isfinite(after));
        QVERIFY2(after * 10 <= before, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
    }
};

QTEST_APPLESS_MAIN(TestModelOverfit)
#include "tst_model_overfit.moc"
