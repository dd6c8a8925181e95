// Export round trips: every format is written, read back (Assimp for FBX/glTF/BVH, the
// project's own reader for BVH and npy), and the world joint positions are compared with
// the source clip; the re-imported animation must have exactly the exported frame count
// and duration.

#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/export/motion_export.h"
#include "stepmotion/core/import/motion_io.h"
#include "test_data.h"
#include "test_helpers.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace stepmotion;

namespace {

const char* kClips[][2] = {
    {"humanml3d 012314", "shared:humanml3d_meta/samples/new_joints/012314.npy"},
    {"example jump", "source:resources/examples/cmu_02_04_jump.npy"},
    {"example walk", "source:resources/examples/cmu_05_01_walk.npy"},
    {"bandai walk", "shared:samples_bvh/dataset-2_walk_normal_013.bvh"},
};

/// "shared:REL" or "source:REL" → absolute path, or empty when the file is absent.
QString clipPath(const QString& spec)
{
    const QString rel = spec.section(QLatin1Char(':'), 1);
    const QString path = spec.startsWith(QLatin1String("shared:"))
                             ? test::sharedFile(rel)
                             : QStringLiteral(STEPMOTION_SOURCE_DIR "/") + rel;
    return !path.isEmpty() && QFileInfo::exists(path) ? path : QString();
}

/// Largest distance (metres) between the joints of `back` (scaled to metres by `scale`) and
/// of `source`, over the frames of `back` that fall on a frame of `source` (all of them when
/// the rates are equal; every third at 30 fps from 20).
double maxError(const JointClip& source, const JointClip& back, double scale = 1.0)
{
    double worst = 0;
    for (int f = 0; f < back.frames; ++f) {
        const double s = f * source.fps / back.fps;
        const long sf = std::lround(s);
        if (std::abs(s - static_cast<double>(sf)) > 1e-6 || sf >= source.frames)
            continue;
        for (int j = 0; j < kJointCount; ++j) {
            const float* a = source.at(static_cast<int>(sf), j);
            const float* b = back.at(f, j);
            worst = std::max(worst, std::hypot(b[0] * scale - a[0], b[1] * scale - a[1], b[2] * scale - a[2]));
        }
    }
    return worst;
}

/// Our 22 joints from a BVH we wrote, through the project's reader and forward kinematics.
JointClip readOwnBvh(const std::string& path)
{
    const BvhClip bvh = readBvh(path);
    const JointClip all = bvhForwardKinematics(bvh);
    JointClip out(all.frames, kJointCount, bvh.fps());
    for (int j = 0; j < kJointCount; ++j) {
        const int b = bvh.jointIndex(std::string(skeleton::names()[static_cast<std::size_t>(j)]));
        for (int f = 0; f < all.frames; ++f)
            std::copy(all.at(f, b), all.at(f, b) + 3, out.at(f, j));
    }
    return out;
}

int expectedFrames(const JointClip& clip, double fps)
{
    return static_cast<int>(std::floor((clip.frames - 1) / clip.fps * fps + 1e-9)) + 1;
}

} // namespace

class TestMotionExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("clip");
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("centimetres");
        QTest::addColumn<double>("fps");
        for (const auto& c : kClips) {
            for (const char* format : {"bvh", "fbx", "fbxa", "gltf", "glb"}) {
                const bool hasUnits = QByteArray(format) == "bvh" || QByteArray(format).startsWith("fbx");
                for (bool cm : {false, true}) {
                    if (cm && !hasUnits)
                        continue;
                    QTest::addRow("%s %s %s", c[0], format, cm ? "cm" : "m") << c[1] << format << cm << 20.0;
                }
            }
        }
        // Resampled: the frames that fall on a source frame must match it.
        for (double fps : {40.0, 30.0}) {
            for (const char* format : {"bvh", "fbx", "fbxa", "glb"})
                QTest::addRow("humanml3d 012314 %s %gfps", format, fps) << kClips[0][1] << format << false << fps;
        }
    }

    void roundTrip()
    {
        QFETCH(QString, clip);
        QFETCH(QString, format);
        QFETCH(bool, centimetres);
        QFETCH(double, fps);
        const QString path = clipPath(clip);
        if (path.isEmpty())
            QSKIP("input clip not found (shared data absent?)");
        const JointClip source = loadJointClip(test::toStd(path));
        QTemporaryDir dir;
        ExportOptions options;
        options.format = formatFromName(test::toStd(format));
        options.fps = fps;
        options.unit = centimetres ? LengthUnit::Centimetres : LengthUnit::Metres;
        const std::string out = test::toStd(dir.filePath(QStringLiteral("clip"))) + formatExtension(options.format);
        exportMotion(source, out, options);

        const int frames = expectedFrames(source, fps);
        const JointClip back = importWithAssimp(out);
        const double unitScale = options.format == ExportFormat::Bvh && centimetres ? 0.01 : 1.0;
        const double error = maxError(source, back, unitScale);
        qInfo("%s: max joint error %.3g mm, %d frames", qPrintable(QTest::currentDataTag()), error * 1e3, back.frames);
        QCOMPARE(back.frames, frames);
        QVERIFY2(error < 1e-3, qPrintable(QString::number(error)));
        QVERIFY(std::abs(back.fps - fps) < 1e-6 * fps);

        const AnimationSummary summary = inspectWithAssimp(out);
        QCOMPARE(summary.keys, frames);
        QVERIFY(summary.ticksPerSecond > 0);
        QVERIFY2(std::abs(summary.durationTicks / summary.ticksPerSecond - (frames - 1) / fps) < 1e-6,
                 qPrintable(QStringLiteral("duration %1 ticks at %2/s").arg(summary.durationTicks).arg(summary.ticksPerSecond)));
        if (options.format == ExportFormat::Fbx || options.format == ExportFormat::FbxAscii)
            QCOMPARE(summary.unitScaleFactor, centimetres ? 1.0 : 100.0);
        if (options.format != ExportFormat::Bvh)
            QCOMPARE(summary.skinBones, kJointCount); // the joints come back as a skeleton

        if (options.format == ExportFormat::Bvh) {
            const JointClip own = readOwnBvh(out);
            QCOMPARE(own.frames, frames);
            QVERIFY(maxError(source, own, unitScale) < 1e-3);
        }
        QStringList expected{QStringLiteral("clip") + QString::fromStdString(formatExtension(options.format))};
        if (options.format == ExportFormat::Gltf)
            expected << QStringLiteral("clip.bin");
        QStringList files = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::AllDirs | QDir::NoDotAndDotDot);
        files.sort();
        expected.sort();
        QCOMPARE(files, expected); // no temporaries left behind
    }

    void bvhHasNoBinaryNoise_data()
    {
        QTest::addColumn<QString>("rig");
        QTest::addColumn<double>("fps");
        QTest::newRow("smpl22 20 fps") << "smpl22" << 20.0;
        QTest::newRow("smpl22 30 fps") << "smpl22" << 30.0; // resampled (slerp) after solving
        QTest::newRow("bandai 20 fps") << "bandai" << 20.0;
        QTest::newRow("bandai 60 fps") << "bandai" << 60.0;
        QTest::newRow("cmu 30 fps") << "cmu" << 30.0;
    }

    void bvhHasNoBinaryNoise()
    {
        // Every exported BVH, on every rig and rate, holds the shortest form of values rounded to
        // 1e-6 cm and 1e-5 degrees (the Bandai export once wrote 15.889615999999998 and resampled
        // ones 17 digits), never "-0", and reads back to exactly the same text.
        QFETCH(QString, rig);
        QFETCH(double, fps);
        const JointClip clip = loadJointClip(STEPMOTION_SOURCE_DIR "/resources/examples/cmu_05_01_walk.npy");
        QTemporaryDir dir;
        const std::string path = dir.filePath("walk.bvh").toStdString();
        ExportOptions options;
        options.rig = rig.toStdString();
        options.fps = fps;
        options.unit = rig == "smpl22" ? LengthUnit::Metres : LengthUnit::Centimetres;
        exportMotion(clip, path, options);
        QFile file(QString::fromStdString(path));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        // The frame time is 1 / fps to the last digit (0.03333333333333333), as readers expect.
        QString values = QString::fromUtf8(text);
        values.remove(QRegularExpression(QStringLiteral("Frame Time: [^\\n]*")));
        const test::NumberScan scan = test::scanNumbers(values);
        qInfo("%s at %g fps: %d numbers, longest %s (%d significant digits)", qPrintable(rig), fps, scan.numbers,
              qPrintable(scan.longest), scan.longestDigits);
        QVERIFY(scan.numbers > 1000);
        QCOMPARE(scan.minusZero, 0);
        QVERIFY2(scan.longestDigits <= 10, qPrintable(scan.longest));
        QVERIFY(formatBvh(readBvh(path)) == text.toStdString());
    }

    void npyRoundTrip()
    {
        const QString path = clipPath(QString::fromLatin1(kClips[1][1]));
        const JointClip source = loadJointClip(test::toStd(path));
        QTemporaryDir dir;
        const std::string out = test::toStd(dir.filePath(QStringLiteral("clip.npy")));
        exportMotion(source, out, ExportOptions{ExportFormat::Npy, 20.0, LengthUnit::Metres, "smpl22"});
        const JointClip back = loadJointClip(out);
        QCOMPARE(back.frames, source.frames);
        QCOMPARE(maxError(source, back), 0.0);
        exportMotion(source, out, ExportOptions{ExportFormat::Npy, 40.0, LengthUnit::Metres, "smpl22"});
        JointClip fast = loadJointClip(out);
        QCOMPARE(fast.frames, expectedFrames(source, 40.0));
        fast.fps = 40.0; // .npy stores no rate
        QVERIFY(maxError(source, fast) < 1e-6);
    }

    void formatNames()
    {
        QCOMPARE(formatFromName("FBX"), ExportFormat::Fbx);
        QCOMPARE(formatFromName("fbxa"), ExportFormat::FbxAscii);
        QCOMPARE(formatFromName("glb"), ExportFormat::Glb);
        try {
            formatFromName("obj");
            QFAIL("accepted obj");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("'obj'")), e.what());
        }
    }

    void badOutputPathNamesTheFile_data()
    {
        QTest::addColumn<QString>("format");
        for (const char* f : {"bvh", "fbx", "fbxa", "gltf", "glb", "npy"})
            QTest::newRow(f) << f;
    }

    void badOutputPathNamesTheFile()
    {
        QFETCH(QString, format);
        const JointClip clip = loadJointClip(test::toStd(clipPath(QString::fromLatin1(kClips[1][1]))));
        const std::string out = "/nonexistent-dir/out." + test::toStd(format);
        try {
            exportMotion(clip, out, ExportOptions{formatFromName(test::toStd(format)), 20.0, LengthUnit::Metres, "smpl22"});
            QFAIL("no error for a missing directory");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QString::fromStdString(out)), e.what());
        }
    }

    void badInputsAreErrors()
    {
        const std::string out = test::toStd(QDir::tempPath()) + "/stepmotion-never-written.fbx";
        QVERIFY_THROWS_EXCEPTION(Error, exportMotion(JointClip(), out, ExportOptions{ExportFormat::Fbx, 20.0, LengthUnit::Metres, "smpl22"}));
        JointClip nan(2, kJointCount);
        nan.xyz[5] = std::nanf("");
        QVERIFY_THROWS_EXCEPTION(Error, exportMotion(nan, out, ExportOptions{ExportFormat::Glb, 20.0, LengthUnit::Metres, "smpl22"}));
        const JointClip clip = loadJointClip(test::toStd(clipPath(QString::fromLatin1(kClips[1][1]))));
        QVERIFY_THROWS_EXCEPTION(Error, exportMotion(clip, out, ExportOptions{ExportFormat::Fbx, 0.0, LengthUnit::Metres, "smpl22"}));
        QVERIFY_THROWS_EXCEPTION(Error, exportMotion(clip, out, ExportOptions{ExportFormat::Fbx, 20.0, LengthUnit::Metres, "mixamo"}));
        QVERIFY(!QFileInfo::exists(QString::fromStdString(out)));
    }

    void importRejectsForeignFiles()
    {
        STEPMOTION_REQUIRE_SHARED("samples_bvh/02_01.bvh", path);
        try {
            importWithAssimp(test::toStd(path)); // a CMU rig: none of our joint names
            QFAIL("accepted a foreign skeleton");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(path) && QString::fromUtf8(e.what()).contains(QLatin1String("pelvis")), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, importWithAssimp("/nonexistent-dir/clip.fbx"));
    }
};

QTEST_APPLESS_MAIN(TestMotionExport)
#include "tst_motion_export.moc"
