#include "stepmotion/ui/steps/step_editor.h"

#include "stepmotion/core/motion/motion.h"
#include "stepmotion/core/motion/skeleton.h"

#include "stepmotion/ui/generation/generation_work.h"
#include "stepmotion/ui/steps/step_list_model.h"
#include "stepmotion/ui/steps/step_timeline.h"
#include "stepmotion/ui/steps/step_timeline_view.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

namespace stepmotion::ui {
namespace {

/// A button whose shortcut works while focus is anywhere inside `scope`.
QPushButton* makeButton(const QString& text, const QKeySequence& key, QWidget* scope)
{
    auto* button = new QPushButton(text, scope);
    auto* action = new QAction(text, button);
    action->setShortcut(key);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QObject::connect(action, &QAction::triggered, button, &QPushButton::click);
    scope->addAction(action);
    button->setToolTip(QStringLiteral("%1 (%2)").arg(text, key.toString(QKeySequence::NativeText)));
    return button;
}

} // namespace

StepEditor::StepEditor(StepListModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_coarse(new QLineEdit(this))
    , m_table(new QTableView(this))
    , m_timelineView(new StepTimelineView(model, this))
    , m_timeline(m_timelineView->timeline())
    , m_total(new QLabel(this))
{
    setUpCoarseEdit();
    setUpTable();

    m_total->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Coarse description"), this));
    layout->addWidget(m_coarse);
    layout->addWidget(m_timelineView);
    layout->addWidget(m_table, 1);
    layout->addWidget(createStepButtons());
    layout->addWidget(m_total);
    layout->addWidget(createGenerateGroup());

    connect(m_timeline, &StepTimeline::stepClicked, this, &StepEditor::selectRow);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, m_timeline,
            [this](const QModelIndex& current) {
                m_timeline->setSelectedRow(current.isValid() ? current.row() : -1);
                m_timelineView->ensureStepVisible(current.row());
            });
    // Selecting steps replaces a dragged range as what "Regenerate selection" redoes.
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, m_timeline,
            &StepTimeline::clearSelectedRange);
    createZoomActions();
    connect(m_model, &StepListModel::stepListChanged, this, &StepEditor::updateTotal);
    connect(m_model, &QAbstractItemModel::modelReset, this, &StepEditor::updateTotal);
    updateTotal();
    setGenerating(false);
}

void StepEditor::setUpCoarseEdit()
{
    m_coarse->setPlaceholderText(tr("Coarse description, e.g. \"a person waves and walks away\""));
    m_coarse->setText(QString::fromStdString(m_model->stepList().coarse));
    connect(m_coarse, &QLineEdit::textEdited, m_model, &StepListModel::setCoarse);
    connect(m_model, &StepListModel::coarseChanged, this, [this](const QString& coarse) {
        if (m_coarse->text() != coarse) // undo/redo/open, not the user's own typing
            m_coarse->setText(coarse);
    });
}

void StepEditor::setUpTable()
{
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Contiguous: Merge works on a block of consecutive rows.
    m_table->setSelectionMode(QAbstractItemView::ContiguousSelection);
    // Rows are reordered by dragging; the model turns a drop into one undoable move.
    m_table->setDragEnabled(true);
    m_table->setAcceptDrops(true);
    m_table->setDropIndicatorShown(true);
    m_table->setDragDropOverwriteMode(false);
    m_table->setDragDropMode(QAbstractItemView::InternalMove);
    m_table->setDefaultDropAction(Qt::MoveAction);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setColumnWidth(StepListModel::StartColumn, 64);
    m_table->setColumnWidth(StepListModel::EndColumn, 64);
    m_table->setColumnWidth(StepListModel::BodyPartsColumn, 140);
    m_table->setToolTip(tr("Body parts: comma-separated, e.g. \"left_arm, right_hand\" (head, torso, left_arm, "
                           "right_arm, left_hand, right_hand, left_leg, right_leg, whole_body)"));
}

QWidget* StepEditor::createStepButtons()
{
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    QPushButton* add = makeButton(tr("Add"), QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    QPushButton* remove = makeButton(tr("Delete"), QKeySequence(Qt::CTRL | Qt::Key_Delete), this);
    QPushButton* duplicate = makeButton(tr("Duplicate"), QKeySequence(Qt::CTRL | Qt::Key_D), this);
    QPushButton* up = makeButton(tr("Up"), QKeySequence(Qt::CTRL | Qt::Key_Up), this);
    QPushButton* down = makeButton(tr("Down"), QKeySequence(Qt::CTRL | Qt::Key_Down), this);
    connect(add, &QPushButton::clicked, this, &StepEditor::addStep);
    connect(remove, &QPushButton::clicked, this, &StepEditor::deleteStep);
    connect(duplicate, &QPushButton::clicked, this, &StepEditor::duplicateStep);
    connect(up, &QPushButton::clicked, this, [this] { moveStep(-1); });
    connect(down, &QPushButton::clicked, this, [this] { moveStep(1); });
    QPushButton* split = makeButton(tr("Split"), QKeySequence(Qt::CTRL | Qt::Key_K), this);
    QPushButton* merge = makeButton(tr("Merge"), QKeySequence(Qt::CTRL | Qt::Key_J), this);
    split->setToolTip(tr("Split the current step in two at its middle (%1)").arg(split->toolTip().section('(', 1).chopped(1)));
    merge->setToolTip(tr("Merge the selected consecutive steps into one (%1)").arg(merge->toolTip().section('(', 1).chopped(1)));
    connect(split, &QPushButton::clicked, this, &StepEditor::splitStep);
    connect(merge, &QPushButton::clicked, this, &StepEditor::mergeSteps);
    for (QPushButton* button : {add, remove, duplicate, up, down, split, merge})
        layout->addWidget(button);
    return row;
}

QWidget* StepEditor::createGenerateGroup()
{
    auto* group = new QGroupBox(tr("Generate"), this);
    auto* form = new QFormLayout(group);
    createNumberSettings(group);
    createSamplerBox(group);
    createCompositionBox(group);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Variants"), m_variants);
    form->addRow(tr("Guidance"), m_guidance);
    form->addRow(tr("Sampling steps"), m_samplingSteps);
    form->addRow(tr("Sampler"), m_sampler);
    form->addRow(tr("Timeline"), m_composition);

    form->addRow(createGenerateButtons(group));
    form->addRow(createPreviewRow(group));
    m_progress = new QProgressBar(group);
    form->addRow(m_progress);
    m_message = new QLabel(group);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(m_message);
    connect(m_generate, &QPushButton::clicked, this, &StepEditor::requestGeneration);
    connect(m_cancel, &QPushButton::clicked, this, &StepEditor::cancelRequested);
    connectSettingsSignals();
    return group;
}

void StepEditor::createNumberSettings(QWidget* parent)
{
    m_seed = new QSpinBox(parent);
    m_seed->setRange(0, INT_MAX);
    m_variants = new QSpinBox(parent);
    m_variants->setRange(1, 8);
    m_guidance = new QDoubleSpinBox(parent);
    m_guidance->setRange(1.0, 20.0);
    m_guidance->setSingleStep(0.5);
    m_guidance->setValue(2.5);
    m_guidance->setToolTip(tr("Classifier-free guidance: 1 = conditional only, higher follows the text more"));
    m_samplingSteps = new QSpinBox(parent);
    m_samplingSteps->setRange(1, 1000);
    m_samplingSteps->setValue(50);
}

void StepEditor::createSamplerBox(QWidget* parent)
{
    m_sampler = new QComboBox(parent);
    m_sampler->setObjectName(QStringLiteral("sampler"));
    m_sampler->addItem(tr("DDIM"), static_cast<int>(Sampler::Ddim));
    m_sampler->addItem(tr("DPM-Solver++"), static_cast<int>(Sampler::DpmSolver));
    m_sampler->setToolTip(tr("DDIM: first-order steps, about 50 for a clean clip.\n"
                             "DPM-Solver++: second-order steps along the same path; fewer steps give the same motion."));
}

void StepEditor::createCompositionBox(QWidget* parent)
{
    m_composition = new QComboBox(parent);
    m_composition->setObjectName(QStringLiteral("timeline"));
    m_composition->addItem(tr("Follow each step by its own words"), static_cast<int>(StepComposition::OwnWords));
    m_composition->addItem(tr("Follow each step with the sentence"), static_cast<int>(StepComposition::PerStep));
    m_composition->addItem(tr("Whole list at once"), static_cast<int>(StepComposition::Joint));
    const QString ownTip = tr("Each step is also generated alone over its time span and body parts, so the motion "
                              "follows the timeline. A step alone on its body parts (one of a sequence, or a walk "
                              "while an arm waves) is generated from its own words without the sentence, which "
                              "lists everything, and sees its own body for the parts other steps move.");
    const QString sentenceTip = tr("As Follow each step by its own words, but every step also reads the sentence: "
                                   "the clip follows the sentence more closely, steps in order and at once less often.");
    const QString wholeTip = tr("The whole step list is one condition, as the model was trained; it tends to do "
                                "one thing throughout.");
    m_composition->setItemData(0, ownTip, Qt::ToolTipRole);
    m_composition->setItemData(1, sentenceTip, Qt::ToolTipRole);
    m_composition->setItemData(2, wholeTip, Qt::ToolTipRole);
    m_composition->setToolTip(tr("By its own words: %1\nWith the sentence: %2\nWhole list at once: %3")
                                  .arg(ownTip, sentenceTip, wholeTip));
    m_composition->setCurrentIndex(m_composition->findData(static_cast<int>(kDefaultComposition)));
}

QWidget* StepEditor::createGenerateButtons(QWidget* parent)
{
    auto* buttons = new QWidget(parent);
    auto* row = new QHBoxLayout(buttons);
    row->setContentsMargins(0, 0, 0, 0);
    // Shortcut scope is the whole editor, like the step buttons.
    m_generate = makeButton(tr("Generate"), QKeySequence(Qt::CTRL | Qt::Key_G), this);
    m_cancel = makeButton(tr("Cancel"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G), this);
    row->addWidget(m_generate);
    row->addWidget(m_cancel);
    return buttons;
}

void StepEditor::connectSettingsSignals()
{
    for (QSpinBox* box : {m_seed, m_variants, m_samplingSteps})
        connect(box, &QSpinBox::valueChanged, this, &StepEditor::settingsChanged);
    connect(m_guidance, &QDoubleSpinBox::valueChanged, this, &StepEditor::settingsChanged);
    connect(m_composition, &QComboBox::currentIndexChanged, this, &StepEditor::settingsChanged);
    connect(m_sampler, &QComboBox::currentIndexChanged, this, &StepEditor::settingsChanged);
    // The total line's warning depends on the timeline choice (Whole list at once cannot be windowed).
    connect(m_composition, &QComboBox::currentIndexChanged, this, &StepEditor::updateTotal);
}

QWidget* StepEditor::createPreviewRow(QWidget* parent)
{
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    m_livePreview = new QCheckBox(tr("Live preview"), row);
    m_livePreview->setObjectName(QStringLiteral("livePreview"));
    m_keepPreview = new QPushButton(tr("Keep preview"), row);
    m_keepPreview->setObjectName(QStringLiteral("keepPreview"));
    m_keepPreview->setToolTip(tr("Add the preview in the player to the takes"));
    m_keepPreview->setEnabled(false);
    layout->addWidget(m_livePreview);
    layout->addWidget(m_keepPreview);
    layout->addStretch(1);
    connect(m_livePreview, &QCheckBox::toggled, this, &StepEditor::livePreviewToggled);
    connect(m_keepPreview, &QPushButton::clicked, this, &StepEditor::keepPreviewRequested);
    return row;
}

void StepEditor::describeLivePreview(int samplingSteps, Sampler sampler)
{
    const QString name = m_sampler->itemText(m_sampler->findData(static_cast<int>(sampler)));
    m_livePreview->setToolTip(tr("Regenerate a preview in the player a moment after each edit: one variant with "
                                 "this seed, %1 %2 steps. Generate still makes the takes.")
                                  .arg(samplingSteps)
                                  .arg(name));
}

bool StepEditor::isLivePreviewOn() const
{
    return m_livePreview->isChecked();
}

void StepEditor::setLivePreview(bool on)
{
    m_livePreview->setChecked(on);
}

void StepEditor::setPreviewAvailable(bool available)
{
    m_keepPreview->setEnabled(available);
}

GenerationRequest StepEditor::currentRequest() const
{
    GenerationRequest request;
    request.steps = m_model->stepList();
    request.frames = 0;
    request.seed = static_cast<uint64_t>(m_seed->value());
    request.variants = m_variants->value();
    request.guidanceScale = m_guidance->value();
    request.samplingSteps = m_samplingSteps->value();
    request.sampler = static_cast<Sampler>(m_sampler->currentData().toInt());
    request.composition = static_cast<StepComposition>(m_composition->currentData().toInt());
    return request;
}

void StepEditor::setSeed(uint64_t seed)
{
    m_seed->setValue(static_cast<int>(std::min<uint64_t>(seed, INT_MAX)));
}

void StepEditor::setVariants(int variants)
{
    m_variants->setValue(variants);
}

void StepEditor::setGuidance(double guidance)
{
    m_guidance->setValue(guidance);
}

void StepEditor::setSamplingSteps(int steps)
{
    m_samplingSteps->setValue(steps);
}

void StepEditor::setSampler(Sampler sampler)
{
    m_sampler->setCurrentIndex(m_sampler->findData(static_cast<int>(sampler)));
}

void StepEditor::setComposition(StepComposition composition)
{
    m_composition->setCurrentIndex(m_composition->findData(static_cast<int>(composition)));
}

void StepEditor::setGenerating(bool generating)
{
    m_cancel->setEnabled(generating);
    m_progress->setVisible(generating);
    if (generating) {
        m_progress->setRange(0, 0); // busy until the first progress report (model loading)
        showMessage(tr("Generating..."));
    }
}

void StepEditor::setWorkDescription(const QString& work)
{
    // %v/%m: QProgressBar's value and maximum.
    m_progress->setFormat(work.isEmpty() ? tr("denoising %v/%m") : tr("denoising %v/%m · %1").arg(work));
}

void StepEditor::showProgress(int done, int total)
{
    m_progress->setRange(0, total);
    m_progress->setValue(done);
}

void StepEditor::showMessage(const QString& message, bool error)
{
    m_message->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
    m_message->setText(message);
}

void StepEditor::requestGeneration()
{
    const StepList& list = m_model->stepList();
    if (list.steps.empty() && list.coarse.empty()) {
        showMessage(tr("Write a coarse description or add a step first."), true);
        return;
    }
    Q_EMIT generateRequested(currentRequest());
}

void StepEditor::addStep()
{
    const int row = currentRow() < 0 ? m_model->rowCount() : currentRow() + 1;
    if (m_model->insertStep(row))
        selectRow(row);
}

void StepEditor::deleteStep()
{
    const int row = currentRow();
    if (m_model->removeStep(row))
        selectRow(std::min(row, m_model->rowCount() - 1));
}

void StepEditor::duplicateStep()
{
    const int row = currentRow();
    if (m_model->duplicateStep(row))
        selectRow(row + 1);
}

void StepEditor::moveStep(int delta)
{
    const int row = currentRow();
    if (m_model->moveStep(row, delta))
        selectRow(row + delta);
}

void StepEditor::splitStep()
{
    const int row = currentRow();
    if (row < 0)
        return;
    if (m_model->splitStep(row))
        selectRow(row);
    else
        showMessage(tr("This step is too short to split (the halves snap to 0.05 s)."), true);
}

void StepEditor::mergeSteps()
{
    QList<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    for (const QModelIndex& index : selected)
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    const bool consecutive = rows.size() >= 2 && rows.back() - rows.front() == rows.size() - 1;
    if (!consecutive || !m_model->mergeSteps(rows.front(), rows.back())) {
        showMessage(tr("Select two or more consecutive steps to merge."), true);
        return;
    }
    selectRow(rows.front());
}

std::optional<std::pair<double, double>> StepEditor::selectedSpan() const
{
    if (const auto range = m_timeline->selectedRange())
        return range;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (selected.isEmpty())
        return std::nullopt;
    const auto& steps = m_model->stepList().steps;
    double start = 1e300, end = -1e300;
    for (const QModelIndex& index : selected) {
        const Step& step = steps[static_cast<std::size_t>(index.row())];
        start = std::min(start, step.start);
        end = std::max(end, step.end);
    }
    return std::make_pair(start, end);
}

QString StepEditor::totalText() const
{
    return m_total->text();
}

void StepEditor::createZoomActions()
{
    // Editor-wide, like the step buttons: they work while the table has focus.
    const auto add = [this](const QList<QKeySequence>& keys, auto slot) {
        auto* action = new QAction(this);
        action->setShortcuts(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, m_timelineView, slot);
        addAction(action);
    };
    // Distinct sequences only: the same one twice on an action is an ambiguous shortcut.
    add({QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::CTRL | Qt::Key_Plus)}, &StepTimelineView::zoomIn);
    add({QKeySequence(Qt::CTRL | Qt::Key_Minus)}, &StepTimelineView::zoomOut);
    add({QKeySequence(Qt::CTRL | Qt::Key_0)}, &StepTimelineView::zoomToFit);
}

int StepEditor::currentRow() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void StepEditor::selectRow(int row)
{
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row, StepListModel::TextColumn);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void StepEditor::updateTotal()
{
    const int frames = framesForSteps(m_model->stepList());
    QString text = tr("%n step(s), %1 s; generates %2 frames (%3 s at 20 fps)", nullptr, m_model->rowCount())
                       .arg(m_model->totalSeconds(), 0, 'f', 2)
                       .arg(frames)
                       .arg(clipDurationSeconds(frames, kFps), 0, 'f', 2);
    bool refused = false;
    if (m_model->totalSeconds() > kMaxTimelineFrames / kFps + 0.05) {
        // framesForSteps stops at the longest request: say so instead of cutting the steps.
        text += tr("\nThe steps end after the %1 s a request may be: Generate will refuse them.")
                    .arg(kMaxTimelineFrames / kFps, 0, 'f', 0);
        refused = true;
    } else if (frames > kMaxFrames) {
        const bool joint = m_composition
                           && static_cast<StepComposition>(m_composition->currentData().toInt()) == StepComposition::Joint;
        text += tr("\nLonger than the model's %1 s window: generated in %2 overlapping windows "
                   "(needs a Timeline choice that follows each step).")
                    .arg(kMaxFrames / kFps, 0, 'f', 1)
                    .arg(modelWindowCount(frames));
        refused = joint;
    }
    m_total->setText(text);
    m_total->setStyleSheet(refused ? QStringLiteral("color: #c62828;") : QString());
}

} // namespace stepmotion::ui
