#include "stepmotion/render/ground_geometry.h"

#include "stepmotion/core/motion/skeleton.h"

#include <cmath>

namespace stepmotion::render {

std::vector<ColoredVertex> buildGroundGrid(const GridOptions& options)
{
    std::vector<ColoredVertex> vertices;
    if (options.spacing <= 0.0f || options.halfExtent <= 0.0f)
        return vertices;
    const int half = static_cast<int>(std::floor(options.halfExtent / options.spacing));
    const float extent = static_cast<float>(half) * options.spacing;
    const int majorEvery = options.majorEvery > 0 ? options.majorEvery : 1;
    vertices.reserve(static_cast<std::size_t>(2 * half + 1) * 4);
    for (int i = -half; i <= half; ++i) {
        const float t = static_cast<float>(i) * options.spacing;
        const glm::vec4 color = (i % majorEvery == 0) ? options.majorColor : options.minorColor;
        vertices.push_back({{t, options.y, -extent}, color}); // parallel to Z
        vertices.push_back({{t, options.y, extent}, color});
        vertices.push_back({{-extent, options.y, t}, color}); // parallel to X
        vertices.push_back({{extent, options.y, t}, color});
    }
    return vertices;
}

glm::vec3 gridOffsetFor(const glm::vec3& focus, const GridOptions& options)
{
    const float step = options.spacing * static_cast<float>(options.majorEvery > 0 ? options.majorEvery : 1);
    if (step <= 0.0f)
        return glm::vec3(0.0f);
    return {std::round(focus.x / step) * step, 0.0f, std::round(focus.z / step) * step};
}

std::vector<glm::vec3> rootTrail(const float* xyz, int frames, float groundY)
{
    std::vector<glm::vec3> points;
    if (!xyz || frames <= 0)
        return points;
    points.reserve(static_cast<std::size_t>(frames));
    for (int f = 0; f < frames; ++f) {
        const float* pelvis = xyz + static_cast<std::size_t>(f) * kJointCount * 3;
        points.emplace_back(pelvis[0], groundY, pelvis[2]);
    }
    return points;
}

std::vector<ColoredVertex> buildTrailRibbon(const std::vector<glm::vec3>& points, int current,
                                            const glm::vec4& pastColor, const glm::vec4& futureColor,
                                            float width)
{
    std::vector<ColoredVertex> vertices;
    if (points.size() < 2)
        return vertices;
    vertices.reserve((points.size() - 1) * 6);
    const glm::vec3 lift(0.0f, 0.004f, 0.0f); // above the grid, below the shadows
    glm::vec3 lastSide(width * 0.5f, 0.0f, 0.0f);
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        const glm::vec3 a = points[i] + lift;
        const glm::vec3 b = points[i + 1] + lift;
        const glm::vec3 d(b.x - a.x, 0.0f, b.z - a.z);
        const float len = glm::length(d);
        // Standing still: keep the previous sideways direction instead of dividing by zero.
        if (len > 1e-6f)
            lastSide = glm::vec3(-d.z, 0.0f, d.x) / len * (width * 0.5f);
        const glm::vec4 color = static_cast<int>(i) < current ? pastColor : futureColor;
        const ColoredVertex v0{a - lastSide, color}, v1{a + lastSide, color};
        const ColoredVertex v2{b - lastSide, color}, v3{b + lastSide, color};
        vertices.insert(vertices.end(), {v0, v1, v2, v2, v1, v3});
    }
    return vertices;
}

} // namespace stepmotion::render
