// Broken inputs of every kind a user can open, fed through the same entry points the CLI and
// Studio use, with the message the user sees. docs/robustness.md lists these rows beside the
// ones the per-reader suites (tst_npy, tst_bvh_reader, tst_steps_json, ...) already cover.

#include "test_data.h"
#include "test_helpers.h"

#include "stepmotion/core/dataset/dataset_reader.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/generation/generator.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/formats/npy.h"
#include "stepmotion/core/steps/steps.h"
#include "stepmotion/core/text/tokenizer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdint>
#include <limits>

#include <sys/resource.h>

using namespace stepmotion;
using test::errorOf;

namespace {

constexpr const char* kDefaultModel = STEPMOTION_SOURCE_DIR "/resources/models/default";

QByteArray npyBytes(std::vector<std::size_t> shape, std::size_t badIndex = SIZE_MAX, float bad = 0.0f)
{
    std::size_t count = 1;
    for (std::size_t d : shape)
        count *= d;
    std::vector<float> values(count, 0.25f);
    if (badIndex < count)
        values[badIndex] = bad;
    return QByteArray::fromStdString(serializeNpy(shape, values));
}

/// `text` with its first `from` replaced by `to`; empty (so the row fails) when `from` is absent.
QByteArray edited(QByteArray text, const QByteArray& from, const QByteArray& to)
{
    const auto at = text.indexOf(from);
    if (at < 0) {
        qCritical("edit target '%s' not found", from.constData());
        return {};
    }
    return text.replace(at, from.size(), to);
}

/// Peak resident memory of this process so far, in MiB.
double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

/// Checks that `message` names `path` first and contains `fragment`.
void verifyMessage(const QString& message, const QString& path, const QString& fragment)
{
    QVERIFY2(!message.isEmpty(), "no stepmotion::Error thrown");
    qInfo("%s", qPrintable(message)); // the text docs/robustness.md quotes
    QVERIFY2(message.startsWith(path), qPrintable(message));
    QVERIFY2(message.contains(fragment), qPrintable(message));
}

/// A one-clip HumanML3D-layout folder in `dir`: texts, joints, features, all.txt.
void writeOneClipDataset(const QString& dir)
{
    for (const char* sub : {"/texts", "/new_joints", "/new_joint_vecs"})
        QVERIFY(QDir().mkpath(dir + QLatin1String(sub)));
    test::writeText(dir + "/texts/000000.txt", "a person walks forward.#a/DET person/NOUN#0.0#0.0\n");
    test::writeText(dir + "/new_joints/000000.npy", npyBytes({4, 22, 3}));
    test::writeText(dir + "/new_joint_vecs/000000.npy", npyBytes({4, 263}));
    test::writeText(dir + "/all.txt", "000000\n");
}

} // namespace

class TestBadInputs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void hugeDeclaredSizesFailFast_data(); // first: the peak-memory baseline is still low
    void hugeDeclaredSizesFailFast();
    void motionFiles_data();
    void motionFiles();
    void bvhFiles_data();
    void bvhFiles();
    void stepFiles_data();
    void stepFiles();
    void modelFolders_data();
    void modelFolders();
    void emptyModelFolderNamesConfig();
    void tokenizerTakesAnyBytes();
    void datasetFolders_data();
    void datasetFolders();
    void emptyDatasetFolderNamesTheSplitFile();
};

// Motion files as Studio's Open and `stepmotion convert` read them (loadJointClip).
void TestBadInputs::motionFiles_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    QTest::newRow("npy empty") << "take.npy" << QByteArray() << "not a .npy file";
    QTest::newRow("npy is text") << "take.npy" << QByteArray("0.1 0.2 0.3\n") << "not a .npy file";
    QTest::newRow("npy NaN joint") << "take.npy" << npyBytes({4, 22, 3}, 66 + 3 * 5 + 1, nan)
                                   << "frame 1, joint 5 y is NaN (motions must be finite)";
    QTest::newRow("npy Inf feature") << "take.npy" << npyBytes({4, 263}, 263 * 2 + 7, inf)
                                     << "frame 2, value 7 is infinite";
    QTest::newRow("npy 21 joints") << "take.npy" << npyBytes({4, 21, 3})
                                   << "array of shape 4 x 21 x 3 is neither joints (T x 22 x 3) nor HumanML3D features";
    QTest::newRow("npy 262 features") << "take.npy" << npyBytes({4, 262}) << "array of shape 4 x 262 is neither";
    QTest::newRow("npy scalar row") << "take.npy" << npyBytes({12}) << "array of shape 12 is neither";
    QTest::newRow("npy as .bvh") << "take.bvh" << npyBytes({4, 22, 3}) << ":1: file does not start with HIERARCHY";
    QTest::newRow("unknown extension") << "take.txt" << QByteArray("HIERARCHY\n") << "unknown motion file type";
}

void TestBadInputs::motionFiles()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    test::writeText(path, bytes);
    verifyMessage(errorOf([&] { loadJointClip(path.toStdString()); }), path, expected);
}

// Real BVH files (a CMU clip, cgspeed_daz rig) damaged the way a user's export might be.
void TestBadInputs::bvhFiles_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown joint names") << QByteArray("JOINT lShldr") << QByteArray("JOINT leftUpperArmX")
                                         << "no rig map matches this skeleton (root joint \"hip\"); tried: bandai";
    QTest::newRow("non-UTF-8 joint name") << QByteArray("JOINT lShldr") << QByteArray("JOINT l\xe9paule")
                                          << "cgspeed_daz (lacks lShldr)";
    QTest::newRow("missing limb") << QByteArray("JOINT lShldr") << QByteArray("JOINT lShldr_unused")
                                  << "no rig map matches";
    QTest::newRow("negative frame time") << QByteArray("Frame Time: ") << QByteArray("Frame Time: -")
                                         << "is not a positive number of seconds";
    QTest::newRow("NaN value") << QByteArray("\n55.6924 ") << QByteArray("\nnan ")
                               << "frame 0: value 'nan' is not a finite number";
}

void TestBadInputs::bvhFiles()
{
    STEPMOTION_REQUIRE_SHARED("samples_bvh/02_01.bvh", source);
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, expected);
    QFile file(source);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("damaged.bvh"));
    test::writeText(path, edited(file.readAll(), from, to));
    verifyMessage(errorOf([&] { loadJointClip(path.toStdString()); }), path, expected);
}

// Step lists: what tst_steps_json does not already feed (it covers fields, versions, UTF-8).
void TestBadInputs::stepFiles_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty file") << QByteArray() << ": not valid JSON at byte 1";
    QTest::newRow("only a BOM") << QByteArray("\xEF\xBB\xBF") << ": not valid JSON";
    QTest::newRow("UTF-16") << QByteArray("\xFF\xFE{\0}\0", 6) << "is not valid UTF-8";
    QTest::newRow("a project file") << QByteArray(R"({"version": 1, "steps": [], "settings": {}, "takes": []})")
                                    << ": settings: unknown field";
    QTest::newRow("huge time") << QByteArray(R"({"version": 1, "steps": [{"start": 0, "end": 1e400, )"
                                             R"("body_parts": ["head"], "text": "Nod."}]})")
                               << "not valid JSON: number overflow";
}

void TestBadInputs::stepFiles()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("steps.json"));
    test::writeText(path, bytes);
    verifyMessage(errorOf([&] { loadStepList(path.toStdString()); }), path, expected);
}

// Model folders (`--model DIR`, File > Choose model folder): the bundled model with its
// config.json damaged. model.pt is linked, not copied.
void TestBadInputs::modelFolders_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<QString>("expected");
    QFile file(QString::fromLatin1(kDefaultModel) + "/config.json");
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray good = file.readAll();
    QTest::newRow("empty config") << QByteArray() << "config.json: not valid JSON";
    QTest::newRow("config is a list") << QByteArray("[1, 2]") << "config.json: expected a JSON object";
    QTest::newRow("truncated config") << good.left(good.size() / 2) << "config.json: not valid JSON";
    QTest::newRow("unknown field (newer version)") << edited(good, "{", "{\"version\": 2,")
                                                   << "config.json: version: unknown field";
    QTest::newRow("wrong type") << edited(good, "\"motionLayers\": 4", "\"motionLayers\": \"4\"") << "motionLayers";
    QTest::newRow("huge dimensions")
        << edited(edited(edited(good, "\"textDim\": 256", "\"textDim\": 8192"), "\"textLayers\": 2", "\"textLayers\": 64"),
                  "\"ffnMultiplier\": 2", "\"ffnMultiplier\": 16")
        << "bytes cannot hold the model";
    QTest::newRow("feature width 262") << edited(good, "\"featureDim\": 263", "\"featureDim\": 262")
                                       << "featureDim: 262 vs 263";
}

void TestBadInputs::modelFolders()
{
    QFETCH(QByteArray, config);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString model = QString::fromLatin1(kDefaultModel);
    QVERIFY(QFile::link(model + "/model.pt", dir.filePath(QStringLiteral("model.pt"))));
    for (const char* name : {"Mean.npy", "Std.npy"})
        QVERIFY(QFile::copy(model + "/" + name, dir.filePath(QLatin1String(name))));
    test::writeText(dir.filePath(QStringLiteral("config.json")), config);
    const QString message = errorOf([&] { (void)MotionGenerator::load(dir.path().toStdString(), {}); });
    verifyMessage(message, dir.path(), expected);
}

void TestBadInputs::emptyModelFolderNamesConfig()
{
    QTemporaryDir dir;
    const QString message = errorOf([&] { (void)MotionGenerator::load(dir.path().toStdString(), {}); });
    verifyMessage(message, dir.filePath(QStringLiteral("config.json")), QStringLiteral("cannot open file"));
}

// Text that is not UTF-8 (a Latin-1 caption, a stray byte) is encoded, never a crash.
void TestBadInputs::tokenizerTakesAnyBytes()
{
    STEPMOTION_REQUIRE_TOKENIZER();
    const Tokenizer tokenizer = Tokenizer::load(test::defaultTokenizerPath());
    for (const std::string& text : {std::string("caf\xe9 walk"), std::string("\xff\xfe\x80"), std::string(100000, 'a')})
        QVERIFY(!tokenizer.encode(text).empty());
}

// Dataset folders (`stepmotion train --data`, File > Open dataset folder): a damaged clip is
// skipped with a warning naming its file; the rest of the folder still loads.
void TestBadInputs::datasetFolders_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("warning");
    QTest::newRow("manifest fps as text")
        << "manifest.json" << QByteArray(R"({"clips": {"000000": {"source": "cmu", "fps": "twenty"}}})")
        << "manifest.json: clips.000000.fps: must be a positive number of frames per second";
    QTest::newRow("manifest negative fps")
        << "manifest.json" << QByteArray(R"({"clips": {"000000": {"fps": -20}}})") << "clips.000000.fps: must be a positive";
    QTest::newRow("manifest entry not an object")
        << "manifest.json" << QByteArray(R"({"clips": {"000000": 20}})") << "clips.000000: must be an object";
    QTest::newRow("huge row count") << "new_joint_vecs/000000.npy" << edited(npyBytes({4, 263}), "(4, 263)", "(99999999999, 263)")
                                    << "new_joint_vecs/000000.npy: declared row count is too large";
    QTest::newRow("empty features") << "new_joint_vecs/000000.npy" << QByteArray() << "new_joint_vecs/000000.npy: not a .npy file";
    QTest::newRow("missing joints") << "new_joints/000000.npy" << QByteArray("-") << "new_joints/000000.npy: missing";
    QTest::newRow("caption without times") << "texts/000000.txt" << QByteArray("a person walks.\n")
                                           << "texts/000000.txt:1: missing '#' fields";
}

void TestBadInputs::datasetFolders()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, warning);
    QTemporaryDir dir;
    writeOneClipDataset(dir.path());
    if (bytes == "-")
        QVERIFY(QFile::remove(dir.filePath(file)));
    else
        test::writeText(dir.filePath(file), bytes);
    const DatasetIndex index = readDatasetIndex(dir.path().toStdString(), "all");
    QCOMPARE(int(index.clips.size()), 0);
    QString all;
    for (const std::string& w : index.warnings)
        all += QString::fromStdString(w) + '\n';
    qInfo("%s", qPrintable(all.trimmed()));
    QVERIFY2(all.contains(warning), qPrintable(all));
}

void TestBadInputs::emptyDatasetFolderNamesTheSplitFile()
{
    QTemporaryDir dir;
    const QString message = errorOf([&] { readDatasetIndex(dir.path().toStdString(), "train"); });
    verifyMessage(message, dir.filePath(QStringLiteral("train.txt")), QStringLiteral("missing (needed for split 'train')"));
    verifyMessage(errorOf([&] { readDatasetIndex(dir.filePath(QStringLiteral("absent")).toStdString(), "all"); }),
                  dir.filePath(QStringLiteral("absent")), QStringLiteral("not a directory"));
}

// A header that declares a trillion values must be refused from the header, in milliseconds,
// without reserving memory for it.
void TestBadInputs::hugeDeclaredSizesFailFast_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("npy shape 1e12") << "huge.npy" << edited(npyBytes({4, 22, 3}), "(4, 22, 3)", "(1000000000000, 22, 3)")
                                    << "declared shape is too large to load";
    QTest::newRow("npy 1-D 1e12") << "huge.npy" << edited(npyBytes({66}), "(66,)", "(1000000000000,)")
                                  << "declared shape is too large to load";
    const QByteArray bvh = "HIERARCHY\nROOT hip\n{\n  OFFSET 0 0 0\n  CHANNELS 6 Xposition Yposition Zposition "
                           "Zrotation Xrotation Yrotation\n  End Site\n  {\n    OFFSET 0 1 0\n  }\n}\nMOTION\n"
                           "Frames: 999999999\nFrame Time: 0.05\n0 0 0 0 0 0\n";
    QTest::newRow("BVH Frames 999999999") << "huge.bvh" << bvh << "truncated MOTION: 1 frame lines, 'Frames: 999999999'";
}

void TestBadInputs::hugeDeclaredSizesFailFast()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    test::writeText(path, bytes);
    const double before = peakRssMiB();
    QElapsedTimer timer;
    timer.start();
    const QString message = errorOf([&] {
        if (name.endsWith(QLatin1String(".npy")))
            readNpy(path.toStdString());
        else
            loadJointClip(path.toStdString());
    });
    const qint64 ms = timer.elapsed();
    const double grown = peakRssMiB() - before;
    qInfo("%s: refused in %lld ms, peak memory grew %.1f MiB", qPrintable(name), static_cast<long long>(ms), grown);
    verifyMessage(message, path, expected);
    QVERIFY2(ms < 2000, "a huge declared size took seconds to refuse");
    QVERIFY2(grown < 64.0, "a huge declared size allocated memory");
}

QTEST_APPLESS_MAIN(TestBadInputs)
#include "tst_bad_inputs.moc"
