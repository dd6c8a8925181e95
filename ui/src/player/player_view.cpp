#include "stepmotion/ui/player/player_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLFramebufferObject>
#include <QWheelEvent>

namespace stepmotion::ui {

PlayerView::PlayerView(render::OrbitCamera& camera, std::function<render::RenderFrame()> frameSource)
    : m_camera(camera)
    , m_frameSource(std::move(frameSource))
{
}

PlayerView::~PlayerView()
{
    // QOpenGLWindow's destructor contract: its context is current here when it exists.
    if (m_renderer.isInitialized() && context()) {
        makeCurrent();
        m_renderer.cleanup();
        doneCurrent();
    }
}

void PlayerView::initializeGL()
{
    connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &PlayerView::releaseGl, Qt::UniqueConnection);
    QString error;
    if (!m_renderer.initialize(error)) {
        m_renderError = error;
        Q_EMIT renderFailed(error);
    } else {
        m_renderError.clear();
    }
}

void PlayerView::releaseGl()
{
    if (!m_renderer.isInitialized())
        return;
    makeCurrent();
    m_renderer.cleanup();
    doneCurrent();
}

void PlayerView::paintGL()
{
    const qreal ratio = devicePixelRatio();
    const int w = static_cast<int>(width() * ratio);
    const int h = static_cast<int>(height() * ratio);
    m_renderer.render(m_frameSource(), m_camera, w, h);
    countPaint();
}

QImage PlayerView::renderToImage(const QSize& pixels)
{
    if (!isValid() || !m_renderer.isInitialized() || pixels.isEmpty())
        return {};
    makeCurrent();
    QOpenGLFramebufferObjectFormat format;
    format.setAttachment(QOpenGLFramebufferObject::Depth);
    format.setSamples(4);
    QImage image;
    {
        QOpenGLFramebufferObject fbo(pixels, format);
        if (fbo.isValid() && fbo.bind()) {
            m_renderer.render(m_frameSource(), m_camera, pixels.width(), pixels.height());
            fbo.release();
            image = fbo.toImage(); // resolves the samples
        }
    }
    doneCurrent();
    return image;
}

void PlayerView::countPaint()
{
    if (!m_paintWindow.isValid())
        m_paintWindow.start();
    ++m_paintsInWindow;
    const qint64 ms = m_paintWindow.elapsed();
    if (ms >= 1000) {
        m_paintRate = m_paintsInWindow * 1000.0 / static_cast<double>(ms);
        m_paintsInWindow = 0;
        m_paintWindow.restart();
        Q_EMIT paintRateChanged(m_paintRate);
    }
}

void PlayerView::mousePressEvent(QMouseEvent* event)
{
    m_lastMouse = event->position().toPoint();
    m_dragButton = event->button();
    event->accept();
}

void PlayerView::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    const QPoint delta = pos - m_lastMouse;
    m_lastMouse = pos;
    const auto dx = static_cast<float>(delta.x());
    const auto dy = static_cast<float>(delta.y());
    if (m_dragButton == Qt::LeftButton)
        m_camera.orbit(dx, dy);
    else if (m_dragButton == Qt::RightButton || m_dragButton == Qt::MiddleButton)
        m_camera.pan(dx, dy, static_cast<float>(height()));
    else
        return;
    event->accept();
    update();
}

void PlayerView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == m_dragButton)
        m_dragButton = Qt::NoButton;
    event->accept();
}

void PlayerView::mouseDoubleClickEvent(QMouseEvent* event)
{
    event->accept();
    Q_EMIT resetRequested();
}

void PlayerView::wheelEvent(QWheelEvent* event)
{
    // One notch is 120 eighths of a degree; touchpads send smaller steps.
    m_camera.zoom(static_cast<float>(event->angleDelta().y()) / 120.0f);
    event->accept();
    update();
}

void PlayerView::keyPressEvent(QKeyEvent* event)
{
    Q_EMIT keyPressed(event->key(), event->modifiers());
    event->accept();
}

} // namespace stepmotion::ui
