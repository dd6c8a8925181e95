#pragma once
// The player: one or more clips in sync in a 3D view (PlayerView, embedded here). Mouse:
// left drag orbits, right or middle drag pans, the wheel zooms, a double click re-frames the
// characters. Playback follows wall time (QElapsedTimer), independent of the display rate;
// in-between frames are interpolated so motion stays smooth on fast displays.

#include "stepmotion/render/orbit_camera.h"
#include "stepmotion/ui/player/motion_scene.h"
#include "stepmotion/ui/player/playback_clock.h"

#include <QElapsedTimer>
#include <QImage>
#include <QSurfaceFormat>
#include <QTimer>
#include <QWidget>

namespace stepmotion::ui {

class PlayerView;

class PlayerWidget : public QWidget {
    Q_OBJECT

public:
    /// Uses the default surface format, without multisampling on a CPU rasteriser (call
    /// setFormat() before the widget is shown to override).
    explicit PlayerWidget(QWidget* parent = nullptr);
    ~PlayerWidget() override;

    /// Replaces the shown clips (may be empty) and re-frames the camera; playback restarts
    /// paused at frame 0.
    void setMotions(std::vector<LoadedMotion> motions);
    /// Replaces the shown clips keeping the current frame (clamped to the new length), whether
    /// it plays and the camera: a live preview updates in place.
    void replaceMotions(std::vector<LoadedMotion> motions);
    /// Adds a clip beside the others, keeping the current frame.
    void addMotion(LoadedMotion motion);
    /// Shows (or, with nullopt, removes) the user's character beside the clips, keeping the
    /// current frame, the play state and the camera.
    void setCharacterPreview(std::optional<CharacterPreview> character);
    const MotionScene& scene() const { return m_scene; }
    const PlaybackClock& clock() const { return m_clock; }
    render::OrbitCamera& camera() { return m_camera; }

    /// OpenGL format of the view; set before the widget is first shown.
    void setFormat(const QSurfaceFormat& format);
    QSurfaceFormat format() const;
    /// True once the view has its OpenGL context (after being shown and exposed).
    bool isValid() const;
    /// The current frame rendered at the view's size (device pixels); null before isValid().
    QImage grabFramebuffer();
    /// The current frame rendered at any size, e.g. for screenshots; null before isValid().
    QImage renderImage(const QSize& pixels);
    /// Empty when rendering works; otherwise why the renderer could not start.
    QString renderError() const;
    /// Frames painted per second over the last second of painting (0 before that).
    double paintRate() const;

    QSize sizeHint() const override { return {960, 600}; }

public Q_SLOTS:
    void play();
    void pause();
    void togglePlaying();
    void setFrame(int frame);
    void stepFrame(int delta);
    void goToStart();
    void goToEnd();
    void setLooping(bool on);
    void setSpeed(double factor);
    void setFollowing(bool on);
    void setTrailsVisible(bool on);
    /// Frames the characters at the current frame with the default viewing angle.
    void resetView();

Q_SIGNALS:
    /// The displayed frame index (0-based) or the clip set changed.
    void frameChanged(int frame, int frameCount);
    void playingChanged(bool playing);
    void motionsChanged();
    /// Emitted once when the renderer fails to start (shader/driver problem).
    void renderFailed(const QString& message);
    void paintRateChanged(double framesPerSecond);

private:
    void tick();
    /// After the scene changed: the clock on the new clips at `frame`, playing again when
    /// `playing`; `reframe` also re-frames the camera.
    void resumeAt(int frame, bool playing, bool reframe);
    void syncPose(bool frameMayHaveChanged);
    void handleViewKey(int key, Qt::KeyboardModifiers modifiers);
    render::RenderFrame currentFrame() const;

    MotionScene m_scene;
    PlaybackClock m_clock;
    render::OrbitCamera m_camera;
    PlayerView* m_view;    // owned by m_container
    QWidget* m_container;  // deleted first: the view refers to m_camera and m_scene
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    int m_shownFrame = -1;
    bool m_showTrails = true;
};

} // namespace stepmotion::ui
