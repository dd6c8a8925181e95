#pragma once
// MainWindow's project half (project_file.h): New / Open / Save / Save as, whether the project
// has unsaved changes, asking to save before losing them, the 60 s autosave with recovery on
// open, and File > Open recent (the motion files opened, most recent first).

#include "stepmotion/ui/project/project_file.h"
#include "stepmotion/ui/window/recent_files.h"
#include "stepmotion/ui/window/window_parts.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

class QMenu;

namespace stepmotion::ui {

class ProjectController : public QObject {
    Q_OBJECT

public:
    /// Uses `parts`' window, settings, status bar, undo stack, steps, editor and takes; tracks
    /// their changes and starts the autosave timer.
    explicit ProjectController(const WindowParts& parts, QObject* parent = nullptr);

    /// File > New project, Open project..., Save project, Save project as... and a separator.
    void createActions(QMenu* file);
    /// File > Open recent: a submenu of `file`, rebuilt whenever the list changes.
    void createRecentMenu(QMenu* file);
    /// The recent motion files, most recent first.
    QStringList recentFiles() const { return m_recent.entries(); }
    /// Puts `path` first in the recent files.
    void addRecentFile(const QString& path);

    /// The MainWindow methods of the same names (main_window.h has their contracts).
    Project currentProject() const;
    QString projectPath() const { return m_projectPath; }
    bool isProjectModified() const;
    bool newProject();
    bool openProject(const QString& path);
    bool saveProject(const QString& path);
    QString autosavePath() const;
    bool autosaveNow();
    bool offerUntitledRecovery();
    bool maybeSave();
    bool saveCurrentProject();
    bool chooseProjectToSave();
    void chooseProjectToOpen();
    /// The window is closing: maybeSave(), and when it may close stops the autosave.
    bool confirmClose();

Q_SIGNALS:
    /// The project's file or its modified state may have changed (the window title shows both).
    void projectStateChanged();
    /// A project (new, opened or recovered) replaced the window's steps, settings and takes;
    /// emitted before projectStateChanged().
    void projectReplaced();
    /// File > Open recent: the user picked `path`.
    void recentFileChosen(const QString& path);

private:
    void applyProject(const Project& project, const QString& path);
    void markModified();
    void rebuildRecentMenu();

    QWidget* m_window;
    QSettings* m_settings;
    QStatusBar* m_statusBar;
    QUndoStack* m_undo;
    StepListModel* m_steps;
    StepEditor* m_editor;
    TakeListModel* m_takeModel;
    RecentFiles m_recent;
    QMenu* m_recentMenu = nullptr;
    QString m_projectPath;
    bool m_dirty = false; // takes or settings changed since the last save/open
    QTimer m_autosave;
};

} // namespace stepmotion::ui
