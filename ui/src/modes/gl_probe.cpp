#include "stepmotion/ui/modes/gl_probe.h"

#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLFunctions>

namespace stepmotion::ui {

QString probeOpenGLRenderer()
{
    QOpenGLContext context;
    if (!context.create())
        return {};
    QOffscreenSurface surface;
    surface.setFormat(context.format());
    surface.create();
    if (!surface.isValid() || !context.makeCurrent(&surface))
        return {};
    const auto* name = reinterpret_cast<const char*>(context.functions()->glGetString(GL_RENDERER));
    QString renderer = name ? QString::fromLatin1(name) : QString();
    context.doneCurrent();
    return renderer;
}

bool isSoftwareRenderer(const QString& rendererName)
{
    const QString name = rendererName.toLower();
    for (const char* cpu : {"llvmpipe", "softpipe", "swrast", "software rasterizer", "gdi generic"}) {
        if (name.contains(QLatin1String(cpu)))
            return true;
    }
    return false;
}

} // namespace stepmotion::ui
