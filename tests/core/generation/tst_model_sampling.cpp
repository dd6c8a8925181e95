// DDIM and DPM-Solver++ sampling: seeded determinism, cancellation and progress, schedule
// sanity, the solvers' order.

#include "network/checkpoint.h"
#include "conditioning/condition_batch.h"
#include "generation/ddim_sampler.h"
#include "training/diffusion_loss.h"
#include "generation/step_composition.h"

#include "stepmotion/core/runtime/error.h"

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

    void samplingTimestepsDdimTrailing()
    {
        const auto ts = samplingTimesteps(1000, 50, stepmotion::Sampler::Ddim);
        QCOMPARE(int(ts.size()), 50);
        QCOMPARE(ts.front(), 999);
        QCOMPARE(ts.back(), 19);
        QCOMPARE(int(samplingTimesteps(10, 50, stepmotion::Sampler::Ddim).size()), 10);
    }

    void samplingTimestepsDpmSolverCrowdsTheCleanEnd()
    {
        // t = T (i/N)^1.5 - 1: 5 steps evaluate 999, 715, 464, 252, 88.
        QCOMPARE(samplingTimesteps(1000, 5, stepmotion::Sampler::DpmSolver), (std::vector<int>{999, 715, 464, 252, 88}));
        QCOMPARE(samplingTimesteps(1000, 10, stepmotion::Sampler::DpmSolver).back(), 31);
        // Where the squares crowd below one timestep apart the grid stays strictly descending and
        // ends at 0 when every timestep is used.
        for (const int steps : {1, 2, 50, 200, 999, 1000}) {
            const auto ts = samplingTimesteps(1000, steps, stepmotion::Sampler::DpmSolver);
            QCOMPARE(int(ts.size()), steps);
            QCOMPARE(ts.front(), 999);
            QVERIFY(ts.back() >= 0);
            for (std::size_t i = 1; i < ts.size(); ++i)
                QVERIFY2(ts[i] < ts[i - 1], qPrintable(QString("steps %1 at %2").arg(steps).arg(i)));
        }
        QCOMPARE(samplingTimesteps(1000, 1000, stepmotion::Sampler::DpmSolver).back(), 0);
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

    void composedOneRowEqualsPlainSampling()
    {
        // One row covering the clip with weight 1 is the plain sampler, on either patch grid.
        Fixture f;
        for (const bool shift : {false, true}) {
            SamplingOptions options;
            options.steps = 6;
            options.seed = 5;
            options.shiftPatchGrid = shift;
            const DiffusionSchedule schedule(f.config);
            const auto plain = ddimSample(f.model, schedule, f.condition, 45, {}, options);
            ComposedRows input;
            input.rows = f.condition;
            input.windows = {{0, 45}};
            input.weights = torch::ones({1, 45, 263});
            input.contextWindows = {{0, 45}};
            const auto composed = ddimSampleComposed(f.model, schedule, input, options);
            QVERIFY(torch::allclose(plain.motion, composed.motion, 1e-4, 1e-5));
        }
    }

    void movingGridRemovesPatchSeams()
    {
        // The bundled model predicts each 4-frame patch with one linear layer, so on a fixed grid
        // its motion accelerates more across patch seams than inside patches (a judder every 4
        // frames); the moving grid spreads the seams evenly. Unconditional samples, so no
        // tokenizer is needed.
        auto model = loadCheckpoint(STEPMOTION_SOURCE_DIR "/resources/models/default");
        torch::NoGradGuard noGrad;
        const auto condition = model->encode(buildConditionInput({TokenizedStepList{}}, model->config()));
        const auto phaseRatio = [](const torch::Tensor& motion) { // acceleration by frame mod 4
            const torch::Tensor acc = (motion.slice(1, 2) - 2 * motion.slice(1, 1, -1) + motion.slice(1, 0, -2))
                                          .abs()
                                          .mean(std::vector<int64_t>{0, 2}); // [T-2]
            const torch::Tensor phase = torch::arange(acc.size(0)).remainder(4);
            std::vector<double> means;
            for (int k = 0; k < 4; ++k)
                means.push_back(acc.masked_select(phase == k).mean().item<double>());
            return *std::max_element(means.begin(), means.end()) / *std::min_element(means.begin(), means.end());
        };
        SamplingOptions options;
        options.steps = 20;
        options.seed = 3;
        options.guidance = 1.0;
        const DiffusionSchedule schedule(model->config());
        options.shiftPatchGrid = false;
        const double fixed = phaseRatio(ddimSample(model, schedule, condition, 120, {}, options).motion);
        options.shiftPatchGrid = true;
        const double moving = phaseRatio(ddimSample(model, schedule, condition, 120, {}, options).motion);
        qInfo("feature acceleration, largest / smallest frame phase: fixed grid %.2f, moving grid %.2f", fixed, moving);
        QVERIFY2(fixed > 1.5, qPrintable(QString::number(fixed)));
        QVERIFY2(moving < 1.25, qPrintable(QString::number(moving)));
    }

    void dpmSolverFollowsTheOdeWithFewerSteps()
    {
        // Both samplers integrate the same probability-flow ODE; DPM-Solver++(2M) is second
        // order, so with as many steps it lands nearer the 250-step DDIM path than DDIM does.
        // The bundled model (its estimates are smooth in t), unconditional, fixed grid (a moving
        // grid changes the denoiser from step to step).
        auto model = loadCheckpoint(STEPMOTION_SOURCE_DIR "/resources/models/default");
        torch::NoGradGuard noGrad;
        const auto condition = model->encode(buildConditionInput({TokenizedStepList{}}, model->config()));
        const DiffusionSchedule schedule(model->config());
        const auto run = [&](stepmotion::Sampler sampler, int steps) {
            SamplingOptions options;
            options.steps = steps;
            options.seed = 5;
            options.guidance = 1.0;
            options.shiftPatchGrid = false;
            options.sampler = sampler;
            return ddimSample(model, schedule, condition, 60, {}, options).motion;
        };
        const auto reference = run(stepmotion::Sampler::Ddim, 250);
        const auto error = [&](const torch::Tensor& m) { return (m - reference).pow(2).mean().sqrt().item<double>(); };
        for (const int steps : {10, 20}) {
            const double ddim = error(run(stepmotion::Sampler::Ddim, steps));
            const double dpm = error(run(stepmotion::Sampler::DpmSolver, steps));
            qInfo("RMS distance to 250-step DDIM at %d steps: DDIM %.4f, DPM-Solver++ %.4f", steps, ddim, dpm);
            // measured 0.45x (10 steps) and 0.22x (20) on its grid; a wrong extrapolation lands further off
            QVERIFY2(dpm < 0.8 * ddim, qPrintable(QString("%1 vs %2").arg(dpm).arg(ddim)));
        }
        // With one step there is no earlier estimate to extrapolate from and both grids are {T - 1}:
        // the two samplers are the same.
        QVERIFY(torch::equal(run(stepmotion::Sampler::Ddim, 1), run(stepmotion::Sampler::DpmSolver, 1)));
    }

    void composedRowsSeeTheirWindowsOnly()
    {
        // Row 1 sees frames [20, 45) only: its weights outside stay 0, and the clip's first
        // frames come from row 0 exactly as when row 1 is absent.
        Fixture f;
        torch::NoGradGuard noGrad;
        TokenizedStepList whole{{5, 6}, {{0.0, 2.2, {9, 10}}}};
        TokenizedStepList alone{{}, {{0.0, 1.25, {11}}}};
        const auto rows = f.model->encode(buildConditionInput({whole, alone}, f.config));
        auto weights = torch::zeros({2, 45, 263});
        weights[0].fill_(1.0f);
        weights[0].slice(0, 30).fill_(0.0f);
        weights[1].slice(0, 30).fill_(1.0f);
        SamplingOptions options;
        options.steps = 5;
        options.shiftPatchGrid = false;
        const DiffusionSchedule schedule(f.config);
        ComposedRows input;
        input.rows = rows;
        input.windows = {{0, 45}, {20, 25}};
        input.weights = weights;
        input.contextWindows = {{0, 45}};
        const auto composed = ddimSampleComposed(f.model, schedule, input, options);
        QCOMPARE(composed.motion.sizes().vec(), (std::vector<int64_t>{1, 45, 263}));
        QVERIFY(torch::isfinite(composed.motion).all().item<bool>());
        const auto firstRow = ddimSample(f.model, schedule, f.model->encode(buildConditionInput({whole}, f.config)), 45,
                                         {}, options);
        QVERIFY(!torch::allclose(composed.motion.slice(1, 30), firstRow.motion.slice(1, 30)));
    }

    void compositionWeightsFollowSpansAndParts()
    {
        const ModelConfig config = defaultConfig();
        const stepmotion::TokenizeFunction tokenize = [](const std::string& text) {
            std::vector<int> ids;
            for (const char c : text)
                ids.push_back(1 + static_cast<unsigned char>(c) % 200);
            return ids;
        };
        stepmotion::StepList request;
        request.coarse = "a person walks and waves";
        request.steps = {{0.0, 2.0, {stepmotion::BodyPart::LeftLeg, stepmotion::BodyPart::RightLeg}, "Walk forward."},
                         {1.0, 3.0, {stepmotion::BodyPart::RightArm}, "Wave your right hand."}};
        const int frames = 100; // 5 s
        const auto plan = planComposition(request, frames, tokenize, config);
        QCOMPARE(int(plan.rows.size()), 3);
        QCOMPARE(plan.weights.sizes().vec(), (std::vector<int64_t>{3, frames, 263}));
        QVERIFY(torch::allclose(plan.weights.sum(0), torch::ones({frames, 263}), 1e-5, 1e-5));
        // Each step row is its text with the request's sentence, covering its window.
        QVERIFY(!plan.rows[1].coarse.empty());
        QCOMPARE(plan.rows[1].coarse, plan.rows[0].coarse);
        QCOMPARE(int(plan.rows[1].steps.size()), 1);
        QCOMPARE(plan.windows[1].offset, int64_t(0));  // 0 .. 2.5 s
        QCOMPARE(plan.windows[1].length, int64_t(51));
        QCOMPARE(plan.windows[2].offset, int64_t(10)); // 0.5 .. 3.5 s
        QCOMPARE(plan.windows[2].length, int64_t(61));
        QCOMPARE(plan.rows[2].steps[0].end, 61 / 20.0);
        const auto w = [&](int row, double seconds, int dim) {
            return plan.weights[row][static_cast<int64_t>(seconds * 20)][dim].item<double>();
        };
        const int rootVelocity = 1, rightWrist = 4 + (21 - 1) * 3, leftKnee = 4 + (4 - 1) * 3;
        QVERIFY(w(1, 0.5, rootVelocity) > 0.99);     // walking, nothing else active
        QVERIFY(w(1, 1.5, rootVelocity) > 0.95);     // the wave's row barely touches the legs
        QVERIFY(w(2, 1.5, rightWrist) > 0.95);       // ... and owns the right arm
        QVERIFY(w(2, 2.6, leftKnee) > 0.9);          // after the walk, the only active step leads the legs too
        QVERIFY(w(0, 4.5, leftKnee) > 0.99);         // no step active: the whole request
        QCOMPARE(w(1, 4.0, rootVelocity), 0.0);      // outside its window
        // The walk fades out across its end (0.4 s centred on it).
        QVERIFY(w(1, 1.75, rootVelocity) > w(1, 2.0, rootVelocity));
        QVERIFY(w(1, 2.0, rootVelocity) > w(1, 2.15, rootVelocity));
        QCOMPARE(w(1, 2.25, rootVelocity), 0.0);
        // A step after the clip's end is refused, not silently dropped.
        request.steps.push_back({6.0, 7.0, {stepmotion::BodyPart::WholeBody}, "Jump."});
        QVERIFY_THROWS_EXCEPTION(stepmotion::Error, planComposition(request, frames, tokenize, config));
    }

    void loneStepsCanFollowTheirOwnWords()
    {
        // Stand still, then walk while a wave overlaps the walk and an arm raise overlaps the
        // wave: with loneStepsOwnWords a step that no overlapping step shares body parts with
        // loses the sentence (the stand-still alone in time, the walk on the legs under the
        // arm's steps); the wave and the raise share the right arm and keep it.
        const ModelConfig config = defaultConfig();
        const stepmotion::TokenizeFunction tokenize = [](const std::string& text) {
            return std::vector<int>(text.size() % 7 + 1, 9);
        };
        using stepmotion::BodyPart;
        const auto legs = std::vector<BodyPart>{BodyPart::LeftLeg, BodyPart::RightLeg};
        stepmotion::StepList request;
        request.coarse = "a person stands still, then walks and waves";
        request.steps = {{0.0, 2.0, legs, "Stand still."},
                         {2.0, 5.0, legs, "Walk forward."},
                         {3.0, 4.5, {BodyPart::RightArm}, "Wave your right hand."},
                         {4.0, 5.0, {BodyPart::RightHand}, "Raise your right hand."}};
        CompositionOptions options;
        const auto kept = planComposition(request, 100, tokenize, config, options);
        options.loneStepsOwnWords = true;
        const auto own = planComposition(request, 100, tokenize, config, options);
        QCOMPARE(int(own.rows.size()), 5);
        QCOMPARE(own.rows[0].coarse, kept.rows[0].coarse); // the request row keeps everything
        QVERIFY(!own.rows[0].coarse.empty());
        QVERIFY(own.rows[1].coarse.empty());               // stand still: alone in time
        QVERIFY(own.rows[2].coarse.empty());               // the walk: alone on the legs
        QCOMPARE(own.rows[3].coarse, kept.rows[0].coarse); // the wave and the raise share the arm
        QCOMPARE(own.rows[4].coarse, kept.rows[0].coarse);
        for (std::size_t r = 1; r < 5; ++r)
            QVERIFY(!kept.rows[r].coarse.empty());
        QVERIFY(torch::equal(own.weights, kept.weights)); // only the words change
        QVERIFY(!own.foreign.defined());                   // contexts stay shared unless asked
        // Steps that touch end to start are in sequence, not overlapping; legs and an arm share
        // nothing, a hand is its arm, and a whole-body step shares every part.
        QVERIFY(!sharesPartsWithAnOverlappingStep(request.steps, 0));
        QVERIFY(!sharesPartsWithAnOverlappingStep(request.steps, 1));
        QVERIFY(sharesPartsWithAnOverlappingStep(request.steps, 2));
        request.steps.push_back({4.5, 5.0, {BodyPart::WholeBody}, "Bow."});
        QVERIFY(sharesPartsWithAnOverlappingStep(request.steps, 1));
        // A one-step request's sentence is about that step: it stays.
        request.steps.resize(1);
        QVERIFY(!planComposition(request, 100, tokenize, config, options).rows[1].coarse.empty());
    }

    void ownContextsMarkWhatOtherStepsHold()
    {
        // Walk 0-5 s on the legs, wave 1-3 s with the right arm. With ownContexts each step row
        // is told where another step holds parts it does not: the walk's row on the arm's
        // features while the wave lasts, the wave's row on the legs' and the root's.
        const ModelConfig config = defaultConfig();
        const stepmotion::TokenizeFunction tokenize = [](const std::string& text) {
            return std::vector<int>(text.size() % 5 + 1, 7);
        };
        using stepmotion::BodyPart;
        stepmotion::StepList request;
        request.steps = {{0.0, 5.0, {BodyPart::LeftLeg, BodyPart::RightLeg}, "Walk forward."},
                         {1.0, 3.0, {BodyPart::RightArm}, "Wave your right hand."}};
        CompositionOptions options;
        const auto shared = planComposition(request, 100, tokenize, config, options);
        options.ownContexts = true;
        const auto own = planComposition(request, 100, tokenize, config, options);
        QCOMPARE(own.foreign.sizes().vec(), own.weights.sizes().vec());
        QVERIFY(torch::equal(own.weights, shared.weights)); // the blend is the same
        QCOMPARE(composedRows(own, {}).foreign.sizes().vec(), own.foreign.sizes().vec());
        const auto f = [&](int row, double seconds, int dim) {
            return own.foreign[row][static_cast<int64_t>(seconds * 20)][dim].item<double>();
        };
        const int rootVelocity = 1, rightWrist = 4 + (21 - 1) * 3, leftKnee = 4 + (4 - 1) * 3, leftWrist = 4 + (20 - 1) * 3;
        QCOMPARE(own.foreign[0].abs().max().item<double>(), 0.0); // the request row: nothing foreign
        QCOMPARE(f(1, 2.0, rightWrist), 1.0);  // walk row, mid-wave: the wave holds the arm
        QCOMPARE(f(1, 2.0, leftWrist), 0.0);   // ... not the other arm, which nobody names
        QCOMPARE(f(1, 2.0, leftKnee), 0.0);    // ... and its own legs are its own
        QCOMPARE(f(1, 4.5, rightWrist), 0.0);  // after the wave (and its crossfade)
        QVERIFY(f(1, 3.0, rightWrist) > 0.3 && f(1, 3.0, rightWrist) < 0.7); // crossfading out
        QCOMPARE(f(2, 2.0, rootVelocity), 1.0); // wave row: the walk holds the root and legs
        QCOMPARE(f(2, 2.0, leftKnee), 1.0);
        QCOMPARE(f(2, 2.0, rightWrist), 0.0);
    }

    void ownWordsKeepTheSentenceUnderSequencesNotBesideOtherSteps()
    {
        // Under OwnWords the request's row keeps a share of a sequence's motion (the sentence's
        // style, which a step row in its own words lacks), but not under a step that runs beside
        // another on other parts: there the request is the joint model doing one of them.
        const ModelConfig config = defaultConfig();
        const stepmotion::TokenizeFunction tokenize = [](const std::string& text) {
            return std::vector<int>(text.size() % 5 + 1, 7);
        };
        using stepmotion::BodyPart;
        const std::vector<BodyPart> legs{BodyPart::LeftLeg, BodyPart::RightLeg};
        stepmotion::StepList sequence;
        sequence.steps = {{0.0, 2.5, legs, "Stand still."}, {2.5, 5.0, legs, "Walk forward."}};
        stepmotion::StepList spatial;
        spatial.steps = {{0.0, 5.0, legs, "Walk forward."}, {1.0, 3.0, {BodyPart::RightArm}, "Wave your right hand."}};
        const auto ownWords = compositionOptionsFor(stepmotion::StepComposition::OwnWords);
        const auto perStep = compositionOptionsFor(stepmotion::StepComposition::PerStep);
        const int leftKnee = 4 + (4 - 1) * 3;
        const auto requestShare = [&](const stepmotion::StepList& request, const CompositionOptions& options,
                                      double seconds) {
            const auto plan = planComposition(request, 100, tokenize, config, options);
            return plan.weights[0][static_cast<int64_t>(seconds * 20)][leftKnee].item<double>();
        };
        const double share = kOwnWordsRequestWeight / (1.0 + kOwnWordsRequestWeight);
        QVERIFY(std::abs(requestShare(sequence, ownWords, 1.0) - share) < 0.02);
        QVERIFY(std::abs(requestShare(sequence, ownWords, 4.0) - share) < 0.02);
        QVERIFY(requestShare(sequence, perStep, 1.0) < 0.01);
        QVERIFY(requestShare(spatial, ownWords, 2.0) < 0.01);
        QVERIFY(requestShare(spatial, ownWords, 4.5) < 0.01); // the walk shares its time with the wave
    }

    void ownContextsNeedMatchingShapes()
    {
        // A foreign tensor shaped unlike the weights is refused; a right one samples finite motion.
        Fixture f;
        torch::NoGradGuard noGrad;
        TokenizedStepList whole{{5, 6}, {{0.0, 2.2, {9, 10}}}};
        TokenizedStepList alone{{}, {{0.0, 1.25, {11}}}};
        ComposedRows input;
        input.rows = f.model->encode(buildConditionInput({whole, alone}, f.config));
        input.windows = {{0, 45}, {20, 25}};
        input.weights = torch::zeros({2, 45, 263});
        input.weights[0].fill_(1.0f);
        input.weights[0].slice(0, 20).slice(1, 0, 100).fill_(0.0f);
        input.weights[1].slice(0, 20).slice(1, 0, 100).fill_(1.0f);
        input.contextWindows = {{0, 45}};
        input.foreign = torch::zeros({2, 45, 263});
        input.foreign[1].slice(0, 20).slice(1, 100).fill_(1.0f); // row 0 holds what row 1 does not
        SamplingOptions options;
        options.steps = 4;
        const DiffusionSchedule schedule(f.config);
        const auto motion = ddimSampleComposed(f.model, schedule, input, options).motion;
        QVERIFY(torch::isfinite(motion).all().item<bool>());
        // Nothing foreign: every row reads the blended clip (each guided against its own twin).
        ComposedRows blended = input;
        blended.foreign = torch::zeros({2, 45, 263});
        const auto blendedMotion = ddimSampleComposed(f.model, schedule, blended, options).motion;
        QVERIFY(!torch::allclose(motion, blendedMotion)); // row 1 read its own estimate there
        input.foreign = torch::zeros({2, 45, 100});
        QVERIFY_THROWS_EXCEPTION(c10::Error, ddimSampleComposed(f.model, schedule, input, options));
    }

    void longClipsAreTiledByOverlappingWindows()
    {
        // 30 s: longer than the model's 9.8 s window. The request is seen through overlapping
        // context windows (with its steps re-timed into each), a 12 s step through two pieces.
        const ModelConfig config = defaultConfig();
        const stepmotion::TokenizeFunction tokenize = [](const std::string& text) {
            return std::vector<int>(text.size() % 5 + 1, 7);
        };
        stepmotion::StepList request;
        request.coarse = "a person walks, waves and runs";
        const auto legs = std::vector<stepmotion::BodyPart>{stepmotion::BodyPart::LeftLeg, stepmotion::BodyPart::RightLeg};
        request.steps = {{0.0, 12.0, legs, "Walk forward."},
                         {12.0, 20.0, {stepmotion::BodyPart::RightArm}, "Wave your right hand."},
                         {20.0, 30.0, legs, "Run."}};
        const int frames = 600;
        const auto plan = planComposition(request, frames, tokenize, config);
        const auto contexts = static_cast<int>(plan.contextWindows.size());
        QCOMPARE(contexts, 4);
        QCOMPARE(plan.contextWindows.front().offset, int64_t(0));
        QCOMPARE(plan.contextWindows.back().offset + plan.contextWindows.back().length, int64_t(frames));
        for (std::size_t u = 0; u + 1 < plan.contextWindows.size(); ++u) {
            const auto& a = plan.contextWindows[u];
            QVERIFY(a.length <= config.maxFrames);
            QVERIFY(a.offset + a.length - plan.contextWindows[u + 1].offset >= 60); // 3 s overlap
        }
        QVERIFY(torch::allclose(plan.contextWeights.sum(0), torch::ones({frames}), 1e-5, 1e-5));
        QVERIFY(torch::allclose(plan.weights.sum(0), torch::ones({frames, 263}), 1e-5, 1e-5));
        // The second context window starts inside the walk: its walk starts at 0 there.
        const auto& second = plan.rows[1];
        QCOMPARE(second.coarse, plan.rows[0].coarse);
        QCOMPARE(second.steps.front().start, 0.0);
        const double secondEnd = plan.contextWindows[1].length / 20.0;
        QVERIFY(second.steps.back().end <= secondEnd + 1e-9);
        // Walk (0-12.5 s window: 251 frames) in two pieces, the wave in one, the run in two.
        QCOMPARE(int(plan.rows.size()), contexts + 5);
        for (std::size_t r = 0; r < plan.windows.size(); ++r)
            QVERIFY(plan.windows[r].length <= config.maxFrames);
        // Every frame of the walk's span is led by the walk's pieces on the legs.
        const int rootVelocity = 1;
        for (const int t : {10, 100, 200, 230}) {
            const double walk = (plan.weights[contexts][t][rootVelocity] + plan.weights[contexts + 1][t][rootVelocity])
                                    .item<double>();
            QVERIFY2(walk > 0.95, qPrintable(QString("frame %1: %2").arg(t).arg(walk)));
        }
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
