#include "gpu_mesh.h"

#include "stepmotion/render/skeleton_geometry.h"

#include <cstdint>

namespace stepmotion::render::detail {
namespace {

const void* byteOffset(std::size_t bytes)
{
    return reinterpret_cast<const void*>(static_cast<std::uintptr_t>(bytes));
}

void instanceAttribute(QOpenGLExtraFunctions* gl, GLuint location, GLsizei stride, std::size_t offset)
{
    gl->glEnableVertexAttribArray(location);
    gl->glVertexAttribPointer(location, 4, GL_FLOAT, GL_FALSE, stride, byteOffset(offset));
    gl->glVertexAttribDivisor(location, 1);
}

} // namespace

void InstancedMesh::create(QOpenGLExtraFunctions* gl, const UnitMesh& mesh, InstanceLayout layout)
{
    static_assert(sizeof(MeshVertex) == 6 * sizeof(float), "MeshVertex must be tightly packed");
    static_assert(sizeof(MeshInstance) == 20 * sizeof(float), "MeshInstance must be tightly packed");
    static_assert(sizeof(ShadowBlob) == 4 * sizeof(float), "ShadowBlob must be tightly packed");
    m_gl = gl;
    m_indexCount = static_cast<GLsizei>(mesh.indices.size());
    gl->glGenVertexArrays(1, &m_vao);
    gl->glBindVertexArray(m_vao);
    gl->glGenBuffers(1, &m_vertexBuffer);
    gl->glBindBuffer(GL_ARRAY_BUFFER, m_vertexBuffer);
    gl->glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(mesh.vertices.size() * sizeof(MeshVertex)),
                     mesh.vertices.data(), GL_STATIC_DRAW);
    gl->glGenBuffers(1, &m_indexBuffer); // element binding is VAO state
    gl->glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, m_indexBuffer);
    gl->glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(mesh.indices.size() * sizeof(std::uint16_t)),
                     mesh.indices.data(), GL_STATIC_DRAW);
    gl->glEnableVertexAttribArray(0);
    gl->glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(MeshVertex), byteOffset(0));
    gl->glEnableVertexAttribArray(1);
    gl->glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, sizeof(MeshVertex), byteOffset(3 * sizeof(float)));

    gl->glGenBuffers(1, &m_instanceBuffer);
    gl->glBindBuffer(GL_ARRAY_BUFFER, m_instanceBuffer);
    if (layout == InstanceLayout::Transform) {
        const auto stride = static_cast<GLsizei>(sizeof(MeshInstance));
        for (GLuint column = 0; column < 4; ++column)
            instanceAttribute(gl, 2 + column, stride, column * 4 * sizeof(float));
        instanceAttribute(gl, 6, stride, 16 * sizeof(float));
    } else {
        instanceAttribute(gl, 2, static_cast<GLsizei>(sizeof(ShadowBlob)), 0);
    }
    gl->glBindVertexArray(0);
    gl->glBindBuffer(GL_ARRAY_BUFFER, 0);
    gl->glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, 0);
}

void InstancedMesh::setInstances(const void* data, std::size_t bytes, int count)
{
    m_instanceCount = static_cast<GLsizei>(count);
    if (count <= 0)
        return;
    m_gl->glBindBuffer(GL_ARRAY_BUFFER, m_instanceBuffer);
    // Re-specifying the whole store each frame lets the driver orphan the old one.
    m_gl->glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(bytes), data, GL_STREAM_DRAW);
    m_gl->glBindBuffer(GL_ARRAY_BUFFER, 0);
}

void InstancedMesh::draw()
{
    if (m_instanceCount <= 0 || m_indexCount <= 0)
        return;
    m_gl->glBindVertexArray(m_vao);
    m_gl->glDrawElementsInstanced(GL_TRIANGLES, m_indexCount, GL_UNSIGNED_SHORT, nullptr, m_instanceCount);
    m_gl->glBindVertexArray(0);
}

void InstancedMesh::destroy()
{
    if (!m_gl)
        return;
    m_gl->glDeleteBuffers(1, &m_instanceBuffer);
    m_gl->glDeleteBuffers(1, &m_indexBuffer);
    m_gl->glDeleteBuffers(1, &m_vertexBuffer);
    m_gl->glDeleteVertexArrays(1, &m_vao);
    m_vao = m_vertexBuffer = m_indexBuffer = m_instanceBuffer = 0;
    m_indexCount = m_instanceCount = 0;
    m_gl = nullptr;
}

void ColoredGeometry::create(QOpenGLExtraFunctions* gl)
{
    static_assert(sizeof(ColoredVertex) == 7 * sizeof(float), "ColoredVertex must be tightly packed");
    m_gl = gl;
    gl->glGenVertexArrays(1, &m_vao);
    gl->glBindVertexArray(m_vao);
    gl->glGenBuffers(1, &m_buffer);
    gl->glBindBuffer(GL_ARRAY_BUFFER, m_buffer);
    gl->glEnableVertexAttribArray(0);
    gl->glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(ColoredVertex), byteOffset(0));
    gl->glEnableVertexAttribArray(1);
    gl->glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, sizeof(ColoredVertex), byteOffset(3 * sizeof(float)));
    gl->glBindVertexArray(0);
    gl->glBindBuffer(GL_ARRAY_BUFFER, 0);
}

void ColoredGeometry::upload(const std::vector<ColoredVertex>& vertices)
{
    m_count = static_cast<GLsizei>(vertices.size());
    if (vertices.empty())
        return;
    m_gl->glBindBuffer(GL_ARRAY_BUFFER, m_buffer);
    m_gl->glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices.size() * sizeof(ColoredVertex)),
                       vertices.data(), GL_STREAM_DRAW);
    m_gl->glBindBuffer(GL_ARRAY_BUFFER, 0);
}

void ColoredGeometry::draw(GLenum mode)
{
    if (m_count <= 0)
        return;
    m_gl->glBindVertexArray(m_vao);
    m_gl->glDrawArrays(mode, 0, m_count);
    m_gl->glBindVertexArray(0);
}

void ColoredGeometry::destroy()
{
    if (!m_gl)
        return;
    m_gl->glDeleteBuffers(1, &m_buffer);
    m_gl->glDeleteVertexArrays(1, &m_vao);
    m_vao = m_buffer = 0;
    m_count = 0;
    m_gl = nullptr;
}

} // namespace stepmotion::render::detail
