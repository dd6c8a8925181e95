#pragma once
// Live preview: while the user edits the steps (drags or resizes a timeline bar, edits a step's
// text or body parts, types the coarse sentence, changes the seed or guidance), a preview request
// is due: at once after an edit that ends its gesture (the step list changed), after a short
// pause without edits while the sentence is typed or a setting stepped. The preview uses the editor's steps, seed, guidance
// and timeline choice, one variant, and a fast sampler, so what changes between two previews is
// the edit. It only decides *when* and *what*: the main window sends the request to the
// GenerationService (newest request wins) and shows the result. GL-free and Torch-free.

#include "stepmotion/core/generation/generator.h"

#include <QObject>
#include <QTimer>

namespace stepmotion::ui {

class StepEditor;

/// How previews are made; the defaults are Studio's.
struct LivePreviewSettings {
    int pauseMs = 100;               // quiet time after the last edit: one preview for a burst of keystrokes
    // After an edit of the step list itself (a released drag, a finished text or body-part edit,
    // undo): such an edit ends its gesture, so the wait only merges the signals of one action.
    int committedPauseMs = 0;
    // DPM-Solver++ at 5 steps (its t ~ (i/N)^1.5 grid): 8 network passes where 10 steps take 13; on the
    // timeline benchmark within the 50-step DDIM CI on every step group and on foot skating.
    int samplingSteps = 5;
    Sampler sampler = Sampler::DpmSolver;
};

class LivePreview : public QObject {
    Q_OBJECT

public:
    /// Watches `editor` (its model's steps and coarse sentence, its settings); not owned.
    LivePreview(StepEditor* editor, LivePreviewSettings settings, QObject* parent = nullptr);

    const LivePreviewSettings& settings() const { return m_settings; }
    bool isEnabled() const { return m_enabled; }
    /// Off: no preview is due and a waiting one is dropped. On: a preview of the current steps
    /// is due after the pause.
    void setEnabled(bool on);
    /// While a user's own generation runs, previews wait (sending one would cancel it); an edit
    /// made meanwhile makes one due as soon as it is unblocked.
    void setBlocked(bool blocked);
    /// Drops the waiting preview: the user's own generation is about to show these steps.
    void dropPending();

    /// The editor's request as a preview: one variant, the preview sampler and steps.
    GenerationRequest previewRequest() const;

public Q_SLOTS:
    /// An edit that may be one of a burst (typing the sentence, stepping a spin box): (re)starts
    /// the pause.
    void noteEdit();
    /// An edit that ended its gesture (the steps changed): a preview is due after
    /// committedPauseMs, sooner than after a burst's pause.
    void noteCommittedEdit();

Q_SIGNALS:
    /// A preview of `request` should be generated now.
    void previewDue(const stepmotion::GenerationRequest& request);

private:
    void fire();

    StepEditor* m_editor;
    LivePreviewSettings m_settings;
    QTimer m_timer;
    bool m_enabled = false;
    bool m_blocked = false;
    bool m_due = false; // the pause ended while blocked
};

} // namespace stepmotion::ui
