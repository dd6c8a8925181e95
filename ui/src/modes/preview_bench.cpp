// stepmotion-studio --steps STEPS.json --preview-bench EDITS: the live preview's latency as a
// user feels it, from a released timeline edit to the new preview playing, on this machine.

#include "stepmotion/core/generation/generation_bench.h"
#include "stepmotion/ui/generation/generation_service.h"
#include "stepmotion/ui/generation/live_preview.h"
#include "stepmotion/ui/window/main_window.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/steps/step_list_model.h"
#include "stepmotion/ui/modes/studio_options.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <vector>

namespace stepmotion::ui {
namespace {

/// Runs the event loop until `done` or `milliseconds` passed; returns done().
bool spinUntil(const std::function<bool()>& done, qint64 milliseconds)
{
    QDeadlineTimer deadline(milliseconds);
    while (!done() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return done();
}

QString seconds(double value)
{
    return QString::number(value, 'f', 3) + QStringLiteral(" s");
}

/// What the bench saw: previews shown, the last one's generation time, a failure.
struct PreviewWatch {
    int shown = 0;
    double generation = 0.0;
    QString failure;

    /// Spins until a preview after the `before`-th arrives; false (with failure set) otherwise.
    bool waitPast(int before, qint64 milliseconds)
    {
        spinUntil([&] { return shown > before || !failure.isEmpty(); }, milliseconds);
        if (shown <= before && failure.isEmpty())
            failure = QStringLiteral("timed out");
        return shown > before;
    }
};

/// The timed edits: each moves the first step's end 0.2 s out or back, as a released drag does.
/// Returns the seconds from each edit to its preview playing (empty, with watch.failure, on error).
std::vector<double> timeEdits(MainWindow& window, int edits, PreviewWatch& watch, std::vector<double>& generations)
{
    StepListModel* model = window.stepModel();
    std::vector<double> latencies;
    for (int i = 0; i < edits; ++i) {
        const Step step = model->stepList().steps.front();
        const int before = watch.shown;
        QElapsedTimer sinceEdit;
        sinceEdit.start();
        model->setStepTimes(0, step.start, step.end + (i % 2 == 0 ? 0.2 : -0.2), QStringLiteral("bench edit"));
        if (!watch.waitPast(before, 120000)) {
            watch.failure = QStringLiteral("edit %1: %2").arg(i + 1).arg(watch.failure);
            return {};
        }
        latencies.push_back(static_cast<double>(sinceEdit.nsecsElapsed()) * 1e-9);
        generations.push_back(watch.generation);
        if (!window.isShowingPreview() || !window.player()->clock().isPlaying()) {
            watch.failure = QStringLiteral("edit %1: the preview is not playing").arg(i + 1);
            return {};
        }
        spinUntil([] { return false; }, 300); // the user watches it for a moment
    }
    return latencies;
}

} // namespace

int runPreviewBench(MainWindow& window, const StudioOptions& options)
{
    QTextStream err(stderr);
    if (window.stepModel()->rowCount() == 0) {
        err << "stepmotion-studio: --preview-bench: " << options.stepsFile << " holds no step to edit\n";
        return 1;
    }
    PreviewWatch watch;
    QObject::connect(&window, &MainWindow::previewShown, &window, [&watch](double s) {
        ++watch.shown;
        watch.generation = s;
    });
    QObject::connect(window.generationService(), &GenerationService::failed, &window,
                     [&watch](int, const QString& message) { watch.failure = message; });
    LivePreview* preview = window.livePreview();
    preview->setEnabled(true); // for this run only; the user's setting is untouched
    preview->noteEdit();
    if (!watch.waitPast(0, 300000)) { // the first preview loads the model: not part of the figure
        err << "stepmotion-studio: --preview-bench: no first preview: " << watch.failure << "\n";
        return 1;
    }
    QElapsedTimer sinceTick; // the UI thread's longest gap between 5 ms ticks
    qint64 longestStall = 0;
    QTimer tick;
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, &window, [&] { longestStall = std::max(longestStall, sinceTick.restart()); });
    sinceTick.start();
    tick.start();
    std::vector<double> generations;
    const std::vector<double> latencies = timeEdits(window, options.previewBench, watch, generations);
    if (latencies.empty()) {
        err << "stepmotion-studio: --preview-bench: " << watch.failure << "\n";
        return 1;
    }
    const GenerationTiming latency = summariseTiming(1, latencies);
    const LivePreviewSettings& settings = preview->settings();
    QTextStream(stdout) << "preview bench: " << latencies.size() << " edits of " << options.stepsFile << " ("
                        << window.stepModel()->rowCount() << " steps), pause " << settings.committedPauseMs << " ms after a finished edit ("
                        << settings.pauseMs << " ms while typing), "
                        << settings.samplingSteps << " " << QString::fromStdString(samplerName(settings.sampler))
                        << " steps\n"
                        << "  edit -> preview playing: median " << seconds(latency.median) << " (min "
                        << seconds(latency.min) << ", max " << seconds(latency.max) << ")\n"
                        << "  generation on the worker thread: median " << seconds(summariseTiming(1, generations).median) << "\n"
                        << "  longest UI-thread stall: " << longestStall << " ms; player "
                        << QString::number(window.player()->paintRate(), 'f', 1) << " fps at the end\n";
    return 0;
}

} // namespace stepmotion::ui
