#include "stepmotion/ui/generation/live_preview.h"

#include "stepmotion/ui/steps/step_editor.h"
#include "stepmotion/ui/steps/step_list_model.h"

namespace stepmotion::ui {

LivePreview::LivePreview(StepEditor* editor, LivePreviewSettings settings, QObject* parent)
    : QObject(parent), m_editor(editor), m_settings(settings)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &LivePreview::fire);
    StepListModel* model = editor->model();
    connect(model, &StepListModel::stepsChanged, this, &LivePreview::noteCommittedEdit);
    connect(model, &StepListModel::coarseChanged, this, &LivePreview::noteEdit);
    connect(editor, &StepEditor::settingsChanged, this, &LivePreview::noteEdit);
}

void LivePreview::setEnabled(bool on)
{
    if (on == m_enabled)
        return;
    m_enabled = on;
    if (on)
        noteEdit(); // the preview shows the steps as they are now
    else
        dropPending();
}

void LivePreview::setBlocked(bool blocked)
{
    m_blocked = blocked;
    if (!blocked && m_due)
        fire();
}

void LivePreview::dropPending()
{
    m_timer.stop();
    m_due = false;
}

void LivePreview::noteEdit()
{
    if (m_enabled)
        m_timer.start(m_settings.pauseMs); // restarts: only a pause after the last edit makes a preview due
}

void LivePreview::noteCommittedEdit()
{
    if (m_enabled)
        m_timer.start(m_settings.committedPauseMs);
}

GenerationRequest LivePreview::previewRequest() const
{
    GenerationRequest request = m_editor->currentRequest();
    request.variants = 1;
    request.samplingSteps = m_settings.samplingSteps;
    request.sampler = m_settings.sampler;
    return request;
}

void LivePreview::fire()
{
    if (!m_enabled)
        return;
    if (m_blocked) {
        m_due = true;
        return;
    }
    m_due = false;
    const StepList& list = m_editor->model()->stepList();
    if (list.steps.empty() && list.coarse.empty())
        return; // nothing to preview; Generate says why when pressed
    Q_EMIT previewDue(previewRequest());
}

} // namespace stepmotion::ui
