#include "stepmotion/render/unit_meshes.h"

#include <algorithm>
#include <cmath>

namespace stepmotion::render {
namespace {

constexpr float kTwoPi = 6.28318530718f;
constexpr float kPi = 3.14159265359f;

// Angles grow from +X towards -Z, which makes (i, i+1, up) counter-clockwise from outside.
glm::vec3 around(int i, int segments)
{
    const float a = kTwoPi * static_cast<float>(i % segments) / static_cast<float>(segments);
    return {std::cos(a), 0.0f, -std::sin(a)};
}

void addTriangle(UnitMesh& mesh, int a, int b, int c)
{
    mesh.indices.insert(mesh.indices.end(), {static_cast<std::uint16_t>(a), static_cast<std::uint16_t>(b),
                                             static_cast<std::uint16_t>(c)});
}

} // namespace

UnitMesh unitCylinder(int segments)
{
    segments = std::clamp(segments, 3, 1000);
    UnitMesh mesh;
    for (int i = 0; i < segments; ++i) {
        const glm::vec3 n = around(i, segments);
        mesh.vertices.push_back({n, n});                         // 2i: bottom
        mesh.vertices.push_back({n + glm::vec3(0, 1, 0), n});    // 2i + 1: top
    }
    for (int i = 0; i < segments; ++i) {
        const int b0 = 2 * i, t0 = 2 * i + 1;
        const int b1 = 2 * ((i + 1) % segments), t1 = b1 + 1;
        addTriangle(mesh, b0, b1, t1);
        addTriangle(mesh, b0, t1, t0);
    }
    return mesh;
}

UnitMesh unitSphere(int rings, int segments)
{
    rings = std::clamp(rings, 2, 100);
    segments = std::clamp(segments, 3, 100);
    UnitMesh mesh;
    // (rings + 1) latitude rows from the north pole down; on a unit sphere the position is
    // its own normal.
    for (int r = 0; r <= rings; ++r) {
        const float theta = kPi * static_cast<float>(r) / static_cast<float>(rings);
        for (int s = 0; s < segments; ++s) {
            const glm::vec3 p = around(s, segments) * std::sin(theta) + glm::vec3(0.0f, std::cos(theta), 0.0f);
            mesh.vertices.push_back({p, p});
        }
    }
    const auto at = [segments](int r, int s) { return r * segments + s % segments; };
    for (int r = 0; r < rings; ++r) {
        for (int s = 0; s < segments; ++s) {
            if (r > 0)
                addTriangle(mesh, at(r, s), at(r + 1, s), at(r, s + 1));
            if (r + 1 < rings)
                addTriangle(mesh, at(r, s + 1), at(r + 1, s), at(r + 1, s + 1));
        }
    }
    return mesh;
}

UnitMesh unitDisc(int segments)
{
    segments = std::clamp(segments, 3, 1000);
    UnitMesh mesh;
    mesh.vertices.push_back({{0, 0, 0}, {0, 0, 0}}); // centre: radial coordinate 0
    for (int i = 0; i < segments; ++i)
        mesh.vertices.push_back({around(i, segments), {1, 0, 0}});
    for (int i = 0; i < segments; ++i)
        addTriangle(mesh, 0, 1 + i, 1 + (i + 1) % segments);
    return mesh;
}

} // namespace stepmotion::render
