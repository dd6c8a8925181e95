#pragma once
// Command line of stepmotion-studio and its start-up helpers (surface format, screenshot
// mode), kept out of main() so they are testable and main stays thin.

#include <QSize>
#include <QString>
#include <QStringList>

class QWidget;

namespace stepmotion::ui {

struct StudioOptions {
    QStringList files;     // motions to open: the first is shown, the others beside it to compare
    QString screenshot;    // render `frame` into this PNG and exit ("" = interactive)
    int frame = 0;         // 0-based frame index for the screenshot
    QString character;     // screenshot: the first FILE also on this character (.fbx/.gltf/.glb/.bvh), beside it
    QSize size{1280, 720}; // screenshot size in pixels
    QString stepsFile;     // steps JSON loaded into the step editor at start
    bool generate = false; // press Generate once the window is up
    QString windowShot;    // grab the whole window into this PNG (after --generate finishes) and exit
    double renderBench = 0; // > 0: play the files this many seconds, print the paint rate, exit
    int previewBench = 0;  // > 0: make this many timeline edits with live preview on, print edit -> preview times, exit
    QString studyDir;      // study mode: rate (or with studyResults, analyse) the study in this folder
    QString rater;         // study mode: the rater id ("" = ask)
    bool studyResults = false; // study mode: show the results view instead of a rating session
    bool help = false;
};

/// Parses `arguments` (argv, program name first):
///   stepmotion-studio [FILE...] [--screenshot OUT.png [--character CHARACTER]] [--frame N] [--size WxH]
///                     [--steps STEPS.json] [--generate] [--window-screenshot OUT.png]
///                     [--render-bench SECONDS] [--preview-bench EDITS] [--study DIR [--rater ID | --results]]
/// Returns false with a one-line `error` naming the bad option; `--screenshot` needs a FILE,
/// `--character` needs `--screenshot`;
/// `--preview-bench` needs `--steps`; `--rater` and `--results` need `--study`, which excludes FILEs and the other modes.
bool parseStudioOptions(const QStringList& arguments, StudioOptions& options, QString& error);

/// Usage text for --help.
QString studioUsage();

/// Sets the default surface format (OpenGL 3.3 core, 24-bit depth, 4x multisampling, vsync).
/// Must run before the QApplication is created.
void setDefaultSurfaceFormat();

/// Screenshot mode: shows a player of options.size with options.files at options.frame, grabs
/// its framebuffer into options.screenshot and returns the process exit code (0 on success;
/// 1 with a message on stderr when loading, rendering or saving fails). Needs a QApplication.
int runScreenshot(const StudioOptions& options);

class MainWindow;
/// The whole-window picture for the README: waits for `window`'s generation (when
/// options.generate) and for its player to draw, grabs the window from the screen into
/// options.windowShot and returns the exit code. Needs a real display (e.g. Xvfb).
int runWindowScreenshot(MainWindow& window, const StudioOptions& options);

/// Lets `window` draw for a moment, then grabs it from the screen into `path` (the study
/// windows' README pictures). Returns the exit code: 1 with a message when grabbing fails.
int grabWindowToFile(QWidget& window, const QString& path);

/// Plays the shown files for options.renderBench seconds and prints the player's paint rate
/// (mean/min/max frames per second, first second excluded). Returns the exit code.
int runRenderBench(MainWindow& window, const StudioOptions& options);

/// With the steps of options.stepsFile in the editor and live preview on: waits for the first
/// preview (the model loads), then makes options.previewBench edits (the first step's end
/// moved by 0.2 s and back, as a released timeline drag does) and prints the median, min and
/// max time from each edit to its preview playing, the generation's share, and the longest
/// stall of the UI thread meanwhile. Returns the exit code (1 when a preview fails or times out).
int runPreviewBench(MainWindow& window, const StudioOptions& options);

} // namespace stepmotion::ui
