#pragma once
// Internal: the swing rotation both skeleton solvers (bvh_writer's 22-joint IK and the Bandai/CMU
// rig export) use to turn a rest bone direction onto a posed one.

#include <glm/glm.hpp>

#include <cmath>

namespace stepmotion::detail {

/// The smallest rotation taking unit vector a onto unit vector b (any perpendicular axis for
/// opposite vectors).
inline glm::dmat3 swingRotation(const glm::dvec3& a, const glm::dvec3& b)
{
    const glm::dvec3 axis = glm::cross(a, b);
    const double s = glm::length(axis);
    const double c = glm::dot(a, b);
    glm::dvec3 k;
    if (s > 1e-12) {
        k = axis / s;
    } else if (c > 0) {
        return glm::dmat3(1.0);
    } else {
        k = glm::normalize(glm::cross(a, std::abs(a.x) < 0.9 ? glm::dvec3(1, 0, 0) : glm::dvec3(0, 1, 0)));
    }
    const double angle = std::atan2(s, c);
    const glm::dmat3 kx(glm::dvec3(0, k.z, -k.y), glm::dvec3(-k.z, 0, k.x), glm::dvec3(k.y, -k.x, 0));
    return glm::dmat3(1.0) + std::sin(angle) * kx + (1.0 - std::cos(angle)) * (kx * kx);
}

} // namespace stepmotion::detail
