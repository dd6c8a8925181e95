#pragma once
// Builds GLSL programs for the renderer: the bundled ones from the Qt resources compiled into
// this library (":/stepmotion/shaders/<name>.vert|.frag"), or any given source text.
// Failures come back as a message, never as a crash.

#include <QByteArray>
#include <QString>

#include <memory>

class QOpenGLShaderProgram;

namespace stepmotion::render {

/// Compiles and links the bundled shader pair `name` in the current context. On failure
/// returns null and sets `error` to a message naming the shader file and the compiler log.
std::unique_ptr<QOpenGLShaderProgram> buildProgram(const QString& name, QString& error);

/// Same from source text; `name` only labels messages ("<name>.vert: compile failed: ...").
std::unique_ptr<QOpenGLShaderProgram> buildProgramFromSource(const QString& name, const QByteArray& vertex,
                                                             const QByteArray& fragment, QString& error);

} // namespace stepmotion::render
