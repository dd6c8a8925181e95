#pragma once
// The clips shown together in the player and what to draw of them at a playback position:
// interpolated poses (side by side when there are several), trails and bounds. GL-free.

#include "stepmotion/core/motion/motion.h"
#include "stepmotion/render/skeleton_renderer.h"
#include "stepmotion/ui/export/character_preview.h"

#include <QString>

#include <glm/glm.hpp>

#include <optional>
#include <vector>

namespace stepmotion::ui {

/// A clip loaded from a file, with the name shown to the user (the file name).
struct LoadedMotion {
    QString path;
    QString name;
    JointClip joints;
};

/// Loads any motion file core understands (.bvh, joints or features .npy). On failure returns
/// nothing and sets `error` to core's message (it names the file and what is wrong).
std::optional<LoadedMotion> loadMotion(const QString& path, QString& error);

/// Writes the pose at fractional frame `position` of `clip` (linear in-between of the two
/// neighbouring frames, clamped to the clip) shifted by `offset`, into out[0 .. 22*3).
void samplePose(const JointClip& clip, double position, const glm::vec3& offset, float* out);

class MotionScene {
public:
    /// Metres between characters when several clips are shown side by side (along X).
    static constexpr float kSpacing = 1.2f;

    void clear();
    /// Adds a clip; the scene shows all clips in sync from their frame 0.
    void add(LoadedMotion motion);
    bool isEmpty() const { return m_motions.empty(); }
    int size() const { return static_cast<int>(m_motions.size()); }
    const LoadedMotion& motion(int index) const { return m_motions[static_cast<std::size_t>(index)]; }

    /// The user's character playing a take (File > Export onto character...), shown in one more
    /// place beside the clips in the character's own bones; nothing removes it.
    void setCharacter(std::optional<CharacterPreview> character);
    const std::optional<CharacterPreview>& character() const { return m_character; }

    /// Frames of the longest clip (shorter ones hold their last frame), fps of the first.
    int frameCount() const;
    double fps() const;

    /// Recomputes every character's pose at fractional frame `position`.
    void setPosition(double position);
    /// Pelvis of the characters at the current position, averaged (the camera follows it).
    glm::vec3 focus() const;
    /// Axis-aligned box around every joint at the current position, at least 1.8 m tall
    /// so a crouching character is not framed too tight. Empty scene: a box around the origin.
    void bounds(glm::vec3& lo, glm::vec3& hi) const;

    /// What the renderer draws at the current position; `frame` splits the trails into the
    /// past (solid) and future (faint) parts. Valid until the scene changes.
    render::RenderFrame renderFrame(int frame, bool showTrails) const;

private:
    glm::vec3 offsetOf(int index) const;
    int places() const { return size() + (m_character ? 1 : 0); }
    void rebuildTrails();

    std::vector<LoadedMotion> m_motions;
    std::vector<std::vector<float>> m_poses;           // per clip: 22 x 3 at the current position
    std::vector<std::vector<glm::vec3>> m_trails;      // per clip: pelvis on the ground per frame
    std::optional<CharacterPreview> m_character;
    std::vector<float> m_characterPose;                // its nodes x 3 at the current position
};

} // namespace stepmotion::ui
