#pragma once
// The studio's step editor: the coarse sentence, the timed step table (StepListModel) with
// add/delete/duplicate/move buttons, and the generation settings with Generate/Cancel and a
// progress bar. It only edits and asks: the main window runs the generation and reports back
// through setGenerating/setWorkDescription/showProgress/showMessage. The timeline strip sits in
// a StepTimelineView (scrolls and zooms for long timelines). GL-free.

#include "stepmotion/core/generation/generator.h"

#include <QWidget>

#include <optional>
#include <utility>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;

namespace stepmotion::ui {

class StepListModel;
class StepTimeline;
class StepTimelineView;

class StepEditor : public QWidget {
    Q_OBJECT

public:
    /// Edits `model` (not owned; must outlive the editor).
    explicit StepEditor(StepListModel* model, QWidget* parent = nullptr);

    StepListModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    /// The time-axis strip above the table; clicking a bar selects that row in the table.
    StepTimeline* timeline() const { return m_timeline; }
    /// The scroll-and-zoom view around timeline().
    StepTimelineView* timelineView() const { return m_timelineView; }
    /// The span "Regenerate selection" redoes, [start, end] seconds: the range dragged on the
    /// timeline strip, else from the earliest start to the latest end of the selected steps;
    /// nullopt when neither is selected.
    std::optional<std::pair<double, double>> selectedSpan() const;
    /// The total line under the step buttons (its text says when the clip needs several model windows).
    QString totalText() const;
    /// The model's steps with the settings shown (frames 0 = from the steps' length).
    GenerationRequest currentRequest() const;
    /// Settings; seeds above INT_MAX are clamped.
    void setSeed(uint64_t seed);
    void setVariants(int variants);
    /// Clamped to the spin boxes' ranges (guidance [1, 20], sampling steps [1, 1000]).
    void setGuidance(double guidance);
    void setSamplingSteps(int steps);
    /// The "Timeline" choice: follow each step (PerStep, the default) or the whole list at once (Joint).
    void setComposition(StepComposition composition);
    void setSampler(Sampler sampler);
    /// The "Live preview" box (live_preview.h): whether edits regenerate a preview. Setting it
    /// emits livePreviewToggled when it changes.
    bool isLivePreviewOn() const;
    void setLivePreview(bool on);
    /// The box's tooltip names how previews are sampled (the live preview's settings).
    void describeLivePreview(int samplingSteps, Sampler sampler);
    /// Enables "Keep preview" (there is a preview to keep).
    void setPreviewAvailable(bool available);

public Q_SLOTS:
    /// While generating: Generate stays enabled (a new request supersedes), Cancel is enabled
    /// and the progress bar is shown.
    void setGenerating(bool generating);
    void showProgress(int done, int total);
    /// What the running request does, shown in the progress bar after the denoising count
    /// ("denoising 12/50 · 4 windows, 8 steps").
    void setWorkDescription(const QString& work);
    /// One line under the buttons; `error` shows it in red.
    void showMessage(const QString& message, bool error = false);
    /// Emits generateRequested(currentRequest()) unless there is nothing to generate from.
    void requestGeneration();

Q_SIGNALS:
    void generateRequested(const stepmotion::GenerationRequest& request);
    void cancelRequested();
    /// Seed, variants, guidance, sampling steps or timeline changed (by the user or a setter).
    void settingsChanged();
    void livePreviewToggled(bool on);
    /// "Keep preview": the shown preview should become a take.
    void keepPreviewRequested();

private:
    /// Constructor pieces: the coarse line edit (kept in step with the model's coarse text) and
    /// the step table's selection, drag-and-drop reordering and columns.
    void setUpCoarseEdit();
    void setUpTable();
    QWidget* createStepButtons();
    QWidget* createGenerateGroup();
    /// Generate-group pieces, created in this order under `parent`: seed, variants, guidance
    /// and sampling-step spin boxes; the sampler and timeline combo boxes; Generate/Cancel.
    void createNumberSettings(QWidget* parent);
    void createSamplerBox(QWidget* parent);
    void createCompositionBox(QWidget* parent);
    QWidget* createGenerateButtons(QWidget* parent);
    /// Any setting's change emits settingsChanged; the timeline choice also updates the total.
    void connectSettingsSignals();
    QWidget* createPreviewRow(QWidget* parent);
    void createZoomActions();
    void addStep();
    void deleteStep();
    void duplicateStep();
    void moveStep(int delta);
    /// Split: the current step at its snapped midpoint. Merge: the selected rows, which must
    /// be consecutive. Both report a refusal in the message line.
    void splitStep();
    void mergeSteps();
    int currentRow() const;
    void selectRow(int row);
    void updateTotal();

    StepListModel* m_model;
    QLineEdit* m_coarse;
    QTableView* m_table;
    StepTimelineView* m_timelineView;
    StepTimeline* m_timeline;
    QLabel* m_total;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_variants = nullptr;
    QDoubleSpinBox* m_guidance = nullptr;
    QSpinBox* m_samplingSteps = nullptr;
    QComboBox* m_composition = nullptr; // item data: StepComposition as int
    QComboBox* m_sampler = nullptr;     // item data: Sampler as int
    QPushButton* m_generate = nullptr;
    QPushButton* m_cancel = nullptr;
    QCheckBox* m_livePreview = nullptr;
    QPushButton* m_keepPreview = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_message = nullptr;
};

} // namespace stepmotion::ui
