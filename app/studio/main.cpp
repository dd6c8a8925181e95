// stepmotion-studio [FILE...] [--screenshot OUT.png] [--frame N] [--size WxH]
//                   [--steps STEPS.json] [--generate] [--window-screenshot OUT.png]
//                   [--render-bench SECONDS] [--preview-bench EDITS] [--study DIR [--rater ID | --results] [--window-screenshot OUT.png]]
// Thin entry point: options, surface format, then the main window or the screenshot mode.

#include "stepmotion/core/runtime/thread_config.h"
#include "stepmotion/ui/window/main_window.h"
#include "stepmotion/ui/steps/step_editor.h"
#include "stepmotion/ui/modes/studio_options.h"
#include "stepmotion/ui/study/study_launch.h"
#include "stepmotion/ui/study/study_results_view.h"
#include "stepmotion/ui/study/study_session_widget.h"

#include <QApplication>

#include <algorithm>
#include <QStringList>
#include <QTextStream>

namespace {

/// Study mode: a rater sees only the rating window (or the results window), never the editor.
int runStudy(const stepmotion::ui::StudioOptions& options)
{
    using namespace stepmotion::ui;
    QWidget* window = nullptr;
    if (options.studyResults) {
        window = launchStudyResults(options.studyDir, nullptr);
    } else {
        const QString rater = options.rater.isEmpty() ? askRaterId(nullptr, options.studyDir) : options.rater;
        if (rater.isEmpty())
            return 1;
        window = launchStudySession(options.studyDir, rater, nullptr);
    }
    if (!window)
        return 1;
    if (!options.windowShot.isEmpty()) // the README's pictures of the study windows
        return grabWindowToFile(*window, options.windowShot);
    return QApplication::exec();
}

} // namespace

int main(int argc, char* argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    stepmotion::ui::StudioOptions options;
    QString error;
    if (!stepmotion::ui::parseStudioOptions(arguments, options, error)) {
        QTextStream(stderr) << "stepmotion-studio: " << error << "\n" << stepmotion::ui::studioUsage();
        return 2;
    }
    if (options.help) {
        QTextStream(stdout) << stepmotion::ui::studioUsage();
        return 0;
    }

    // Before any BLAS call: one OpenBLAS thread under torch's own (oversubscription is 2-3x slower).
    stepmotion::configureThreads(std::max(1, stepmotion::hardwareThreads() - 1));
    stepmotion::ui::setDefaultSurfaceFormat(); // before QApplication, as Qt requires
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("StepMotion"));
    QApplication::setApplicationName(QStringLiteral("StepMotion Studio"));
    QApplication::setApplicationVersion(QStringLiteral(STEPMOTION_VERSION));

    if (!options.screenshot.isEmpty())
        return stepmotion::ui::runScreenshot(options);
    if (!options.studyDir.isEmpty())
        return runStudy(options);

    stepmotion::ui::MainWindow window;
    window.resize(1200, 800);
    window.show();
    // Screenshots and benchmarks must not wait on a dialog.
    const bool unattended = !options.windowShot.isEmpty() || options.renderBench > 0 || options.previewBench > 0;
    if (options.files.isEmpty() && !unattended)
        window.offerUntitledRecovery();
    for (int i = 0; i < options.files.size(); ++i) {
        const bool ok = i == 0 ? window.openFile(options.files[i]) : window.addFile(options.files[i]);
        if (!ok)
            break; // the message box already said why
    }
    if (!options.stepsFile.isEmpty() && !window.openSteps(options.stepsFile) && unattended)
        return 1;
    if (!options.windowShot.isEmpty())
        return stepmotion::ui::runWindowScreenshot(window, options);
    if (options.renderBench > 0)
        return stepmotion::ui::runRenderBench(window, options);
    if (options.previewBench > 0)
        return stepmotion::ui::runPreviewBench(window, options);
    if (options.generate)
        window.stepEditor()->requestGeneration();
    return app.exec();
}
