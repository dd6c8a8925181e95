// Reads a tiny HumanML3D-layout directory made from the real sample arrays and the real
// caption file in humanml3d_meta/samples, plus FineHumanML3D / FineMotion files written here.

#include "stepmotion/core/dataset/dataset_reader.h"
#include "stepmotion/core/runtime/error.h"

#include "test_data.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace stepmotion;

namespace {

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(path));
    f.write(bytes);
}

bool anyWarningContains(const DatasetIndex& index, const std::string& part)
{
    return std::any_of(index.warnings.begin(), index.warnings.end(),
                       [&](const std::string& w) { return w.find(part) != std::string::npos; });
}

const DatasetClip* clipById(const DatasetIndex& index, const std::string& id)
{
    for (const DatasetClip& c : index.clips)
        if (c.id == id)
            return &c;
    return nullptr;
}

const DatasetStepList* listByOrigin(const DatasetClip& clip, const std::string& origin)
{
    for (const DatasetStepList& l : clip.stepLists)
        if (l.origin == origin)
            return &l;
    return nullptr;
}

} // namespace

class TestDatasetReader : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_dir;
    std::string m_bpmsd, m_bpmp;

    void copyShared(const QString& from, const QString& to)
    {
        QVERIFY2(QFile::copy(stepmotion::test::sharedFile(from), m_dir + to), qPrintable(to));
    }

private Q_SLOTS:
    void initTestCase()
    {
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joint_vecs/000000.npy", vecs);
        Q_UNUSED(vecs);
        QVERIFY(m_tmp.isValid());
        m_dir = m_tmp.path() + QStringLiteral("/hml");
        for (const char* sub : {"", "/texts", "/new_joint_vecs", "/new_joints", "/steps",
                                "/texts_all_code_v2_marked_texts_tagged"})
            QVERIFY(QDir().mkpath(m_dir + QLatin1String(sub)));
        const QString s = QStringLiteral("humanml3d_meta/samples/");
        // 000000: the real clip with its real captions; 012314: real arrays, our own caption.
        for (const char* id : {"000000", "012314"}) {
            copyShared(s + "new_joint_vecs/" + id + ".npy", QStringLiteral("/new_joint_vecs/") + id + ".npy");
            copyShared(s + "new_joints/" + id + ".npy", QStringLiteral("/new_joints/") + id + ".npy");
        }
        copyShared(s + "texts/000000.txt", QStringLiteral("/texts/000000.txt"));
        writeFile(m_dir + "/texts/012314.txt", "a person walks forward.#a/DET person/NOUN walk/VERB forward/ADV#1.5#4.0\n"
                                                "someone strolls.#someone/PRON stroll/VERB#nan#nan\n");
        writeFile(m_dir + "/steps/012314.json",
                  R"({"version":1,"id":"012314","frames":170,"fps":20,"lists":[{"version":1,"source":"describer",)"
                  R"("coarse":"walks","steps":[{"start":0.0,"end":2.0,"body_parts":["whole_body"],"text":"Walk forward."}]}]})");
        // Bad clips: no features, a caption line without '#', unparsable steps JSON, cut .npy.
        writeFile(m_dir + "/texts/000001.txt", "a person jumps.#a/DET#0.0#0.0\n");
        for (const char* id : {"000002", "000003", "000004"}) {
            copyShared(s + "new_joints/000000.npy", QStringLiteral("/new_joints/") + id + ".npy");
            copyShared(s + "new_joint_vecs/000000.npy", QStringLiteral("/new_joint_vecs/") + id + ".npy");
        }
        writeFile(m_dir + "/texts/000002.txt", "a person jumps.#a/DET#0.0#0.0\nthis line has no fields\n");
        writeFile(m_dir + "/texts/000003.txt", "a person jumps.#a/DET#0.0#0.0\n");
        writeFile(m_dir + "/steps/000003.json", "{ \"lists\": [ ");
        writeFile(m_dir + "/texts/000004.txt", "a person jumps.#a/DET#0.0#0.0\n");
        writeFile(m_dir + "/new_joint_vecs/000004.npy", QByteArray("\x93NUMPY\x01\x00\x40\x00{'descr'", 18));
        writeFile(m_dir + "/train.txt", "000000\n000001\n000002\n000003\n000004\n");
        writeFile(m_dir + "/test.txt", "012314\n");
        writeFile(m_dir + "/val.txt", "");
        writeFile(m_dir + "/manifest.json", R"({"clips":{"000000":{"source":"humanml3d","fps":20.0}}})");
        // FineHumanML3D: one fine text per caption line, blank where missing.
        writeFile(m_dir + "/texts_all_code_v2_marked_texts_tagged/000000.txt",
                  "Step 1: Stand with your feet apart. Step 2: Kick forward with your left leg. "
                  "Step 3: Lower your left foot back to the floor.\n\n"
                  "Shift your weight onto your right leg. Swing your left foot up! Put it down again.\n\n");
        m_bpmsd = test::toStd(m_tmp.path() + "/BPMSD_excerpt.json");
        writeFile(QString::fromStdString(m_bpmsd),
                  R"({"000000": ["Bend forward slightly.", "", "Raise your left leg up and bend your knee.",)"
                  R"( "Look at your right hand."]})");
        m_bpmp = test::toStd(m_tmp.path() + "/BPMP_excerpt.json");
        writeFile(QString::fromStdString(m_bpmp), R"({"000000": ["The person kicks with the left leg, then stands still."]})");
    }

    void readsRealCaptionsAndArrays()
    {
        const DatasetIndex index = readDatasetIndex(test::toStd(m_dir), "all");
        QCOMPARE(int(index.clips.size()), 2);
        const DatasetClip* c = clipById(index, "000000");
        QVERIFY(c);
        QCOMPARE(c->split, std::string("train"));
        QCOMPARE(c->source, std::string("humanml3d"));
        QCOMPARE(c->frames, 116);
        QVERIFY(qAbs(c->seconds() - 5.8) < 1e-9);
        QCOMPARE(int(c->captions.size()), 4);
        QCOMPARE(c->captions[0].text, std::string("a man kicks something or someone with his left leg."));
        QCOMPARE(c->captions[3].text, std::string("he is flying kick with his left leg"));
        QVERIFY(c->captions[1].tokens.rfind("the/DET stand/VERB", 0) == 0);
        QCOMPARE(c->captions[0].start, 0.0);
        QCOMPARE(c->captions[0].end, 0.0);
        QVERIFY(c->jointsPath.size() > 0 && c->featurePath.find("new_joint_vecs/000000.npy") != std::string::npos);
        const DatasetClip* d = clipById(index, "012314");
        QVERIFY(d);
        QCOMPARE(d->split, std::string("test"));
        QCOMPARE(d->frames, 170);
        QCOMPARE(d->captions[0].start, 1.5);
        QCOMPARE(d->captions[0].end, 4.0);
        QCOMPARE(d->captions[1].start, 0.0); // NaN read as 0, as HumanML3D's loader does
        QCOMPARE(int(d->stepLists.size()), 1);
        QCOMPARE(d->stepLists[0].origin, std::string("steps.json"));
        QCOMPARE(d->stepLists[0].list.steps[0].text, std::string("Walk forward."));
    }

    void fineHumanMl3dStepsSpreadOverClip()
    {
        const DatasetIndex index = readDatasetIndex(test::toStd(m_dir), "train");
        const DatasetClip* c = clipById(index, "000000");
        QVERIFY(c);
        std::vector<const DatasetStepList*> fine;
        for (const DatasetStepList& l : c->stepLists)
            if (l.origin == "finehumanml3d")
                fine.push_back(&l);
        QCOMPARE(int(fine.size()), 2); // lines 1 and 3; blank lines give none
        const auto& numbered = fine[0]->list.steps;
        QCOMPARE(int(numbered.size()), 3);
        QCOMPARE(numbered[1].text, std::string("Kick forward with your left leg."));
        QVERIFY(qAbs(numbered[1].start - 5.8 / 3) < 1e-9);
        QVERIFY(qAbs(numbered[2].end - 5.8) < 1e-9);
        QCOMPARE(numbered[1].bodyParts, std::vector<BodyPart>{BodyPart::LeftLeg});
        QCOMPARE(fine[0]->list.coarse, c->captions[0].text);
        const auto& sentences = fine[1]->list.steps;
        QCOMPARE(int(sentences.size()), 3);
        QCOMPARE(sentences[1].text, std::string("Swing your left foot up!"));
        QCOMPARE(fine[1]->list.coarse, c->captions[2].text);
    }

    void fineMotionJson()
    {
        DatasetReadOptions options;
        options.bpmsdJson = m_bpmsd;
        options.bpmpJson = m_bpmp;
        const DatasetIndex index = readDatasetIndex(test::toStd(m_dir), "train", options);
        const DatasetClip* c = clipById(index, "000000");
        QVERIFY(c);
        const DatasetStepList* l = listByOrigin(*c, "bpmsd");
        QVERIFY(l);
        QCOMPARE(int(l->list.steps.size()), 3); // the empty snippet is skipped
        QCOMPARE(l->list.steps[1].start, 1.0);  // snippet 2 covers [1.0, 1.5] s
        QCOMPARE(l->list.steps[1].end, 1.5);
        QCOMPARE(l->list.steps[1].bodyParts, std::vector<BodyPart>{BodyPart::LeftLeg});
        // "Look at your right hand.": the head looks; the hand is only where it looks.
        QCOMPARE(l->list.steps[2].bodyParts, std::vector<BodyPart>{BodyPart::Head});
        QCOMPARE(int(c->captions.size()), 5);
        QCOMPARE(c->captions.back().text, std::string("The person kicks with the left leg, then stands still."));
    }

    void badClipsAreNamedAndSkipped()
    {
        const DatasetIndex index = readDatasetIndex(test::toStd(m_dir), "train");
        QCOMPARE(int(index.clips.size()), 1);
        QVERIFY(anyWarningContains(index, "new_joint_vecs/000001.npy: missing"));
        QVERIFY(anyWarningContains(index, "texts/000002.txt:2: missing '#' fields"));
        QVERIFY(anyWarningContains(index, "steps/000003.json: not valid JSON"));
        QVERIFY(anyWarningContains(index, "new_joint_vecs/000004.npy: malformed .npy header"));
        QVERIFY(anyWarningContains(index, "Mean.npy: missing"));
    }

    void badOptionFilesThrowNamingTheFile()
    {
        const std::string bad = test::toStd(m_tmp.path() + "/bad_bpmsd.json");
        writeFile(QString::fromStdString(bad), "{\"000000\": [\"a\", 3]}");
        DatasetReadOptions options;
        options.bpmsdJson = bad;
        try {
            readDatasetIndex(test::toStd(m_dir), "all", options);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("bad_bpmsd.json: \"000000\": expected only strings") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, readDatasetIndex(test::toStd(m_dir), "holdout"));
        QVERIFY_THROWS_EXCEPTION(Error, readDatasetIndex(test::toStd(m_dir + "/nope"), "all"));
    }

    void captionLineErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("fields") << QStringLiteral("ok#a#0#0\n\nno hash") << QStringLiteral("t.txt:3: missing '#' fields");
        QTest::newRow("start") << QStringLiteral("walk#w#soon#0") << QStringLiteral("t.txt:1: start time 'soon' is not a number");
        QTest::newRow("end") << QStringLiteral("walk#w#0.0#2.x") << QStringLiteral("t.txt:1: end time '2.x' is not a number");
    }
    void captionLineErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        try {
            parseHumanMl3dText(text.toStdString(), "t.txt");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(message.toStdString()) == 0, e.what());
        }
    }

    void fineTextRule_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("steps");
        QTest::newRow("numbered") << QStringLiteral("1. Raise your right arm. 2. Lower it.")
                                  << QStringList{"Raise your right arm.", "Lower it."};
        QTest::newRow("step-colon") << QStringLiteral("Step 1: Turn your head left. Then wait. Step 2: Sit.")
                                    << QStringList{"Turn your head left. Then wait.", "Sit."};
        QTest::newRow("sentences") << QStringLiteral("Walk 1.5 m forward. Stop? Jump") << QStringList{"Walk 1.5 m forward.", "Stop?", "Jump"};
        QTest::newRow("empty") << QStringLiteral("  ") << QStringList{};
    }
    void fineTextRule()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, steps);
        const std::vector<Step> got = fineTextToSteps(text.toStdString(), 1.0, 3.0);
        QCOMPARE(int(got.size()), int(steps.size()));
        for (int i = 0; i < steps.size(); ++i) {
            QCOMPARE(QString::fromStdString(got[std::size_t(i)].text), steps[i]);
            QVERIFY(qAbs(got[std::size_t(i)].start - (1.0 + 2.0 * i / steps.size())) < 1e-9);
        }
        if (!got.empty())
            QCOMPARE(got.back().end, 3.0);
    }

    void statsTable()
    {
        const DatasetIndex index = readDatasetIndex(test::toStd(m_dir), "all");
        const DatasetStats s = computeDatasetStats(index);
        QCOMPARE(s.clips, 2);
        QCOMPARE(s.captions, 6);
        QCOMPARE(s.stepLists, 3);
        QCOMPARE(s.steps, 7);
        QCOMPARE(s.clipsBySourceSplit.at("humanml3d").at("train"), 1);
        QCOMPARE(s.clipsBySourceSplit.at("unknown").at("test"), 1);
        QVERIFY(qAbs(s.secondsBySourceSplit.at("unknown").at("test") - 8.5) < 1e-9);
        QCOMPARE(int(s.lengthHistogram.size()), 5); // 5.8 s -> bin 2, 8.5 s -> bin 4
        QCOMPARE(s.lengthHistogram[2], 1);
        QCOMPARE(s.lengthHistogram[4], 1);
        QVERIFY(s.vocabulary > 30);
        const std::string text = formatDatasetStats(s);
        QVERIFY2(text.find("humanml3d   train   1") != std::string::npos, text.c_str());
        QVERIFY2(text.find("8-10   s 1      ####") != std::string::npos, text.c_str());
    }
};

QTEST_APPLESS_MAIN(TestDatasetReader)
#include "tst_dataset_reader.moc"
