#pragma once
// An orbit camera around a target point: yaw/pitch/distance, panning, zoom and an optional
// "follow the character" mode that keeps the target above the pelvis. GL-free (GLM only).

#include <glm/glm.hpp>

namespace stepmotion::render {

class OrbitCamera {
public:
    OrbitCamera();

    /// Degrees around +Y; 0 looks at the character's front (camera on +Z looking towards -Z).
    float yaw() const { return m_yaw; }
    /// Degrees above the horizon, clamped to [-10, 85] so the view never flips.
    float pitch() const { return m_pitch; }
    /// Metres from the target to the eye, clamped to [0.5, 60].
    float distance() const { return m_distance; }
    const glm::vec3& target() const { return m_target; }
    /// Vertical field of view, degrees.
    float fovY() const { return m_fovY; }

    void setYaw(float degrees);
    void setPitch(float degrees);
    void setDistance(float metres);
    void setTarget(const glm::vec3& target) { m_target = target; }

    /// Eye position in world space.
    glm::vec3 eye() const;
    /// World-to-view matrix (right-handed, Y up).
    glm::mat4 viewMatrix() const;
    /// Perspective projection for a viewport of the given aspect (width / height; <= 0 is
    /// treated as 1).
    glm::mat4 projectionMatrix(float aspect) const;

    /// Rotates by a mouse drag of (dx, dy) pixels (right = orbit to the right, down = look
    /// more from above).
    void orbit(float dxPixels, float dyPixels);
    /// Moves the target in the view plane so the scene follows a drag of (dx, dy) pixels in a
    /// viewport `viewportHeight` pixels tall (the point under the cursor stays under it at
    /// the target's depth). In follow mode the horizontal part moves the follow offset, so it
    /// persists while the character moves.
    void pan(float dxPixels, float dyPixels, float viewportHeight);
    /// Wheel zoom: each step (one notch = 1, may be fractional or negative) moves 12% closer.
    void zoom(float steps);

    /// Follow mode: while on, track() keeps the target's X and Z at the pelvis plus a
    /// horizontal follow offset (0 unless set by anchorFollow() or panning); its height is kept.
    bool following() const { return m_follow; }
    void setFollowing(bool on) { m_follow = on; }
    /// Called once per displayed frame with the pelvis of the followed character.
    void track(const glm::vec3& pelvis);
    /// Keeps the current target and sets the follow offset to its horizontal distance from
    /// `pelvis`, so following starts without a jump (e.g. after frameBox()).
    void anchorFollow(const glm::vec3& pelvis);

    /// Frames a box (world min/max corners) at the current yaw and pitch: target at its centre,
    /// the smallest distance at which all its corners fit in 85% of the view for `aspect`.
    void frameBox(const glm::vec3& boxMin, const glm::vec3& boxMax, float aspect);

private:
    float m_yaw = 30.0f;
    float m_pitch = 12.0f;
    float m_distance = 4.0f;
    float m_fovY = 40.0f;
    glm::vec3 m_target{0.0f, 0.9f, 0.0f};
    glm::vec3 m_followOffset{0.0f}; // y stays 0
    bool m_follow = true;
};

} // namespace stepmotion::render
