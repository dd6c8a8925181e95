// Training and its inputs: step windows for random crops, a short
// real training run on a two-clip HumanML3D-layout dataset (resume, generation from the
// result), text-encoder pre-training and `data encode` (new_joints -> new_joint_vecs).

#include "network/model_config.h"
#include "training/step_paraphrases.h"
#include "training/training_inputs.h"
#include "training/training_set.h"

#include "stepmotion/core/dataset/dataset_encode.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/generation/generator.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/formats/npy.h"
#include "stepmotion/core/steps/step_text.h"
#include "stepmotion/core/text/text_pretraining.h"
#include "stepmotion/core/training/training.h"

#include "test_data.h"
#include "test_helpers.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <set>
#include <QtTest>

#include <cmath>

using namespace stepmotion;

namespace {

using test::writeText;
using test::errorOf;
std::string tokenizerPath() { return test::defaultTokenizerPath(); }

/// A tokenizer without sentencepiece: one id per character.
std::vector<int> toyTokenize(const std::string& text)
{
    std::vector<int> ids;
    for (const char c : text)
        ids.push_back(1 + static_cast<unsigned char>(c) % 60);
    return ids;
}

model::TrainingSet toySet(const DatasetIndex& index, const model::ModelConfig& config,
                          const model::TrainingTextOptions& text)
{
    const auto mean = model::readFeatureStatistic(index.meanPath, config.featureDim, false);
    const auto stddev = model::readFeatureStatistic(index.stdPath, config.featureDim, true);
    return model::TrainingSet(index, mean, stddev, toyTokenize, config, text);
}

float maxDifference(const std::vector<float>& a, const std::vector<float>& b)
{
    float worst = a.size() == b.size() ? 0.0f : INFINITY;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

} // namespace

class TestTraining : public QObject {
    Q_OBJECT

    QTemporaryDir m_work;
    QString m_data;       // two-clip HumanML3D-layout dataset, empty when the shared data is absent
    QString m_config;     // tiny model config JSON
    QString m_model;      // output of trainModel (filled by trainsAndResumes)
    QStringList m_corpus; // real captions for pre-training

    TrainOptions baseOptions(const QString& out) const
    {
        TrainOptions o;
        o.dataDir = m_data.toStdString();
        o.configPath = m_config.toStdString();
        o.tokenizerPath = tokenizerPath();
        o.outDir = out.toStdString();
        o.steps = 30;
        o.batchSize = 4;
        o.warmupSteps = 5;
        o.learningRate = 1e-3;
        o.checkpointEvery = 15;
        o.logEvery = 10;
        o.seed = 3;
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        m_config = m_work.filePath("tiny.json");
        writeText(m_config, QByteArray::fromStdString(model::configToJson(model::tinyConfig())));
        const QString shared = test::sharedDatasets();
        const QString meta = shared + "/humanml3d_meta";
        if (shared.isEmpty() || !QFileInfo::exists(meta + "/samples/new_joint_vecs/012314.npy"))
            return;
        m_data = m_work.filePath("data");
        QDir().mkpath(m_data + "/new_joint_vecs");
        QDir().mkpath(m_data + "/new_joints"); // the reader indexes a clip only with its joints
        QDir().mkpath(m_data + "/texts");
        QDir().mkpath(m_data + "/steps");
        for (const char* id : {"000000", "012314"})
            for (const char* kind : {"/new_joint_vecs/", "/new_joints/"})
                QVERIFY(QFile::copy(meta + "/samples" + kind + id + ".npy", m_data + kind + id + ".npy"));
        QVERIFY(QFile::copy(meta + "/Mean.npy", m_data + "/Mean.npy"));
        QVERIFY(QFile::copy(meta + "/Std.npy", m_data + "/Std.npy"));
        QVERIFY(QFile::copy(meta + "/samples/texts/000000.txt", m_data + "/texts/000000.txt"));
        // The samples carry no caption for 012314: one written here, with a timed second line.
        writeText(m_data + "/texts/012314.txt", "a person walks forward.#a/DET person/NOUN#0.0#0.0\n"
                                               "a person turns around.#a/DET person/NOUN#2.0#6.0\n");
        const StepList steps = stepsFromText("0-1 s: kick with the left leg; 1-3 s: put the left foot down", 0,
                                             "a man kicks with his left leg");
        writeText(m_data + "/steps/000000.json", "{\"lists\": [" + QByteArray::fromStdString(stepListToJson(steps)) + "]}");
        writeText(m_data + "/train.txt", "000000\n012314\n");
        writeText(m_data + "/val.txt", "012314\n");
        const DatasetIndex index = readDatasetIndex(m_data.toStdString(), "train");
        QString warnings;
        for (const auto& w : index.warnings)
            warnings += QString::fromStdString(w) + "; ";
        QVERIFY2(index.clips.size() == 2, qPrintable(warnings));
        QCOMPARE(int(index.clips[0].stepLists.size()), 1);

        QFile kit(shared + "/kitml/annotations.json");
        if (kit.open(QIODevice::ReadOnly)) {
            const QJsonObject all = QJsonDocument::fromJson(kit.readAll()).object();
            for (auto it = all.begin(); it != all.end() && m_corpus.size() < 50; ++it)
                for (const auto& a : it.value().toObject().value("annotations").toArray())
                    if (m_corpus.size() < 50)
                        m_corpus << a.toObject().value("text").toString();
        }
    }

    void stepsInWindow_data()
    {
        QTest::addColumn<double>("start");
        QTest::addColumn<double>("end");
        QTest::addColumn<int>("maxSteps");
        QTest::addColumn<QList<double>>("expected"); // start, end pairs; window [2, 5)
        QTest::newRow("inside") << 2.5 << 3.0 << 8 << QList<double>{0.5, 1.0};
        QTest::newRow("straddles start") << 1.0 << 2.5 << 8 << QList<double>{0.0, 0.5};
        QTest::newRow("straddles end") << 4.5 << 6.0 << 8 << QList<double>{2.5, 3.0};
        QTest::newRow("covers window") << 0.0 << 9.0 << 8 << QList<double>{0.0, 3.0};
        QTest::newRow("overlap 0.05 s dropped") << 1.0 << 2.05 << 8 << QList<double>{};
        QTest::newRow("overlap 0.05 s at end dropped") << 4.95 << 7.0 << 8 << QList<double>{};
        QTest::newRow("outside") << 5.5 << 6.0 << 8 << QList<double>{};
        QTest::newRow("zero length inside kept") << 3.0 << 3.0 << 8 << QList<double>{1.0, 1.0};
        QTest::newRow("cap 0") << 2.5 << 3.0 << 0 << QList<double>{};
    }

    void stepsInWindow()
    {
        QFETCH(double, start);
        QFETCH(double, end);
        QFETCH(int, maxSteps);
        QFETCH(QList<double>, expected);
        const model::TokenizedStepList list{{1, 2}, {{start, end, {7, 8}}}};
        const auto out = model::stepsInWindow(list, 2.0, 3.0, maxSteps);
        QCOMPARE(int(out.steps.size()), expected.size() / 2);
        if (!expected.isEmpty()) {
            QVERIFY(std::abs(out.steps[0].start - expected[0]) < 1e-9);
            QVERIFY(std::abs(out.steps[0].end - expected[1]) < 1e-9);
            QCOMPARE(out.steps[0].ids, (std::vector<int>{7, 8}));
        }
    }

    void stepsInWindowKeepsEarliestUpToCap()
    {
        model::TokenizedStepList list;
        for (int i = 0; i < 6; ++i)
            list.steps.push_back({double(i), i + 1.0, {i + 1}});
        const auto out = model::stepsInWindow(list, 1.0, 10.0, 3); // step 0 lies before the window
        QCOMPARE(int(out.steps.size()), 3);
        QCOMPARE(out.steps[0].ids, std::vector<int>{2});
        QCOMPARE(out.steps[2].ids, std::vector<int>{4});
        QCOMPARE(out.steps[2].start, 2.0);
    }

    void paraphrasesKeepTheMeaning()
    {
        const auto turn = stepParaphrases("Turn your body 90 degrees to the left.");
        QCOMPARE(QString::fromStdString(turn.front()), QString("Turn your body 90 degrees to the left."));
        QVERIFY(std::find(turn.begin(), turn.end(), "Turn left.") != turn.end());
        QVERIFY(std::find(turn.begin(), turn.end(), "Turn 90 degrees to the left.") != turn.end());
        for (const auto& t : turn)
            QVERIFY2(t.find("right") == std::string::npos, t.c_str()); // the side never flips
        const auto kick = stepParaphrases("Kick high with your right leg.");
        QVERIFY(std::find(kick.begin(), kick.end(), "Kick with your right leg.") != kick.end());
        QVERIFY(stepParaphrases("Crouch down.").size() > 2);
        // Free-form FineMotion texts and unknown sentences keep their one wording.
        QCOMPARE(int(stepParaphrases("Bend your knees more. Lower your arms to your sides.").size()), 1);
        QCOMPARE(int(stepParaphrases("Turn your body 90 degrees to the left. Then wave.").size()), 1);
    }

    void balancedWeightsFavourRareStepTexts()
    {
        // Four clips: three walks (one also kicks) and one crouch; a clip without steps.
        const auto clipWith = [](std::vector<std::vector<int>> texts) {
            model::TrainingClip clip;
            clip.stepWordings.emplace_back();
            for (auto& t : texts)
                clip.stepWordings.back().push_back({t}); // one wording each
            return clip;
        };
        const std::vector<int> walk{1, 2}, kick{3}, crouch{4, 5};
        const std::vector<model::TrainingClip> clips{clipWith({walk}), clipWith({walk}), clipWith({walk, kick}),
                                                     clipWith({crouch}), model::TrainingClip()};
        const auto rarest = model::rarestStepTextCounts(clips);
        QCOMPARE(rarest, (std::vector<int>{3, 3, 1, 1, 3})); // walks: 3 clips; the kick and crouch: 1
        const auto uniform = model::balancedClipWeights(rarest, 0.0);
        QCOMPARE(uniform, (std::vector<double>(5, 1.0)));
        const auto full = model::balancedClipWeights(rarest, 1.0);
        QCOMPARE(full[2], 1.0); // the clip with the kick is drawn by its rarest text
        QVERIFY(std::abs(full[0] - 1.0 / 3) < 1e-12);
        const auto half = model::balancedClipWeights(rarest, 0.5);
        QVERIFY(std::abs(half[0] - std::sqrt(1.0 / 3)) < 1e-12);
        // Clips with a walk: 3 of 5 draws uniformly, (1/3 + 1/3 + 1) / 3 = 5/9 balanced.
        const double walkShare = (full[0] + full[1] + full[2]) / (full[0] + full[1] + full[2] + full[3] + full[4]);
        QVERIFY(std::abs(walkShare - (5.0 / 3) / 3.0) < 1e-12);
    }

    void chainedItemsJoinTwoWindowsAndTheirSteps()
    {
        if (m_data.isEmpty())
            QSKIP("shared dataset file humanml3d_meta/samples/new_joint_vecs/012314.npy not found");
        const DatasetIndex index = readDatasetIndex(m_data.toStdString(), "train");
        const model::ModelConfig config = model::tinyConfig();
        model::TrainingTextOptions text;
        text.paraphrases = true;
        const model::TrainingSet set = toySet(index, config, text);
        model::SamplingPolicy policy;
        policy.chainChance = 1.0;
        policy.paraphraseChance = 1.0;
        std::mt19937_64 rng(5);
        const auto batch = set.sample(rng, 8, policy);
        const int overlap = model::TrainingSet::kChainOverlapFrames;
        const auto valid = (~batch.framePadding).sum(1);
        for (int64_t b = 0; b < 8; ++b) {
            const int64_t frames = valid[b].item<int64_t>();
            // Two windows of at least 2 s each, sharing the crossfade, within the model's length.
            QVERIFY2(frames >= 80 - overlap && frames <= config.maxFrames, qPrintable(QString::number(frames)));
            // A chain is its steps: no sentence, steps in start order and inside the item.
            QVERIFY(!batch.condition.coarseIds[b].ne(0).any().item<bool>());
            const auto spans = batch.condition.stepSpans[b];
            const auto used = (~batch.condition.stepPadding[b]).sum().item<int64_t>();
            QVERIFY(used >= 2);
            for (int64_t k = 0; k < used; ++k) {
                QVERIFY(spans[k][1].item<float>() <= frames / 20.0f + 1e-4f);
                if (k > 0)
                    QVERIFY(spans[k][0].item<float>() >= spans[k - 1][0].item<float>());
            }
        }
        // Without chains every item is one window, as before.
        policy.chainChance = 0;
        const auto plain = set.sample(rng, 4, policy);
        QVERIFY(plain.motion.size(1) <= config.maxFrames);
    }

    void captionStepsSpeakPeoplesWords()
    {
        if (m_data.isEmpty())
            QSKIP("shared dataset file humanml3d_meta/samples/new_joint_vecs/012314.npy not found");
        const DatasetIndex index = readDatasetIndex(m_data.toStdString(), "train");
        const model::ModelConfig config = model::tinyConfig();
        const TokenizeFunction tokenize = toyTokenize;
        std::set<std::vector<int64_t>> captions;
        for (const auto& clip : index.clips)
            for (const auto& caption : clip.captions) {
                const auto ids = tokenize(caption.text);
                captions.insert(std::vector<int64_t>(ids.begin(), ids.end()));
            }
        // A step's ids are a caption's, cut to the model's text length.
        const auto isCaption = [&](const std::vector<int64_t>& ids) {
            return std::any_of(captions.begin(), captions.end(), [&](const std::vector<int64_t>& c) {
                const std::size_t n = std::min<std::size_t>(c.size(), static_cast<std::size_t>(config.maxTokens));
                return ids.size() == n && std::equal(ids.begin(), ids.end(), c.begin());
            });
        };
        const model::TrainingSet set = toySet(index, config, {});
        const auto stepTexts = [](const model::TrainingBatch& batch, int64_t b) {
            std::vector<std::vector<int64_t>> out;
            const auto used = (~batch.condition.stepPadding[b]).sum().item<int64_t>();
            for (int64_t k = 0; k < used; ++k) {
                std::vector<int64_t> ids;
                const auto row = batch.condition.stepIds[b][k];
                for (int64_t i = 0; i < row.size(0) && row[i].item<int64_t>() != 0; ++i)
                    ids.push_back(row[i].item<int64_t>());
                out.push_back(ids);
            }
            return out;
        };
        model::SamplingPolicy policy;
        policy.captionSteps = 1.0;
        std::mt19937_64 rng(11);
        // One-clip samples: one step over the whole window in a caption's words, no sentence.
        const auto single = set.sample(rng, 8, policy);
        const auto valid = (~single.framePadding).sum(1);
        for (int64_t b = 0; b < 8; ++b) {
            QVERIFY(!single.condition.coarseIds[b].ne(0).any().item<bool>());
            const auto texts = stepTexts(single, b);
            QCOMPARE(int(texts.size()), 1);
            QVERIFY(isCaption(texts.front()));
            QVERIFY(std::abs(single.condition.stepSpans[b][0][0].item<float>()) < 1e-4f);
            QVERIFY(std::abs(single.condition.stepSpans[b][0][1].item<float>() - valid[b].item<int64_t>() / 20.0f) < 1e-3f);
        }
        // Chains: each half is one step in a caption's words covering it.
        policy.chainChance = 1.0;
        const auto chained = set.sample(rng, 8, policy);
        for (int64_t b = 0; b < 8; ++b) {
            const auto texts = stepTexts(chained, b);
            QCOMPARE(int(texts.size()), 2);
            for (const auto& t : texts)
                QVERIFY(isCaption(t));
        }
        // Without it the steps are the describer's, not captions.
        policy.captionSteps = 0;
        const auto plain = set.sample(rng, 8, policy);
        int describer = 0;
        for (int64_t b = 0; b < 8; ++b)
            for (const auto& t : stepTexts(plain, b))
                describer += !isCaption(t);
        QVERIFY(describer > 0);
    }

    void trainsAndResumes()
    {
        STEPMOTION_REQUIRE_TOKENIZER();
        if (m_data.isEmpty())
            QSKIP("shared dataset file humanml3d_meta/samples/new_joint_vecs/012314.npy not found");
        m_model = m_work.filePath("model");
        TrainOptions o = baseOptions(m_model);
        QList<TrainProgress> reports;
        const TrainSummary s = trainModel(o, [&](const TrainProgress& p) { reports << p; });
        QCOMPARE(s.step, 30);
        QCOMPARE(s.trainClips, 2);
        QCOMPARE(s.validationClips, 1);
        QVERIFY(s.parameters > 1000);
        QVERIFY(std::isfinite(s.finalLoss) && s.finalLoss > 0);
        QVERIFY(std::isfinite(s.finalValidationLoss) && s.finalValidationLoss > 0);
        QVERIFY(!s.cancelled);
        qInfo("30 steps in %.2f s: loss %.4f, validation %.4f", s.seconds, s.finalLoss, s.finalValidationLoss);
        QCOMPARE(reports.size(), 4); // log steps 10, 20, 30 and the checkpoint at 15
        QCOMPARE(reports[1].step, 15);
        QVERIFY(reports[1].validationLoss > 0);
        QCOMPARE(reports[2].validationLoss, -1.0);
        QCOMPARE(reports.back().step, 30);
        QVERIFY(reports.back().validationLoss > 0); // step 30 is a checkpoint
        for (const char* name : {"config.json", "model.pt", "tokenizer.model", "Mean.npy", "Std.npy", "train_log.csv",
                                 "training_state.pt"})
            QVERIFY2(QFileInfo::exists(m_model + "/" + name), name);
        QFile log(m_model + "/train_log.csv");
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(log.readAll()).split('\n', Qt::SkipEmptyParts);
        QVERIFY(lines[0].startsWith("step,loss,"));
        QCOMPARE(lines.size(), 5);
        for (int i = 1; i < lines.size(); ++i)
            QVERIFY(std::isfinite(lines[i].split(',').at(1).toDouble()));

        o.steps = 40;
        o.resume = true;
        const TrainSummary resumed = trainModel(o);
        QCOMPARE(resumed.step, 40);
        QVERIFY(std::isfinite(resumed.finalLoss));
        log.close();
        QVERIFY(log.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(log.readAll()).split('\n', Qt::SkipEmptyParts).size(), 6);
    }

    void fineTunesFromAModel()
    {
        STEPMOTION_REQUIRE_TOKENIZER();
        if (m_model.isEmpty())
            QSKIP("needs the model of trainsAndResumes");
        // The init model's config and statistics come along; the new texts options train.
        const QString init = m_work.filePath("init");
        QDir().mkpath(init);
        for (const char* name : {"config.json", "model.pt", "tokenizer.model", "Std.npy"})
            QVERIFY(QFile::copy(m_model + "/" + name, init + "/" + name));
        // A shifted Mean.npy, so that the statistics in use tell init model and dataset apart.
        NpyArray mean = readNpy((m_model + "/Mean.npy").toStdString());
        for (float& v : mean.data)
            v += 0.01f;
        writeNpy((init + "/Mean.npy").toStdString(), mean.shape, mean.data);
        const QString out = m_work.filePath("finetuned");
        TrainOptions o = baseOptions(out);
        o.configPath.clear();
        o.initModel = init.toStdString();
        o.steps = 6;
        o.checkpointEvery = 6;
        o.paraphraseChance = 0.5;
        o.chainChance = 0.5;
        o.standStillSteps = true;
        const TrainSummary s = trainModel(o);
        QCOMPARE(s.step, 6);
        QVERIFY(std::isfinite(s.finalLoss));
        QFile a(init + "/Mean.npy"), b(out + "/Mean.npy");
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(a.readAll(), b.readAll());
        QFile config(out + "/config.json");
        QVERIFY(config.open(QIODevice::ReadOnly));
        QFile initConfig(init + "/config.json");
        QVERIFY(initConfig.open(QIODevice::ReadOnly));
        QCOMPARE(config.readAll(), initConfig.readAll());
        // Starting weights are the init model's: the first loss is far below a fresh model's.
        TrainOptions fresh = baseOptions(m_work.filePath("fresh-one-step"));
        fresh.steps = 1;
        fresh.checkpointEvery = 1;
        TrainOptions tuned = o;
        tuned.outDir = m_work.filePath("tuned1").toStdString();
        tuned.steps = 1;
        tuned.checkpointEvery = 1;
        const double freshVal = trainModel(fresh).finalValidationLoss;
        const double tunedVal = trainModel(tuned).finalValidationLoss;
        qInfo("validation loss after 1 step: fresh %.4f, from the trained model %.4f", freshVal, tunedVal);
        QVERIFY(tunedVal < freshVal);
    }

    void generatesReproduciblyFromTrainedModel()
    {
        STEPMOTION_REQUIRE_TOKENIZER();
        if (m_model.isEmpty())
            QSKIP("needs the model of trainsAndResumes");
        const MotionGenerator generator = MotionGenerator::load(m_model.toStdString());
        GenerationRequest request;
        request.steps = stepsFromText("0-1: raise the left arm; 1-2: step forward", 2.0);
        request.seed = 11;
        request.samplingSteps = 4;
        const auto a = generator.generate(request).motions;
        const auto b = generator.generate(request).motions;
        QCOMPARE(int(a.size()), 1);
        QCOMPARE(a[0].frames, 40);
        QCOMPARE(maxDifference(a[0].values, b[0].values), 0.0f);
        for (float v : a[0].values)
            QVERIFY(std::isfinite(v));
        request.variants = 2;
        const auto pair = generator.generate(request).motions;
        QCOMPARE(int(pair.size()), 2);
        request.variants = 1;
        request.seed = 12;
        const auto next = generator.generate(request).motions;
        const float worst = maxDifference(pair[1].values, next[0].values);
        qInfo("variant 1 vs seed + 1: max feature difference %g", double(worst));
        QVERIFY2(worst < 1e-4f, qPrintable(QString::number(worst)));
        QVERIFY(maxDifference(pair[0].values, a[0].values) < 1e-4f);
        QVERIFY(maxDifference(pair[0].values, pair[1].values) > 1e-2f);
    }

    void trainingErrors()
    {
        STEPMOTION_REQUIRE_TOKENIZER(); // the tokenizer loads before some of these checks
        if (m_data.isEmpty())
            QSKIP("needs the two-clip dataset");
        TrainOptions o = baseOptions(m_work.filePath("fresh"));
        o.resume = true;
        QString error = errorOf([&] { trainModel(o); });
        QVERIFY2(error.contains("training_state.pt") && error.contains("--resume"), qPrintable(error));
        o = baseOptions(m_work.filePath("bad"));
        o.batchSize = 0;
        error = errorOf([&] { trainModel(o); });
        QVERIFY2(error.contains("batch size"), qPrintable(error));
        o = baseOptions(m_work.filePath("bad"));
        o.variant = "sideways";
        error = errorOf([&] { trainModel(o); });
        QVERIFY2(error.contains("sideways"), qPrintable(error));
        o = baseOptions(m_work.filePath("bad"));
        o.captionSteps = 1.5;
        error = errorOf([&] { trainModel(o); });
        QVERIFY2(error.contains("--caption-steps"), qPrintable(error));
        o = baseOptions(m_work.filePath("bad"));
        o.dataDir = m_work.filePath("no-such-dir").toStdString();
        QVERIFY(!errorOf([&] { trainModel(o); }).isEmpty());
    }

    void pretrainsTextEncoderAndInitialises()
    {
        STEPMOTION_REQUIRE_TOKENIZER();
        if (m_data.isEmpty() || m_corpus.size() < 50)
            QSKIP("needs the two-clip dataset and kitml/annotations.json");
        TextPretrainOptions p;
        for (const QString& s : m_corpus)
            p.sentences.push_back(s.toStdString());
        p.tokenizerPath = tokenizerPath();
        p.configPath = m_config.toStdString();
        p.outPath = m_work.filePath("text_encoder.pt").toStdString();
        p.steps = 60;
        p.batchSize = 16;
        p.logEvery = 20;
        int reports = 0;
        const TextPretrainProgress last = pretrainTextEncoder(p, [&](const TextPretrainProgress&) { ++reports; });
        QCOMPARE(last.step, 60);
        QCOMPARE(reports, 3);
        qInfo("MLM after 60 steps: loss %.3f, accuracy %.3f", last.loss, last.accuracy);
        QVERIFY(std::isfinite(last.loss) && last.loss > 0);
        QVERIFY(last.accuracy >= 0 && last.accuracy <= 1);
        QVERIFY(QFileInfo(m_work.filePath("text_encoder.pt")).size() > 1000);

        TrainOptions o = baseOptions(m_work.filePath("init"));
        o.steps = 5;
        o.textEncoderInit = p.outPath;
        QCOMPARE(trainModel(o).step, 5);

        // An encoder pre-trained for another text width does not fit the tiny config.
        model::ModelConfig wide = model::tinyConfig();
        wide.textDim = 48;
        const QString wideConfig = m_work.filePath("wide.json");
        writeText(wideConfig, QByteArray::fromStdString(model::configToJson(wide)));
        p.configPath = wideConfig.toStdString();
        p.outPath = m_work.filePath("wide_encoder.pt").toStdString();
        p.steps = 2;
        pretrainTextEncoder(p);
        o = baseOptions(m_work.filePath("mismatch"));
        o.textEncoderInit = p.outPath;
        const QString error = errorOf([&] { trainModel(o); });
        QVERIFY2(error.contains("wide_encoder.pt") && error.contains("textDim 48") && error.contains("textDim 32"),
                 qPrintable(error));

        p.sentences.clear();
        QVERIFY(errorOf([&] { pretrainTextEncoder(p); }).contains("corpus is empty"));
    }

    void encodesDatasetFeatures()
    {
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joints/000000.npy", jointsA);
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joints/012314.npy", jointsB);
        const QString dir = m_work.filePath("encode");
        QDir().mkpath(dir + "/new_joints");
        QVERIFY(QFile::copy(jointsA, dir + "/new_joints/000000.npy"));
        QVERIFY(QFile::copy(jointsB, dir + "/new_joints/012314.npy"));
        writeText(dir + "/all.txt", "000000\nM000000\n012314\n");
        int calls = 0, lastTotal = 0;
        const DatasetEncodeResult r = encodeDatasetFeatures(dir.toStdString(), {}, [&](int, int total) {
            ++calls;
            lastTotal = total;
        });
        QCOMPARE(r.encoded, 3);
        QCOMPARE(r.mirrored, 1);
        QCOMPARE(r.skipped, 0);
        QVERIFY(r.failures.empty());
        QCOMPARE(calls, 3);
        QCOMPARE(lastTotal, 3);
        QVERIFY(QFileInfo::exists(dir + "/new_joints/M000000.npy"));

        float worst = 0;
        for (const char* id : {"000000", "M000000", "012314"}) {
            const JointClip joints = loadJointClip((dir + "/new_joints/" + id + ".npy").toStdString());
            const FeatureClip features = loadFeatureClip((dir + "/new_joint_vecs/" + id + ".npy").toStdString());
            QCOMPARE(features.frames, joints.frames - 1);
            const JointClip back = decodeFeatures(features);
            const std::vector<float> want(joints.xyz.begin(), joints.xyz.begin() + long(back.xyz.size()));
            worst = std::max(worst, maxDifference(back.xyz, want));
        }
        qInfo("decode(encode(new_joints)) max joint error: %g m", double(worst));
        QVERIFY2(worst < 1e-5f, qPrintable(QString::number(worst))); // measured 3.3e-7 m

        const DatasetEncodeResult again = encodeDatasetFeatures(dir.toStdString(), {});
        QCOMPARE(again.skipped, 3);
        QCOMPARE(again.encoded, 0);
        QCOMPARE(again.mirrored, 0);

        QDir(dir + "/new_joints").removeRecursively();
        const QString error = errorOf([&] { encodeDatasetFeatures(dir.toStdString(), {}); });
        QVERIFY2(error.contains("new_joints") && error.contains("encode"), qPrintable(error));
    }
};

QTEST_APPLESS_MAIN(TestTraining)
#include "tst_training.moc"
