#include "stepmotion/ui/player/player_widget.h"

#include "stepmotion/ui/modes/gl_probe.h"
#include "stepmotion/ui/player/player_view.h"

#include <QVBoxLayout>

#include <algorithm>

namespace stepmotion::ui {
namespace {

constexpr int kTickMs = 15;        // ~66 Hz: smooth in-betweens on a 60 Hz display
constexpr double kMaxStepSeconds = 0.25; // after a stall, don't jump far ahead

} // namespace

PlayerWidget::PlayerWidget(QWidget* parent)
    : QWidget(parent)
    , m_view(new PlayerView(m_camera, [this] { return currentFrame(); }))
    , m_container(nullptr)
{
    // Multisampling roughly doubles a CPU rasteriser's frame time; smooth playback matters more.
    if (isSoftwareRenderer(probeOpenGLRenderer())) {
        QSurfaceFormat fast = m_view->format();
        fast.setSamples(0);
        m_view->setFormat(fast);
    }
    m_container = QWidget::createWindowContainer(m_view, this);
    m_container->setFocusPolicy(Qt::StrongFocus);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_container);
    setFocusProxy(m_container);
    setMinimumSize(320, 200);

    connect(m_view, &PlayerView::renderFailed, this, &PlayerWidget::renderFailed);
    connect(m_view, &PlayerView::paintRateChanged, this, &PlayerWidget::paintRateChanged);
    connect(m_view, &PlayerView::resetRequested, this, &PlayerWidget::resetView);
    connect(m_view, &PlayerView::keyPressed, this, &PlayerWidget::handleViewKey);
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &PlayerWidget::tick);
}

PlayerWidget::~PlayerWidget()
{
    m_timer.stop();
    delete m_container; // destroys the view (and its GL objects) while the camera still exists
}

void PlayerWidget::setFormat(const QSurfaceFormat& format)
{
    m_view->setFormat(format);
}

QSurfaceFormat PlayerWidget::format() const
{
    return m_view->format();
}

bool PlayerWidget::isValid() const
{
    return m_view->isValid();
}

QImage PlayerWidget::grabFramebuffer()
{
    return m_view->renderToImage(m_view->size() * m_view->devicePixelRatio());
}

QImage PlayerWidget::renderImage(const QSize& pixels)
{
    return m_view->renderToImage(pixels);
}

QString PlayerWidget::renderError() const
{
    return m_view->renderError();
}

double PlayerWidget::paintRate() const
{
    return m_view->paintRate();
}

render::RenderFrame PlayerWidget::currentFrame() const
{
    return m_scene.renderFrame(m_clock.frame(), m_showTrails);
}

void PlayerWidget::handleViewKey(int key, Qt::KeyboardModifiers modifiers)
{
    // Playback keys typed while the 3D view has focus (see PlayerView::keyPressed).
    if (modifiers & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))
        return;
    switch (key) {
    case Qt::Key_Space: togglePlaying(); break;
    case Qt::Key_Right: stepFrame(1); break;
    case Qt::Key_Left: stepFrame(-1); break;
    case Qt::Key_Home: goToStart(); break;
    case Qt::Key_End: goToEnd(); break;
    default: break;
    }
}

void PlayerWidget::setMotions(std::vector<LoadedMotion> motions)
{
    pause();
    m_scene.clear();
    for (LoadedMotion& m : motions)
        m_scene.add(std::move(m));
    m_clock.setClip(m_scene.frameCount(), m_scene.fps());
    m_shownFrame = -1;
    syncPose(true);
    resetView();
    Q_EMIT motionsChanged();
}

void PlayerWidget::replaceMotions(std::vector<LoadedMotion> motions)
{
    const int frame = m_clock.frame();
    const bool wasPlaying = m_clock.isPlaying();
    m_scene.clear();
    for (LoadedMotion& m : motions)
        m_scene.add(std::move(m));
    resumeAt(frame, wasPlaying, false);
}

void PlayerWidget::addMotion(LoadedMotion motion)
{
    const int frame = m_clock.frame();
    const bool wasPlaying = m_clock.isPlaying();
    m_scene.add(std::move(motion));
    resumeAt(frame, wasPlaying, true);
}

void PlayerWidget::setCharacterPreview(std::optional<CharacterPreview> character)
{
    const int frame = m_clock.frame();
    const bool wasPlaying = m_clock.isPlaying();
    m_scene.setCharacter(std::move(character));
    resumeAt(frame, wasPlaying, false);
}

void PlayerWidget::resumeAt(int frame, bool playing, bool reframe)
{
    m_clock.setClip(m_scene.frameCount(), m_scene.fps());
    m_clock.seek(frame); // clamped to the new length
    m_shownFrame = -1;
    syncPose(true);
    if (reframe)
        resetView();
    if (playing)
        play();
    Q_EMIT motionsChanged();
}

void PlayerWidget::play()
{
    if (m_clock.isPlaying())
        return;
    m_clock.play();
    if (!m_clock.isPlaying())
        return; // nothing to play
    m_elapsed.start();
    m_timer.start();
    syncPose(true);
    Q_EMIT playingChanged(true);
}

void PlayerWidget::pause()
{
    m_timer.stop();
    if (!m_clock.isPlaying())
        return;
    m_clock.pause();
    // Stop on a whole frame so the counter and the picture agree.
    m_clock.seek(m_clock.frame());
    syncPose(true);
    Q_EMIT playingChanged(false);
}

void PlayerWidget::togglePlaying()
{
    if (m_clock.isPlaying())
        pause();
    else
        play();
}

void PlayerWidget::setFrame(int frame)
{
    if (frame == m_clock.frame() && !m_clock.isPlaying())
        return;
    m_clock.seek(frame);
    syncPose(true);
}

void PlayerWidget::stepFrame(int delta)
{
    pause();
    m_clock.step(delta);
    syncPose(true);
}

void PlayerWidget::goToStart()
{
    m_clock.toStart();
    syncPose(true);
}

void PlayerWidget::goToEnd()
{
    pause();
    m_clock.toEnd();
    syncPose(true);
}

void PlayerWidget::setLooping(bool on)
{
    m_clock.setLooping(on);
}

void PlayerWidget::setSpeed(double factor)
{
    m_clock.setSpeed(factor);
}

void PlayerWidget::setFollowing(bool on)
{
    m_camera.setFollowing(on);
    syncPose(false);
}

void PlayerWidget::setTrailsVisible(bool on)
{
    m_showTrails = on;
    m_view->update();
}

void PlayerWidget::resetView()
{
    m_camera.setYaw(30.0f);
    m_camera.setPitch(12.0f);
    glm::vec3 lo, hi;
    m_scene.bounds(lo, hi);
    const float aspect = height() > 0 ? static_cast<float>(width()) / static_cast<float>(height()) : 1.6f;
    m_camera.frameBox(lo, hi, aspect);
    m_camera.anchorFollow(m_scene.focus()); // follow from here, keeping the whole body framed
    m_view->update();
}

void PlayerWidget::tick()
{
    const double seconds = std::min(m_elapsed.restart() / 1000.0, kMaxStepSeconds);
    m_clock.advance(seconds);
    syncPose(true);
    if (!m_clock.isPlaying()) {
        m_timer.stop();
        Q_EMIT playingChanged(false);
    }
}

void PlayerWidget::syncPose(bool frameMayHaveChanged)
{
    if (frameMayHaveChanged)
        m_scene.setPosition(m_clock.framePosition());
    m_camera.track(m_scene.focus());
    const int frame = m_clock.frame();
    if (frame != m_shownFrame) {
        m_shownFrame = frame;
        Q_EMIT frameChanged(frame, m_clock.frameCount());
    }
    m_view->update();
}

} // namespace stepmotion::ui
