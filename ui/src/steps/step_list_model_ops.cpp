// StepListModel's multi-row operations: drag-and-drop reordering, split, merge and the
// timeline's time edits; each one undoable command (or macro) on the model's stack.

#include "stepmotion/ui/steps/step_list_model.h"

#include "steps/step_list_commands.h"

#include <QMimeData>
#include <QUndoStack>

#include <algorithm>
#include <cmath>
#include <optional>

namespace stepmotion::ui {

using namespace detail;

bool StepListModel::moveSteps(int first, int count, int destination)
{
    const int rows = rowCount();
    if (count < 1 || first < 0 || first + count > rows || destination < 0 || destination > rows)
        return false;
    if (destination >= first && destination <= first + count)
        return false; // lands where it is
    const int newFirst = destination > first ? destination - count : destination;
    m_undo->push(new MoveBlockCommand(this, first, count, newFirst));
    return true;
}

bool StepListModel::splitStep(int row)
{
    if (row < 0 || row >= rowCount())
        return false;
    const Step& step = m_list.steps[static_cast<std::size_t>(row)];
    const double middle = snapTime((step.start + step.end) / 2);
    if (!(middle > step.start && middle < step.end))
        return false;
    Step firstHalf = step;
    firstHalf.end = middle;
    Step secondHalf = step;
    secondHalf.start = middle;
    m_undo->beginMacro(tr("Split step"));
    m_undo->push(new EditStepCommand(this, row, step, firstHalf, tr("Split step")));
    m_undo->push(new InsertStepCommand(this, row + 1, secondHalf, tr("Split step")));
    m_undo->endMacro();
    return true;
}

bool StepListModel::mergeSteps(int first, int last)
{
    if (first < 0 || last <= first || last >= rowCount())
        return false;
    const Step before = m_list.steps[static_cast<std::size_t>(first)];
    Step merged = before;
    QStringList texts;
    for (int row = first; row <= last; ++row) {
        const Step& step = m_list.steps[static_cast<std::size_t>(row)];
        merged.start = std::min(merged.start, step.start);
        merged.end = std::max(merged.end, step.end);
        for (BodyPart part : step.bodyParts)
            if (std::find(merged.bodyParts.begin(), merged.bodyParts.end(), part) == merged.bodyParts.end())
                merged.bodyParts.push_back(part);
        texts << QString::fromStdString(step.text).trimmed();
    }
    merged.text = texts.join(QLatin1Char(' ')).toStdString();
    m_undo->beginMacro(tr("Merge steps"));
    m_undo->push(new EditStepCommand(this, first, before, merged, tr("Merge steps")));
    for (int row = last; row > first; --row) // from the bottom, so the rows above keep their numbers
        m_undo->push(new RemoveStepCommand(this, row, m_list.steps[static_cast<std::size_t>(row)]));
    m_undo->endMacro();
    return true;
}

bool StepListModel::setStepTimes(int row, double start, double end, const QString& label)
{
    if (row < 0 || row >= rowCount() || !std::isfinite(start) || !std::isfinite(end) || start < 0 || end < start)
        return false;
    const Step& before = m_list.steps[static_cast<std::size_t>(row)];
    Step after = before;
    after.start = snapTime(start);
    after.end = std::max(after.start, snapTime(end));
    if (after != before)
        m_undo->push(new EditStepCommand(this, row, before, after, label));
    return true;
}

Qt::DropActions StepListModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

Qt::DropActions StepListModel::supportedDragActions() const
{
    return Qt::MoveAction;
}

QStringList StepListModel::mimeTypes() const
{
    return {QString::fromLatin1(kRowsMimeType)};
}

QMimeData* StepListModel::mimeData(const QModelIndexList& indexes) const
{
    std::vector<int> rows;
    for (const QModelIndex& index : indexes)
        if (index.isValid() && std::find(rows.begin(), rows.end(), index.row()) == rows.end())
            rows.push_back(index.row());
    std::sort(rows.begin(), rows.end());
    QStringList text;
    for (int row : rows)
        text << QString::number(row);
    auto* data = new QMimeData;
    data->setData(QString::fromLatin1(kRowsMimeType), text.join(QLatin1Char(',')).toLatin1());
    return data;
}

namespace {

/// The dragged block (first row, count) from a payload, or nothing unless it is one
/// consecutive block of rows below `rowCount`.
std::optional<std::pair<int, int>> draggedBlock(const QMimeData* data, int rowCount)
{
    if (!data || !data->hasFormat(QString::fromLatin1(StepListModel::kRowsMimeType)))
        return std::nullopt;
    const QList<QByteArray> parts = data->data(QString::fromLatin1(StepListModel::kRowsMimeType)).split(',');
    int first = -1, count = 0;
    for (const QByteArray& part : parts) {
        bool ok = false;
        const int row = part.toInt(&ok);
        if (!ok || row < 0 || row >= rowCount || (count > 0 && row != first + count))
            return std::nullopt;
        if (count == 0)
            first = row;
        ++count;
    }
    if (count == 0)
        return std::nullopt;
    return std::make_pair(first, count);
}

} // namespace

bool StepListModel::canDropMimeData(const QMimeData* data, Qt::DropAction action, int, int,
                                    const QModelIndex&) const
{
    return action == Qt::MoveAction && draggedBlock(data, rowCount()).has_value();
}

bool StepListModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int, const QModelIndex& parent)
{
    if (!canDropMimeData(data, action, row, 0, parent))
        return false;
    const auto [first, count] = *draggedBlock(data, rowCount());
    int destination = row;
    if (destination < 0 && parent.isValid()) // dropped on a row: take its place
        destination = parent.row() > first ? parent.row() + 1 : parent.row();
    if (destination < 0)
        destination = rowCount();
    return moveSteps(first, count, destination);
}

} // namespace stepmotion::ui
