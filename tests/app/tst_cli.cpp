// The command-line tool as a user runs it: real files in, files and messages out.

#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/formats/npy.h"

#include "test_data.h"
#include "test_helpers.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace stepmotion;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runCli(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(STEPMOTION_CLI), args);
    p.waitForFinished(120000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

// The outcomes of `stepmotion ARGS --out OUT`; on failure empty, with `error` set to its stderr.
QJsonArray timelineOutcomes(const QStringList& args, const QString& out, QString* error)
{
    const Run r = runCli(args + QStringList{"--out", out});
    QFile file(out);
    if (r.exitCode != 0 || !file.open(QIODevice::ReadOnly)) {
        *error = r.err;
        return {};
    }
    return QJsonDocument::fromJson(file.readAll()).object()["systems"].toArray()[0].toObject()["outcomes"].toArray();
}

// "PROMPT seed N: MEASURE" of one outcome, for failure messages.
QString describeOutcome(const QJsonObject& outcome)
{
    return outcome["prompt"].toString() + " seed " + QString::number(outcome["seed"].toInt()) + ": "
           + outcome["measure"].toString();
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void versionNamesTorchAndCuda()
    {
        const Run r = runCli({"--version"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("stepmotion 0."));
        QVERIFY(r.out.contains("LibTorch 1."));
        QVERIFY(r.out.contains("CUDA "));
    }

    void infoOnFeatures()
    {
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joint_vecs/012314.npy", path);
        const Run r = runCli({"info", path});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("HumanML3D features"), qPrintable(r.out));
        QVERIFY(r.out.contains("frames:   170"));
        QVERIFY2(r.out.contains("duration: 8.450 s"), qPrintable(r.out)); // (170 - 1) / 20, as `export` says
    }

    void infoOnBvhNamesRig()
    {
        STEPMOTION_REQUIRE_SHARED("samples_bvh/dataset-2_walk_normal_013.bvh", path);
        const Run r = runCli({"info", path});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("kind:     BVH"), qPrintable(r.out));
        QVERIFY2(r.out.contains("rig:      bandai"), qPrintable(r.out));
        QVERIFY(r.out.contains("fps:      30.000"));
    }

    void readsAsfAmc()
    {
        STEPMOTION_REQUIRE_UNPACKED(root);
        const QString amc = root + QStringLiteral("/cmu_extra/asfamc/01_10.amc");
        if (!QFileInfo::exists(amc))
            QSKIP("the unpacked datasets have no cmu_extra/ (re-run ../shared/datasets/unpack.sh)");
        Run r = runCli({"info", amc});
        QCOMPARE(r.exitCode, 0);
        for (const char* line : {"kind:     ASF/AMC", "rig:      cmu_asf", "frames:   3266", "fps:      120.000", "/01.asf"})
            QVERIFY2(r.out.contains(QLatin1String(line)), qPrintable(r.out));
        QVERIFY2(runCli({"info", amc, "--amc-fps", "60"}).out.contains("fps:      60.000"), "--amc-fps");
        QTemporaryDir dir;
        r = runCli({"convert", amc, dir.filePath("play.npy")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("545 frames x 22 joints"), qPrintable(r.out)); // ceil(3266 / 6) at 20 fps
        QCOMPARE(runCli({"describe", amc}).exitCode, 0);
        // An .amc away from its .asf: refused with the paths tried, read with --asf.
        QVERIFY(QFile::copy(amc, dir.filePath("01_10.amc")));
        r = runCli({"info", dir.filePath("01_10.amc")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("no ASF skeleton found") && r.err.contains(dir.filePath("01.asf")) && r.err.contains("--asf"),
                 qPrintable(r.err));
        r = runCli({"info", dir.filePath("01_10.amc"), "--asf", root + QStringLiteral("/cmu_extra/asfamc/01.asf")});
        QCOMPARE(r.exitCode, 0);
        r = runCli({"info", root + QStringLiteral("/samples_bvh/02_01.bvh"), "--asf", "x.asf"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--asf applies to an .amc input only"), qPrintable(r.err));
    }

    void convertsFeaturesToJointsAndBvh()
    {
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joint_vecs/012314.npy", features);
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joints/012314.npy", reference);
        QTemporaryDir dir;
        const QString joints = dir.path() + "/j.npy";
        QCOMPARE(runCli({"convert", features, joints}).exitCode, 0);
        const NpyArray got = readNpy(joints.toStdString());
        const NpyArray want = readNpy(reference.toStdString());
        QCOMPARE(got.shape, want.shape);
        float worst = 0;
        for (std::size_t i = 0; i < got.data.size(); ++i)
            worst = std::max(worst, std::abs(got.data[i] - want.data[i]));
        QVERIFY2(worst < 1e-4f, qPrintable(QString::number(worst)));

        const QString bvh = dir.path() + "/clip.bvh";
        const Run r = runCli({"convert", joints, bvh, "--units", "cm"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const BvhClip clip = readBvh(bvh.toStdString());
        QCOMPARE(clip.frames, 170);
        QCOMPARE(int(clip.joints.size()), 22);
    }

    void ownBvhExportReadsBackExactly_data()
    {
        QTest::addColumn<QString>("units");
        QTest::newRow("metres") << "m";
        QTest::newRow("centimetres") << "cm";
    }

    void ownBvhExportReadsBackExactly()
    {
        QFETCH(QString, units);
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joints/012314.npy", source);
        QTemporaryDir dir;
        const QString bvh = dir.path() + "/clip.bvh";
        const QString back = dir.path() + "/back.npy";
        QCOMPARE(runCli({"convert", source, bvh, "--units", units}).exitCode, 0);
        const Run info = runCli({"info", bvh});
        QVERIFY2(info.out.contains("rig:      smpl22"), qPrintable(info.out));
        const Run r = runCli({"convert", bvh, back});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const NpyArray got = readNpy(back.toStdString());
        const NpyArray want = readNpy(source.toStdString());
        QCOMPARE(got.shape, want.shape);
        float worst = 0;
        for (std::size_t i = 0; i < got.data.size(); ++i)
            worst = std::max(worst, std::abs(got.data[i] - want.data[i]));
        QVERIFY2(worst < 1e-3f, qPrintable(QString::number(worst)));
    }

    void convertsBvhToFeatures()
    {
        STEPMOTION_REQUIRE_SHARED("samples_bvh/02_01.bvh", path);
        QTemporaryDir dir;
        const QString out = dir.path() + "/f.npy";
        const Run r = runCli({"convert", path, out, "--to", "features"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const NpyArray a = readNpy(out.toStdString());
        QCOMPARE(a.shape, (std::vector<std::size_t>{57, 263})); // 58 frames at 20 fps → 57
    }

    void describesAWalk()
    {
        STEPMOTION_REQUIRE_SHARED("samples_bvh/dataset-2_walk_normal_013.bvh", path);
        const Run r = runCli({"describe", path});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("whole_body]") && r.out.contains("Walk forward"), qPrintable(r.out));
        QTemporaryDir dir;
        const QString out = dir.path() + "/steps.json";
        QCOMPARE(runCli({"describe", path, "--out", out}).exitCode, 0);
        QVERIFY(QFileInfo::exists(out));
    }

    void generateNamesMissingConfig()
    {
        STEPMOTION_REQUIRE_TOKENIZER(); // the CLI loads the tokenizer before the model
        QTemporaryDir dir;
        Run r = runCli({"generate", "--text", "0-1 s: raise the left arm", "--model", dir.path(), "--out",
                              dir.path() + "/a.npy"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(dir.path() + "/tokenizer.model"), qPrintable(r.err)); // checked first
        QVERIFY(!QFileInfo::exists(dir.path() + "/a.npy"));
        QVERIFY(QFile::copy(STEPMOTION_SOURCE_DIR "/resources/models/default/tokenizer.model",
                            dir.path() + "/tokenizer.model"));
        r = runCli({"generate", "--text", "0-1 s: raise the left arm", "--model", dir.path(), "--out",
                    dir.path() + "/a.npy"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(dir.path() + "/config.json"), qPrintable(r.err));
    }

    void dataEncodeWritesFeatures()
    {
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joints/000000.npy", jointsA);
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joints/012314.npy", jointsB);
        QTemporaryDir dir;
        QDir().mkpath(dir.path() + "/new_joints");
        QVERIFY(QFile::copy(jointsA, dir.path() + "/new_joints/000000.npy"));
        QVERIFY(QFile::copy(jointsB, dir.path() + "/new_joints/012314.npy"));
        QFile ids(dir.path() + "/all.txt");
        QVERIFY(ids.open(QIODevice::WriteOnly));
        ids.write("000000\nM000000\n012314\n");
        ids.close();
        Run r = runCli({"data", "encode", dir.path(), "--threads", "2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("3 clips encoded (1 mirrored from their originals), 0 already had features, 0 failed"),
                 qPrintable(r.out));
        const NpyArray a = readNpy((dir.path() + "/new_joint_vecs/012314.npy").toStdString());
        // new_joints/012314 has 170 frames; features are one frame shorter.
        QCOMPARE(a.shape, (std::vector<std::size_t>{169, 263}));
        r = runCli({"data", "encode", dir.path()});
        QVERIFY2(r.out.contains("0 clips encoded (0 mirrored from their originals), 3 already had features"),
                 qPrintable(r.out));
    }

    void infoAndDescribeReadOwnExports_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("fps");
        QTest::addColumn<QString>("kind");
        QTest::newRow("fbx") << "fbx" << "20" << "kind:     FBX";
        QTest::newRow("glb") << "glb" << "20" << "kind:     glTF";
        QTest::newRow("gltf 30 fps") << "gltf" << "30" << "kind:     glTF";
    }

    void infoAndDescribeReadOwnExports()
    {
        // `info` once said "unknown motion file type" for StepMotion's own FBX/glTF/GLB, and its
        // duration (frames / fps) disagreed with export's (frames - 1) / fps.
        QFETCH(QString, format);
        QFETCH(QString, fps);
        QFETCH(QString, kind);
        const QString source = QStringLiteral(STEPMOTION_SOURCE_DIR "/resources/examples/cmu_05_01_walk.npy");
        QTemporaryDir dir;
        const QString out = dir.path() + "/walk." + format;
        const Run exported = runCli({"export", source, "--format", format, "--fps", fps, "--out", out});
        if (exported.err.contains("built without Assimp"))
            QSKIP("this build has no Assimp");
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        // "walk.glb: 171 frames at 20 fps (8.50 s), rig smpl22"
        const QRegularExpressionMatch said =
            QRegularExpression(R"((\d+) frames at [0-9.]+ fps \(([0-9.]+) s\))").match(exported.out);
        QVERIFY2(said.hasMatch(), qPrintable(exported.out));
        const Run info = runCli({"info", out});
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        QVERIFY2(info.out.contains(kind), qPrintable(info.out));
        QVERIFY2(info.out.contains("frames:   " + said.captured(1) + "\n"), qPrintable(info.out));
        QVERIFY2(info.out.contains("joints:   22"), qPrintable(info.out));
        const QRegularExpressionMatch duration = QRegularExpression(R"(duration: ([0-9.]+) s)").match(info.out);
        QVERIFY2(duration.hasMatch(), qPrintable(info.out));
        QVERIFY2(std::abs(duration.captured(1).toDouble() - said.captured(2).toDouble()) < 0.006,
                 qPrintable(info.out + exported.out));
        const Run described = runCli({"describe", out});
        QVERIFY2(described.exitCode == 0 && described.out.contains("Walk"), qPrintable(described.err + described.out));
    }

    void everySubcommandHasHelp_data()
    {
        QTest::addColumn<QStringList>("command");
        // Every command the overview lists ("  data build ...", "  info FILE ..."), so a new
        // command without --help fails here, plus the nested forms the overview leaves out.
        const Run overview = runCli({"--help"});
        QCOMPARE(overview.exitCode, 0);
        const QRegularExpression line(R"(^  ([a-z][a-z-]+)(?: ([a-z][a-z-]+)\b)?)");
        QSet<QString> seen;
        for (const QString& text : overview.out.split('\n')) {
            const QRegularExpressionMatch m = line.match(text);
            if (!m.hasMatch())
                continue;
            QStringList command{m.captured(1)};
            if (!m.captured(2).isEmpty())
                command << m.captured(2);
            if (!seen.contains(command.join(' ')))
                QTest::newRow(qPrintable(command.join(' '))) << command;
            seen.insert(command.join(' '));
        }
        QVERIFY2(seen.size() >= 18, qPrintable(overview.out));
        for (const QStringList& extra : {QStringList{"study"}, QStringList{"data"}, QStringList{"bench"},
                                         QStringList{"data", "composite-prompts"}, QStringList{"eval", "--timeline", "bundled"},
                                         QStringList{"eval", "--prompts", "p.json"}, QStringList{"study", "init", "-h"}})
            QTest::newRow(qPrintable(extra.join(' '))) << extra;
    }

    void everySubcommandHasHelp()
    {
        QFETCH(QStringList, command);
        QStringList args = command;
        if (!args.contains("-h"))
            args << "--help";
        const Run r = runCli(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        QVERIFY2(r.out.startsWith("usage: stepmotion " + command.front()), qPrintable(r.out));
        if (command.size() > 1 && !command[1].startsWith('-'))
            QVERIFY2(r.out.contains(command[1]), qPrintable(r.out));
    }

    void generateChecksTheOutputBeforeTheModel_data()
    {
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing folder") << "/nonexistent-folder/a.npy" << "the folder /nonexistent-folder does not exist";
        QTest::newRow("folder as file") << "@DIR@" << "names a folder, not a file";
        QTest::newRow("unknown extension") << "@DIR@/a.fbx" << "--out must name a .npy, .bvh or .json file";
        QTest::newRow("parent is a file") << "@DIR@/steps.json/a.npy" << "is not a folder";
    }

    void generateChecksTheOutputBeforeTheModel()
    {
        // --model names an empty folder: were --out checked after loading, the error would
        // name the missing tokenizer.model instead (and after minutes of sampling, the file).
        QFETCH(QString, out);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QFile steps(dir.path() + "/steps.json");
        QVERIFY(steps.open(QIODevice::WriteOnly));
        steps.write("{}");
        steps.close();
        out.replace("@DIR@", dir.path());
        const Run r = runCli({"generate", "--text", "0-1 s: jump", "--model", dir.path() + "/model", "--out", out});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        QVERIFY2(!r.err.contains("tokenizer.model"), qPrintable(r.err));
    }

    void generateRefusesWhatItCannotHonour_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        // Longer than the longest clip generate makes: refused, never cut short.
        QTest::newRow("steps past the longest clip") << QStringList{"--text", "0-200 s: walk forward"}
                                                     << "ends at 200 s but the clip is";
        QTest::newRow("--seconds past the longest clip") << QStringList{"--text", "walk forward", "--seconds", "200"}
                                                         << "--seconds must be a number from 0 to";
        QTest::newRow("steps past the clip") << QStringList{"--text", "0-3 s: walk forward", "--seconds", "2"}
                                             << "after the clip's";
        // Once read as an untimed 4 s step without a word.
        QTest::newRow("huge end") << QStringList{"--text", "0-1e308 s: walk"}
                                  << "step '0-1e308 s: walk': the time 1e308 s is too large";
        QTest::newRow("infinite end") << QStringList{"--text", "0-inf s: walk"} << "not a finite number";
        QTest::newRow("unknown composition") << QStringList{"--text", "0-2 s: stand still", "--composition", "steps"}
                                             << "composition must be per-step, own-words or joint (got 'steps')";
    }

    void generateRefusesWhatItCannotHonour()
    {
        STEPMOTION_REQUIRE_TOKENIZER();
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const Run r = runCli(QStringList{"generate"} + args + QStringList{"--out", dir.path() + "/a.npy"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(dir.path() + "/a.npy"));
    }

    void generateReadsStepsWithoutVersion()
    {
        // A hand-written steps file without "version" is read as version 1 (generate --help says so).
        STEPMOTION_REQUIRE_TOKENIZER();
        QTemporaryDir dir;
        QFile steps(dir.path() + "/hand.json");
        QVERIFY(steps.open(QIODevice::WriteOnly));
        steps.write(R"({"steps": [{"start": 0, "end": 2, "body_parts": ["left_arm"], "text": "Raise your left arm."}]})");
        steps.close();
        const QString out = dir.path() + "/a.npy";
        const Run r = runCli({"generate", "--steps", steps.fileName(), "--sampling-steps", "2", "--threads", "1",
                              "--out", out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const NpyArray a = readNpy(out.toStdString());
        QCOMPARE(a.shape, (std::vector<std::size_t>{40, 22, 3})); // 2 s at 20 fps
        QVERIFY2(runCli({"generate", "--help"}).out.contains("without \"version\""), "help does not say so");
        QVERIFY(steps.open(QIODevice::WriteOnly));
        steps.write(R"({"version": 2, "steps": []})");
        steps.close();
        const Run newer = runCli({"generate", "--steps", steps.fileName(), "--out", out});
        QVERIFY2(newer.exitCode != 0 && newer.err.contains("file version 2 is newer"), qPrintable(newer.err));
    }

    void readmeExampleDoesWhatItSays()
    {
        // The README's example, 3 seeds, the bundled model as Studio and generate run it: walks,
        // turns left by at least 45 degrees, stops and waves with the right hand above the
        // shoulder in 3.5-6 s (the prompts repeat its steps with the check of each claim).
        STEPMOTION_REQUIRE_TOKENIZER();
        QTemporaryDir dir;
        QString error;
        const QJsonArray outcomes = timelineOutcomes(
            {"eval", "--timeline", STEPMOTION_SOURCE_DIR "/resources/benchmarks/readme_example.json", "--seeds", "3",
             "--threads", "1"},
            dir.path() + "/readme.json", &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(outcomes.size(), 27); // 3 prompts x 3 seeds x 3 steps
        for (const auto& o : outcomes)
            QVERIFY2(o.toObject()["passed"].toBool(), qPrintable(describeOutcome(o.toObject())));
    }

    void ownWordsWalksUnderAWave()
    {
        // Legs walk while the right arm waves, with and without a sentence: under own-words each
        // row sees its own estimate of the parts the other holds, so the walk's row walks (it
        // stood, 0.1-0.7 m in 5 s, when it saw the wave's arm) and the wave's row waves.
        STEPMOTION_REQUIRE_TOKENIZER();
        QTemporaryDir dir;
        QFile prompts(dir.path() + "/walk_wave.json");
        QVERIFY(prompts.open(QIODevice::WriteOnly));
        const QByteArray steps = R"("seconds": 5.0, "steps": [
  {"start": 0.0, "end": 5.0, "body_parts": ["left_leg", "right_leg"], "text": "Walk forward.", "check": "walk_forward"},
  {"start": 0.5, "end": 5.0, "body_parts": ["right_arm", "right_hand"], "text": "Wave your right hand.", "check": "wave_right_hand"}]})";
        prompts.write(R"({"version": 1, "prompts": [{"id": "plain", "kind": "spatial", "coarse": "", )" + steps
                      + R"(, {"id": "worded", "kind": "spatial", "coarse": "a person waves the right hand while walking.", )"
                      + steps + "]}");
        prompts.close();
        QString error;
        const QJsonArray outcomes = timelineOutcomes(
            {"eval", "--timeline", prompts.fileName(), "--composition", "own-words", "--seeds", "3", "--threads", "1"},
            dir.path() + "/out.json", &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(outcomes.size(), 12);
        const QRegularExpression travel("root travel ([0-9.]+) m");
        for (const auto& o : outcomes) {
            const QJsonObject outcome = o.toObject();
            const QString what = describeOutcome(outcome);
            QVERIFY2(outcome["passed"].toBool(), qPrintable(what));
            if (outcome["check"].toString() == "walk_forward")
                QVERIFY2(travel.match(outcome["measure"].toString()).captured(1).toDouble() > 2.0, qPrintable(what));
        }
    }

    void bandaiBvhTranslatesAtTheRootUnlessAsked()
    {
        // Bandai's own layout (6 channels on every joint) plays 1.5 m off in three.js, so the
        // default is translation on the root only; --bvh-channels rig keeps the faithful form.
        const QString source = QStringLiteral(STEPMOTION_SOURCE_DIR "/resources/examples/cmu_05_01_walk.npy");
        QTemporaryDir dir;
        for (const QString& channels : {QString(), QStringLiteral("root"), QStringLiteral("rig")}) {
            const QString out = dir.path() + "/walk_" + (channels.isEmpty() ? QStringLiteral("default") : channels) + ".bvh";
            QStringList args{"export", source, "--format", "bvh", "--rig", "bandai", "--out", out};
            if (!channels.isEmpty())
                args << "--bvh-channels" << channels;
            const Run r = runCli(args);
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            const BvhClip bvh = readBvh(out.toStdString());
            int sixChannels = 0;
            for (const BvhJoint& joint : bvh.joints)
                sixChannels += joint.channels.size() == 6 ? 1 : 0;
            QCOMPARE(sixChannels, channels == QLatin1String("rig") ? static_cast<int>(bvh.joints.size()) : 1);
        }
    }

    void errorsAreClear_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing file") << QStringList{"info", "/nonexistent/x.npy"} << "/nonexistent/x.npy";
        QTest::newRow("bad extension") << QStringList{"info", "notes.txt"} << "unknown motion file type";
        QTest::newRow("bad --to") << QStringList{"convert", "a.npy", "b.npy", "--to", "fbx"} << "--to must be";
        QTest::newRow("unknown option") << QStringList{"convert", "a.npy", "b.npy", "--frobnicate", "1"}
                                        << "unknown option --frobnicate";
        QTest::newRow("unknown command") << QStringList{"explode"} << "unknown command 'explode'";
        QTest::newRow("generate without steps") << QStringList{"generate", "--out", "a.npy"}
                                                << "give exactly one of --steps FILE.json and --text";
        QTest::newRow("generate with both") << QStringList{"generate", "--steps", "s.json", "--text", "0-1: jump",
                                                           "--out", "a.npy"}
                                            << "give exactly one of --steps";
        QTest::newRow("generate bad --out") << QStringList{"generate", "--text", "0-1: jump", "--out", "a.fbx"}
                                            << "--out must name a .npy, .bvh or .json file";
        QTest::newRow("generate reversed span") << QStringList{"generate", "--text", "2-1: jump", "--out", "a.npy"}
                                                << "ends before it starts";
        QTest::newRow("export bad --bvh-channels")
            << QStringList{"export", "a.npy", "--format", "bvh", "--out", "a.bvh", "--bvh-channels", "all"}
            << "expected root or rig";
        QTest::newRow("export --bvh-channels on fbx")
            << QStringList{"export", "a.npy", "--format", "fbx", "--out", "a.fbx", "--bvh-channels", "rig"}
            << "--bvh-channels applies to BVH only";
        QTest::newRow("generate --rig on npy")
            << QStringList{"generate", "--text", "0-1: jump", "--out", "a.npy", "--rig", "bandai"}
            << "apply to .bvh output only";
        QTest::newRow("generate bandai in metres")
            << QStringList{"generate", "--text", "0-1: jump", "--out", "a.bvh", "--rig", "bandai", "--units", "m"}
            << "bandai BVH files are in centimetres";
        QTest::newRow("generate unknown rig")
            << QStringList{"generate", "--text", "0-1: jump", "--out", "a.bvh", "--rig", "daz"} << "\"daz\"";
        QTest::newRow("train without --data") << QStringList{"train", "--tokenizer", "t.model", "--out", "m"}
                                              << "usage: stepmotion train --data DIR";
        QTest::newRow("data encode without dir") << QStringList{"data", "encode"} << "data encode DIR";
        // A flag of the timeline form given last is read as a flag, not as an option missing its value.
        QTest::newRow("timeline flag last") << QStringList{"eval", "--timeline", "/nonexistent/p.json", "--no-window-control"}
                                            << "/nonexistent/p.json: cannot open file";
        QTest::newRow("timeline unknown system option")
            << QStringList{"eval", "--timeline", "bundled", "--system", "x=m,no-step"} << "unknown option 'no-step'";
        QTest::newRow("timeline row flag without a model row")
            << QStringList{"eval", "--timeline", "bundled", "--system", "x=m", "--composition", "own-words"}
            << "a --system row carries its own";
    }

    void errorsAreClear()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const Run r = runCli(args);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
    }
};

QTEST_APPLESS_MAIN(TestCli)
#include "tst_cli.moc"
