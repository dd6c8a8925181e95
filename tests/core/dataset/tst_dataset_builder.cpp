#include "stepmotion/core/dataset/dataset_builder.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/formats/npy.h"
#include "stepmotion/core/steps/steps.h"

#include "test_data.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <set>

using namespace stepmotion;

namespace {

/// The full unpacked source tree (unpack.sh output); bandai/ and cmu_bvh20/ live only there.
QString sourceTree()
{
    const QString dir = stepmotion::test::unpackedDatasets();
    if (dir.isEmpty())
        return QString();
    return QFileInfo::exists(dir + QStringLiteral("/cmu_bvh20")) && QFileInfo::exists(dir + QStringLiteral("/bandai"))
               ? dir : QString();
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeText(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QStringList lines(const QString& path)
{
    return QString::fromUtf8(readAll(path)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TestDatasetBuilder : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_src, m_out, m_out2;
    DatasetBuildSummary m_summary;
    bool m_built = false;

    bool link(const QString& tree, const QString& rel)
    {
        const QString to = m_src + QLatin1Char('/') + rel;
        QDir().mkpath(QFileInfo(to).path());
        return QFile::link(tree + QLatin1Char('/') + rel, to);
    }

    void assembleSource(const QString& tree)
    {
        m_src = m_dir.path() + QStringLiteral("/src");
        QDir().mkpath(m_src);
        for (const char* rel : {"joins", "kitml", "cmu_descriptions", "finemotion", "humanml3d_meta",
                                "cmu_bvh20/02_09.bvh", "cmu_bvh20/07_12.bvh", "cmu_bvh20/14_07.bvh",
                                "bandai/dataset-1/cfg", "bandai/dataset-2/cfg"})
            QVERIFY2(link(tree, QString::fromLatin1(rel)), rel);
        const char* takes[] = {"dataset-1/data/dataset-1_walk_not-confident_001",
                               "dataset-2/data/dataset-2_wave-left-hand_active_001",
                               "dataset-2/data/dataset-2_raise-up-left-hand_elderly_014"};
        for (const char* take : takes) {
            const QString rel = QStringLiteral("bandai/") + QString::fromLatin1(take);
            QVERIFY(link(tree, rel + QStringLiteral(".bvh")));
            QVERIFY(link(tree, rel + QStringLiteral(".json")));
        }
        // Bad inputs: a BVH that is not one, and a take whose label JSON is malformed.
        QVERIFY(writeText(m_src + QStringLiteral("/cmu_bvh20/99_99.bvh"), "not a bvh\n"));
        QVERIFY(link(tree, QStringLiteral("bandai/dataset-2/data/dataset-2_walk_normal_013.bvh")));
        QVERIFY(writeText(m_src + QStringLiteral("/bandai/dataset-2/data/dataset-2_walk_normal_013.json"), "{\"content\": "));
    }

    nlohmann::json manifest(const QString& out) const
    {
        return nlohmann::json::parse(readAll(out + QStringLiteral("/manifest.json")).toStdString());
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString tree = sourceTree();
        if (tree.isEmpty())
            QSKIP("unpacked dataset tree not found: place the data at ../shared/datasets and run the "
                  "suite with ctest (the unpack_shared_datasets fixture unpacks it)");
        QVERIFY(m_dir.isValid());
        assembleSource(tree);
        m_out = m_dir.path() + QStringLiteral("/out");
        m_out2 = m_dir.path() + QStringLiteral("/out2");
        DatasetBuildOptions options;
        options.sourceDir = m_src.toStdString();
        options.outDir = m_out.toStdString();
        try {
            m_summary = buildDataset(options);
            options.outDir = m_out2.toStdString();
            options.threads = 1; // a different schedule must give the same bytes
            buildDataset(options);
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        m_built = true;
    }

    void writesTheLayout()
    {
        for (const char* f : {"Mean.npy", "Std.npy", "train.txt", "val.txt", "test.txt", "all.txt", "manifest.json"})
            QVERIFY2(QFileInfo::exists(m_out + QLatin1Char('/') + QLatin1String(f)), f);
        const QStringList ids = lines(m_out + QStringLiteral("/all.txt"));
        QCOMPARE(ids.size(), 16); // 8 clips (see keepsHumanMl3dIdsAndSplits) and their mirrors
        for (const QString& id : ids)
            for (const QString& sub : {QStringLiteral("new_joints/%1.npy"), QStringLiteral("new_joint_vecs/%1.npy"),
                                       QStringLiteral("texts/%1.txt"), QStringLiteral("steps/%1.json")})
                QVERIFY2(QFileInfo::exists(m_out + QLatin1Char('/') + sub.arg(id)), qPrintable(sub.arg(id)));
        QVERIFY(manifest(m_out)["clips"].size() == static_cast<std::size_t>(ids.size()));
    }

    void shapesAndLengths()
    {
        for (const QString& id : lines(m_out + QStringLiteral("/all.txt"))) {
            const NpyArray j = readNpy((m_out + QStringLiteral("/new_joints/") + id + QStringLiteral(".npy")).toStdString());
            const NpyArray f = readNpy((m_out + QStringLiteral("/new_joint_vecs/") + id + QStringLiteral(".npy")).toStdString());
            QCOMPARE(j.shape.size(), std::size_t(3));
            QCOMPARE(j.shape[1], std::size_t(22));
            QCOMPARE(j.shape[2], std::size_t(3));
            QCOMPARE(f.shape, (std::vector<std::size_t>{j.shape[0], 263}));
            QVERIFY2(j.shape[0] >= std::size_t(kDatasetMinFrames) && j.shape[0] <= std::size_t(kDatasetMaxFrames),
                     qPrintable(id + QStringLiteral(": %1 frames").arg(j.shape[0])));
            for (float v : f.data)
                QVERIFY(std::isfinite(v));
        }
    }

    void keepsHumanMl3dIdsAndSplits()
    {
        const nlohmann::json clips = manifest(m_out)["clips"];
        // 02_09 holds HumanML3D 002073 (train, frames 0..173), 07_12 holds 012782 (test, 0..44).
        QCOMPARE(clips["002073"]["split"].get<std::string>(), std::string("train"));
        QCOMPARE(clips["002073"]["frames"].get<int>(), 172);
        QCOMPARE(clips["012782"]["split"].get<std::string>(), std::string("test"));
        QCOMPARE(clips["M012782"]["split"].get<std::string>(), std::string("test"));
        QVERIFY(lines(m_out + QStringLiteral("/test.txt")).contains(QStringLiteral("012782")));
        // 14_07 is in no HumanML3D clip: 18.5 s become two extra train pieces.
        QVERIFY(clips.contains("C14_07_0000") && clips.contains("C14_07_0001"));
        QVERIFY(!clips.contains("C14_07_0002"));
        QCOMPARE(clips["C14_07_0000"]["split"].get<std::string>(), std::string("train"));
        QVERIFY(clips["C14_07_0000"]["licence"].get<std::string>().find("CMU") != std::string::npos);
        // A 481-frame 30 fps Bandai take (16 s) is split in two pieces at 20 fps.
        QVERIFY(clips.contains("B1_walk_not-confident_001_00") && clips.contains("B1_walk_not-confident_001_01"));
        QCOMPARE(clips["B1_walk_not-confident_001_00"]["content"].get<std::string>(), std::string("walk"));
        QVERIFY(clips.contains("B2_raise-up-left-hand_elderly_014_00"));
        QVERIFY(clips.contains("B2_wave-left-hand_active_001_00"));
    }

    void noTakeInTwoSplits()
    {
        std::map<std::string, std::set<std::string>> splitsOfFile;
        const nlohmann::json doc = manifest(m_out);
        for (const auto& [id, e] : doc["clips"].items())
            if (e["source"].get<std::string>() != "cmu")
                splitsOfFile[e["file"].get<std::string>()].insert(e["split"].get<std::string>());
        QCOMPARE(splitsOfFile.size(), std::size_t(3));
        std::set<std::string> used;
        for (const auto& [file, splits] : splitsOfFile) {
            QVERIFY2(splits.size() == 1, file.c_str());
            used.insert(*splits.begin());
        }
        QCOMPARE(used, (std::set<std::string>{"test", "train", "val"})); // the 3 takes hash apart
        // The split files partition all.txt.
        QStringList joined = lines(m_out + QStringLiteral("/train.txt")) + lines(m_out + QStringLiteral("/val.txt")) +
                             lines(m_out + QStringLiteral("/test.txt"));
        joined.sort();
        QCOMPARE(joined, lines(m_out + QStringLiteral("/all.txt")));
    }

    void mirrorsHaveSwappedTexts()
    {
        const QStringList ids = lines(m_out + QStringLiteral("/all.txt"));
        for (const QString& id : ids) {
            if (id.startsWith(QLatin1Char('M')))
                continue;
            QVERIFY2(ids.contains(QLatin1Char('M') + id), qPrintable(id));
            const std::string text = readAll(m_out + QStringLiteral("/texts/") + id + QStringLiteral(".txt")).toStdString();
            const std::string mirrored = readAll(m_out + QStringLiteral("/texts/M") + id + QStringLiteral(".txt")).toStdString();
            QCOMPARE(mirrored, mirrorLeftRightWords(text));
        }
        const QString wave = m_out + QStringLiteral("/texts/%1B2_wave-left-hand_active_001_00.txt");
        QVERIFY(readAll(wave.arg(QString())).contains("left"));
        QVERIFY(readAll(wave.arg(QStringLiteral("M"))).contains("right"));
        QVERIFY(!readAll(wave.arg(QStringLiteral("M"))).contains("left"));
    }

    void textsUseHumanMl3dLines()
    {
        for (const QString& id : lines(m_out + QStringLiteral("/all.txt"))) {
            const QStringList captions = lines(m_out + QStringLiteral("/texts/") + id + QStringLiteral(".txt"));
            QVERIFY(!captions.isEmpty());
            for (const QString& line : captions) {
                const QStringList parts = line.split(QLatin1Char('#'));
                QCOMPARE(parts.size(), 4);
                QVERIFY(!parts[0].trimmed().isEmpty());
                for (const QString& token : parts[1].split(QLatin1Char(' ')))
                    QVERIFY2(token.count(QLatin1Char('/')) == 1, qPrintable(line));
                QCOMPARE(parts[2], QStringLiteral("0.0"));
                QCOMPARE(parts[3], QStringLiteral("0.0"));
            }
        }
        // KIT-ML's caption of 02_09 covers HumanML3D clip 002073 (the whole trial).
        QVERIFY(readAll(m_out + QStringLiteral("/texts/002073.txt")).contains("ping"));
        QVERIFY(readAll(m_out + QStringLiteral("/texts/002073.txt")).contains("swordplay"));
    }

    void stepsHoldDescriberAndFineMotion()
    {
        const auto doc = nlohmann::json::parse(readAll(m_out + QStringLiteral("/steps/002073.json")).toStdString());
        QCOMPARE(doc["version"].get<int>(), 1);
        QCOMPARE(doc["lists"][0]["source"].get<std::string>(), std::string("describer"));
        // Every list is a valid step-list document; the mirror's describer list is the mirror.
        const StepList described = parseStepList(doc["lists"][0].dump(), "002073");
        QVERIFY(!described.steps.empty());
        const auto mirroredDoc = nlohmann::json::parse(readAll(m_out + QStringLiteral("/steps/M002073.json")).toStdString());
        QVERIFY(parseStepList(mirroredDoc["lists"][0].dump(), "M002073") == mirrorStepList(described));
        if (!QFileInfo::exists(m_src + QStringLiteral("/finemotion/BPMSD_auto.json")))
            QSKIP("finemotion/BPMSD_auto.json absent");
        QCOMPARE(doc["lists"].size(), std::size_t(2));
        const auto& fine = doc["lists"][1];
        QCOMPARE(fine["source"].get<std::string>(), std::string("finemotion"));
        QCOMPARE(doc["finemotion_set"].get<std::string>(), std::string("BPMSD_auto"));
        const StepList fineList = parseStepList(fine.dump(), "002073 finemotion");
        QCOMPARE(fineList.steps.front().text.substr(0, 9), std::string("Move your"));
        QVERIFY(fine["steps"].size() >= 10 && fine["steps"].size() <= 18);
        for (const auto& s : fine["steps"]) {
            QVERIFY(s["end"].get<double>() - s["start"].get<double>() <= 0.5 + 1e-9);
            QVERIFY(s["end"].get<double>() <= 172 / 20.0 + 1e-9);
        }
        QCOMPARE(mirroredDoc["lists"].size(), std::size_t(2));
    }

    void meanStdAre263()
    {
        const NpyArray mean = readNpy((m_out + QStringLiteral("/Mean.npy")).toStdString());
        const NpyArray sd = readNpy((m_out + QStringLiteral("/Std.npy")).toStdString());
        QCOMPARE(mean.shape, (std::vector<std::size_t>{263}));
        QCOMPARE(sd.shape, (std::vector<std::size_t>{263}));
        for (float v : sd.data)
            QVERIFY(std::isfinite(v) && v >= kDatasetStdFloor);
        // Mean root height of standing/walking people is around 0.9 m.
        QVERIFY(mean.data[3] > 0.7f && mean.data[3] < 1.1f);
    }

    void isDeterministic()
    {
        QDirIterator it(m_out, QDir::Files, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            const QString other = m_out2 + path.mid(m_out.size());
            QVERIFY2(readAll(path) == readAll(other), qPrintable(path));
            ++files;
        }
        QVERIFY(files > 60);
    }

    void reportsBadFilesByName()
    {
        bool bvh = false, json = false;
        for (const std::string& s : m_summary.skipped) {
            bvh = bvh || s.find("99_99.bvh") != std::string::npos;
            json = json || s.find("dataset-2_walk_normal_013.json") != std::string::npos;
        }
        QVERIFY(bvh);
        QVERIFY(json);
        QCOMPARE(m_summary.droppedShort, 0); // 07_12's 44 frames still make 43 stored frames
        const std::string text = formatDatasetSummary(m_summary);
        QVERIFY(text.find("bandai-2") != std::string::npos);
        QVERIFY(text.find("99_99.bvh") != std::string::npos);
    }

    void reportsMalformedSourcesByLine()
    {
        if (!m_built)
            QSKIP("no build");
        // A tree whose every text source is broken still builds its motion, and each problem
        // names its file (and line where there is one).
        const QString tree = sourceTree();
        const QString src = m_dir.path() + QStringLiteral("/bad");
        for (const char* d : {"joins", "kitml", "cmu_descriptions", "cmu_bvh20", "bandai/dataset-2/data"})
            QVERIFY(QDir().mkpath(src + QLatin1Char('/') + QLatin1String(d)));
        QVERIFY(writeText(src + QStringLiteral("/joins/hml3d_cmu_join.csv"),
                          "hml_id,split,cmu_trial,bvh_file,start_frame_20fps,end_frame_20fps\n"
                          "012782,test,07_12,cmu_bvh20/07_12.bvh,0,44\n"
                          "000001,train,07_12,cmu_bvh20/07_12.bvh,zero,44\n"));
        QVERIFY(writeText(src + QStringLiteral("/kitml/annotations.json"), "{\"00001\": [1, 2"));
        QVERIFY(writeText(src + QStringLiteral("/cmu_descriptions/cmu_trial_descriptions.tsv"),
                          "trial\tdescription\tcmu_fps\n07_12 walk\n"));
        QVERIFY(QFile::link(tree + QStringLiteral("/cmu_bvh20/07_12.bvh"), src + QStringLiteral("/cmu_bvh20/07_12.bvh")));
        QVERIFY(QFile::link(tree + QStringLiteral("/bandai/dataset-2/data/dataset-2_wave-left-hand_active_001.bvh"),
                            src + QStringLiteral("/bandai/dataset-2/data/dataset-2_wave-left-hand_active_001.bvh")));
        DatasetBuildOptions options;
        options.sourceDir = src.toStdString();
        options.outDir = (m_dir.path() + QStringLiteral("/bad_out")).toStdString();
        options.mirror = false;
        const DatasetBuildSummary summary = buildDataset(options);
        const std::string all = formatDatasetSummary(summary);
        for (const char* expected : {"hml3d_cmu_join.csv:3: field 'start_frame_20fps' is not an integer",
                                     "kitml/annotations.json: not a JSON object",
                                     "cmu_trial_descriptions.tsv:2: expected trial<TAB>description",
                                     "bandai/dataset-2/cfg/content_label.txt"})
            QVERIFY2(all.find(expected) != std::string::npos, expected);
        QCOMPARE(summary.clips.at("cmu").at("train"), 1); // 07_12's 3.5 s as one extra clip
    }

    void includesCmuExtraTrials()
    {
        // cmu_extra/ adds CMU trials as 20 fps BVH and as CMU's native ASF/AMC (120 fps), joined to
        // HumanML3D ids by its own hml3d_rows.csv: 01_10.amc holds 004243 [25, 225) and 008022
        // [106, 306); 135_04.bvh holds 009420 [0, 200).
        const QString tree = sourceTree();
        if (tree.isEmpty())
            QSKIP("unpacked dataset tree not found");
        if (!QFileInfo::exists(tree + QStringLiteral("/cmu_extra/asfamc/01_10.amc")))
            QSKIP("the unpacked tree has no cmu_extra/ (re-run ../shared/datasets/unpack.sh)");
        const QString src = m_dir.path() + QStringLiteral("/extra");
        for (const char* rel : {"joins", "kitml", "cmu_descriptions", "finemotion", "cmu_extra/hml3d_rows.csv",
                                "cmu_extra/asfamc/01.asf", "cmu_extra/asfamc/01_10.amc", "cmu_extra/bvh20/135_04.bvh"}) {
            const QString to = src + QLatin1Char('/') + QLatin1String(rel);
            QDir().mkpath(QFileInfo(to).path());
            QVERIFY2(QFile::link(tree + QLatin1Char('/') + QLatin1String(rel), to), rel);
        }
        DatasetBuildOptions options;
        options.sourceDir = src.toStdString();
        options.outDir = (m_dir.path() + QStringLiteral("/extra_out")).toStdString();
        options.mirror = false;
        options.onlySources = {"cmu"};
        const DatasetBuildSummary summary = buildDataset(options);
        const nlohmann::json clips = manifest(m_dir.path() + QStringLiteral("/extra_out"))["clips"];
        for (const char* id : {"004243", "008022"}) {
            QVERIFY2(clips.contains(id), id);
            QCOMPARE(clips[id]["file"].get<std::string>(), std::string("cmu_extra/asfamc/01_10.amc"));
            QCOMPARE(clips[id]["rig"].get<std::string>(), std::string("cmu_asf"));
            QCOMPARE(clips[id]["frames"].get<int>(), kDatasetMaxFrames); // 200-frame spans crop to 196
            QCOMPARE(clips[id]["split"].get<std::string>(), std::string("train"));
        }
        QCOMPARE(clips["004243"]["frame_start"].get<int>(), 25);
        QVERIFY(clips.contains("009420"));
        QCOMPARE(clips["009420"]["file"].get<std::string>(), std::string("cmu_extra/bvh20/135_04.bvh"));
        QCOMPARE(clips["009420"]["rig"].get<std::string>(), std::string("cgspeed_daz"));
        // The AMC trial's 545 frames at 20 fps (ceil(3266 / 6)) also give extra clips outside
        // the HumanML3D spans, and the ids carry FineMotion's step texts.
        QVERIFY(clips.contains("C01_10_0000"));
        QCOMPARE(clips["C01_10_0000"]["file"].get<std::string>(), std::string("cmu_extra/asfamc/01_10.amc"));
        const auto steps = nlohmann::json::parse(
            readAll(m_dir.path() + QStringLiteral("/extra_out/steps/004243.json")).toStdString());
        QCOMPARE(steps["lists"].size(), std::size_t(2));
        QCOMPARE(steps["lists"][1]["source"].get<std::string>(), std::string("finemotion"));
        // The AMC pelvis moves like a person's: its mean height in the features is about 1 m.
        const NpyArray vecs = readNpy(m_dir.path().toStdString() + "/extra_out/new_joint_vecs/004243.npy");
        double height = 0;
        for (std::size_t f = 0; f < vecs.shape[0]; ++f)
            height += vecs.data[f * 263 + 3];
        height /= static_cast<double>(vecs.shape[0]);
        QVERIFY2(height > 0.7 && height < 1.2, qPrintable(QString::number(height)));
        QVERIFY(summary.clips.at("cmu").at("train") >= 4);
    }

    void refusesForeignOutputFolder()
    {
        if (!m_built)
            QSKIP("no build");
        const QString foreign = m_dir.path() + QStringLiteral("/foreign");
        QDir().mkpath(foreign);
        QVERIFY(writeText(foreign + QStringLiteral("/keep.txt"), "mine"));
        DatasetBuildOptions options;
        options.sourceDir = m_src.toStdString();
        options.outDir = foreign.toStdString();
        QVERIFY_THROWS_EXCEPTION(Error, buildDataset(options));
        QVERIFY(QFileInfo::exists(foreign + QStringLiteral("/keep.txt")));
    }

    void swapsLeftRight_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain") << "raise the left hand" << "raise the right hand";
        QTest::newRow("both") << "Left foot, then RIGHT arm" << "Right foot, then LEFT arm";
        QTest::newRow("words only") << "leftover bright" << "leftover bright";
        QTest::newRow("clockwise") << "turns clockwise" << "turns counterclockwise";
    }

    void swapsLeftRight()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(QString::fromStdString(mirrorLeftRightWords(in.toStdString())), out);
    }

    void formatsTextLine()
    {
        QCOMPARE(QString::fromStdString(humanMl3dTextLine("A person waves #2")),
                 QStringLiteral("A person waves  2#a/DET person/NOUN waves/OTHER 2/OTHER#0.0#0.0"));
    }
};

QTEST_APPLESS_MAIN(TestDatasetBuilder)
#include "tst_dataset_builder.moc"
