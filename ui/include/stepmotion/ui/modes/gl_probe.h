#pragma once
// Which OpenGL implementation the player will get, asked before its window exists, so the
// player can skip multisampling on CPU rasterisers (it costs them 2-3x the frame time).

#include <QString>

namespace stepmotion::ui {

/// GL_RENDERER of a throw-away context with the default surface format ("" when no context
/// can be created, e.g. on the offscreen platform). Needs a QGuiApplication.
QString probeOpenGLRenderer();

/// True for CPU rasterisers: Mesa's llvmpipe, softpipe and swrast, Windows' GDI Generic.
bool isSoftwareRenderer(const QString& rendererName);

} // namespace stepmotion::ui
