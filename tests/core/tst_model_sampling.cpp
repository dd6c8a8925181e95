// DDIM sampling: seeded determinism, cancellation and progress, schedule sanity.

#include "model/condition_batch.h"
#include "model/ddim_sampler.h"
#include "model/diffusion_loss.h"

#include <ATen/CPUGeneratorImpl.h>
#include <QtTest>

#include <torch/torch.h>

using namespace stepmotion::model;

namespace {

struct Fixture {
    ModelConfig config = tinyConfig(Variant::FullTimeAligned);
    FineMotionDiffuse model{nullptr};
    Condition condition;

    Fixture()
    {
        torch::manual_seed(7);
        model = FineMotionDiffuse(config);
        model->eval();
        torch::NoGradGuard noGrad;
        TokenizedStepList list{{5, 6}, {{0.0, 1.0, {9, 10}}, {1.0, 2.0, {11}}}};
        condition = model->encode(buildConditionInput({list, list}, config));
    }

    SampleResult sample(uint64_t seed, int steps, const SamplingProgress& progress = {},
                        const SamplingCancel& cancel = {})
    {
        SamplingOptions options;
        options.seed = seed;
        options.steps = steps;
        return ddimSample(model, DiffusionSchedule(config), condition, 45, {}, options, progress, cancel);
    }
};

} // namespace

class TestModelSampling : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void scheduleIsMonotonic_data()
    {
        QTest::addColumn<int>("schedule");
        QTest::newRow("linear") << int(BetaSchedule::Linear);
        QTest::newRow("cosine") << int(BetaSchedule::Cosine);
    }
    void scheduleIsMonotonic()
    {
        QFETCH(int, schedule);
        const DiffusionSchedule s(1000, static_cast<BetaSchedule>(schedule));
        QCOMPARE(s.alphaBar(-1), 1.0);
        QVERIFY(s.alphaBar(0) > 0.99 && s.alphaBar(0) < 1.0);
        QVERIFY(s.alphaBar(999) < 1e-3);
        for (int t = 1; t < 1000; ++t)
            QVERIFY(s.alphaBar(t) < s.alphaBar(t - 1));
    }

    void ddimTimestepsTrailing()
    {
        const auto ts = ddimTimesteps(1000, 50);
        QCOMPARE(int(ts.size()), 50);
        QCOMPARE(ts.front(), 999);
        QCOMPARE(ts.back(), 19);
        QCOMPARE(int(ddimTimesteps(10, 50).size()), 10);
    }

    void sameSeedIsBitIdentical()
    {
        Fixture f;
        const auto a = f.sample(42, 8);
        const auto b = f.sample(42, 8);
        QVERIFY(!a.cancelled);
        QCOMPARE(a.completedSteps, 8);
        QCOMPARE(a.motion.sizes().vec(), (std::vector<int64_t>{2, 45, 263}));
        QVERIFY(torch::isfinite(a.motion).all().item<bool>());
        QVERIFY(torch::equal(a.motion, b.motion));
        const auto c = f.sample(43, 8);
        QVERIFY(!torch::equal(a.motion, c.motion));
        QVERIFY((a.motion - c.motion).abs().max().item<float>() > 1e-3f);
        // The two rows of one call got different noise.
        QVERIFY(!torch::equal(a.motion[0], a.motion[1]));
    }

    void cancelAfterKSteps()
    {
        Fixture f;
        int seen = 0;
        int lastTotal = 0;
        const int k = 3;
        const auto r = f.sample(1, 10, [&](int done, int total) { seen = done; lastTotal = total; },
                                [&] { return seen >= k; });
        QVERIFY(r.cancelled);
        QCOMPARE(r.completedSteps, k);
        QCOMPARE(seen, k);
        QCOMPARE(lastTotal, 10);
        QVERIFY(!r.motion.defined());
    }

    void paddedFramesComeBackZero()
    {
        Fixture f;
        auto padding = torch::zeros({2, 45}, torch::kBool);
        padding[1].slice(0, 40).fill_(true);
        SamplingOptions options;
        options.steps = 4;
        const auto r = ddimSample(f.model, DiffusionSchedule(f.config), f.condition, 45, padding, options);
        QCOMPARE(r.motion[1].slice(0, 40).abs().sum().item<float>(), 0.0f);
        QVERIFY(r.motion[1].slice(0, 0, 40).abs().sum().item<float>() > 0.0f);
    }

    void lossIgnoresPaddedFrames()
    {
        const auto a = torch::zeros({1, 4, 3});
        auto b = torch::zeros({1, 4, 3});
        b[0][3].fill_(100.0f);
        auto padding = torch::zeros({1, 4}, torch::kBool);
        QVERIFY(maskedMse(a, b, padding).item<float>() > 1.0f);
        padding[0][3] = true;
        QCOMPARE(maskedMse(a, b, padding).item<float>(), 0.0f);
    }

    void trainingLossIsSeeded()
    {
        Fixture f;
        f.model->train();
        TrainingBatch batch;
        TokenizedStepList list{{5}, {{0.0, 1.0, {9}}}};
        batch.condition = buildConditionInput({list, list}, f.config);
        batch.motion = torch::randn({2, 20, 263});
        batch.framePadding = torch::zeros({2, 20}, torch::kBool);
        const DiffusionSchedule schedule(f.config);
        auto g1 = at::detail::createCPUGenerator(3);
        auto g2 = at::detail::createCPUGenerator(3);
        const auto l1 = diffusionLoss(f.model, schedule, batch, g1);
        const auto l2 = diffusionLoss(f.model, schedule, batch, g2);
        QVERIFY(std::isfinite(l1.item<float>()));
        QCOMPARE(l1.item<float>(), l2.item<float>());
    }
};

QTEST_APPLESS_MAIN(TestModelSampling)
#include "tst_model_sampling.moc"
