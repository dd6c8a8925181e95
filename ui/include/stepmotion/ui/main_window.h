#pragma once
// StepMotion Studio's main window: File menu (open, add for comparison, recent files, step
// lists, model folder), Edit (undo/redo of step edits), the step editor docked on the left,
// the player in the centre with its transport bar, playback shortcuts and a status bar. It
// only orchestrates: files are read by core (via loadMotion), generation runs in the
// GenerationService's thread, drawing is the player's job.

#include "stepmotion/core/generator.h"
#include "stepmotion/ui/motion_scene.h"
#include "stepmotion/ui/recent_files.h"

#include <QMainWindow>
#include <QSettings>
#include <QVector>

class QLabel;
class QMenu;
class QUndoStack;

namespace stepmotion::ui {

class PlayerWidget;
class PlaybackBar;
class GenerationService;
class StepEditor;
class StepListModel;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);

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

    PlayerWidget* player() const { return m_player; }
    StepEditor* stepEditor() const { return m_editor; }
    StepListModel* stepModel() const { return m_steps; }
    QUndoStack* undoStack() const { return m_undo; }
    GenerationService* generationService() const { return m_generation; }

public Q_SLOTS:
    void chooseFileToOpen();
    void chooseFileToAdd();
    void chooseStepsToOpen();
    void chooseStepsToSave();
    void chooseModelDirectory();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    bool load(const QString& path, bool add);
    void createMenus();
    void createPlaybackActions(QMenu* menu);
    void createStepEditor();
    void connectGeneration();
    void showGenerated(int id, const QVector<FeatureClip>& clips, const GenerationRequest& request, double seconds);
    void showGenerationError(const QString& message);
    void rebuildRecentMenu();
    void showRenderError(const QString& message);
    QString chooseMotionFile(const QString& title);

    QSettings m_settings;
    RecentFiles m_recent;
    PlayerWidget* m_player;
    PlaybackBar* m_bar;
    QMenu* m_recentMenu = nullptr;
    QLabel* m_rateLabel;
    QUndoStack* m_undo;
    StepListModel* m_steps;
    StepEditor* m_editor = nullptr;
    GenerationService* m_generation = nullptr;
    int m_takes = 0; // generations shown so far, for the "take N" labels
};

} // namespace stepmotion::ui
