// Checkpoint save/load round trip, bad checkpoints, and the public MotionGenerator on a tiny model.

#include "network/checkpoint.h"
#include "test_helpers.h"
#include "conditioning/condition_batch.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/generation/generator.h"
#include "stepmotion/core/formats/npy.h"

#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <cmath>
#include <sstream>

using namespace stepmotion;
using namespace stepmotion::model;

namespace {

using test::errorOf;

torch::Tensor denoiseOnce(FineMotionDiffuse& model)
{
    torch::NoGradGuard noGrad;
    TokenizedStepList list{{5, 6}, {{0.0, 1.0, {9, 10}}}};
    const auto cond = model->encode(buildConditionInput({list}, model->config()));
    torch::manual_seed(11);
    const auto x = torch::randn({1, 24, 263});
    return model->denoise(x, torch::tensor({300}, torch::kLong), cond);
}

std::string path(const QTemporaryDir& dir, const char* name) { return (dir.path() + "/" + name).toStdString(); }

FineMotionDiffuse savedTinyModel(const QTemporaryDir& dir, Variant variant = Variant::FullTimeAligned)
{
    torch::manual_seed(3);
    FineMotionDiffuse model(tinyConfig(variant));
    model->eval();
    saveCheckpoint(dir.path().toStdString(), model);
    return model;
}

std::vector<int> toyTokens(const std::string& text)
{
    std::vector<int> ids;
    for (unsigned char ch : text)
        ids.push_back(4 + ch % 60);
    return ids;
}

} // namespace

class TestModelCheckpoint : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripGivesIdenticalOutputs()
    {
        QTemporaryDir dir;
        auto model = savedTinyModel(dir);
        auto loaded = loadCheckpoint(dir.path().toStdString());
        QVERIFY(loaded->config() == model->config());
        QVERIFY(torch::equal(denoiseOnce(model), denoiseOnce(loaded)));
    }

    void missingFilesNameTheFile()
    {
        QTemporaryDir dir;
        QVERIFY(errorOf([&] { loadCheckpoint(dir.path().toStdString()); }).contains("config.json"));
        savedTinyModel(dir);
        QVERIFY(QFile::remove(dir.path() + "/model.pt"));
        const QString message = errorOf([&] { loadCheckpoint(dir.path().toStdString()); });
        QVERIFY2(message.contains(dir.path() + "/model.pt") && message.contains("missing"), qPrintable(message));
    }

    void truncatedWeightsNameTheFile()
    {
        QTemporaryDir dir;
        savedTinyModel(dir);
        const std::string weights = path(dir, "model.pt");
        const std::string bytes = readWholeFile(weights);
        for (std::size_t keep : {bytes.size() / 2, std::size_t(100), std::size_t(0)}) {
            writeFileAtomically(weights, bytes.substr(0, keep));
            const QString message = errorOf([&] { loadCheckpoint(dir.path().toStdString()); });
            QVERIFY2(message.startsWith(QString::fromStdString(weights)), qPrintable(message));
        }
    }

    void configMismatchListsTheFields()
    {
        QTemporaryDir dir;
        savedTinyModel(dir); // 2 motion layers
        ModelConfig bigger = tinyConfig(Variant::FullTimeAligned);
        bigger.motionLayers = 4;
        writeFileAtomically(path(dir, "config.json"), configToJson(bigger));
        const QString message = errorOf([&] { loadCheckpoint(dir.path().toStdString()); });
        QVERIFY2(message.contains("model.pt") && message.contains("motionLayers: 4 vs 2"), qPrintable(message));
        writeFileAtomically(path(dir, "config.json"), "{\"vocabSize\": 3");
        QVERIFY(errorOf([&] { loadCheckpoint(dir.path().toStdString()); }).contains("config.json: not valid JSON"));
    }

    void wrongShapeNamesTheTensor()
    {
        QTemporaryDir dir;
        auto model = savedTinyModel(dir);
        // Re-write the archive with one tensor of the wrong shape but the right config.
        torch::serialize::OutputArchive archive;
        archive.write("stepmotion_config_json", c10::IValue(configToJson(model->config())));
        for (const auto& p : model->named_parameters()) {
            const bool victim = p.key() == "denoiser.patch_in.weight";
            archive.write(p.key(), victim ? torch::zeros({3, 3}) : p.value().detach());
        }
        archive.save_to(path(dir, "model.pt"));
        const QString message = errorOf([&] { loadCheckpoint(dir.path().toStdString()); });
        QVERIFY2(message.contains("'denoiser.patch_in.weight' has shape [3, 3]"), qPrintable(message));
    }

    void framesFromSteps()
    {
        StepList list;
        QCOMPARE(framesForSteps(list), 40);
        list.steps.push_back(Step{0.0, 3.01, {BodyPart::LeftArm}, "Raise your left arm."});
        QCOMPARE(framesForSteps(list), 61);
        list.steps.push_back(Step{2.0, 30.0, {BodyPart::WholeBody}, "Walk."});
        QCOMPARE(framesForSteps(list), 600); // longer than the model's window: per-step composition covers it
        list.steps.push_back(Step{2.0, 1e308, {BodyPart::WholeBody}, "Walk."});
        QCOMPARE(framesForSteps(list), kMaxTimelineFrames); // and generate() refuses the step past it
    }

    void generatorEndToEnd()
    {
        QTemporaryDir dir;
        savedTinyModel(dir);
        writeNpy(path(dir, "Mean.npy"), {263}, std::vector<float>(263, 1.0f));
        writeNpy(path(dir, "Std.npy"), {263}, std::vector<float>(263, 0.5f));
        const auto generator = MotionGenerator::load(dir.path().toStdString(), toyTokens);
        GenerationRequest request;
        request.steps.coarse = "a person waves";
        request.steps.steps.push_back(Step{0.0, 2.5, {BodyPart::RightArm}, "Wave your right hand."});
        request.samplingSteps = 6;
        request.variants = 2;
        request.seed = 9;
        int progressCalls = 0;
        const auto a = generator.generate(request, [&](int, int total) { ++progressCalls; QCOMPARE(total, 6); });
        QCOMPARE(progressCalls, 6);
        QVERIFY(!a.cancelled);
        QCOMPARE(int(a.motions.size()), 2);
        QCOMPARE(a.motions[0].frames, 50);
        QCOMPARE(a.motions[0].values.size(), std::size_t(50 * 263));
        const auto b = generator.generate(request);
        QVERIFY(a.motions[1].values == b.motions[1].values);
        request.seed = 10;
        QVERIFY(generator.generate(request).motions[1].values != b.motions[1].values);

        int done = 0;
        const auto cancelled = generator.generate(request, [&](int d, int) { done = d; }, [&] { return done >= 2; });
        QVERIFY(cancelled.cancelled);
        QVERIFY(cancelled.motions.empty());
        QCOMPARE(done, 2);

        request.frames = kMaxTimelineFrames + 1;
        QVERIFY(errorOf([&] { generator.generate(request); }).contains("frames 2401"));
        request.frames = 500;
        request.composition = StepComposition::Joint;
        QVERIFY(errorOf([&] { generator.generate(request); }).contains("joint composition cannot"));
    }

    void generatorCoversLongTimelines()
    {
        // 30 s and 8 steps: more than the model's 9.8 s window, covered by overlapping windows.
        QTemporaryDir dir;
        savedTinyModel(dir);
        writeNpy(path(dir, "Mean.npy"), {263}, std::vector<float>(263, 0.0f));
        writeNpy(path(dir, "Std.npy"), {263}, std::vector<float>(263, 1.0f));
        const auto generator = MotionGenerator::load(dir.path().toStdString(), toyTokens);
        GenerationRequest request;
        const char* texts[] = {"Walk forward.", "Turn left.", "Run.", "Stand still.", "Jump.", "Walk back.",
                               "Wave.", "Sit."};
        for (int k = 0; k < 8; ++k)
            request.steps.steps.push_back(Step{k * 3.75, (k + 1) * 3.75, {BodyPart::LeftLeg, BodyPart::RightLeg}, texts[k]});
        request.samplingSteps = 3;
        const auto result = generator.generate(request);
        QCOMPARE(result.motions.at(0).frames, 600);
        for (const float v : result.motions[0].values)
            QVERIFY(std::isfinite(v));
    }

    void generatorRegeneratesOnlyTheSpan()
    {
        QTemporaryDir dir;
        savedTinyModel(dir);
        writeNpy(path(dir, "Mean.npy"), {263}, std::vector<float>(263, 0.0f));
        writeNpy(path(dir, "Std.npy"), {263}, std::vector<float>(263, 0.1f));
        const auto generator = MotionGenerator::load(dir.path().toStdString(), toyTokens);
        GenerationRequest request;
        request.steps.steps = {Step{0.0, 2.0, {BodyPart::LeftLeg, BodyPart::RightLeg}, "Walk forward."},
                               Step{2.0, 3.5, {BodyPart::LeftLeg, BodyPart::RightLeg}, "Turn left."},
                               Step{3.5, 6.0, {BodyPart::RightArm}, "Wave your right hand."}};
        request.samplingSteps = 5;
        request.seed = 4;
        const FeatureClip take = generator.generate(request).motions.at(0);
        request.steps.steps[1].text = "Turn right.";
        request.keep = keepOutsideSpan(take, 2.0, 3.5, 0.25);
        request.seed = 5;
        const FeatureClip redone = generator.generate(request).motions.at(0);
        QCOMPARE(redone.frames, take.frames);
        const JointClip a = decodeFeatures(take), b = decodeFeatures(redone);
        double outside = 0, inside = 0;
        for (int t = 0; t < a.frames; ++t)
            for (int j = 0; j < a.joints; ++j)
                for (int k = 0; k < 3; ++k) {
                    double& worst = request.keep->weight[static_cast<std::size_t>(t)] >= 1.0f ? outside : inside;
                    worst = std::max(worst, std::abs(double(a.at(t, j)[k]) - double(b.at(t, j)[k])));
                }
        qInfo("largest joint change outside the span and its blend %.6f m, inside %.3f m", outside, inside);
        QVERIFY2(outside <= 1e-3, qPrintable(QString::number(outside)));
        QVERIFY(inside > 1e-3);

        // Continuing: the loaded frames come back exactly, the new ones follow.
        GenerationRequest more;
        more.steps.steps = {Step{6.0, 8.0, {BodyPart::LeftLeg, BodyPart::RightLeg}, "Run."}};
        more.samplingSteps = 5;
        more.keep = keepPrefix(take, 160);
        const FeatureClip continued = generator.generate(more).motions.at(0);
        QCOMPARE(continued.frames, 160);
        QVERIFY(std::equal(take.values.begin(), take.values.end(), continued.values.begin()));
    }

    void generatorRejectsBadStatistics()
    {
        QTemporaryDir dir;
        savedTinyModel(dir);
        writeNpy(path(dir, "Mean.npy"), {10}, std::vector<float>(10, 0.0f));
        writeNpy(path(dir, "Std.npy"), {263}, std::vector<float>(263, 1.0f));
        const QString message = errorOf([&] { MotionGenerator::load(dir.path().toStdString(), toyTokens); });
        QVERIFY2(message.contains("Mean.npy") && message.contains("expected 263 values"), qPrintable(message));
    }
};

QTEST_APPLESS_MAIN(TestModelCheckpoint)
#include "tst_model_checkpoint.moc"
