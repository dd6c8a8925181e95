#include "stepmotion/render/orbit_camera.h"

#include <glm/gtc/matrix_transform.hpp>

#include <algorithm>
#include <cmath>

namespace stepmotion::render {
namespace {

constexpr float kMinPitch = -10.0f;
constexpr float kMaxPitch = 85.0f;
constexpr float kMinDistance = 0.5f;
constexpr float kMaxDistance = 60.0f;
constexpr float kDegreesPerPixel = 0.3f;

} // namespace

OrbitCamera::OrbitCamera() = default;

void OrbitCamera::setYaw(float degrees)
{
    m_yaw = std::fmod(degrees, 360.0f);
}

void OrbitCamera::setPitch(float degrees)
{
    m_pitch = std::clamp(degrees, kMinPitch, kMaxPitch);
}

void OrbitCamera::setDistance(float metres)
{
    m_distance = std::clamp(metres, kMinDistance, kMaxDistance);
}

glm::vec3 OrbitCamera::eye() const
{
    const float yaw = glm::radians(m_yaw);
    const float pitch = glm::radians(m_pitch);
    const glm::vec3 offset(std::cos(pitch) * std::sin(yaw), std::sin(pitch), std::cos(pitch) * std::cos(yaw));
    return m_target + offset * m_distance;
}

glm::mat4 OrbitCamera::viewMatrix() const
{
    return glm::lookAt(eye(), m_target, glm::vec3(0.0f, 1.0f, 0.0f));
}

glm::mat4 OrbitCamera::projectionMatrix(float aspect) const
{
    const float a = aspect > 0.0f ? aspect : 1.0f;
    // Near/far scale with the distance so depth precision stays good when zoomed in or out.
    const float nearPlane = std::max(0.02f, m_distance * 0.02f);
    const float farPlane = m_distance * 4.0f + 60.0f;
    return glm::perspective(glm::radians(m_fovY), a, nearPlane, farPlane);
}

void OrbitCamera::orbit(float dxPixels, float dyPixels)
{
    setYaw(m_yaw - dxPixels * kDegreesPerPixel);
    setPitch(m_pitch + dyPixels * kDegreesPerPixel);
}

void OrbitCamera::pan(float dxPixels, float dyPixels, float viewportHeight)
{
    if (viewportHeight <= 0.0f)
        return;
    const glm::mat4 view = viewMatrix();
    // Rows of the view rotation are the camera's right and up axes in world space.
    const glm::vec3 right(view[0][0], view[1][0], view[2][0]);
    const glm::vec3 up(view[0][1], view[1][1], view[2][1]);
    const float metresPerPixel = 2.0f * m_distance * std::tan(glm::radians(m_fovY) * 0.5f) / viewportHeight;
    const glm::vec3 delta = (-right * dxPixels + up * dyPixels) * metresPerPixel;
    m_target += delta;
    if (m_follow)
        m_followOffset += glm::vec3(delta.x, 0.0f, delta.z);
}

void OrbitCamera::zoom(float steps)
{
    setDistance(m_distance * std::pow(0.88f, steps));
}

void OrbitCamera::track(const glm::vec3& pelvis)
{
    if (!m_follow)
        return;
    m_target.x = pelvis.x + m_followOffset.x;
    m_target.z = pelvis.z + m_followOffset.z;
}

void OrbitCamera::anchorFollow(const glm::vec3& pelvis)
{
    m_followOffset = glm::vec3(m_target.x - pelvis.x, 0.0f, m_target.z - pelvis.z);
}

void OrbitCamera::frameBox(const glm::vec3& boxMin, const glm::vec3& boxMax, float aspect)
{
    m_target = (boxMin + boxMax) * 0.5f;
    // Smallest distance at which every corner lies inside 85% of the view (the projected
    // size shrinks monotonically with distance, so bisection converges).
    constexpr float kFill = 0.85f;
    float lo = kMinDistance, hi = kMaxDistance;
    for (int i = 0; i < 40; ++i) {
        const float mid = 0.5f * (lo + hi);
        setDistance(mid);
        const glm::mat4 viewProj = projectionMatrix(aspect) * viewMatrix();
        bool fits = true;
        for (int c = 0; c < 8 && fits; ++c) {
            const glm::vec3 corner((c & 1) ? boxMax.x : boxMin.x, (c & 2) ? boxMax.y : boxMin.y,
                                   (c & 4) ? boxMax.z : boxMin.z);
            const glm::vec4 clip = viewProj * glm::vec4(corner, 1.0f);
            fits = clip.w > 0.0f && std::abs(clip.x) <= kFill * clip.w && std::abs(clip.y) <= kFill * clip.w;
        }
        (fits ? hi : lo) = mid;
    }
    setDistance(hi);
}

} // namespace stepmotion::render
