#pragma once
// The few unit meshes every instance is drawn from (GL-free, so they are testable):
// a bone cylinder, a sphere and a ground disc. Indexed triangle lists (shared vertices keep
// vertex shading cheap on software rasterisers), counter-clockwise seen from outside.

#include <glm/glm.hpp>

#include <cstdint>
#include <vector>

namespace stepmotion::render {

struct MeshVertex {
    glm::vec3 position{0.0f};
    glm::vec3 normal{0.0f, 1.0f, 0.0f};
};

struct UnitMesh {
    std::vector<MeshVertex> vertices;
    std::vector<std::uint16_t> indices; // three per triangle
};

/// Open cylinder of radius 1 around +Y from y = 0 to y = 1 (the ends are hidden inside the
/// joint spheres). `segments` >= 3 around.
UnitMesh unitCylinder(int segments = 14);

/// Sphere of radius 1 at the origin (UV sphere, `rings` >= 2, `segments` >= 3).
UnitMesh unitSphere(int rings = 10, int segments = 16);

/// Disc of radius 1 in the XZ plane facing +Y, as a fan of triangles; the normal's x holds the
/// radial coordinate (0 at the centre, 1 on the rim) so the shadow shader can fade it.
UnitMesh unitDisc(int segments = 24);

} // namespace stepmotion::render
