// Shapes and masks of every FineMotionDiffuse module on tiny configs; every ablation runs.

#include "conditioning/condition_batch.h"
#include "generation/ddim_sampler.h"
#include "network/fine_motion_diffuse.h"
#include "text/mlm_head.h"
#include "network/model_config.h"

#include "stepmotion/core/runtime/error.h"

#include <QtTest>

#include <algorithm>

#include <torch/torch.h>

using namespace stepmotion;
using namespace stepmotion::model;

namespace {

// Two clips: the first with a coarse sentence and 3 steps, the second with no coarse text and 1 step.
ConditionInput sampleInput(const ModelConfig& config)
{
    TokenizedStepList a{{5, 6, 7, 8}, {{0.0, 1.0, {9, 10}}, {1.0, 2.5, {11, 12, 13}}, {2.0, 3.0, {14}}}};
    TokenizedStepList b{{}, {{0.5, 1.5, {15, 16, 17, 18, 19}}}};
    return buildConditionInput({a, b}, config);
}

QVector<int64_t> sizes(const torch::Tensor& t)
{
    QVector<int64_t> out;
    for (auto s : t.sizes())
        out.push_back(s);
    return out;
}

} // namespace

class TestModelModules : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::manual_seed(1); }

    void configJsonRoundTrip()
    {
        ModelConfig c = tinyConfig(Variant::FullTimeAligned);
        c.schedule = BetaSchedule::Cosine;
        c.prediction = PredictionTarget::Epsilon;
        const ModelConfig back = configFromJson(configToJson(c), "cfg.json");
        QVERIFY(back == c);
        QVERIFY(describeConfigDifferences(c, tinyConfig()).find("timeAlignedBias") != std::string::npos);
    }

    void configErrorsNameFileAndField_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << "{" << "cfg.json: not valid JSON";
        QTest::newRow("missing") << "{}" << "cfg.json: vocabSize: missing";
        // Found by fuzz_model_config: nlohmann reports this as out_of_range, not parse_error.
        QTest::newRow("number overflow") << R"({"vocabSize": 1e400})" << "cfg.json: not valid JSON: [json.exception.out_of_range.406] number overflow";
        const std::string good = configToJson(tinyConfig());
        std::string badHeads = good;
        badHeads.replace(badHeads.find("\"textHeads\": 2"), 14, "\"textHeads\": 5");
        QTest::newRow("heads") << QString::fromStdString(badHeads) << "textDim (32) must be a multiple of textHeads (5)";
        std::string badEnum = good;
        badEnum.replace(badEnum.find("\"x0\""), 4, "\"v\"");
        QTest::newRow("enum") << QString::fromStdString(badEnum) << "cfg.json: prediction: expected";
        std::string extra = good;
        extra.insert(1, "\"extra\": 1,");
        QTest::newRow("unknown") << QString::fromStdString(extra) << "cfg.json: extra: unknown field";
    }
    void configErrorsNameFileAndField()
    {
        QFETCH(QString, json);
        QFETCH(QString, expected);
        try {
            configFromJson(json.toStdString(), "cfg.json");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(expected), e.what());
        }
    }

    void defaultConfigSize()
    {
        FineMotionDiffuse model(defaultConfig());
        const auto count = parameterCount(*model);
        qInfo("default config: %lld parameters", static_cast<long long>(count));
        QVERIFY(count >= 5'000'000 && count <= 10'000'000);

        // A whole guided sampling call at the default size (its speed: `stepmotion bench generate`).
        model->eval();
        c10::InferenceMode inference;
        const TokenizedStepList one{{5, 6, 7, 8}, {{0.0, 1.0, {9, 10}}, {1.0, 2.5, {11, 12, 13}}}};
        const auto cond = model->encode(buildConditionInput({one}, model->config()));
        SamplingOptions options; // 50 steps, guidance 2.5
        const auto sample = ddimSample(model, DiffusionSchedule(model->config()), cond, 196, {}, options);
        QCOMPARE(sample.completedSteps, 50);
        QCOMPARE(sample.motion.sizes().vec(), (std::vector<int64_t>{1, 196, 263}));
        QVERIFY(torch::isfinite(sample.motion).all().item<bool>());
    }

    void textEncoderMasksPadding()
    {
        const ModelConfig c = tinyConfig();
        TextEncoder encoder(c.vocabSize, c.maxTokens, c.textDim, c.textLayers, c.textHeads, c.ffnMultiplier, 0.0);
        encoder->eval();
        const auto ids = torch::tensor({3, 4, 5, 0, 0, 6, 0, 0, 0, 0}, torch::kLong).view({2, 5});
        const auto out = encoder->forward(ids);
        QCOMPARE(sizes(out.tokens), (QVector<int64_t>{2, 5, 32}));
        QCOMPARE(sizes(out.pooled), (QVector<int64_t>{2, 32}));
        QCOMPARE(out.padding.sum().item<int64_t>(), int64_t(6));
        // Extra padding columns must not change the real tokens' features.
        const auto wider = torch::constant_pad_nd(ids, {0, 3});
        QVERIFY(torch::allclose(encoder->forward(wider).pooled, out.pooled, 1e-5, 1e-6));
        // An all-pad row stays finite and pools to 0.
        const auto empty = encoder->forward(torch::zeros({1, 3}, torch::kLong));
        QVERIFY(torch::isfinite(empty.tokens).all().item<bool>());
        QCOMPARE(empty.pooled.abs().sum().item<float>(), 0.0f);

        MlmHead head(encoder);
        QCOMPARE(sizes(head->forward(out.tokens)), (QVector<int64_t>{2, 5, c.vocabSize}));
        // Tied: the head adds only its transform, norm and bias.
        QCOMPARE(parameterCount(*head), int64_t(32 * 32 + 32 + 2 * 32 + c.vocabSize));
    }

    void conditionShapesWithPaddedSteps()
    {
        const ModelConfig c = tinyConfig(Variant::Full);
        FineMotionDiffuse model(c);
        model->eval();
        const auto input = sampleInput(c);
        QCOMPARE(sizes(input.stepIds), (QVector<int64_t>{2, 3, 5}));
        QCOMPARE(sizes(input.coarseIds), (QVector<int64_t>{2, 4}));
        const auto cond = model->encode(input);
        QCOMPARE(sizes(cond.memory), (QVector<int64_t>{2, 1 + 4 + 3, 32}));
        QCOMPARE(sizes(cond.pooled), (QVector<int64_t>{2, 32}));
        QCOMPARE(cond.stepOffset, int64_t(5));
        // Clip b: no coarse tokens and steps 2, 3 padded: only null + 1 step visible.
        QCOMPARE(cond.padding[1].logical_not().sum().item<int64_t>(), int64_t(2));
        QCOMPARE(cond.padding[0].logical_not().sum().item<int64_t>(), int64_t(8));
        QVERIFY(torch::isfinite(cond.memory).all().item<bool>());
        const auto uncond = unconditional(cond);
        QCOMPARE(uncond.padding.logical_not().sum().item<int64_t>(), int64_t(2));
        QCOMPARE(uncond.pooled.abs().sum().item<float>(), 0.0f);
    }

    void everyVariantRuns_data()
    {
        QTest::addColumn<int>("variant");
        QTest::addColumn<int>("memory");
        QTest::newRow("coarse-only") << int(Variant::CoarseOnly) << 1 + 4;
        QTest::newRow("fine-only") << int(Variant::FineOnly) << 1 + 3;
        QTest::newRow("full") << int(Variant::Full) << 1 + 4 + 3;
        QTest::newRow("no-step-sa") << int(Variant::FullNoStepSelfAttention) << 1 + 4 + 3;
        QTest::newRow("no-ca") << int(Variant::FullNoCrossAttention) << 1 + 4 + 3;
        QTest::newRow("time-aligned") << int(Variant::FullTimeAligned) << 1 + 4 + 3;
    }
    void everyVariantRuns()
    {
        QFETCH(int, variant);
        QFETCH(int, memory);
        const ModelConfig c = tinyConfig(static_cast<Variant>(variant));
        FineMotionDiffuse model(c);
        const auto cond = model->encode(sampleInput(c));
        QCOMPARE(cond.memory.size(1), int64_t(memory));
        const auto x = torch::randn({2, 37, 263}); // 37 frames: not a multiple of the patch
        auto padding = torch::zeros({2, 37}, torch::kBool);
        padding[1].slice(0, 30).fill_(true);
        const auto out = model->denoise(x, torch::tensor({5, 900}, torch::kLong), cond, padding);
        QCOMPARE(sizes(out), (QVector<int64_t>{2, 37, 263}));
        QVERIFY(torch::isfinite(out).all().item<bool>());
        out.sum().backward(); // gradients flow through every active block
        for (const auto& p : model->named_parameters())
            QVERIFY2(p.value().grad().defined(), p.key().c_str());
    }

    void timeAlignedBiasInsideZeroOutsideNegative()
    {
        TimeAlignedBias bias(2.0);
        const auto times = torch::tensor({0.1f, 1.0f, 2.0f, 3.5f});           // seconds
        const auto spans = torch::tensor({0.0f, 1.5f, 3.0f, 4.0f}).view({1, 2, 2}); // [0, 1.5], [3, 4]
        const auto b = bias->forward(times, spans, 3);                        // [1, 4, 5]
        QCOMPARE(sizes(b), (QVector<int64_t>{1, 4, 5}));
        QCOMPARE(b.slice(2, 0, 3).abs().sum().item<float>(), 0.0f); // null + coarse entries untouched
        const auto s = b[0].slice(1, 3);                              // [4 tokens, 2 steps]
        QCOMPARE(s[0][0].item<float>(), 0.0f);
        QCOMPARE(s[1][0].item<float>(), 0.0f);
        QCOMPARE(s[3][1].item<float>(), 0.0f);
        QVERIFY(qAbs(s[2][0].item<float>() - (-2.0f * 0.5f)) < 1e-5f);
        QVERIFY(qAbs(s[0][1].item<float>() - (-2.0f * 2.9f)) < 1e-5f);
        QVERIFY(s[2][1].item<float>() < 0 && s[1][1].item<float>() < s[2][1].item<float>());
        QVERIFY(qAbs(bias->beta() - 2.0) < 1e-6);
    }

    void buildInputRejectsBadIds()
    {
        const ModelConfig c = tinyConfig();
        TokenizedStepList bad{{1, c.vocabSize}, {}};
        QVERIFY_THROWS_EXCEPTION(Error, buildConditionInput({bad}, c));
        TokenizedStepList many;
        many.steps.resize(static_cast<std::size_t>(c.maxSteps + 1), TokenizedStep{0, 1, {4}});
        QVERIFY_THROWS_EXCEPTION(Error, buildConditionInput({many}, c));
        // Over-long texts are cut to maxTokens.
        TokenizedStepList longText{std::vector<int>(50, 7), {}};
        QCOMPARE(buildConditionInput({longText}, c).coarseIds.size(1), int64_t(c.maxTokens));
    }
};

QTEST_APPLESS_MAIN(TestModelModules)
#include "tst_model_modules.moc"
