// MainWindow's live preview: edits make a preview due (LivePreview), the request goes to the
// same GenerationService as Generate, and the result plays in the player without becoming a
// take until the user keeps it.

#include "stepmotion/ui/main_window.h"

#include "add_takes_command.h"
#include "stepmotion/ui/generation_service.h"
#include "stepmotion/ui/live_preview.h"
#include "stepmotion/ui/player_widget.h"
#include "stepmotion/ui/step_editor.h"
#include "stepmotion/ui/take_joints.h"
#include "stepmotion/ui/take_list_model.h"
#include "stepmotion/ui/takes_panel.h"

#include <QStatusBar>
#include <QUndoStack>

namespace stepmotion::ui {
namespace {

// An application setting like the clean-up switch: it changes how the editor behaves, not the project.
const QString kLivePreviewKey = QStringLiteral("generation/livePreview");

} // namespace

void MainWindow::createLivePreview()
{
    m_preview = new LivePreview(m_editor, LivePreviewSettings{}, this);
    const bool on = m_settings.value(kLivePreviewKey, true).toBool();
    m_editor->setLivePreview(on);
    m_preview->setEnabled(on);
    connect(m_editor, &StepEditor::livePreviewToggled, this, [this](bool enabled) {
        m_settings.setValue(kLivePreviewKey, enabled);
        m_preview->setEnabled(enabled);
        statusBar()->showMessage(enabled ? tr("Live preview on: edits regenerate a preview after a short pause")
                                         : tr("Live preview off"));
    });
    // Previews are blocked while a user's request runs, so none supersedes a kept request.
    connect(m_preview, &LivePreview::previewDue, this,
            [this](const GenerationRequest& request) { m_previewId = m_generation->request(request); });
    connect(m_editor, &StepEditor::keepPreviewRequested, this, &MainWindow::keepPreview);
}

void MainWindow::settleUserGeneration()
{
    m_preview->setBlocked(false);
}

void MainWindow::showPreview(const QVector<FeatureClip>& clips, const GenerationRequest& request, double seconds)
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

void MainWindow::showPreviewClip()
{
    if (m_previewClip.empty())
        return;
    Take take = takesFromGeneration(m_previewClip, m_previewRequest, 0).front();
    LoadedMotion motion;
    motion.name = tr("live preview \u00b7 seed %1").arg(take.seed);
    try {
        motion.joints = takeJoints(take, m_cleanUpTakes);
    } catch (const std::exception& e) {
        m_editor->showMessage(tr("Cannot show the preview: %1").arg(QString::fromStdString(e.what())), true);
        return;
    }
    // Opened files and dataset clips stay beside the preview (they are what it is compared
    // with); takes and an older preview make way for it.
    std::vector<LoadedMotion> motions;
    const MotionScene& scene = m_player->scene();
    if (!m_showingPreview)
        m_previewBeside = m_showingTakes ? 0 : scene.size();
    QStringList names;
    for (int i = 0; i < m_previewBeside && i < scene.size(); ++i) {
        motions.push_back(scene.motion(i));
        names << scene.motion(i).name;
    }
    names << motion.name;
    motions.push_back(std::move(motion));
    if (m_showingPreview) {
        m_player->replaceMotions(std::move(motions));
    } else {
        showMotions(std::move(motions), QString());
        m_player->play();
    }
    m_shownTitle = names.join(QStringLiteral(", "));
    updateTitle();
    m_showingPreview = true;
}

bool MainWindow::keepPreview()
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
    statusBar()->showMessage(tr("Kept the preview as %1").arg(name));
    return true;
}

} // namespace stepmotion::ui
