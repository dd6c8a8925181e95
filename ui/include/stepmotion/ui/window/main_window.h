#pragma once
// StepMotion Studio's main window: File menu (open, add for comparison, recent files, step
// lists, model folder, dataset folder, take exports), Edit (undo/redo of step edits and take deletions), the
// step editor docked on the left, the player in the centre with its transport bar, the Takes
// and Dataset docks on the right, playback shortcuts and a status bar. It
// only orchestrates: files are read by core (via loadMotion), generation runs in the
// GenerationService's thread, drawing is the player's job. It builds the widgets and three
// controllers and wires them together: GenerationController (generation requests and results,
// kept-frame regeneration, live preview), ProjectController (project files, modified state,
// autosave, recent files) and StudyController (the Study menu).

#include "stepmotion/core/generation/generator.h"
#include "stepmotion/core/export/motion_export.h"
#include "stepmotion/ui/player/motion_scene.h"
#include "stepmotion/ui/project/project_file.h"

#include <QMainWindow>
#include <QSettings>

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QUndoStack;

namespace stepmotion::ui {

class BatchExportJob;
class CharacterExportDialog;
class DatasetBrowser;
class GenerationController;
class PlayerWidget;
class PlaybackBar;
class GenerationService;
class LivePreview;
class ProjectController;
class ShownMotions;
class StepEditor;
class StepListModel;
class StudyController;
class TakeListModel;
class TakesPanel;
struct WindowParts;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Loads `path` and shows it alone. On failure shows core's message in a message box,
    /// keeps what was shown before and returns false.
    bool openFile(const QString& path);
    /// Loads `path` and shows it beside the clips already shown (same timeline).
    bool addFile(const QString& path);
    /// Shows in-memory clips (e.g. generated ones) side by side, replacing what was shown;
    /// `title` goes into the window title.
    void showMotions(std::vector<LoadedMotion> motions, const QString& title);
    /// Loads a step-list JSON file into the editor (undoable); errors go to a message box.
    bool openSteps(const QString& path);
    /// Saves the editor's step list as JSON; errors go to a message box.
    bool saveSteps(const QString& path);
    /// Generates from `model` instead of the bundled resources/models/default.
    void setModelDirectory(const QString& dir);
    /// Fills the editor with the describer's steps for the first shown clip (undoable).
    bool describeShownMotion();

    /// Motion > Regenerate selection (Ctrl+R; also in the step table's, the timeline strip's and
    /// the Takes list's context menus): regenerateSpan() of the take in the player (the first
    /// selected take) over the editor's selectedSpan(). False, with the reason in the editor's
    /// message line and the status bar, without a shown take or a selection.
    bool regenerateSelection();
    /// Regenerates [start, end] seconds of take `row` with the editor's steps and settings,
    /// keeping every other frame (kept_generation.h). The result is a new take named
    /// "take N · seed S · redo A–B s of “SOURCE”", added as one undoable command. False (reason
    /// shown) for an invalid row or a span outside the take.
    bool regenerateSpan(int row, double start, double end);
    /// Motion > Continue from this motion (Ctrl+Shift+C): the editor's steps after the last
    /// frame of the motion in the player (the first selected take's exact features, else the
    /// first clip shown, encoded), as a new take "… · continues “NAME”", undoable. False
    /// (reason shown) when nothing is shown or the steps cannot continue it.
    bool continueShownMotion();

    /// Live preview (live_preview.h; the step editor's "Live preview" box, on by default, kept as
    /// an application setting): a pause after an edit sends a preview request to the same
    /// GenerationService, newest request wins; it waits while a Generate runs and never adds a
    /// take. The result plays in the player in place of the previous preview or the takes shown
    /// (beside opened files and dataset clips), named "live preview · seed S".
    LivePreview* livePreview() const;
    /// Whether the player shows the latest preview.
    bool isShowingPreview() const;
    /// "Keep preview": the latest preview becomes a take "take N · seed S · preview" (undoable).
    /// False without a preview.
    bool keepPreview();

    PlayerWidget* player() const { return m_player; }
    StepEditor* stepEditor() const { return m_editor; }
    StepListModel* stepModel() const { return m_steps; }
    QUndoStack* undoStack() const { return m_undo; }
    GenerationService* generationService() const { return m_generation; }
    TakeListModel* takeModel() const { return m_takeModel; }
    TakesPanel* takesPanel() const { return m_takesPanel; }
    DatasetBrowser* datasetBrowser() const { return m_datasetBrowser; }

    /// Dataset dock: indexes `dir` on the browser's worker thread (errors shown in the dock
    /// and the status bar, naming the path).
    void openDatasetFolder(const QString& dir);
    /// Adds the indexed clip `id`'s ground-truth joints to the player beside what is shown,
    /// named "ground truth ID". False (message box naming the file) when it cannot be read.
    bool showDatasetClipBeside(const QString& id);
    /// Loads clip `id`'s first step list with its first caption as the coarse sentence into
    /// the editor (one undoable command). False for an unknown id or a clip without either.
    bool useDatasetClipSteps(const QString& id);

    /// Starts exporting every starred take into `dir` on a worker thread, one file per take
    /// named after it (made unique), with `options`; the status bar reports the end. Returns
    /// the job (owned by the window, deleted after its finished() signal), or nullptr while
    /// another export runs.
    BatchExportJob* startStarredTakesExport(const QString& dir, const ExportOptions& options);

    /// Shows the takes at `rows` side by side (takeJoints: decoded from their features and
    /// cleaned up while cleanUpGeneratedMotion()); empty rows leave the player as it is.
    void showTakes(const QList<int>& rows);
    /// Motion > Clean up generated motion (checkable, on by default, kept as an application
    /// setting): whether takes are shown and exported with fixed bone lengths, planted feet
    /// and nothing under the floor (motion_cleanup.h). Switching it re-shows the takes on
    /// screen; dataset clips and opened files are never cleaned.
    bool cleanUpGeneratedMotion() const { return m_cleanUpTakes; }
    void setCleanUpGeneratedMotion(bool on);
    /// Loads the steps of take `row` into the editor as one undoable command.
    bool restoreTakeSteps(int row);
    /// Opens the export dialog for take `row`; success goes to the status bar.
    void exportTakeInteractively(int row);
    /// File > Export onto character... for take `row`: characterExportDialog() run modally,
    /// remembering the character, mapping and folder; success goes to the status bar.
    void exportTakeOntoCharacterInteractively(int row);
    /// The character export dialog for take `row` (nullptr for no such take), starting from the
    /// last character and mapping used. While it exists, the character it loads plays the take
    /// in the player beside the clips; it leaves the player when the dialog goes.
    CharacterExportDialog* characterExportDialog(int row);

    /// Projects (project_file.h). The window's project: steps, settings and takes.
    Project currentProject() const;
    /// The open project's file; empty while untitled.
    QString projectPath() const;
    /// Unsaved changes: step edits since the last save/open, or changed takes or settings.
    bool isProjectModified() const;
    /// Asks to save when modified, then starts an empty untitled project. False = cancelled.
    bool newProject();
    /// Loads `path` (without asking to save the current one). When its autosave is newer,
    /// offers to recover it. Errors (naming file and field) go to a message box.
    bool openProject(const QString& path);
    /// Saves atomically to `path`, which becomes the project's file; removes the autosave.
    bool saveProject(const QString& path);
    /// Where autosaves go: "<project>.autosave", or untitled.stepmotion.autosave in the
    /// application data folder while untitled.
    QString autosavePath() const;
    /// The autosave timer's work (every 60 s): writes the project to autosavePath() when
    /// modified. Returns whether it wrote.
    bool autosaveNow();
    /// At start-up: when an untitled autosave exists, offers to recover it (as an untitled,
    /// modified project); declining deletes it. Returns whether it recovered.
    bool offerUntitledRecovery();
    /// When modified: asks Save / Discard / Cancel. False when the user cancelled (or the
    /// save failed).
    bool maybeSave();

Q_SIGNALS:
    /// A generation ended: its takes are shown (ok) or its error was reported (!ok).
    void generationSettled(bool ok);
    /// A preview is playing in the player; it took `seconds` to generate.
    void previewShown(double seconds);

public Q_SLOTS:
    void chooseFileToOpen();
    void chooseFileToAdd();
    void chooseStepsToOpen();
    void chooseStepsToSave();
    void chooseModelDirectory();
    /// File > Export selected take...: the first selected take.
    void chooseTakeToExport();
    /// File > Export onto character...: the first selected take.
    void chooseTakeToExportOntoCharacter();
    /// File > Export starred takes...: asks for format and folder, then startStarredTakesExport()
    /// with a progress dialog that can cancel; failed takes are listed in a message box.
    void chooseStarredTakesExport();
    /// File > Open dataset folder...
    void chooseDatasetFolder();
    void chooseProjectToOpen();
    /// Saves to the project's file, or asks for one while untitled.
    bool saveCurrentProject();
    bool chooseProjectToSave();
    /// File > Open study...: a study folder and a rater id, then the rating window (study_launch.h).
    void chooseStudyToOpen();
    /// Study > Results...: a study folder, then its results window.
    void chooseStudyResults();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    bool load(const QString& path, bool add);
    void createMenus();
    void createPlaybackActions(QMenu* menu);
    void createStepEditor();
    void createTakesDock();
    void createDatasetDock();
    /// The GenerationService (the chosen model folder, else the bundled model) and its controller.
    void createGeneration();
    /// The project and study controllers, after the generation one: the order their
    /// connections to the editor and the takes run in.
    void createControllers();
    /// Connects the controllers' reports to the window's title and signals.
    void wireControllers();
    WindowParts parts();
    void updateTitle();
    void showRenderError(const QString& message);
    QString chooseMotionFile(const QString& title);

    QSettings m_settings;
    PlayerWidget* m_player;
    PlaybackBar* m_bar;
    QLabel* m_rateLabel;
    QUndoStack* m_undo;
    StepListModel* m_steps;
    StepEditor* m_editor = nullptr;
    GenerationService* m_generation = nullptr;
    TakeListModel* m_takeModel = nullptr;
    TakesPanel* m_takesPanel = nullptr;
    DatasetBrowser* m_datasetBrowser = nullptr;
    QDockWidget* m_datasetDock = nullptr;
    BatchExportJob* m_exportJob = nullptr; // the running batch export, if any
    bool m_cleanUpTakes = true;   // Motion > Clean up generated motion
    QAction* m_cleanUpAction = nullptr;
    // Members, not children: they are destroyed before QWidget's destructor deletes the widgets
    // they use (the undo stack signals cleanChanged while it is deleted); m_shown, declared
    // first, outlives the controllers that use it.
    std::unique_ptr<ShownMotions> m_shown;
    std::unique_ptr<GenerationController> m_generationControl;
    std::unique_ptr<ProjectController> m_projectControl;
    std::unique_ptr<StudyController> m_studyControl;
};

} // namespace stepmotion::ui
