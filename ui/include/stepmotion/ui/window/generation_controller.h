#pragma once
// MainWindow's generation half: the editor's Generate and Cancel go to the one GenerationService
// and its results become takes (or an error message); kept-frame requests (regenerate a span of
// the shown take, continue the shown motion) add their takes undoably; the live preview sends
// its requests to the same service and plays the result without making it a take until kept.

#include "stepmotion/core/generation/generator.h"
#include "stepmotion/ui/window/window_parts.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QVector>

#include <vector>

class QMenu;

namespace stepmotion::ui {

class LivePreview;

class GenerationController : public QObject {
    Q_OBJECT

public:
    /// Uses `parts`' window, settings, status bar, player, undo stack, editor, takes, takes panel,
    /// generation service and shown motions; connects the service and makes the live preview.
    explicit GenerationController(const WindowParts& parts, QObject* parent = nullptr);

    /// Motion > Regenerate selection and Continue from this motion, also in the step table's,
    /// the timeline strip's and the Takes list's context menus.
    void createKeptActions(QMenu* menu);

    /// MainWindow::regenerateSelection(), regenerateSpan(), continueShownMotion(), keepPreview().
    bool regenerateSelection();
    bool regenerateSpan(int row, double start, double end);
    bool continueShownMotion();
    bool keepPreview();

    LivePreview* livePreview() const { return m_preview; }
    /// Whether the preview is shown cleaned up (MainWindow's Clean up generated motion switch).
    void setCleanUp(bool on) { m_cleanUp = on; }
    /// Shows the latest preview in the player: in place (same frame, still playing) when a
    /// preview is already shown, else instead of the takes shown or beside the opened files,
    /// playing. Nothing without a preview.
    void showPreviewClip();

Q_SIGNALS:
    /// A generation ended: its takes are shown (ok) or its error was reported (!ok).
    void generationSettled(bool ok);
    /// A preview is playing in the player; it took `seconds` to generate.
    void previewShown(double seconds);

private:
    void connectService();
    void createLivePreview();
    /// A user's own generation ended (shown, failed or cancelled): previews may run again.
    void settleUserGeneration();
    void showPreview(const QVector<FeatureClip>& clips, const GenerationRequest& request, double seconds);
    /// Sends `request` to the worker and shows what it does ("what" first, then its windows and
    /// steps) in the progress bar and the status bar; returns the request id.
    int startGeneration(const GenerationRequest& request, const QString& what);
    /// The finished request's clips as takes: plain requests append them, kept requests (with a
    /// name suffix in m_takeOrigins) add them as one undoable command.
    void addGeneratedTakes(int id, const std::vector<FeatureClip>& clips, const GenerationRequest& request);
    /// Row of the take the player shows (the first selected one), or -1.
    int shownTakeRow() const;
    bool refuseKept(const QString& message);
    void showGenerated(int id, const QVector<FeatureClip>& clips, const GenerationRequest& request, double seconds);
    void showGenerationError(const QString& message);

    QWidget* m_window;
    QSettings* m_settings;
    QStatusBar* m_statusBar;
    PlayerWidget* m_player;
    QUndoStack* m_undo;
    StepEditor* m_editor;
    TakeListModel* m_takeModel;
    TakesPanel* m_takesPanel;
    GenerationService* m_generation;
    ShownMotions* m_shown;
    bool m_cleanUp = true;
    LivePreview* m_preview = nullptr;
    int m_previewId = 0;              // request id of the newest preview
    int m_previewBeside = 0;          // opened files or dataset clips kept beside the preview
    std::vector<FeatureClip> m_previewClip; // the latest preview (one clip) and its request
    GenerationRequest m_previewRequest;
    QHash<int, QString> m_takeOrigins; // request id -> name suffix of the takes a kept request makes
};

} // namespace stepmotion::ui
