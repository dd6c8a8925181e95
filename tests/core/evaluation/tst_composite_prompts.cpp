// Composite-motion prompt sets: built from a hand-made four-text dataset whose seen/unseen
// pairs are known exactly, the overlap and order rules, seeded determinism, JSON round trip
// and errors, and the prompt-set evaluation with a tiny randomly initialised model and
// evaluator (groups, bounds, table and JSON layout).

#include "network/checkpoint.h"
#include "evaluation/evaluator_model.h"
#include "network/model_config.h"

#include "stepmotion/core/evaluation/composite_prompts.h"
#include "stepmotion/core/formats/npy.h"

#include "test_helpers.h"

#include <torch/torch.h>

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>

using namespace stepmotion;
using test::errorOf;
using test::writeText;

namespace {

QByteArray stepJson(double start, double end, const char* parts, const char* text)
{
    return QString(R"({"start": %1, "end": %2, "body_parts": [%3], "text": "%4"})")
        .arg(start).arg(end).arg(parts, text).toUtf8();
}

const char* const kWalk = R"("left_leg", "right_leg", "whole_body")";
const char* const kWave = R"("right_arm", "right_hand")";
const char* const kTurn = R"("whole_body")";
const char* const kRaise = R"("left_arm", "right_arm")";

// One clip: features and joints of `frames` zero frames, a caption, and one step list.
void writeClip(const QString& dir, const QString& id, const QList<QByteArray>& steps)
{
    writeNpy((dir + "/new_joint_vecs/" + id + ".npy").toStdString(), {120, 263}, std::vector<float>(120 * 263, 0.f));
    writeNpy((dir + "/new_joints/" + id + ".npy").toStdString(), {120, 22, 3}, std::vector<float>(120 * 66, 0.f));
    writeText(dir + "/texts/" + id + ".txt", "a person moves.#a/DET person/NOUN#0.0#0.0\n");
    writeText(dir + "/steps/" + id + ".json", "{\"lists\": [{\"version\": 1, \"steps\": [" + steps.join(", ") + "]}]}");
}

std::map<QString, QString> tagsByCoarse(const PromptSet& set, const std::string& kind)
{
    std::map<QString, QString> out;
    for (const auto& p : set.prompts)
        if (p.kind == kind)
            out[QString::fromStdString(p.steps.coarse)] = QString::fromStdString(p.tags.at(0));
    return out;
}

// Token ids 4..63 from the characters: enough for the tiny vocabularies below.
std::vector<int> toyTokens(const std::string& text)
{
    std::vector<int> ids;
    for (const char ch : text)
        if (ch != ' ')
            ids.push_back(4 + static_cast<unsigned char>(ch) % 60);
    return ids;
}

} // namespace

class TestCompositePrompts : public QObject {
    Q_OBJECT

    QTemporaryDir m_work;
    QString m_data;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        m_data = m_work.filePath("data");
        for (const char* sub : {"/new_joint_vecs", "/new_joints", "/texts", "/steps"})
            QVERIFY(QDir().mkpath(m_data + sub));
        // c1: walk with a wave inside it (spatial), then turn (walk -> turn and wave -> turn in order).
        writeClip(m_data, "c1", {stepJson(0, 3, kWalk, "Walk forward."), stepJson(1, 2, kWave, "Wave your right hand."),
                                 stepJson(3.1, 5, kTurn, "Turn left.")});
        // c2: raise, then walk starting 0.1 s before the raise ends (overlap and order both hold).
        writeClip(m_data, "c2", {stepJson(0, 2, kRaise, "Raise both arms."), stepJson(1.9, 4, kWalk, "walk  forward!")});
        // c3 (test split only): wave during a turn must not make that pair seen.
        writeClip(m_data, "c3", {stepJson(0, 2, kWave, "Wave your right hand."), stepJson(0, 2, kTurn, "Turn left.")});
        writeText(m_data + "/train.txt", "c1\nc2\n");
        writeText(m_data + "/test.txt", "c3\n");
    }

    void normalisesStepTexts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("key");
        QTest::newRow("plain") << "Walk forward." << "walk forward";
        QTest::newRow("spaces and bang") << "  walk   Forward! " << "walk forward";
        QTest::newRow("inner stop kept") << "Turn. Then walk." << "turn. then walk";
        QTest::newRow("empty") << "" << "";
    }
    void normalisesStepTexts()
    {
        QFETCH(QString, text);
        QFETCH(QString, key);
        QCOMPARE(QString::fromStdString(normaliseStepText(text.toStdString())), key);
    }

    void overlapAndOrderRules_data()
    {
        QTest::addColumn<double>("aStart");
        QTest::addColumn<double>("aEnd");
        QTest::addColumn<double>("bStart");
        QTest::addColumn<double>("bEnd");
        QTest::addColumn<bool>("overlap");
        QTest::addColumn<bool>("inOrder"); // a then b
        QTest::newRow("touching") << 0.0 << 1.0 << 1.0 << 2.0 << false << true;
        QTest::newRow("gap") << 0.0 << 1.0 << 1.5 << 2.0 << false << true;
        QTest::newRow("slack edge") << 0.0 << 1.25 << 1.0 << 2.0 << true << true;
        QTest::newRow("too much overlap") << 0.0 << 1.3 << 1.0 << 2.0 << true << false;
        QTest::newRow("same start") << 0.0 << 1.0 << 0.0 << 2.0 << true << false;
        QTest::newRow("reversed") << 2.0 << 3.0 << 0.0 << 1.0 << false << false;
        QTest::newRow("inside") << 0.0 << 3.0 << 1.0 << 2.0 << true << false;
    }
    void overlapAndOrderRules()
    {
        QFETCH(double, aStart);
        QFETCH(double, aEnd);
        QFETCH(double, bStart);
        QFETCH(double, bEnd);
        Step a, b;
        a.start = aStart;
        a.end = aEnd;
        b.start = bStart;
        b.end = bEnd;
        QFETCH(bool, overlap);
        QCOMPARE(stepsOverlap(a, b), overlap);
        QCOMPARE(stepsOverlap(b, a), stepsOverlap(a, b));
        QFETCH(bool, inOrder);
        QCOMPARE(stepsInOrder(a, b), inOrder);
    }

    void tagsSeenAndUnseenExactly()
    {
        CompositePromptOptions o;
        o.minCount = 1;
        const PromptSet set = buildCompositePrompts(m_data.toStdString(), o);
        // Vocabulary: walk (2 uses), then raise, turn, wave (1 each, by text).
        const auto spatial = tagsByCoarse(set, "spatial");
        const std::map<QString, QString> expectedSpatial{
            {"Walk forward, and at the same time raise both arms.", "seen"},
            {"Walk forward, and at the same time wave your right hand.", "seen"},
            {"Raise both arms, and at the same time turn left.", "unseen"},
            {"Turn left, and at the same time wave your right hand.", "unseen"}}; // seen only in test
        QCOMPARE(spatial, expectedSpatial); // walk+turn share whole_body, raise+wave the right arm
        const auto chrono = tagsByCoarse(set, "chronological");
        QCOMPARE(int(chrono.size()), 12);
        int seen = 0;
        for (const auto& [coarse, tag] : chrono)
            seen += tag == "seen";
        QCOMPARE(seen, 3);
        QCOMPARE(chrono.at("Walk forward, then turn left."), QString("seen"));
        QCOMPARE(chrono.at("Wave your right hand, then turn left."), QString("seen"));
        QCOMPARE(chrono.at("Raise both arms, then walk forward."), QString("seen"));
        QCOMPARE(chrono.at("Turn left, then walk forward."), QString("unseen"));
        QCOMPARE(chrono.at("Walk forward, then wave your right hand."), QString("unseen")); // wave starts inside walk
        QCOMPARE(QString::fromStdString(describePromptSet(set)),
                 QString("20 prompts: basic-seen 4, chrono-seen 3, chrono-unseen 9, composite-unseen 11, "
                         "spatial-seen 2, spatial-unseen 2\n"));
    }

    void promptTimesAndParts()
    {
        CompositePromptOptions o;
        o.minCount = 1;
        const PromptSet set = buildCompositePrompts(m_data.toStdString(), o);
        for (const auto& p : set.prompts) {
            const auto& s = p.steps.steps;
            if (p.steps.coarse == "Walk forward, then turn left.") { // walk median 3.0 s, turn 1.9 -> 2.0 s
                QCOMPARE(s.size(), std::size_t(2));
                QCOMPARE(s[0].start, 0.0);
                QCOMPARE(s[0].end, 3.0);
                QCOMPARE(s[1].start, 3.0);
                QCOMPARE(s[1].end, 5.0);
                QCOMPARE(s[1].bodyParts, std::vector<BodyPart>{BodyPart::WholeBody});
            } else if (p.steps.coarse == "Walk forward, and at the same time wave your right hand.") {
                QCOMPARE(s[0].end, 3.0);
                QCOMPARE(s[1].start, 0.0);
                QCOMPARE(s[1].end, 3.0);
                QCOMPARE(s[1].text, std::string("Wave your right hand."));
                QCOMPARE(s[1].bodyParts, (std::vector<BodyPart>{BodyPart::RightArm, BodyPart::RightHand}));
            } else if (p.kind == "basic") {
                QCOMPARE(s.size(), std::size_t(1));
                QVERIFY(s[0].end >= 2.0 && s[0].end <= 3.0);
                QCOMPARE(p.steps.coarse, s[0].text);
            }
        }
    }

    void balancesAndIsDeterministicBySeed()
    {
        CompositePromptOptions o;
        o.minCount = 1;
        o.perKind = 4;
        const std::string a = promptSetToJson(buildCompositePrompts(m_data.toStdString(), o));
        QCOMPARE(promptSetToJson(buildCompositePrompts(m_data.toStdString(), o)), a);
        const PromptSet set = parsePromptSet(a, "a.json");
        QCOMPARE(QString::fromStdString(describePromptSet(set)),
                 QString("12 prompts: basic-seen 4, chrono-seen 2, chrono-unseen 2, composite-unseen 4, "
                         "spatial-seen 2, spatial-unseen 2\n"));
        bool differs = false;
        for (uint64_t seed = 2; seed < 8 && !differs; ++seed) {
            o.seed = seed;
            differs = promptSetToJson(buildCompositePrompts(m_data.toStdString(), o)) != a;
        }
        QVERIFY(differs);
    }

    void badInputsGiveClearErrors()
    {
        CompositePromptOptions o;
        o.minCount = 1;
        const QString missing = errorOf([&] { buildCompositePrompts(m_work.filePath("nowhere").toStdString(), o); });
        QVERIFY2(missing.contains("nowhere"), qPrintable(missing));
        const QString noTrain = m_work.filePath("no_train");
        QVERIFY(QDir().mkpath(noTrain + "/texts"));
        const QString split = errorOf([&] { buildCompositePrompts(noTrain.toStdString(), o); });
        QVERIFY2(split.contains("train"), qPrintable(split));
        o.minCount = 3; // only "walk forward" occurs twice
        const QString few = errorOf([&] { buildCompositePrompts(m_data.toStdString(), o); });
        QVERIFY2(few.contains("fewer than two step texts"), qPrintable(few));
    }

    void jsonRoundTripAndErrors_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");
        const QString steps = R"({"version": 1, "steps": [{"start": 0, "end": 1, "body_parts": ["head"], "text": "Nod."}]})";
        QTest::newRow("not json") << "{" << "p.json: not valid JSON";
        QTest::newRow("version") << R"({"version": 2, "prompts": []})" << "p.json: version";
        QTest::newRow("empty") << R"({"version": 1, "prompts": []})" << "p.json: prompts: must be a non-empty array";
        QTest::newRow("kind") << QString(R"({"version": 1, "prompts": [{"id": "a", "kind": "odd", "steps": %1}]})").arg(steps)
                              << "p.json: prompts[0].kind: 'odd'";
        QTest::newRow("no id") << QString(R"({"version": 1, "prompts": [{"kind": "basic", "steps": %1}]})").arg(steps)
                               << "p.json: prompts[0].id: missing";
        QTest::newRow("twice") << QString(R"({"version": 1, "prompts": [{"id": "a", "kind": "basic", "steps": %1},)"
                                          R"({"id": "a", "kind": "basic", "steps": %1}]})").arg(steps)
                               << "p.json: prompts[1].id: 'a' used twice";
        QTest::newRow("bad step") << R"({"version": 1, "prompts": [{"id": "a", "kind": "basic", "steps": {"version": 1,)"
                                     R"( "steps": [{"start": 2, "end": 1, "body_parts": ["head"], "text": "x"}]}}]})"
                                  << "p.json: prompts[0].steps: steps[0].end";
        QTest::newRow("extra field") << QString(R"({"version": 1, "prompts": [{"id": "a", "kind": "basic", "x": 1, "steps": %1}]})").arg(steps)
                                     << "p.json: prompts[0].x: unknown field";
    }
    void jsonRoundTripAndErrors()
    {
        QFETCH(QString, json);
        QFETCH(QString, message);
        const QString error = errorOf([&] { parsePromptSet(json.toStdString(), "p.json"); });
        QVERIFY2(error.startsWith(message), qPrintable(error));
        CompositePromptOptions o;
        o.minCount = 1;
        const PromptSet set = buildCompositePrompts(m_data.toStdString(), o);
        const PromptSet back = parsePromptSet(promptSetToJson(set), "p.json");
        QCOMPARE(back.prompts.size(), set.prompts.size());
        for (std::size_t i = 0; i < set.prompts.size(); ++i) {
            QCOMPARE(back.prompts[i].id, set.prompts[i].id);
            QCOMPARE(back.prompts[i].tags, set.prompts[i].tags);
            QVERIFY(back.prompts[i].steps == set.prompts[i].steps);
        }
    }

    void groupsOfPrompts()
    {
        Prompt p{"x", "chronological", {"unseen"}, {}};
        QCOMPARE(promptGroups(p), (std::vector<std::string>{"chrono-unseen", "composite-unseen"}));
        p.kind = "spatial";
        p.tags = {"seen"};
        QCOMPARE(promptGroups(p), std::vector<std::string>{"spatial-seen"});
        p.kind = "basic";
        p.tags = {};
        QCOMPARE(promptGroups(p), std::vector<std::string>{"basic-seen"});
    }

    void tablesFromKnownFigures()
    {
        const auto group = [](const char* name, double sat) { return PromptGroupMetrics{name, 3, sat, 0.5, 1.0}; };
        const std::vector<PromptSetRow> rows{{"m", {{group("basic-seen", 0.8), group("composite-unseen", 0.5)},
                                                    {group("basic-seen", 0.6), group("composite-unseen", 0.3)}}}};
        const QStringList lines = QString::fromStdString(formatPromptSetTables(rows, 12)).split('\n');
        QCOMPARE(lines.value(0), QString("| Model | Group | Prompts | Step satisfaction ↑ | Matched cosine ↑ | Top-3 of 12 texts ↑ |"));
        QCOMPARE(lines.value(2), QString("| m | basic-seen | 3 | 0.700 ± 0.196 | 0.500 ± 0.000 | 1.000 ± 0.000 |"));
        QCOMPARE(lines.value(3), QString("| m | composite-unseen | 3 | 0.400 ± 0.196 | 0.500 ± 0.000 | 1.000 ± 0.000 |"));
        QCOMPARE(lines.value(5), QString("| Model | Basic-seen step satisfaction | Composite-unseen step satisfaction | Gap ↓ |"));
        QCOMPARE(lines.value(7), QString("| m | 0.700 ± 0.196 | 0.400 ± 0.196 | 0.300 ± 0.000 |"));
        const QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(formatPromptSetJson(rows, "{\"a\": 1}"))).object();
        QCOMPARE(json["run"].toObject()["a"].toInt(), 1);
        const QJsonObject row = json["rows"].toArray()[0].toObject();
        QCOMPARE(row["gap"].toObject()["mean"].toDouble(), 0.3);
        QCOMPARE(row["groups"].toArray()[1].toObject()["group"].toString(), QString("composite-unseen"));
        QVERIFY(json["scores"].toString().contains("top3"));
    }

    void evaluatesWithTinyModel()
    {
        const QString modelDir = m_work.filePath("tiny_model");
        const QString evaluatorDir = m_work.filePath("tiny_evaluator");
        QVERIFY(QDir().mkpath(modelDir) && QDir().mkpath(evaluatorDir));
        torch::manual_seed(5);
        model::FineMotionDiffuse network(model::tinyConfig());
        model::saveCheckpoint(modelDir.toStdString(), network);
        writeNpy((modelDir + "/Mean.npy").toStdString(), {263}, std::vector<float>(263, 0.f));
        writeNpy((modelDir + "/Std.npy").toStdString(), {263}, std::vector<float>(263, 0.1f));
        model::EvaluatorConfig ec;
        ec.vocabSize = 64;
        ec.textDim = ec.motionDim = 16;
        ec.textLayers = ec.motionLayers = 1;
        ec.heads = 2;
        ec.embedDim = 8;
        model::EvaluatorNet evaluatorNet(ec);
        model::saveEvaluator(evaluatorDir.toStdString(), evaluatorNet);
        const MotionGenerator generator = MotionGenerator::load(modelDir.toStdString(), toyTokens);
        const TextMotionEvaluator evaluator = TextMotionEvaluator::load(evaluatorDir.toStdString(), toyTokens);

        CompositePromptOptions o;
        o.minCount = 1;
        o.perKind = 4;
        const PromptSet set = buildCompositePrompts(m_data.toStdString(), o);
        PromptSetEvalOptions e;
        e.repeats = 2;
        e.samplingSteps = 2;
        int calls = 0;
        const auto rows = evaluatePromptSet(set, evaluator, {{"tiny", &generator}, {"again", &generator}}, e,
                                            [&](int, int, int, int) { ++calls; });
        QCOMPARE(calls, 2 * 2 * 12);
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[0].repeats.size(), std::size_t(2));
        QStringList names;
        for (const auto& g : rows[0].repeats[0]) {
            names << QString::fromStdString(g.group);
            QVERIFY(g.stepSatisfaction >= 0 && g.stepSatisfaction <= 1);
            QVERIFY(g.matchedCosine >= -1.0001 && g.matchedCosine <= 1.0001);
            QVERIFY(g.top3 >= 0 && g.top3 <= 1);
        }
        QCOMPARE(names, (QStringList{"basic-seen", "spatial-seen", "spatial-unseen", "chrono-seen", "chrono-unseen",
                                     "composite-unseen"}));
        QCOMPARE(rows[0].repeats[0][5].prompts, 4);
        // Same generator, same seeds: the two model rows agree figure for figure.
        QCOMPARE(rows[1].repeats[1][3].matchedCosine, rows[0].repeats[1][3].matchedCosine);
        const QString table = QString::fromStdString(formatPromptSetTables(rows, 12));
        QCOMPARE(table.count("| tiny |"), 7);
        QCOMPARE(table.count("| again |"), 7);
        QVERIFY(!errorOf([&] { evaluatePromptSet(set, evaluator, {}, e); }).isEmpty());
        e.repeats = 0;
        QVERIFY(!errorOf([&] { evaluatePromptSet(set, evaluator, {{"tiny", &generator}}, e); }).isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestCompositePrompts)
#include "tst_composite_prompts.moc"
