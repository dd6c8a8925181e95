#include "stepmotion/render/skeleton_renderer.h"

#include "gpu_mesh.h"
#include "stepmotion/render/orbit_camera.h"
#include "stepmotion/render/shader_library.h"
#include "stepmotion/render/unit_meshes.h"

#include <QOpenGLContext>
#include <QOpenGLShaderProgram>

#include <glm/gtc/type_ptr.hpp>

#include <array>

namespace stepmotion::render {
namespace {

constexpr float kPlaneHalfExtent = 40.0f;
constexpr float kGridLift = 0.001f;   // above the plane, so lines never z-fight with it
constexpr float kShadowLift = 0.002f; // above the grid lines

GridOptions gridOptions(float groundY)
{
    GridOptions options;
    options.y = groundY + kGridLift;
    return options;
}

std::vector<ColoredVertex> groundPlane()
{
    // Counter-clockwise seen from above, so back-face culling hides it from below ground.
    const glm::vec4 color(glm::mix(backgroundColor(), glm::vec3(0.32f, 0.33f, 0.36f), 0.55f), 1.0f);
    const float e = kPlaneHalfExtent;
    const ColoredVertex a{{-e, 0, e}, color}, b{{e, 0, e}, color}, c{{e, 0, -e}, color}, d{{-e, 0, -e}, color};
    return {a, b, c, a, c, d};
}

void setMatrix(QOpenGLShaderProgram& program, const char* name, const glm::mat4& m)
{
    program.setUniformValue(name, QMatrix4x4(glm::value_ptr(m)).transposed());
}

void setVec3(QOpenGLShaderProgram& program, const char* name, const glm::vec3& v)
{
    program.setUniformValue(name, QVector3D(v.x, v.y, v.z));
}

void setVec2(QOpenGLShaderProgram& program, const char* name, float x, float y)
{
    program.setUniformValue(name, QVector2D(x, y));
}

} // namespace

glm::vec3 backgroundColor()
{
    return {0.155f, 0.165f, 0.185f};
}

glm::vec3 skeletonColor(int index)
{
    static constexpr std::array<glm::vec3, 5> kPalette{{
        {0.95f, 0.55f, 0.18f}, // orange
        {0.25f, 0.62f, 0.92f}, // sky blue
        {0.45f, 0.80f, 0.35f}, // green
        {0.88f, 0.38f, 0.62f}, // pink
        {0.90f, 0.82f, 0.30f}, // yellow
    }};
    const std::size_t n = kPalette.size();
    return kPalette[static_cast<std::size_t>(index < 0 ? 0 : index) % n];
}

SkeletonRenderer::SkeletonRenderer() = default;

void SkeletonRenderer::blendOverKeepingAlpha()
{
    // Colour blends "over"; destination alpha stays 1 so images read back from an FBO (or a
    // window with an alpha channel) are opaque where shadows and grid lines were drawn.
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO, GL_ONE);
}
SkeletonRenderer::~SkeletonRenderer() = default;

bool SkeletonRenderer::initialize(QString& error)
{
    if (m_initialized)
        return true;
    if (!QOpenGLContext::currentContext()) {
        error = QStringLiteral("SkeletonRenderer: no current OpenGL context");
        return false;
    }
    initializeOpenGLFunctions();
    m_meshProgram = buildProgram(QStringLiteral("mesh"), error);
    if (m_meshProgram)
        m_flatProgram = buildProgram(QStringLiteral("flat"), error);
    if (m_flatProgram)
        m_shadowProgram = buildProgram(QStringLiteral("shadow"), error);
    if (!m_shadowProgram) {
        m_meshProgram.reset();
        m_flatProgram.reset();
        return false;
    }
    m_bones = std::make_unique<detail::InstancedMesh>();
    m_bones->create(this, unitCylinder(), detail::InstanceLayout::Transform);
    m_joints = std::make_unique<detail::InstancedMesh>();
    m_joints->create(this, unitSphere(), detail::InstanceLayout::Transform);
    m_shadows = std::make_unique<detail::InstancedMesh>();
    m_shadows->create(this, unitDisc(), detail::InstanceLayout::Vec4);
    m_plane = std::make_unique<detail::ColoredGeometry>();
    m_plane->create(this);
    m_plane->upload(groundPlane());
    m_grid = std::make_unique<detail::ColoredGeometry>();
    m_grid->create(this);
    m_grid->upload(buildGroundGrid(gridOptions(0.0f)));
    m_trails = std::make_unique<detail::ColoredGeometry>();
    m_trails->create(this);
    m_initialized = true;
    return true;
}

void SkeletonRenderer::cleanup()
{
    for (auto* mesh : {m_bones.get(), m_joints.get(), m_shadows.get()}) {
        if (mesh)
            mesh->destroy();
    }
    for (auto* geometry : {m_plane.get(), m_grid.get(), m_trails.get()}) {
        if (geometry)
            geometry->destroy();
    }
    m_bones.reset();
    m_joints.reset();
    m_shadows.reset();
    m_plane.reset();
    m_grid.reset();
    m_trails.reset();
    // QOpenGLShaderProgram frees its GL program in the current context when destroyed.
    m_meshProgram.reset();
    m_flatProgram.reset();
    m_shadowProgram.reset();
    m_initialized = false;
}

void SkeletonRenderer::render(const RenderFrame& frame, const OrbitCamera& camera, int width, int height)
{
    const glm::vec3 bg = backgroundColor();
    if (!m_initialized) {
        if (QOpenGLContext::currentContext()) {
            initializeOpenGLFunctions();
            glClearColor(bg.r, bg.g, bg.b, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
        }
        return;
    }
    glViewport(0, 0, width, height);
    glClearColor(bg.r, bg.g, bg.b, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);

    const float aspect = height > 0 ? static_cast<float>(width) / static_cast<float>(height) : 1.0f;
    const glm::mat4 viewProj = camera.projectionMatrix(aspect) * camera.viewMatrix();
    SceneInstances scene = buildSceneInstances(frame.poses, frame.groundY);
    for (const RigPose& rig : frame.rigs)
        appendRigInstances(rig, scene);

    drawGround(frame, viewProj, camera.target());
    drawShadowsAndTrails(frame, viewProj, scene.shadows, camera.target());
    drawSkeletons(scene, viewProj, camera);
}

void SkeletonRenderer::drawGround(const RenderFrame& frame, const glm::mat4& viewProj, const glm::vec3& focus)
{
    if (!frame.showGrid)
        return;
    m_flatProgram->bind();
    setMatrix(*m_flatProgram, "u_viewProj", viewProj);
    setVec2(*m_flatProgram, "u_fadeCentre", focus.x, focus.z);
    setVec3(*m_flatProgram, "u_fogColor", backgroundColor());
    // The opaque plane writes depth so anything below the ground is hidden from above, and
    // is culled from below so it never hides the character from a low camera.
    glDisable(GL_BLEND);
    glEnable(GL_CULL_FACE);
    m_flatProgram->setUniformValue("u_opaque", true);
    setVec3(*m_flatProgram, "u_offset", glm::vec3(focus.x, frame.groundY, focus.z));
    setVec2(*m_flatProgram, "u_fadeRange", 6.0f, 16.0f);
    m_plane->draw(GL_TRIANGLES);
    glDisable(GL_CULL_FACE);
    glEnable(GL_BLEND);
    blendOverKeepingAlpha();
    glDepthMask(GL_FALSE);
    m_flatProgram->setUniformValue("u_opaque", false);
    setVec3(*m_flatProgram, "u_offset", gridOffsetFor(focus) + glm::vec3(0.0f, frame.groundY, 0.0f));
    setVec2(*m_flatProgram, "u_fadeRange", 4.0f, 11.0f);
    m_grid->draw(GL_LINES);
    glDepthMask(GL_TRUE);
    m_flatProgram->release();
}

void SkeletonRenderer::drawShadowsAndTrails(const RenderFrame& frame, const glm::mat4& viewProj,
                                            const std::vector<ShadowBlob>& shadows, const glm::vec3& focus)
{
    glEnable(GL_BLEND);
    blendOverKeepingAlpha();
    glDepthMask(GL_FALSE);
    if (frame.showShadows && !shadows.empty()) {
        m_shadowProgram->bind();
        setMatrix(*m_shadowProgram, "u_viewProj", viewProj);
        m_shadowProgram->setUniformValue("u_groundY", frame.groundY + kShadowLift);
        m_shadows->setInstances(shadows.data(), shadows.size() * sizeof(ShadowBlob), static_cast<int>(shadows.size()));
        m_shadows->draw();
        m_shadowProgram->release();
    }
    if (!frame.trails.empty()) {
        m_flatProgram->bind();
        setMatrix(*m_flatProgram, "u_viewProj", viewProj);
        setVec3(*m_flatProgram, "u_offset", glm::vec3(0.0f, frame.groundY, 0.0f));
        setVec2(*m_flatProgram, "u_fadeCentre", focus.x, focus.z);
        setVec2(*m_flatProgram, "u_fadeRange", 8.0f, 20.0f);
        m_flatProgram->setUniformValue("u_opaque", false);
        m_trails->upload(frame.trails);
        m_trails->draw(GL_TRIANGLES);
        m_flatProgram->release();
    }
    glDepthMask(GL_TRUE);
    glDisable(GL_BLEND);
}

void SkeletonRenderer::drawSkeletons(const SceneInstances& scene, const glm::mat4& viewProj,
                                     const OrbitCamera& camera)
{
    if (scene.bones.empty() && scene.joints.empty())
        return;
    const glm::vec3 eye = camera.eye();
    const glm::vec3 forward = glm::normalize(camera.target() - eye);
    const glm::vec3 right = glm::normalize(glm::cross(forward, glm::vec3(0, 1, 0)));
    // Lights move with the camera so the character is well lit from every orbit angle.
    const glm::vec3 key = glm::normalize(-forward + glm::vec3(0, 1.1f, 0) - right * 0.6f);
    const glm::vec3 fill = glm::normalize(-forward * 0.3f + right + glm::vec3(0, -0.2f, 0));
    m_meshProgram->bind();
    setMatrix(*m_meshProgram, "u_viewProj", viewProj);
    setVec3(*m_meshProgram, "u_eye", eye);
    setVec3(*m_meshProgram, "u_keyDir", key);
    setVec3(*m_meshProgram, "u_fillDir", fill);
    glEnable(GL_CULL_FACE);
    m_bones->setInstances(scene.bones.data(), scene.bones.size() * sizeof(MeshInstance),
                          static_cast<int>(scene.bones.size()));
    m_bones->draw();
    m_joints->setInstances(scene.joints.data(), scene.joints.size() * sizeof(MeshInstance),
                           static_cast<int>(scene.joints.size()));
    m_joints->draw();
    glDisable(GL_CULL_FACE);
    m_meshProgram->release();
}

} // namespace stepmotion::render
