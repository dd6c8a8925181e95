#include "stepmotion/ui/study/study_trial_parts.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include <algorithm>

namespace stepmotion::ui {
namespace {

QString stepRowText(const Step& step)
{
    return QStringLiteral("%1-%2 s   %3")
        .arg(step.start, 0, 'f', 1)
        .arg(step.end, 0, 'f', 1)
        .arg(QString::fromStdString(step.text));
}

/// One "label  1 2 3 4 5" row of radio buttons; ids are the scale values.
QButtonGroup* addScaleRow(QGridLayout* grid, int row, const QString& label, const QString& low, const QString& high,
                          QWidget* parent)
{
    auto* group = new QButtonGroup(parent);
    grid->addWidget(new QLabel(label, parent), row, 0);
    grid->addWidget(new QLabel(low, parent), row, 1, Qt::AlignRight);
    for (int value = 1; value <= 5; ++value) {
        auto* radio = new QRadioButton(QString::number(value), parent);
        group->addButton(radio, value);
        grid->addWidget(radio, row, 1 + value);
    }
    grid->addWidget(new QLabel(high, parent), row, 7);
    return group;
}

void clearGroup(QButtonGroup* group)
{
    // An exclusive group cannot be unchecked directly.
    group->setExclusive(false);
    for (QAbstractButton* b : group->buttons())
        b->setChecked(false);
    group->setExclusive(true);
}

} // namespace

StudyStepsView::StudyStepsView(QWidget* parent)
    : QWidget(parent)
    , m_coarse(new QLabel(this))
    , m_list(new QListWidget(this))
{
    m_coarse->setWordWrap(true);
    QFont bold = m_coarse->font();
    bold.setBold(true);
    m_coarse->setFont(bold);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Description"), this));
    layout->addWidget(m_coarse);
    layout->addWidget(m_list, 1);
}

void StudyStepsView::setSteps(const StepList& steps)
{
    m_steps = steps;
    m_coarse->setText(QString::fromStdString(steps.coarse));
    m_coarse->setVisible(!steps.coarse.empty());
    m_list->clear();
    for (const Step& step : steps.steps)
        m_list->addItem(stepRowText(step));
    m_active.clear();
    setCurrentTime(0);
}

void StudyStepsView::setCurrentTime(double seconds)
{
    std::vector<int> active;
    for (std::size_t i = 0; i < m_steps.steps.size(); ++i)
        if (m_steps.steps[i].start <= seconds && seconds <= m_steps.steps[i].end)
            active.push_back(static_cast<int>(i));
    if (active == m_active && m_list->count() > 0)
        return;
    m_active = active;
    const QPalette palette = m_list->palette();
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem* item = m_list->item(row);
        const bool on = std::find(m_active.begin(), m_active.end(), row) != m_active.end();
        QFont font = item->font();
        font.setBold(on);
        item->setFont(font);
        item->setBackground(on ? palette.highlight() : QBrush());
        item->setForeground(on ? palette.highlightedText() : palette.text());
    }
}

PairwiseAnswerPanel::PairwiseAnswerPanel(QWidget* parent)
    : QWidget(parent)
    , m_question(new QLabel(this))
    , m_group(new QButtonGroup(this))
{
    m_question->setWordWrap(true);
    const QList<QPair<PairChoice, QString>> buttons{
        {PairChoice::Left, tr("Motion A is better  [1]")},
        {PairChoice::Same, tr("About the same  [2]")},
        {PairChoice::Right, tr("Motion B is better  [3]")}};
    auto* row = new QHBoxLayout;
    for (const auto& [choice, text] : buttons) {
        auto* b = new QPushButton(text, this);
        b->setCheckable(true);
        b->setFocusPolicy(Qt::NoFocus); // keys go to the session: arrows choose, they don't move focus
        m_group->addButton(b, static_cast<int>(choice));
        row->addWidget(b);
    }
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_question);
    layout->addLayout(row);
    connect(m_group, &QButtonGroup::idClicked, this, [this](int id) { setChoice(static_cast<PairChoice>(id)); });
}

void PairwiseAnswerPanel::setQuestion(const QString& question)
{
    m_question->setText(question);
}

QPushButton* PairwiseAnswerPanel::button(PairChoice choice) const
{
    return qobject_cast<QPushButton*>(m_group->button(static_cast<int>(choice)));
}

void PairwiseAnswerPanel::setChoice(PairChoice choice)
{
    m_choice = choice;
    if (choice == PairChoice::None)
        clearGroup(m_group);
    else
        button(choice)->setChecked(true);
    Q_EMIT answerChanged();
}

LikertAnswerPanel::LikertAnswerPanel(QWidget* parent)
    : QWidget(parent)
{
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    m_faithfulness = addScaleRow(grid, 0, tr("How well does the motion follow the description?"),
                                 tr("not at all"), tr("perfectly"), this);
    m_naturalness = addScaleRow(grid, 1, tr("How natural does the motion look?"), tr("very unnatural"),
                                tr("completely natural"), this);
    connect(m_faithfulness, &QButtonGroup::idClicked, this, &LikertAnswerPanel::answerChanged);
    connect(m_naturalness, &QButtonGroup::idClicked, this, &LikertAnswerPanel::answerChanged);
}

int LikertAnswerPanel::faithfulness() const
{
    return std::max(0, m_faithfulness->checkedId());
}

int LikertAnswerPanel::naturalness() const
{
    return std::max(0, m_naturalness->checkedId());
}

void LikertAnswerPanel::reset()
{
    clearGroup(m_faithfulness);
    clearGroup(m_naturalness);
    Q_EMIT answerChanged();
}

void LikertAnswerPanel::setValue(bool faithfulnessRow, int value)
{
    QButtonGroup* group = faithfulnessRow ? m_faithfulness : m_naturalness;
    if (QAbstractButton* b = group->button(value))
        b->setChecked(true);
    else
        clearGroup(group);
    Q_EMIT answerChanged();
}

StepCheckPanel::StepCheckPanel(QWidget* parent)
    : QWidget(parent)
    , m_boxArea(new QWidget(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Which steps are performed? Tick every step the motion does."), this));
    layout->addWidget(m_boxArea);
    new QVBoxLayout(m_boxArea);
    m_boxArea->layout()->setContentsMargins(0, 0, 0, 0);
}

void StepCheckPanel::setSteps(const StepList& steps)
{
    for (QCheckBox* box : m_boxes)
        delete box;
    m_boxes.clear();
    for (const Step& step : steps.steps) {
        auto* box = new QCheckBox(QString::fromStdString(step.text), m_boxArea);
        m_boxArea->layout()->addWidget(box);
        m_boxes.push_back(box);
    }
}

std::vector<bool> StepCheckPanel::performed() const
{
    std::vector<bool> out;
    out.reserve(m_boxes.size());
    for (const QCheckBox* box : m_boxes)
        out.push_back(box->isChecked());
    return out;
}

} // namespace stepmotion::ui
