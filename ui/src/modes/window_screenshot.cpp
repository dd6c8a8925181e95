// stepmotion-studio --window-screenshot: the README's picture of the whole window, taken from
// the screen so the OpenGL player (a native child window) is in it too.

#include "stepmotion/ui/window/main_window.h"
#include "stepmotion/ui/steps/step_editor.h"
#include "stepmotion/ui/modes/studio_options.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QGuiApplication>
#include <QPixmap>
#include <QScreen>
#include <QTextStream>

namespace stepmotion::ui {
namespace {

constexpr int kGenerationTimeoutMs = 180000; // model load + generation on a slow CPU
constexpr int kSettleMs = 1500;              // let the player draw a few frames after showing takes

void pumpEvents(int ms)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

} // namespace

int runWindowScreenshot(MainWindow& window, const StudioOptions& options)
{
    QTextStream err(stderr);
    if (options.generate) {
        bool settled = false, ok = false;
        QObject::connect(&window, &MainWindow::generationSettled, &window, [&](bool success) {
            settled = true;
            ok = success;
        });
        window.stepEditor()->requestGeneration();
        QDeadlineTimer deadline(kGenerationTimeoutMs);
        while (!settled && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        if (!settled || !ok) {
            err << "stepmotion-studio: generation " << (settled ? "failed" : "timed out") << "; no screenshot\n";
            return 1;
        }
    }
    return grabWindowToFile(window, options.windowShot);
}

int grabWindowToFile(QWidget& window, const QString& path)
{
    pumpEvents(kSettleMs);
    QScreen* screen = window.screen() ? window.screen() : QGuiApplication::primaryScreen();
    const QPixmap shot = screen ? screen->grabWindow(window.winId()) : QPixmap();
    if (shot.isNull() || !shot.save(path)) {
        QTextStream(stderr) << "stepmotion-studio: cannot grab the window into " << path << "\n";
        return 1;
    }
    QTextStream(stdout) << "wrote " << path << " (" << shot.width() << "x" << shot.height() << ")\n";
    return 0;
}

} // namespace stepmotion::ui
