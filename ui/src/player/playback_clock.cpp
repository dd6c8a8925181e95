#include "stepmotion/ui/player/playback_clock.h"

#include <algorithm>
#include <cmath>

namespace stepmotion::ui {
namespace {

// Times are multiples of 1/fps; without a tolerance floor() can land one frame short.
constexpr double kFrameEpsilon = 1e-6;

} // namespace

void PlaybackClock::setClip(int frames, double fps)
{
    m_frames = std::max(0, frames);
    m_fps = fps > 0.0 ? fps : 20.0;
    m_time = 0.0;
    m_playing = false;
}

void PlaybackClock::play()
{
    if (m_frames <= 1)
        return;
    if (!m_loop && frame() >= m_frames - 1)
        m_time = 0.0;
    m_playing = true;
}

void PlaybackClock::togglePlaying()
{
    if (m_playing)
        pause();
    else
        play();
}

void PlaybackClock::setSpeed(double factor)
{
    if (!std::isfinite(factor))
        return;
    m_speed = std::clamp(factor, kMinSpeed, kMaxSpeed);
}

bool PlaybackClock::advance(double seconds)
{
    if (!m_playing || m_frames <= 1 || !(seconds > 0.0))
        return false;
    const int before = frame();
    m_time += seconds * m_speed;
    const double lastFrameTime = (m_frames - 1) / m_fps;
    if (m_loop) {
        const double period = loopPeriodSeconds();
        m_time = std::fmod(m_time, period);
    } else if (m_time >= lastFrameTime) {
        m_time = lastFrameTime;
        m_playing = false;
    }
    return frame() != before;
}

int PlaybackClock::frame() const
{
    if (m_frames <= 0)
        return 0;
    const int f = static_cast<int>(std::floor(m_time * m_fps + kFrameEpsilon));
    return std::clamp(f, 0, m_frames - 1);
}

double PlaybackClock::framePosition() const
{
    if (m_frames <= 0)
        return 0.0;
    const double position = m_time * m_fps;
    // Snap near-integers so a paused clip shows exactly its frame.
    const double rounded = std::round(position);
    const double snapped = std::abs(position - rounded) < kFrameEpsilon ? rounded : position;
    return std::clamp(snapped, 0.0, static_cast<double>(m_frames - 1));
}

void PlaybackClock::seek(int frame)
{
    if (m_frames <= 0) {
        m_time = 0.0;
        return;
    }
    m_time = std::clamp(frame, 0, m_frames - 1) / m_fps;
}

} // namespace stepmotion::ui
