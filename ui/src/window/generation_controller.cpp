// GenerationController's requests and results, and the live preview: edits make a preview due
// (LivePreview), the request goes to the same GenerationService as Generate, and the result
// plays in the player without becoming a take until the user keeps it.

#include "stepmotion/ui/window/generation_controller.h"

#include "takes/add_takes_command.h"
#include "stepmotion/ui/generation/generation_service.h"
#include "stepmotion/ui/generation/generation_work.h"
#include "stepmotion/ui/generation/live_preview.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/steps/step_editor.h"
#include "stepmotion/ui/takes/take_joints.h"
#include "stepmotion/ui/takes/take_list_model.h"
#include "stepmotion/ui/takes/takes_panel.h"
#include "stepmotion/ui/window/shown_motions.h"

#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QUndoStack>

namespace stepmotion::ui {
namespace {

// An application setting like the clean-up switch: it changes how the editor behaves, not the project.
const QString kLivePreviewKey = QStringLiteral("generation/livePreview");

} // namespace

GenerationController::GenerationController(const WindowParts& parts, QObject* parent)
    : QObject(parent)
    , m_window(parts.window)
    , m_settings(parts.settings)
    , m_statusBar(parts.statusBar)
    , m_player(parts.player)
    , m_undo(parts.undo)
    , m_editor(parts.editor)
    , m_takeModel(parts.takes)
    , m_takesPanel(parts.takesPanel)
    , m_generation(parts.generation)
    , m_shown(parts.shown)
{
    connectService();
    createLivePreview();
}

void GenerationController::connectService()
{
    connect(m_editor, &StepEditor::generateRequested, this,
            [this](const GenerationRequest& request) { startGeneration(request, QString()); });
    connect(m_editor, &StepEditor::cancelRequested, m_generation, &GenerationService::cancel);
    // The controller as context (not the editor): it is destroyed before the window's widgets.
    connect(m_generation, &GenerationService::progress, this,
            [this](int, int done, int total) { m_editor->showProgress(done, total); });
    connect(m_generation, &GenerationService::finished, this, &GenerationController::showGenerated);
    connect(m_generation, &GenerationService::failed, this, [this](int id, const QString& message) {
        if (id == m_previewId) // no message box for a preview: the next edit makes another
            m_editor->showMessage(tr("Preview failed: %1").arg(message), true);
        else
            showGenerationError(message);
    });
    connect(m_generation, &GenerationService::cancelled, this, [this](int id) {
        if (id != m_generation->latestRequest() || id == m_previewId)
            return; // superseded by a newer request that is still running, or a preview
        settleUserGeneration();
        m_editor->setGenerating(false);
        m_editor->showMessage(tr("Cancelled."));
        m_statusBar->showMessage(tr("Generation cancelled"));
    });
}

int GenerationController::startGeneration(const GenerationRequest& request, const QString& what)
{
    m_takeOrigins.clear(); // only the newest request delivers
    m_preview->dropPending(); // the takes will show these steps
    m_preview->setBlocked(true);
    const int id = m_generation->request(request);
    m_editor->setGenerating(true);
    const QString work = what.isEmpty() ? generationWork(request) : what + QStringLiteral(" \u00b7 ") + generationWork(request);
    m_editor->setWorkDescription(work);
    m_statusBar->showMessage(tr("Generating %n variant(s): %1...", nullptr, request.variants).arg(work));
    return id;
}

void GenerationController::showGenerated(int id, const QVector<FeatureClip>& clips, const GenerationRequest& request,
                                         double seconds)
{
    if (id == m_previewId) {
        showPreview(clips, request, seconds);
        return;
    }
    settleUserGeneration();
    m_editor->setGenerating(false);
    const std::vector<FeatureClip> list(clips.begin(), clips.end());
    const int first = m_takeModel->rowCount();
    addGeneratedTakes(id, list, request);
    QList<int> rows;
    for (int row = first; row < m_takeModel->rowCount(); ++row)
        rows << row;
    m_takesPanel->selectRows(rows); // shows them through the selection
    const QString summary = tr("generated %n variant(s) in %1 s", nullptr, static_cast<int>(clips.size()))
                                .arg(seconds, 0, 'f', 1);
    m_editor->showMessage(summary);
    m_statusBar->showMessage(summary);
    Q_EMIT generationSettled(true);
}

void GenerationController::showGenerationError(const QString& message)
{
    settleUserGeneration();
    m_editor->setGenerating(false);
    m_editor->showMessage(message, true);
    m_statusBar->showMessage(tr("Generation failed: %1").arg(message));
    Q_EMIT generationSettled(false); // before the modal box, so unattended runs can finish
    QMessageBox::warning(m_window, tr("Cannot generate motion"), message);
}

void GenerationController::createLivePreview()
{
    m_preview = new LivePreview(m_editor, LivePreviewSettings{}, this);
    m_editor->describeLivePreview(m_preview->settings().samplingSteps, m_preview->settings().sampler);
    const bool on = m_settings->value(kLivePreviewKey, true).toBool();
    m_editor->setLivePreview(on);
    m_preview->setEnabled(on);
    connect(m_editor, &StepEditor::livePreviewToggled, this, [this](bool enabled) {
        m_settings->setValue(kLivePreviewKey, enabled);
        m_preview->setEnabled(enabled);
        m_statusBar->showMessage(enabled ? tr("Live preview on: edits regenerate a preview after a short pause")
                                         : tr("Live preview off"));
    });
    // Previews are blocked while a user's request runs, so none supersedes a kept request.
    connect(m_preview, &LivePreview::previewDue, this,
            [this](const GenerationRequest& request) { m_previewId = m_generation->request(request); });
    connect(m_editor, &StepEditor::keepPreviewRequested, this, &GenerationController::keepPreview);
}

void GenerationController::settleUserGeneration()
{
    m_preview->setBlocked(false);
}

void GenerationController::showPreview(const QVector<FeatureClip>& clips, const GenerationRequest& request,
                                       double seconds)
{
    if (clips.isEmpty())
        return;
    m_previewClip.assign(clips.begin(), clips.begin() + 1);
    m_previewRequest = request;
    showPreviewClip();
    m_editor->setPreviewAvailable(true);
    m_editor->showMessage(tr("Preview in %1 s (%2 %3 steps)")
                              .arg(seconds, 0, 'f', 2)
                              .arg(request.samplingSteps)
                              .arg(QString::fromStdString(samplerName(request.sampler))));
    Q_EMIT previewShown(seconds);
}

void GenerationController::showPreviewClip()
{
    if (m_previewClip.empty())
        return;
    Take take = takesFromGeneration(m_previewClip, m_previewRequest, 0).front();
    LoadedMotion motion;
    motion.name = tr("live preview \u00b7 seed %1").arg(take.seed);
    try {
        motion.joints = takeJoints(take, m_cleanUp);
    } catch (const std::exception& e) {
        m_editor->showMessage(tr("Cannot show the preview: %1").arg(QString::fromStdString(e.what())), true);
        return;
    }
    // Opened files and dataset clips stay beside the preview (they are what it is compared
    // with); takes and an older preview make way for it.
    std::vector<LoadedMotion> motions;
    const MotionScene& scene = m_player->scene();
    if (!m_shown->isShowingPreview())
        m_previewBeside = m_shown->isShowingTakes() ? 0 : scene.size();
    QStringList names;
    for (int i = 0; i < m_previewBeside && i < scene.size(); ++i) {
        motions.push_back(scene.motion(i));
        names << scene.motion(i).name;
    }
    names << motion.name;
    motions.push_back(std::move(motion));
    if (m_shown->isShowingPreview()) {
        m_player->replaceMotions(std::move(motions));
    } else {
        m_shown->setMotions(std::move(motions), QString());
        m_player->play();
    }
    m_shown->setTitle(names.join(QStringLiteral(", ")));
    m_shown->setShowingPreview(true);
}

bool GenerationController::keepPreview()
{
    if (m_previewClip.empty()) {
        m_editor->showMessage(tr("There is no preview to keep: turn on Live preview and edit a step."), true);
        return false;
    }
    std::vector<Take> takes = takesFromGeneration(m_previewClip, m_previewRequest, m_takeModel->lastNumber() + 1);
    takes.front().name += tr(" \u00b7 preview");
    const QString name = takes.front().name;
    m_undo->push(new detail::AddTakesCommand(m_takeModel, std::move(takes), tr("Keep preview \u201c%1\u201d").arg(name)));
    m_takesPanel->selectRows({m_takeModel->rowCount() - 1});
    m_statusBar->showMessage(tr("Kept the preview as %1").arg(name));
    return true;
}

} // namespace stepmotion::ui
