#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/modes/studio_options.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFileInfo>
#include <QImage>
#include <QSaveFile>
#include <QSurfaceFormat>
#include <QTextStream>

#include <algorithm>

namespace stepmotion::ui {
namespace {

int fail(const QString& message)
{
    QTextStream(stderr) << "stepmotion-studio: " << message << '\n';
    return 1;
}

/// Processes events until the view has its GL context, or the deadline passes.
bool waitForContext(PlayerWidget& player, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!player.isValid() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    return player.isValid();
}

} // namespace

int runScreenshot(const StudioOptions& options)
{
    std::vector<LoadedMotion> motions;
    int frames = 0;
    for (const QString& path : options.files) {
        QString error;
        std::optional<LoadedMotion> motion = loadMotion(path, error);
        if (!motion)
            return fail(error);
        frames = std::max(frames, motion->joints.frames);
        motions.push_back(std::move(*motion));
    }
    if (options.frame >= frames)
        QTextStream(stderr) << "stepmotion-studio: --frame " << options.frame << " is past the last frame ("
                            << frames << " frames); using frame " << frames - 1 << '\n';

    std::optional<CharacterPreview> character;
    if (!options.character.isEmpty()) {
        try {
            const Character loaded = loadCharacter(options.character.toStdString());
            character = makeCharacterPreview(motions.front().joints, loaded, mapCharacter(loaded));
        } catch (const std::exception& e) {
            return fail(QString::fromStdString(e.what()));
        }
    }

    PlayerWidget player;
    player.setFormat(QSurfaceFormat::defaultFormat()); // quality over speed: keep multisampling
    player.setWindowTitle(QStringLiteral("StepMotion Studio screenshot"));
    player.resize(options.size);
    player.setMotions(std::move(motions));
    player.setCharacterPreview(std::move(character));
    player.show();
    if (!waitForContext(player, 10000))
        return fail(QStringLiteral("no OpenGL context for the 3D view (is there a display? try xvfb-run -a)"));
    // Frame the camera on the requested frame at the final size.
    player.setFrame(options.frame);
    player.resetView();
    const QImage image = player.renderImage(options.size);
    if (!player.renderError().isEmpty())
        return fail(player.renderError());
    if (image.isNull())
        return fail(QStringLiteral("grabbing the 3D view failed"));
    QSaveFile file(options.screenshot); // no half-written PNG if saving fails
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit())
        return fail(options.screenshot + QStringLiteral(": could not write the PNG"));
    QTextStream(stdout) << "wrote " << QFileInfo(options.screenshot).absoluteFilePath() << " (" << image.width() << "x"
                        << image.height() << ", frame " << player.clock().frame() << ")\n";
    return 0;
}

} // namespace stepmotion::ui
