#pragma once
// Playback timing of a clip, independent of the display: play/pause, loop, speed, seeking and
// stepping. GL-free and timer-free (the caller feeds elapsed wall time), so it is unit-tested.

namespace stepmotion::ui {

class PlaybackClock {
public:
    static constexpr double kMinSpeed = 0.25;
    static constexpr double kMaxSpeed = 2.0;

    /// A clip of `frames` frames at `fps` frames per second (fps <= 0 is treated as 20).
    /// Resets to frame 0, paused; frames < 0 is treated as 0 (an empty clip: frame() is 0).
    void setClip(int frames, double fps);
    int frameCount() const { return m_frames; }
    double fps() const { return m_fps; }

    bool isPlaying() const { return m_playing; }
    /// Starts playing; at the last frame of a non-looping clip it restarts from frame 0.
    void play();
    void pause() { m_playing = false; }
    void togglePlaying();

    bool looping() const { return m_loop; }
    void setLooping(bool on) { m_loop = on; }

    /// Playback speed factor, clamped to [0.25, 2].
    double speed() const { return m_speed; }
    void setSpeed(double factor);

    /// Advances by `seconds` of wall time (scaled by speed) while playing. A non-looping clip
    /// stops (pauses) on its last frame; a looping one wraps to frame 0 after showing the last
    /// frame for one frame period. Negative or zero time does nothing.
    /// Returns true when the displayed frame index changed.
    bool advance(double seconds);

    /// Current frame index, 0 .. frameCount() - 1.
    int frame() const;
    /// Fractional frame position in [0, frameCount() - 1] for smooth in-between display.
    double framePosition() const;
    /// Playback time in seconds of the current frame (frame() / fps).
    double frameTime() const { return frame() / m_fps; }
    /// One loop of playback: every frame shown for 1 / fps, so frames / fps. (The clip's
    /// duration, first to last frame, is clipDurationSeconds in core's motion.h.)
    double loopPeriodSeconds() const { return m_frames / m_fps; }

    /// Jumps to a frame, clamped to the clip. Does not change play/pause.
    void seek(int frame);
    /// Moves by `delta` frames, clamped to the clip (no wrapping, even when looping).
    void step(int delta) { seek(frame() + delta); }
    void toStart() { seek(0); }
    void toEnd() { seek(m_frames - 1); }

private:
    int m_frames = 0;
    double m_fps = 20.0;
    double m_time = 0.0; // seconds since frame 0
    double m_speed = 1.0;
    bool m_playing = false;
    bool m_loop = true;
};

} // namespace stepmotion::ui
