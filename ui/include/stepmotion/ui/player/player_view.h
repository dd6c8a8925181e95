#pragma once
// The OpenGL surface of the player: a QOpenGLWindow (embedded by PlayerWidget) that draws
// what its frame source returns and turns mouse input into camera moves.
// Why a window and not a QOpenGLWidget: a QOpenGLWidget is drawn into a texture and then
// composited with the rest of the window every frame. On a CPU rasteriser (Mesa llvmpipe
// under Xvfb) that composition alone capped an empty 1280x800 view at ~20 paints per second,
// while a window painting straight to its surface kept up with a 66 Hz timer.

#include "stepmotion/render/orbit_camera.h"
#include "stepmotion/render/skeleton_renderer.h"

#include <QElapsedTimer>
#include <QOpenGLWindow>

#include <functional>

namespace stepmotion::ui {

class PlayerView : public QOpenGLWindow {
    Q_OBJECT

public:
    /// Draws `frameSource()` seen through `camera`; both must outlive the view.
    PlayerView(render::OrbitCamera& camera, std::function<render::RenderFrame()> frameSource);
    /// Frees the renderer's GL objects (QOpenGLWindow makes its context current here).
    ~PlayerView() override;

    /// Empty when rendering works; otherwise why the renderer could not start.
    QString renderError() const { return m_renderError; }
    /// Frames painted per second over the last second of painting (0 before that).
    double paintRate() const { return m_paintRate; }

    /// Renders the current frame into an offscreen framebuffer of `pixels` (4x multisampled)
    /// and returns it; a null image before the view is initialised (isValid()) or on failure.
    /// Unlike QOpenGLWindow::grabFramebuffer it never reads a stale back buffer.
    QImage renderToImage(const QSize& pixels);

Q_SIGNALS:
    void renderFailed(const QString& message);
    void paintRateChanged(double framesPerSecond);
    /// A double click: the owner re-frames the characters.
    void resetRequested();
    /// Keys the view did not use (shortcuts of the surrounding window may not see keys typed
    /// into an embedded native window, so the owner handles playback keys from here).
    void keyPressed(int key, Qt::KeyboardModifiers modifiers);

protected:
    void initializeGL() override;
    void paintGL() override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void releaseGl();
    void countPaint();

    render::OrbitCamera& m_camera;
    std::function<render::RenderFrame()> m_frameSource;
    render::SkeletonRenderer m_renderer;
    QString m_renderError;
    QElapsedTimer m_paintWindow;
    int m_paintsInWindow = 0;
    double m_paintRate = 0.0;
    QPoint m_lastMouse;
    Qt::MouseButton m_dragButton = Qt::NoButton;
};

} // namespace stepmotion::ui
