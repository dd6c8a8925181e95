// Reading motion files (motion_io.h): StepMotion's own FBX/glTF/GLB exports come back through
// inspectMotionFile and loadJointClip (what `info`, `convert`, `describe` and Studio use), and
// every duration is the one definition, (frames - 1) / fps.

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/export/motion_export.h"
#include "stepmotion/core/import/motion_io.h"

#include "test_data.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace stepmotion;

namespace {

const char* const kWalk = STEPMOTION_SOURCE_DIR "/resources/examples/cmu_05_01_walk.npy";

/// Largest joint distance (metres) between two clips of the same rate over their common
/// frames, every `stride`-th.
double maxError(const JointClip& a, const JointClip& b, int stride = 1)
{
    double worst = 0;
    for (int f = 0; f < std::min(a.frames, b.frames); f += stride)
        for (int j = 0; j < kJointCount; ++j) {
            const float* p = a.at(f, j);
            const float* q = b.at(f, j);
            worst = std::max(worst, std::hypot(double(p[0] - q[0]), double(p[1] - q[1]), double(p[2] - q[2])));
        }
    return worst;
}

} // namespace

class TestMotionIo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void durationIsFirstToLastFrame()
    {
        // 170 frames at 20 fps: 8.45 s, as Blender, three.js and `export` say (not 8.5).
        QCOMPARE(clipDurationSeconds(170, 20.0), 8.45);
        QCOMPARE(clipDurationSeconds(1, 20.0), 0.0);
        QCOMPARE(clipDurationSeconds(0, 20.0), 0.0);
        QCOMPARE(clipDurationSeconds(31, 30.0), 1.0);
        const JointClip clip(170, kJointCount, 20.0);
        QCOMPARE(clip.durationSeconds(), 8.45);
        QCOMPARE(clip.timelineSeconds(), 8.5); // the steps' timeline: each frame holds 1/20 s

        QTemporaryDir dir;
        const std::string npy = dir.filePath("walk.npy").toStdString();
        saveJointsNpy(npy, clip);
        const MotionFileInfo info = inspectMotionFile(npy);
        QCOMPARE(info.frames, 170);
        QCOMPARE(info.durationSeconds(), 8.45);
    }

    void resamplesLinearlyOverTheDuration()
    {
        JointClip ramp(31, kJointCount, 30.0); // x = t metres over 1 s
        for (int f = 0; f < ramp.frames; ++f)
            for (int j = 0; j < kJointCount; ++j)
                ramp.at(f, j)[0] = static_cast<float>(f / 30.0);
        const JointClip out = resampleJointClip(ramp, 20.0);
        QCOMPARE(out.frames, 21);
        QCOMPARE(out.fps, 20.0);
        QCOMPARE(out.durationSeconds(), ramp.durationSeconds());
        for (int f = 0; f < out.frames; ++f)
            QVERIFY2(std::abs(out.at(f, 5)[0] - f / 20.0) < 1e-6, qPrintable(QString::number(f)));
        QVERIFY_THROWS_EXCEPTION(Error, resampleJointClip(ramp, 0.0));
    }

    void readsItsOwnExports_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("extension");
        QTest::addColumn<double>("fps");
        QTest::addColumn<int>("kind");
        QTest::newRow("fbx 20 fps") << "fbx" << ".fbx" << 20.0 << int(MotionFileKind::Fbx);
        QTest::newRow("glb 20 fps") << "glb" << ".glb" << 20.0 << int(MotionFileKind::Gltf);
        QTest::newRow("gltf 20 fps") << "gltf" << ".gltf" << 20.0 << int(MotionFileKind::Gltf);
        QTest::newRow("fbx 30 fps") << "fbx" << ".FBX" << 30.0 << int(MotionFileKind::Fbx);
        QTest::newRow("glb 30 fps") << "glb" << ".glb" << 30.0 << int(MotionFileKind::Gltf);
    }

    void readsItsOwnExports()
    {
        QFETCH(QString, format);
        QFETCH(QString, extension);
        QFETCH(double, fps);
        QFETCH(int, kind);
        const JointClip source = loadJointClip(kWalk);
        QTemporaryDir dir;
        const std::string path = dir.filePath("walk" + extension).toStdString();
        ExportOptions options;
        options.format = formatFromName(format.toStdString());
        options.fps = fps;
        try {
            exportMotion(source, path, options);
        } catch (const Error& e) {
            if (QString::fromUtf8(e.what()).contains("built without Assimp"))
                QSKIP("this build has no Assimp");
            throw;
        }

        const MotionFileInfo info = inspectMotionFile(path);
        QCOMPARE(int(info.kind), kind);
        QCOMPARE(info.joints, kJointCount);
        QVERIFY2(info.fps == fps, qPrintable(QString::number(info.fps, 'g', 17))); // 30, not 29.9999…
        const int frames = static_cast<int>(std::floor(source.durationSeconds() * fps + 1e-9)) + 1;
        QCOMPARE(info.frames, frames);
        QVERIFY(std::abs(info.durationSeconds() - (frames - 1) / fps) < 1e-9);
        QVERIFY(std::abs(info.durationSeconds() - source.durationSeconds()) < 1.0 / fps);

        // Back at 20 fps over the file's duration: exact up to the export's 1e-6 rounding on
        // frames both rates share. Between them the file's 30 fps frames blend source frames
        // (slerp), so a 20 fps frame comes back as the same blend taken twice, as linear
        // resampling there and back gives it, within what slerp and lerp differ by (a bone
        // turning 40 degrees between frames sags 3 cm at 0.6 m).
        const JointClip back = loadJointClip(path);
        QCOMPARE(back.fps, kFps);
        QCOMPARE(back.frames, static_cast<int>(std::floor(info.durationSeconds() * kFps + 1e-9)) + 1);
        QVERIFY(fps != kFps || back.frames == source.frames);
        const double error = maxError(source, back);
        const double onShared = maxError(source, back, fps == kFps ? 1 : 2); // f even: t = f / 20 = 1.5 f / 30
        const double vsTwice = maxError(resampleJointClip(resampleJointClip(source, fps), kFps), back);
        qInfo("%s at %g fps: %d frames; max joint error %.3g m on frames at both rates, %.3g m on all "
              "(%.3g m from resampling there and back linearly)",
              qPrintable(format), fps, info.frames, onShared, error, vsTwice);
        QVERIFY2(onShared < 1e-3, qPrintable(QString::number(onShared)));
        QVERIFY2(vsTwice < 0.05, qPrintable(QString::number(vsTwice)));
    }

    void unknownTypesNameTheReadableOnes()
    {
        try {
            inspectMotionFile("notes.txt");
            QFAIL("no error");
        } catch (const Error& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains("notes.txt") && message.contains(".fbx") && message.contains(".glb"), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestMotionIo)
#include "tst_motion_io.moc"
