// stepmotion-studio FILE... --render-bench SECONDS: plays the files in the window and prints the
// player's measured paint rate (a benchmark of the renderer, e.g. on Mesa's llvmpipe).

#include "stepmotion/ui/window/main_window.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/modes/studio_options.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QOpenGLContext>
#include <QTextStream>

#include <algorithm>
#include <numeric>
#include <vector>

namespace stepmotion::ui {

int runRenderBench(MainWindow& window, const StudioOptions& options)
{
    PlayerWidget* player = window.player();
    std::vector<double> rates; // one per second of playback
    QObject::connect(player, &PlayerWidget::paintRateChanged, &window, [&rates](double fps) { rates.push_back(fps); });
    player->play();
    QDeadlineTimer deadline(static_cast<qint64>(options.renderBench * 1000));
    while (!deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    QTextStream out(stdout);
    if (rates.size() < 2) {
        QTextStream(stderr) << "stepmotion-studio: the player painted too little to measure (" << rates.size()
                            << " reports)\n";
        return 1;
    }
    rates.erase(rates.begin()); // the first second includes start-up
    const double mean = std::accumulate(rates.begin(), rates.end(), 0.0) / static_cast<double>(rates.size());
    const auto [low, high] = std::minmax_element(rates.begin(), rates.end());
    out << "render bench: " << options.files.size() << " clip(s), player " << player->width() << "x" << player->height()
        << ", " << rates.size() << " s measured: mean " << QString::number(mean, 'f', 1) << " fps, min "
        << QString::number(*low, 'f', 1) << ", max " << QString::number(*high, 'f', 1) << "\n";
    return 0;
}

} // namespace stepmotion::ui
