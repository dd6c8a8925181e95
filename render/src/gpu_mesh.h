#pragma once
// Thin owners of GL vertex arrays used by SkeletonRenderer. All calls need the renderer's
// context current; destroy() must run before that context goes away.

#include "stepmotion/render/ground_geometry.h"
#include "stepmotion/render/unit_meshes.h"

#include <QOpenGLExtraFunctions>

#include <cstddef>
#include <vector>

namespace stepmotion::render::detail {

/// What each instance carries besides the shared mesh.
enum class InstanceLayout {
    Transform, // MeshInstance: mat4 at locations 2..5, vec4 colour at 6
    Vec4,      // ShadowBlob: one vec4 at location 2
};

/// One unit mesh (positions at 0, normals at 1) drawn many times with per-instance data.
class InstancedMesh {
public:
    void create(QOpenGLExtraFunctions* gl, const UnitMesh& mesh, InstanceLayout layout);
    /// Replaces the instance data (`count` instances, `bytes` in all); count 0 draws nothing.
    void setInstances(const void* data, std::size_t bytes, int count);
    void draw();
    void destroy();

private:
    QOpenGLExtraFunctions* m_gl = nullptr;
    GLuint m_vao = 0;
    GLuint m_vertexBuffer = 0;
    GLuint m_indexBuffer = 0;
    GLuint m_instanceBuffer = 0;
    GLsizei m_indexCount = 0;
    GLsizei m_instanceCount = 0;
};

/// A stream of coloured vertices (position at 0, colour at 1), static or re-uploaded.
class ColoredGeometry {
public:
    void create(QOpenGLExtraFunctions* gl);
    void upload(const std::vector<ColoredVertex>& vertices);
    void draw(GLenum mode);
    void destroy();

private:
    QOpenGLExtraFunctions* m_gl = nullptr;
    GLuint m_vao = 0;
    GLuint m_buffer = 0;
    GLsizei m_count = 0;
};

} // namespace stepmotion::render::detail
