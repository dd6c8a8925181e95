#pragma once
// GL-free geometry on the ground plane: the grid lines and the root-trajectory trail.
// Both are plain coloured vertices drawn by the renderer's flat shader.

#include <glm/glm.hpp>

#include <vector>

namespace stepmotion::render {

/// A vertex with a straight (not premultiplied) RGBA colour. Uploaded as-is.
struct ColoredVertex {
    glm::vec3 position{0.0f};
    glm::vec4 color{1.0f};
};

struct GridOptions {
    float halfExtent = 12.0f;  // metres from the centre to the outermost line
    float spacing = 0.5f;      // metres between lines
    int majorEvery = 2;        // every n-th line is a major (brighter) line
    float y = 0.0f;            // ground height
    glm::vec4 minorColor{0.36f, 0.38f, 0.42f, 0.55f};
    glm::vec4 majorColor{0.46f, 0.48f, 0.53f, 0.8f};
};

/// Line-list vertices (pairs) of a square grid centred on the origin, lines parallel to X
/// and Z at multiples of `spacing`. The line through the origin is drawn as a major line.
std::vector<ColoredVertex> buildGroundGrid(const GridOptions& options = {});

/// Where to translate the origin-centred grid so it stays under `focus` yet its lines stay
/// on world multiples of `spacing * majorEvery` (the grid looks endless and does not swim).
glm::vec3 gridOffsetFor(const glm::vec3& focus, const GridOptions& options = {});

/// Pelvis positions projected onto the ground (y = groundY) for every frame of a clip whose
/// joint data is `frames` x 22 x 3 floats.
std::vector<glm::vec3> rootTrail(const float* xyz, int frames, float groundY = 0.0f);

/// Triangle-list ribbon (width metres wide) along `points`, slightly above the ground.
/// Points up to `current` use `pastColor`, the rest `futureColor`, so the trail shows where
/// the character has been and where it is going. Fewer than two points give no triangles.
std::vector<ColoredVertex> buildTrailRibbon(const std::vector<glm::vec3>& points, int current,
                                            const glm::vec4& pastColor, const glm::vec4& futureColor,
                                            float width = 0.025f);

} // namespace stepmotion::render
