#pragma once
// StepMotion Studio's main window: File menu (open, add for comparison, recent files), the
// player in the centre with its transport bar, playback shortcuts and a status bar. It only
// orchestrates: files are read by core (via loadMotion), drawing is the player's job.

#include "stepmotion/ui/recent_files.h"

#include <QMainWindow>
#include <QSettings>

class QLabel;
class QMenu;

namespace stepmotion::ui {

class PlayerWidget;
class PlaybackBar;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);

    /// Loads `path` and shows it alone. On failure shows core's message in a message box,
    /// keeps what was shown before and returns false.
    bool openFile(const QString& path);
    /// Loads `path` and shows it beside the clips already shown (same timeline).
    bool addFile(const QString& path);
    PlayerWidget* player() const { return m_player; }

public Q_SLOTS:
    void chooseFileToOpen();
    void chooseFileToAdd();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    bool load(const QString& path, bool add);
    void createMenus();
    void createPlaybackActions(QMenu* menu);
    void rebuildRecentMenu();
    void showRenderError(const QString& message);
    QString chooseMotionFile(const QString& title);

    QSettings m_settings;
    RecentFiles m_recent;
    PlayerWidget* m_player;
    PlaybackBar* m_bar;
    QMenu* m_recentMenu = nullptr;
    QLabel* m_rateLabel;
};

} // namespace stepmotion::ui
