// The text-motion evaluator: a few contrastive steps on a tiny dataset of real HumanML3D
// sample clips, save/load round trip (identical embeddings), errors for bad files, InfoNCE
// on known embeddings, and `eval`'s ground-truth row on the same tiny dataset.

#include "evaluation/evaluator_model.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/evaluation/evaluation.h"
#include "stepmotion/core/evaluation/evaluator.h"
#include "stepmotion/core/formats/npy.h"
#include "stepmotion/core/steps/step_text.h"
#include "stepmotion/core/steps/steps.h"

#include "test_data.h"
#include "test_helpers.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <cmath>

using namespace stepmotion;

namespace {

using test::writeText;
using test::errorOf;
std::string tokenizerPath() { return test::defaultTokenizerPath(); }

FeatureClip readClip(const QString& path)
{
    const NpyArray a = readNpy(path.toStdString());
    FeatureClip clip(static_cast<int>(a.shape[0]));
    clip.values = a.data;
    return clip;
}

} // namespace

class TestEvaluator : public QObject {
    Q_OBJECT

    QTemporaryDir m_work;
    QString m_data;      // two-clip HumanML3D-layout dataset (train = test), empty without shared data
    QString m_evaluator; // trained by trainsAFewSteps

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        const QString meta = test::sharedFile("humanml3d_meta");
        if (meta.isEmpty() || !QFileInfo::exists(meta + "/samples/new_joint_vecs/012314.npy"))
            return;
        m_data = m_work.filePath("data");
        for (const char* sub : {"/new_joint_vecs", "/new_joints", "/texts", "/steps"})
            QDir().mkpath(m_data + sub);
        for (const char* id : {"000000", "012314"})
            for (const char* kind : {"/new_joint_vecs/", "/new_joints/"})
                QVERIFY(QFile::copy(meta + "/samples" + kind + id + ".npy", m_data + kind + id + ".npy"));
        QVERIFY(QFile::copy(meta + "/Mean.npy", m_data + "/Mean.npy"));
        QVERIFY(QFile::copy(meta + "/Std.npy", m_data + "/Std.npy"));
        QVERIFY(QFile::copy(meta + "/samples/texts/000000.txt", m_data + "/texts/000000.txt"));
        writeText(m_data + "/texts/012314.txt", "a person walks forward.#a/DET person/NOUN#0.0#0.0\n");
        const StepList steps = stepsFromText("0-1 s: kick with the left leg; 1-3 s: put the left foot down", 0, "");
        writeText(m_data + "/steps/000000.json",
                  "{\"lists\": [" + QByteArray::fromStdString(stepListToJson(steps)) + "]}");
        writeText(m_data + "/train.txt", "000000\n012314\n");
        writeText(m_data + "/test.txt", "000000\n012314\n");
    }

    void infoNceOfKnownEmbeddings()
    {
        // Orthogonal matched pairs: logits diag 1/t, off-diagonal 0 -> loss log(1 + (B-1) e^{-1/t}).
        const auto eye = torch::eye(4);
        const double loss = model::infoNceLoss(eye, eye, 0.5).item<double>();
        QVERIFY(std::abs(loss - std::log(1.0 + 3.0 * std::exp(-2.0))) < 1e-5);
        // Swapped matches score worse than the right ones.
        const auto swapped = torch::stack({eye[1], eye[0], eye[2], eye[3]});
        QVERIFY(model::infoNceLoss(eye, swapped, 0.5).item<double>() > loss + 0.5);
    }

    void configJsonRoundTripAndErrors()
    {
        model::EvaluatorConfig c;
        c.vocabSize = 123;
        QVERIFY(model::evaluatorConfigFromJson(model::evaluatorConfigToJson(c), "x.json") == c);
        QVERIFY(errorOf([] { model::evaluatorConfigFromJson("{\"vocabSize\": 10}", "e.json"); }).startsWith("e.json: maxTokens: missing"));
        QVERIFY(errorOf([] { model::evaluatorConfigFromJson("[", "e.json"); }).contains("not valid JSON"));
        std::string extra = model::evaluatorConfigToJson(c);
        extra.insert(1, "\"colour\": 1,");
        QVERIFY(errorOf([&] { model::evaluatorConfigFromJson(extra, "e.json"); }).contains("colour: unknown field"));
    }

    void trainsAFewSteps()
    {
        STEPMOTION_REQUIRE_TOKENIZER();
        if (m_data.isEmpty())
            QSKIP("shared HumanML3D samples not available");
        EvaluatorTrainOptions o;
        o.dataDir = m_data.toStdString();
        o.tokenizerPath = tokenizerPath();
        o.outDir = m_work.filePath("evaluator").toStdString();
        o.steps = 30;
        o.batchSize = 2;
        o.warmupSteps = 2;
        o.learningRate = 1e-3;
        o.logEvery = 10;
        std::vector<double> losses;
        const EvaluatorTrainSummary s = trainEvaluator(o, [&](const EvaluatorTrainProgress& p) { losses.push_back(p.loss); });
        QCOMPARE(s.step, 30);
        QCOMPARE(s.trainClips, 2);
        QCOMPARE(int(losses.size()), 3);
        // Two distinct clips: InfoNCE starts near log 2 and falls as the pairs separate.
        QVERIFY2(losses.back() < losses.front() && losses.back() < 0.5,
                 qPrintable(QString("losses %1 -> %2").arg(losses.front()).arg(losses.back())));
        QCOMPARE(s.scoredClips, 2); // too few for R-precision at 32: scores left at 0
        for (const char* name : {"evaluator.json", "evaluator.pt", "tokenizer.model"})
            QVERIFY2(QFileInfo::exists(m_work.filePath(QString("evaluator/") + name)), name);
        m_evaluator = m_work.filePath("evaluator");
    }

    void saveLoadRoundTripGivesIdenticalEmbeddings()
    {
        STEPMOTION_REQUIRE_TOKENIZER();
        if (m_evaluator.isEmpty())
            QSKIP("needs trainsAFewSteps");
        const auto a = TextMotionEvaluator::load(m_evaluator.toStdString());
        const std::vector<std::string> texts{"a person walks forward.", "kick with the left leg"};
        const std::vector<FeatureClip> motions{readClip(m_data + "/new_joint_vecs/000000.npy"),
                                               readClip(m_data + "/new_joint_vecs/012314.npy")};
        const Embeddings t1 = a.embedTexts(texts), m1 = a.embedMotions(motions);
        QCOMPARE(int(t1.size()), 2);
        QCOMPARE(int(t1[0].size()), a.embeddingDim());
        double norm = 0;
        for (const float v : m1[0])
            norm += double(v) * v;
        QVERIFY(std::abs(norm - 1.0) < 1e-4);

        // Save the loaded network elsewhere and load again: bit-identical embeddings.
        const QString copy = m_work.filePath("copy");
        QDir().mkpath(copy);
        auto net = model::loadEvaluator(m_evaluator.toStdString());
        model::saveEvaluator(copy.toStdString(), net);
        QVERIFY(QFile::copy(m_evaluator + "/tokenizer.model", copy + "/tokenizer.model"));
        const auto b = TextMotionEvaluator::load(copy.toStdString());
        QCOMPARE(b.embedTexts(texts), t1);
        QCOMPARE(b.embedMotions(motions), m1);
        // Batch composition does not change a clip's embedding (padding is masked).
        QVERIFY(std::abs(b.embedMotions({motions[1]})[0][5] - m1[1][5]) < 1e-5);
        QVERIFY(errorOf([&] { a.embedMotions({FeatureClip()}); }).contains("no frames"));
    }

    void badFilesAreErrors()
    {
        STEPMOTION_REQUIRE_TOKENIZER();
        if (m_evaluator.isEmpty())
            QSKIP("needs trainsAFewSteps");
        const QString bad = m_work.filePath("bad");
        QDir().mkpath(bad);
        QVERIFY(errorOf([&] { model::loadEvaluator(bad.toStdString()); }).contains("evaluator.json"));
        QVERIFY(QFile::copy(m_evaluator + "/evaluator.json", bad + "/evaluator.json"));
        QVERIFY(errorOf([&] { model::loadEvaluator(bad.toStdString()); }).contains("evaluator.pt: cannot open"));
        QFile weights(m_evaluator + "/evaluator.pt");
        QVERIFY(weights.open(QIODevice::ReadOnly));
        writeText(bad + "/evaluator.pt", weights.read(weights.size() / 2)); // truncated
        const QString truncated = errorOf([&] { model::loadEvaluator(bad.toStdString()); });
        QVERIFY2(truncated.contains("evaluator.pt") && truncated.contains("cannot read"), qPrintable(truncated));
        // A config that disagrees with the archive (wider text) names both files.
        model::EvaluatorConfig other = model::loadEvaluator(m_evaluator.toStdString())->config();
        other.textDim += 4;
        QFile::remove(bad + "/evaluator.pt");
        QVERIFY(QFile::copy(m_evaluator + "/evaluator.pt", bad + "/evaluator.pt"));
        writeText(bad + "/evaluator.json", QByteArray::fromStdString(model::evaluatorConfigToJson(other)));
        const QString mismatch = errorOf([&] { model::loadEvaluator(bad.toStdString()); });
        QVERIFY2(mismatch.contains("different config"), qPrintable(mismatch));
    }

    void groundTruthEvaluationRow()
    {
        STEPMOTION_REQUIRE_TOKENIZER();
        if (m_evaluator.isEmpty())
            QSKIP("needs trainsAFewSteps");
        EvalOptions o;
        o.evaluatorDir = m_evaluator.toStdString();
        o.dataDir = m_data.toStdString();
        o.repeats = 2;
        const auto rows = runEvaluation(o);
        QCOMPARE(int(rows.size()), 1);
        QCOMPARE(QString::fromStdString(rows[0].name), QString("Ground truth"));
        QCOMPARE(int(rows[0].repeats.size()), 2);
        const EvalMetrics& m = rows[0].repeats[0];
        QVERIFY(std::isnan(m.top1)); // 2 clips: no batch of 32
        QVERIFY(std::abs(m.fid) < 1e-6);
        QVERIFY(m.diversity > 0 && m.diversity <= 2.0 + 1e-6); // unit vectors are at most 2 apart
        QVERIFY(m.mmDist > 0 && m.mmDist < 2.0 + 1e-6);
        QVERIFY(m.stepSatisfaction >= 0 && m.stepSatisfaction <= 1); // 000000 asks for a left-leg kick
        QVERIFY(QString::fromStdString(formatEvalTable(rows)).contains("| Ground truth | - | - | - | 0.000 ± 0.000 |"));
        o.split = "val";
        QVERIFY(!errorOf([&] { runEvaluation(o); }).isEmpty()); // no val.txt
    }
};

QTEST_APPLESS_MAIN(TestEvaluator)
#include "tst_evaluator.moc"
