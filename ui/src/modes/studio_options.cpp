#include "stepmotion/ui/modes/studio_options.h"

#include <QCommandLineParser>
#include <QRegularExpression>
#include <QSurfaceFormat>

namespace stepmotion::ui {
namespace {

bool parseSize(const QString& text, QSize& size)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{2,5})[xX](\\d{2,5})$"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return false;
    const int w = m.captured(1).toInt();
    const int h = m.captured(2).toInt();
    if (w < 16 || h < 16 || w > 8192 || h > 8192)
        return false;
    size = QSize(w, h);
    return true;
}

bool validStudyOptions(const StudioOptions& options, QString& error)
{
    if (options.studyDir.isEmpty()) {
        if (!options.rater.isEmpty() || options.studyResults)
            error = QStringLiteral("--rater and --results need --study DIR");
        return error.isEmpty();
    }
    if (!options.rater.isEmpty() && options.studyResults)
        error = QStringLiteral("--rater and --results cannot be combined");
    else if (!options.files.isEmpty() || !options.screenshot.isEmpty() || !options.stepsFile.isEmpty()
             || options.generate)
        error = QStringLiteral("--study cannot be combined with motion FILEs or other modes");
    return error.isEmpty();
}

/// --render-bench and --preview-bench: a number in range and what each needs.
bool parseBenchOptions(const QCommandLineParser& parser, const QCommandLineOption& renderBench,
                       const QCommandLineOption& previewBench, StudioOptions& options, QString& error)
{
    if (parser.isSet(renderBench)) {
        bool ok = false;
        options.renderBench = parser.value(renderBench).toDouble(&ok);
        if (!ok || options.renderBench < 2 || options.renderBench > 600) {
            error = QStringLiteral("--render-bench: expected 2..600 seconds, got '%1'").arg(parser.value(renderBench));
            return false;
        }
        if (options.files.isEmpty()) {
            error = QStringLiteral("--render-bench needs motion FILEs to play");
            return false;
        }
    }
    if (parser.isSet(previewBench)) {
        bool ok = false;
        options.previewBench = parser.value(previewBench).toInt(&ok);
        if (!ok || options.previewBench < 1 || options.previewBench > 1000) {
            error = QStringLiteral("--preview-bench: expected 1..1000 edits, got '%1'").arg(parser.value(previewBench));
            return false;
        }
        if (options.stepsFile.isEmpty()) {
            error = QStringLiteral("--preview-bench needs --steps STEPS.json to edit");
            return false;
        }
    }
    return true;
}

/// The screenshot options: --screenshot and --window-screenshot exclude each other, --frame and
/// --size are in range, --character needs --screenshot and --screenshot needs a FILE.
bool parseScreenshotOptions(const QCommandLineParser& parser, const QCommandLineOption& frame,
                            const QCommandLineOption& size, StudioOptions& options, QString& error)
{
    if (!options.windowShot.isEmpty() && !options.screenshot.isEmpty()) {
        error = QStringLiteral("--screenshot and --window-screenshot cannot be combined");
        return false;
    }
    if (parser.isSet(frame)) {
        bool ok = false;
        options.frame = parser.value(frame).toInt(&ok);
        if (!ok || options.frame < 0) {
            error = QStringLiteral("--frame: expected a frame index >= 0, got '%1'").arg(parser.value(frame));
            return false;
        }
    }
    if (parser.isSet(size) && !parseSize(parser.value(size), options.size)) {
        error = QStringLiteral("--size: expected WxH in pixels (16..8192), got '%1'").arg(parser.value(size));
        return false;
    }
    if (!options.character.isEmpty() && options.screenshot.isEmpty()) {
        error = QStringLiteral("--character goes with --screenshot (in the window: File > Export onto character...)");
        return false;
    }
    if (!options.screenshot.isEmpty() && options.files.isEmpty()) {
        error = QStringLiteral("--screenshot needs a motion FILE to render");
        return false;
    }
    return true;
}

} // namespace

QString studioUsage()
{
    return QStringLiteral(
        "Usage: stepmotion-studio [FILE...] [--screenshot OUT.png] [--frame N] [--size WxH]\n"
        "Plays motion files (.bvh, CMU .amc with its .asf beside it, joints .npy T x 22 x 3,\n"
        "features .npy T x 263);\n"
        "several files play side by side in sync.\n"
        "  --screenshot OUT.png  render one frame of the FILEs into OUT.png and exit\n"
        "  --frame N             0-based frame for the screenshot (default 0)\n"
        "  --size WxH            screenshot size in pixels (default 1280x720)\n"
        "  --character FILE      with --screenshot: the first FILE also on this character (.fbx, .gltf,\n"
        "                        .glb, .bvh), beside it, as File > Export onto character... solves it\n"
        "  --steps STEPS.json    load these steps into the step editor\n"
        "  --generate            generate once the window is up (with the editor's settings)\n"
        "  --window-screenshot OUT.png  grab the whole window (after --generate finishes) and exit\n"
        "  --render-bench SECONDS  play the FILEs, print the player's frames per second, exit\n"
        "  --preview-bench EDITS  with --steps: make EDITS timeline edits with live preview on, print\n"
        "                        the time from each edit to its preview playing, exit\n"
        "  --study DIR           rate the study in DIR (prepares missing clips first)\n"
        "  --rater ID            the rater's id (asked when missing; the same id resumes)\n"
        "  --results             with --study: show the study's results instead\n"
        "                        (--window-screenshot OUT.png grabs either study window and exits)\n");
}

bool parseStudioOptions(const QStringList& arguments, StudioOptions& options, QString& error)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption shot(QStringLiteral("screenshot"), QString(), QStringLiteral("OUT.png"));
    const QCommandLineOption frame(QStringLiteral("frame"), QString(), QStringLiteral("N"));
    const QCommandLineOption size(QStringLiteral("size"), QString(), QStringLiteral("WxH"));
    const QCommandLineOption character(QStringLiteral("character"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    const QCommandLineOption steps(QStringLiteral("steps"), QString(), QStringLiteral("STEPS.json"));
    const QCommandLineOption generate(QStringLiteral("generate"));
    const QCommandLineOption windowShot(QStringLiteral("window-screenshot"), QString(), QStringLiteral("OUT.png"));
    const QCommandLineOption renderBench(QStringLiteral("render-bench"), QString(), QStringLiteral("SECONDS"));
    const QCommandLineOption previewBench(QStringLiteral("preview-bench"), QString(), QStringLiteral("EDITS"));
    const QCommandLineOption study(QStringLiteral("study"), QString(), QStringLiteral("DIR"));
    const QCommandLineOption rater(QStringLiteral("rater"), QString(), QStringLiteral("ID"));
    const QCommandLineOption results(QStringLiteral("results"));
    parser.addOptions({shot, frame, size, character, help, steps, generate, windowShot, renderBench,
                       previewBench, study, rater, results});
    parser.addPositionalArgument(QStringLiteral("FILE"), QString(), QStringLiteral("[FILE...]"));
    if (!parser.parse(arguments)) {
        error = parser.errorText();
        return false;
    }
    options = StudioOptions{};
    options.help = parser.isSet(help);
    options.files = parser.positionalArguments();
    options.screenshot = parser.value(shot);
    options.character = parser.value(character);
    options.stepsFile = parser.value(steps);
    options.generate = parser.isSet(generate);
    options.windowShot = parser.value(windowShot);
    options.studyDir = parser.value(study);
    options.rater = parser.value(rater);
    options.studyResults = parser.isSet(results);
    if (!validStudyOptions(options, error))
        return false;
    if (!parseBenchOptions(parser, renderBench, previewBench, options, error))
        return false;
    return parseScreenshotOptions(parser, frame, size, options, error);
}

void setDefaultSurfaceFormat()
{
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 3);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(8);
    format.setSamples(4);
    format.setSwapInterval(1);
    QSurfaceFormat::setDefaultFormat(format);
}

} // namespace stepmotion::ui
