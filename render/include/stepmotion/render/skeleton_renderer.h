#pragma once
// Draws skeletons, a ground grid, soft shadows and trajectory trails with OpenGL 3.3 core.
// Owns its GL objects: initialize() creates them and cleanup() frees them, both with the
// context current (a QOpenGLWidget calls cleanup() on aboutToBeDestroyed). A handful of
// draw calls per frame whatever the number of characters: one instanced call per shape.

#include "stepmotion/render/ground_geometry.h"
#include "stepmotion/render/skeleton_geometry.h"

#include <QOpenGLExtraFunctions>
#include <QString>

#include <glm/glm.hpp>

#include <memory>
#include <vector>

class QOpenGLShaderProgram;

namespace stepmotion::render {

class OrbitCamera;

namespace detail {
class InstancedMesh;
class ColoredGeometry;
} // namespace detail

/// What to draw in one frame. Pointers in `poses` must stay valid during render().
struct RenderFrame {
    std::vector<SkeletonPose> poses;
    std::vector<RigPose> rigs;         // characters on their own rigs (no shadows)
    std::vector<ColoredVertex> trails; // triangle list, e.g. from buildTrailRibbon()
    float groundY = 0.0f;
    bool showGrid = true;
    bool showShadows = true;
};

/// The viewport's clear colour (a dark grey), linear RGB 0..1.
glm::vec3 backgroundColor();

/// Distinct, readable colour of the i-th character (cycles after a few).
glm::vec3 skeletonColor(int index);

class SkeletonRenderer : protected QOpenGLExtraFunctions {
public:
    SkeletonRenderer();
    /// Does not touch GL: call cleanup() while the context is still current.
    ~SkeletonRenderer();
    SkeletonRenderer(const SkeletonRenderer&) = delete;
    SkeletonRenderer& operator=(const SkeletonRenderer&) = delete;

    /// Compiles the shaders and creates buffers in the current context (OpenGL >= 3.3 core).
    /// Returns false with a message naming the failing shader and its log; the renderer then
    /// stays uninitialised and render() only clears the screen.
    bool initialize(QString& error);
    /// Frees every GL object; the context that initialize() ran in must be current.
    void cleanup();
    bool isInitialized() const { return m_initialized; }

    /// Draws `frame` seen through `camera` into the bound framebuffer, `width` x `height`
    /// device pixels.
    void render(const RenderFrame& frame, const OrbitCamera& camera, int width, int height);

private:
    void drawGround(const RenderFrame& frame, const glm::mat4& viewProj, const glm::vec3& focus);
    void drawShadowsAndTrails(const RenderFrame& frame, const glm::mat4& viewProj,
                              const std::vector<ShadowBlob>& shadows, const glm::vec3& focus);
    void drawSkeletons(const SceneInstances& scene, const glm::mat4& viewProj, const OrbitCamera& camera);
    void blendOverKeepingAlpha();

    bool m_initialized = false;
    std::unique_ptr<QOpenGLShaderProgram> m_meshProgram;
    std::unique_ptr<QOpenGLShaderProgram> m_flatProgram;
    std::unique_ptr<QOpenGLShaderProgram> m_shadowProgram;
    std::unique_ptr<detail::InstancedMesh> m_bones;
    std::unique_ptr<detail::InstancedMesh> m_joints;
    std::unique_ptr<detail::InstancedMesh> m_shadows;
    std::unique_ptr<detail::ColoredGeometry> m_plane;
    std::unique_ptr<detail::ColoredGeometry> m_grid;
    std::unique_ptr<detail::ColoredGeometry> m_trails;
};

} // namespace stepmotion::render
