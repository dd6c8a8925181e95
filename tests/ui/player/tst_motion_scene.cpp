// MotionScene and loadMotion: what the player shows of one or more clips, without OpenGL.

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/export/motion_export.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/formats/npy.h"
#include "stepmotion/ui/player/motion_scene.h"
#include "test_data.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace stepmotion;
using namespace stepmotion::ui;

namespace {

/// A clip whose every coordinate of frame f equals f + base (easy to check interpolation).
JointClip rampClip(int frames, float base = 0.0f)
{
    JointClip clip(frames, kJointCount);
    for (int f = 0; f < frames; ++f)
        for (int i = 0; i < kJointCount * 3; ++i)
            clip.at(f, 0)[i] = static_cast<float>(f) + base;
    return clip;
}

LoadedMotion motion(const QString& name, JointClip joints)
{
    return {name, name, std::move(joints)};
}

} // namespace

class TestMotionScene : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void samplePoseInterpolatesAndClamps_data();
    void samplePoseInterpolatesAndClamps();
    void clipsPlaySideBySide();
    void boundsAreAtLeastBodyHigh();
    void renderFrameHasPosesAndTrails();
    void loadsRealSample();
    void opensOwnExports_data();
    void opensOwnExports();
    void loadErrorsNameTheFile_data();
    void loadErrorsNameTheFile();

private:
    QTemporaryDir m_dir;
};

void TestMotionScene::samplePoseInterpolatesAndClamps_data()
{
    QTest::addColumn<double>("position");
    QTest::addColumn<float>("expected");
    QTest::newRow("first frame") << 0.0 << 0.0f;
    QTest::newRow("between 1 and 2") << 1.25 << 1.25f;
    QTest::newRow("last frame") << 4.0 << 4.0f;
    QTest::newRow("before start") << -3.0 << 0.0f;
    QTest::newRow("past the end") << 9.5 << 4.0f;
}

void TestMotionScene::samplePoseInterpolatesAndClamps()
{
    QFETCH(double, position);
    QFETCH(float, expected);
    const JointClip clip = rampClip(5);
    float out[kJointCount * 3];
    samplePose(clip, position, glm::vec3(10.0f, 0.0f, -1.0f), out);
    QCOMPARE(out[0], expected + 10.0f);
    QCOMPARE(out[1], expected);
    QCOMPARE(out[kJointCount * 3 - 1], expected - 1.0f);
}

void TestMotionScene::clipsPlaySideBySide()
{
    MotionScene scene;
    QVERIFY(scene.isEmpty());
    QCOMPARE(scene.frameCount(), 0);
    scene.add(motion(QStringLiteral("a"), rampClip(30)));
    scene.add(motion(QStringLiteral("b"), rampClip(50, 100.0f)));
    QCOMPARE(scene.size(), 2);
    QCOMPARE(scene.frameCount(), 50); // the longest clip sets the timeline
    QCOMPARE(scene.fps(), 20.0);
    scene.setPosition(40.0);
    const render::RenderFrame frame = scene.renderFrame(40, false);
    QCOMPARE(static_cast<int>(frame.poses.size()), 2);
    // Clip a holds its last frame (29); both are spread 1.2 m apart along X around x = 0.
    QCOMPARE(frame.poses[0].xyz[0], 29.0f - MotionScene::kSpacing / 2);
    QCOMPARE(frame.poses[1].xyz[0], 140.0f + MotionScene::kSpacing / 2);
    QCOMPARE(frame.poses[1].xyz[1], 140.0f);
    QVERIFY(frame.poses[0].color != frame.poses[1].color);
    const glm::vec3 focus = scene.focus();
    QCOMPARE(focus.x, (29.0f + 140.0f) / 2);
    scene.clear();
    QVERIFY(scene.isEmpty());
}

void TestMotionScene::boundsAreAtLeastBodyHigh()
{
    MotionScene scene;
    JointClip lying(1, kJointCount); // everything at y = 0.1: a body lying on the floor
    for (int j = 0; j < kJointCount; ++j) {
        lying.at(0, j)[0] = 0.05f * static_cast<float>(j);
        lying.at(0, j)[1] = 0.1f;
    }
    scene.add(motion(QStringLiteral("lying"), lying));
    glm::vec3 lo, hi;
    scene.bounds(lo, hi);
    QCOMPARE(lo.y, 0.0f);
    QCOMPARE(hi.y, 1.8f);
    QCOMPARE(lo.x, 0.0f);
    QCOMPARE(hi.x, 0.05f * 21);
}

void TestMotionScene::renderFrameHasPosesAndTrails()
{
    MotionScene scene;
    scene.add(motion(QStringLiteral("a"), rampClip(10)));
    const auto withTrail = scene.renderFrame(3, true);
    QCOMPARE(static_cast<int>(withTrail.trails.size()), 9 * 6); // 9 segments, 2 triangles each
    QCOMPARE(withTrail.trails.front().color.a, 0.85f);            // past part
    QCOMPARE(withTrail.trails.back().color.a, 0.25f);             // future part
    QVERIFY(scene.renderFrame(3, false).trails.empty());
}

void TestMotionScene::loadsRealSample()
{
    STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joints/012314.npy", path);
    QString error;
    const auto loaded = loadMotion(path, error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->name, QStringLiteral("012314.npy"));
    QCOMPARE(loaded->joints.joints, kJointCount);
    QVERIFY(loaded->joints.frames > 20);
    // HumanML3D joints stand on the floor: the lowest joint over the clip is near y = 0.
    float lowest = 1e9f;
    for (int f = 0; f < loaded->joints.frames; ++f)
        for (int j = 0; j < kJointCount; ++j)
            lowest = std::min(lowest, loaded->joints.at(f, j)[1]);
    QVERIFY2(std::abs(lowest) < 0.05f, QByteArray::number(lowest));
}

void TestMotionScene::opensOwnExports_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("fbx") << QStringLiteral("fbx");
    QTest::newRow("glb") << QStringLiteral("glb");
    QTest::newRow("gltf") << QStringLiteral("gltf");
}

void TestMotionScene::opensOwnExports()
{
    // File → Open of StepMotion's own FBX/glTF/GLB (once "unknown motion file type").
    QFETCH(QString, format);
    const JointClip source = loadJointClip(STEPMOTION_SOURCE_DIR "/resources/examples/cmu_05_01_walk.npy");
    const QString path = m_dir.filePath(QStringLiteral("walk.") + format);
    ExportOptions options;
    options.format = formatFromName(format.toStdString());
    try {
        exportMotion(source, path.toStdString(), options);
    } catch (const Error& e) {
        if (QString::fromUtf8(e.what()).contains(QStringLiteral("built without Assimp")))
            QSKIP("this build has no Assimp");
        throw;
    }
    QString error;
    const auto loaded = loadMotion(path, error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->joints.frames, source.frames);
    QCOMPARE(loaded->joints.fps, kFps);
    float worst = 0;
    for (std::size_t i = 0; i < source.xyz.size(); ++i)
        worst = std::max(worst, std::abs(loaded->joints.xyz[i] - source.xyz[i]));
    QVERIFY2(worst < 1e-4f, qPrintable(QString::number(worst)));
}

void TestMotionScene::loadErrorsNameTheFile_data()
{
    QVERIFY(m_dir.isValid());
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    const QString wrongShape = m_dir.filePath(QStringLiteral("wrong_shape.npy"));
    writeNpy(wrongShape.toStdString(), {4, 7}, std::vector<float>(28, 0.0f));
    const QString garbage = m_dir.filePath(QStringLiteral("garbage.npy"));
    QFile file(garbage);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not numpy");
    file.close();
    QTest::newRow("missing file") << m_dir.filePath(QStringLiteral("nope.bvh")) << QString();
    QTest::newRow("wrong shape") << wrongShape << QStringLiteral("4 x 7");
    QTest::newRow("not npy") << garbage << QString();
}

void TestMotionScene::loadErrorsNameTheFile()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!loadMotion(path, error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY2(expected.isEmpty() || error.contains(expected), qPrintable(error));
}

QTEST_APPLESS_MAIN(TestMotionScene)
#include "tst_motion_scene.moc"
