#include "stepmotion/render/shader_library.h"

#include <QFile>
#include <QOpenGLContext>
#include <QOpenGLShaderProgram>

// Q_INIT_RESOURCE must run at global scope; a static library's resources are otherwise
// dropped by the linker.
static void initRenderResources()
{
    Q_INIT_RESOURCE(stepmotion_render);
}

namespace stepmotion::render {
namespace {

bool addStage(QOpenGLShaderProgram& program, QOpenGLShader::ShaderType type, const QByteArray& source,
              const QString& label, QString& error)
{
    if (!program.addShaderFromSourceCode(type, source)) {
        error = label + QStringLiteral(": compile failed: ") + program.log().trimmed();
        return false;
    }
    return true;
}

bool readResource(const QString& path, QByteArray& out, QString& error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error = path + QStringLiteral(": shader source missing from the resources");
        return false;
    }
    out = file.readAll();
    return true;
}

} // namespace

std::unique_ptr<QOpenGLShaderProgram> buildProgramFromSource(const QString& name, const QByteArray& vertex,
                                                             const QByteArray& fragment, QString& error)
{
    if (!QOpenGLContext::currentContext()) {
        error = name + QStringLiteral(" shader program: no current OpenGL context");
        return nullptr;
    }
    auto program = std::make_unique<QOpenGLShaderProgram>();
    if (!addStage(*program, QOpenGLShader::Vertex, vertex, name + QStringLiteral(".vert"), error) ||
        !addStage(*program, QOpenGLShader::Fragment, fragment, name + QStringLiteral(".frag"), error))
        return nullptr;
    if (!program->link()) {
        error = name + QStringLiteral(" shader program: link failed: ") + program->log().trimmed();
        return nullptr;
    }
    return program;
}

std::unique_ptr<QOpenGLShaderProgram> buildProgram(const QString& name, QString& error)
{
    initRenderResources();
    const QString base = QStringLiteral(":/stepmotion/shaders/") + name;
    QByteArray vertex, fragment;
    if (!readResource(base + QStringLiteral(".vert"), vertex, error) ||
        !readResource(base + QStringLiteral(".frag"), fragment, error))
        return nullptr;
    return buildProgramFromSource(name, vertex, fragment, error);
}

} // namespace stepmotion::render
