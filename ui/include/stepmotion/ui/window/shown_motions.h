#pragma once
// What the player shows, kept apart because MainWindow (files, dataset clips, takes) and its
// GenerationController (the live preview) both put motions there: the title the window's caption
// ends with, and whether the scene is exactly the selected takes or ends with the live preview.
// Those two decide what re-showing the takes (Clean up switched) or the next preview replaces.

#include "stepmotion/ui/player/motion_scene.h"

#include <QObject>
#include <QString>

#include <vector>

namespace stepmotion::ui {

class PlayerWidget;

class ShownMotions : public QObject {
    Q_OBJECT

public:
    /// Shows motions in `player` (not owned; it must outlive this object).
    explicit ShownMotions(PlayerWidget* player, QObject* parent = nullptr);

    /// Replaces the player's clips with `motions` titled `title` (MainWindow::showMotions): they
    /// count as neither takes nor a preview until the caller says so.
    void setMotions(std::vector<LoadedMotion> motions, const QString& title);

    /// Names of the clips shown, for the window title; empty when nothing was named.
    const QString& title() const { return m_title; }
    /// Emits titleChanged().
    void setTitle(const QString& title);

    /// The player shows exactly the selected takes.
    bool isShowingTakes() const { return m_showingTakes; }
    void setShowingTakes(bool on) { m_showingTakes = on; }
    /// The player shows the latest preview, after the clips kept beside it.
    bool isShowingPreview() const { return m_showingPreview; }
    void setShowingPreview(bool on) { m_showingPreview = on; }

Q_SIGNALS:
    void titleChanged();

private:
    PlayerWidget* m_player;
    QString m_title;
    bool m_showingTakes = false;
    bool m_showingPreview = false;
};

} // namespace stepmotion::ui
