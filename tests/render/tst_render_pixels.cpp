// Headless render test: draws skeletons into an offscreen framebuffer and checks pixels.
// Needs a real OpenGL context, so CTest runs it under xvfb-run with QT_QPA_PLATFORM=xcb.

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/render/orbit_camera.h"
#include "stepmotion/render/shader_library.h"
#include "stepmotion/render/skeleton_renderer.h"
#include "t_pose.h"
#include "test_data.h"

#include <QGuiApplication>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLFramebufferObject>
#include <QOpenGLShaderProgram>
#include <QtTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

using namespace stepmotion;
using namespace stepmotion::render;

namespace {

constexpr int kWidth = 320;
constexpr int kHeight = 240;

QPoint project(const OrbitCamera& camera, const glm::vec3& p)
{
    const glm::mat4 viewProj = camera.projectionMatrix(float(kWidth) / kHeight) * camera.viewMatrix();
    const glm::vec4 clip = viewProj * glm::vec4(p, 1.0f);
    const float x = (clip.x / clip.w * 0.5f + 0.5f) * kWidth;
    const float y = (0.5f - clip.y / clip.w * 0.5f) * kHeight;
    return {static_cast<int>(x), static_cast<int>(y)};
}

QByteArray describe(QRgb c)
{
    return "rgb(" + QByteArray::number(qRed(c)) + ", " + QByteArray::number(qGreen(c)) + ", " +
           QByteArray::number(qBlue(c)) + ")";
}

/// Lit skeleton colour: clearly brighter than the background and of the character's hue
/// (orange: red well above blue).
bool looksOrange(QRgb c)
{
    return qRed(c) > 120 && qRed(c) > qBlue(c) + 50 && qGreen(c) > qBlue(c);
}

bool isBackground(QRgb c)
{
    const glm::vec3 bg = backgroundColor() * 255.0f;
    return std::abs(qRed(c) - bg.r) <= 3 && std::abs(qGreen(c) - bg.g) <= 3 && std::abs(qBlue(c) - bg.b) <= 3;
}

glm::vec3 jointAt(const float* xyz, int j)
{
    return {xyz[j * 3], xyz[j * 3 + 1], xyz[j * 3 + 2]};
}

} // namespace

class TestRenderPixels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void tPoseDrawsSkeletonOnBackground();
    void realClipDrawsSkeleton();
    void brokenShaderReportsMessage();
    void twoSkeletonsWithTrailsDrawBoth();

private:
    QImage renderPose(const float* xyz, const OrbitCamera& camera);

    QOffscreenSurface m_surface;
    QOpenGLContext m_context;
    std::unique_ptr<QOpenGLFramebufferObject> m_fbo;
    SkeletonRenderer m_renderer;
};

void TestRenderPixels::initTestCase()
{
    const QString platform = QGuiApplication::platformName();
    if (platform == QLatin1String("offscreen") || platform == QLatin1String("minimal"))
        QSKIP("no OpenGL on the offscreen platform: run under xvfb-run with QT_QPA_PLATFORM=xcb");
    QSurfaceFormat format;
    format.setVersion(3, 3);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setDepthBufferSize(24);
    m_context.setFormat(format);
    QVERIFY2(m_context.create(), "could not create an OpenGL 3.3 core context");
    m_surface.setFormat(m_context.format());
    m_surface.create();
    QVERIFY(m_surface.isValid());
    QVERIFY(m_context.makeCurrent(&m_surface));
    QOpenGLFramebufferObjectFormat fboFormat;
    fboFormat.setAttachment(QOpenGLFramebufferObject::Depth);
    m_fbo = std::make_unique<QOpenGLFramebufferObject>(kWidth, kHeight, fboFormat);
    QVERIFY(m_fbo->isValid());
    QString error;
    QVERIFY2(m_renderer.initialize(error), qPrintable(error));
}

void TestRenderPixels::cleanupTestCase()
{
    if (m_context.makeCurrent(&m_surface)) {
        m_renderer.cleanup();
        m_fbo.reset();
        m_context.doneCurrent();
    }
}

QImage TestRenderPixels::renderPose(const float* xyz, const OrbitCamera& camera)
{
    RenderFrame frame;
    frame.poses.push_back({xyz, skeletonColor(0)});
    m_fbo->bind();
    m_renderer.render(frame, camera, kWidth, kHeight);
    m_context.functions()->glFinish();
    m_fbo->release();
    return m_fbo->toImage();
}

void TestRenderPixels::tPoseDrawsSkeletonOnBackground()
{
    const auto pose = test::referenceTPose();
    OrbitCamera camera;
    camera.setYaw(0.0f);
    camera.setPitch(10.0f);
    camera.setDistance(3.2f);
    camera.setTarget(glm::vec3(0.0f, 0.9f, 0.0f));
    const QImage image = renderPose(pose.data(), camera);
    QCOMPARE(image.size(), QSize(kWidth, kHeight));

    for (int j : {int(Pelvis), int(Head), int(Spine3), int(LeftElbow), int(RightKnee)}) {
        const QPoint p = project(camera, jointAt(pose.data(), j));
        QVERIFY(image.rect().contains(p));
        const QRgb c = image.pixel(p);
        QVERIFY2(looksOrange(c), QByteArray(skeleton::names()[j].data()) + " pixel is " + describe(c));
    }
    // Far from the body, above the horizon: plain background.
    for (const QPoint corner : {QPoint(4, 4), QPoint(kWidth - 5, 4)}) {
        const QRgb c = image.pixel(corner);
        QVERIFY2(isBackground(c), "corner pixel is " + describe(c));
    }
    // The ground plane beside the feet is lighter than the background.
    const QPoint ground = project(camera, glm::vec3(0.6f, 0.0f, -0.5f));
    QVERIFY(image.rect().contains(ground));
    QVERIFY2(!isBackground(image.pixel(ground)), "ground pixel is " + describe(image.pixel(ground)));
}

void TestRenderPixels::realClipDrawsSkeleton()
{
    STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joints/012314.npy", path);
    const JointClip clip = loadJointClip(test::toStd(path));
    QVERIFY(clip.frames > 0);
    const float* xyz = clip.at(0, 0);
    glm::vec3 lo(1e9f), hi(-1e9f);
    for (int j = 0; j < kJointCount; ++j) {
        lo = glm::min(lo, jointAt(xyz, j));
        hi = glm::max(hi, jointAt(xyz, j));
    }
    OrbitCamera camera;
    camera.frameBox(lo, hi, float(kWidth) / kHeight);
    const QImage image = renderPose(xyz, camera);
    int orange = 0;
    for (int y = 0; y < kHeight; ++y)
        for (int x = 0; x < kWidth; ++x)
            orange += looksOrange(image.pixel(x, y)) ? 1 : 0;
    // The framed body covers a few percent of the picture.
    QVERIFY2(orange > kWidth * kHeight / 100, QByteArray::number(orange));
    for (int j : {int(Pelvis), int(Head)}) {
        const QRgb c = image.pixel(project(camera, jointAt(xyz, j)));
        QVERIFY2(looksOrange(c), QByteArray(skeleton::names()[j].data()) + " pixel is " + describe(c));
    }
    QVERIFY(isBackground(image.pixel(4, 4)));
}

void TestRenderPixels::brokenShaderReportsMessage()
{
    QString error;
    const QByteArray good = "#version 330 core\nout vec4 c;\nvoid main() { c = vec4(1.0); }\n";
    const QByteArray bad = "#version 330 core\nvoid main() { gl_Position = undefined_thing; }\n";
    const auto program = buildProgramFromSource(QStringLiteral("broken"), bad, good, error);
    QVERIFY(!program);
    QVERIFY2(error.startsWith(QStringLiteral("broken.vert: compile failed:")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("undefined_thing")), qPrintable(error));
}

void TestRenderPixels::twoSkeletonsWithTrailsDrawBoth()
{
    // The studio's common comparison: two takes side by side with their trails, each in its own
    // colour. (Frame times are measured by `stepmotion-studio --render-bench`, not here.)
    auto left = test::referenceTPose();
    auto right = left;
    for (int j = 0; j < kJointCount; ++j) {
        left[static_cast<std::size_t>(j * 3)] -= 0.6f;
        right[static_cast<std::size_t>(j * 3)] += 0.6f;
    }
    std::vector<glm::vec3> path;
    for (int i = 0; i < 196; ++i)
        path.emplace_back(0.02f * static_cast<float>(i) - 2.0f, 0.0f, 0.3f * std::sin(0.1f * static_cast<float>(i)));
    RenderFrame frame;
    frame.poses = {{left.data(), skeletonColor(0)}, {right.data(), skeletonColor(1)}};
    for (int k = 0; k < 2; ++k) {
        const auto ribbon = buildTrailRibbon(path, 100, glm::vec4(skeletonColor(k), 0.85f), glm::vec4(skeletonColor(k), 0.25f));
        frame.trails.insert(frame.trails.end(), ribbon.begin(), ribbon.end());
    }
    OrbitCamera camera;
    camera.setYaw(0.0f);
    camera.setPitch(10.0f);
    camera.setDistance(4.0f);
    camera.setTarget(glm::vec3(0.0f, 0.9f, 0.0f));
    m_fbo->bind();
    m_renderer.render(frame, camera, kWidth, kHeight);
    m_context.functions()->glFinish();
    m_fbo->release();
    const QImage image = m_fbo->toImage();
    std::array<QRgb, 2> torso{};
    for (int k = 0; k < 2; ++k) {
        const QPoint p = project(camera, jointAt((k == 0 ? left : right).data(), Spine3));
        QVERIFY(image.rect().contains(p));
        torso[static_cast<std::size_t>(k)] = image.pixel(p);
        QVERIFY2(!isBackground(torso[static_cast<std::size_t>(k)]),
                 "skeleton " + QByteArray::number(k) + " torso pixel is " + describe(torso[static_cast<std::size_t>(k)]));
    }
    const int difference = std::abs(qRed(torso[0]) - qRed(torso[1])) + std::abs(qGreen(torso[0]) - qGreen(torso[1]))
                           + std::abs(qBlue(torso[0]) - qBlue(torso[1]));
    QVERIFY2(difference > 60, "the two skeletons look alike: " + describe(torso[0]) + " and " + describe(torso[1]));
}

QTEST_MAIN(TestRenderPixels)
#include "tst_render_pixels.moc"
