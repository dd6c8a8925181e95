#pragma once
// The transport controls under the 3D view: play/pause, scrub slider, frame counter,
// loop, speed, follow and trail toggles. Wired to a PlayerWidget; holds no state of its own.

#include <QString>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QToolButton;

namespace stepmotion::ui {

class PlayerWidget;

/// "frame 13 / 196  0.60 s" for 0-based frame index 12 of 196 at 20 fps (frames are shown
/// 1-based, the time is that of the frame's start). No frames: "no motion".
QString frameCounterText(int frame, int frameCount, double fps);

class PlaybackBar : public QWidget {
    Q_OBJECT

public:
    explicit PlaybackBar(PlayerWidget* player, QWidget* parent = nullptr);

private Q_SLOTS:
    void showFrame(int frame, int frameCount);
    void showPlaying(bool playing);
    void applySpeed(int index);

private:
    PlayerWidget* m_player;
    QToolButton* m_playButton;
    QSlider* m_slider;
    QLabel* m_counter;
    QCheckBox* m_loop;
    QComboBox* m_speed;
    QCheckBox* m_follow;
    QCheckBox* m_trails;
};

} // namespace stepmotion::ui
