#include "stepmotion/ui/steps/step_list_model.h"

#include "steps/step_list_commands.h"

#include <QUndoStack>

#include <algorithm>
#include <cmath>

namespace stepmotion::ui {

using namespace detail;

namespace {

/// A finite, non-negative number of seconds from an edit value, or nothing.
std::optional<double> timeFromVariant(const QVariant& value)
{
    bool ok = false;
    const double seconds = value.userType() == QMetaType::QString ? value.toString().trimmed().toDouble(&ok)
                                                                   : value.toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds < 0)
        return std::nullopt;
    return StepListModel::snapTime(seconds);
}

} // namespace

StepListModel::StepListModel(QUndoStack* undoStack, QObject* parent)
    : QAbstractTableModel(parent)
    , m_undo(undoStack)
{
    m_list.source = "user";
}

double StepListModel::totalSeconds() const
{
    double end = 0;
    for (const Step& step : m_list.steps)
        end = std::max(end, step.end);
    return end;
}

int StepListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_list.steps.size());
}

int StepListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StepListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::ToolTipRole)
        return {};
    const Step& step = m_list.steps[static_cast<std::size_t>(index.row())];
    switch (index.column()) {
    case StartColumn:
    case EndColumn: {
        const double t = index.column() == StartColumn ? step.start : step.end;
        return role == Qt::EditRole ? QVariant(t) : QVariant(QString::number(t, 'f', 2));
    }
    case BodyPartsColumn:
        return bodyPartsText(step.bodyParts);
    case TextColumn:
        return QString::fromStdString(step.text);
    default:
        return {};
    }
}

QVariant StepListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
    case StartColumn: return tr("Start (s)");
    case EndColumn: return tr("End (s)");
    case BodyPartsColumn: return tr("Body parts");
    case TextColumn: return tr("Text");
    default: return {};
    }
}

Qt::ItemFlags StepListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled; // dropping below the last row appends
    return QAbstractTableModel::flags(index) | Qt::ItemIsEditable | Qt::ItemIsDragEnabled | Qt::ItemIsDropEnabled;
}

bool StepListModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if ((role != Qt::EditRole && role != Qt::DisplayRole)
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const Step& before = m_list.steps[static_cast<std::size_t>(index.row())];
    Step after = before;
    QString label;
    switch (index.column()) {
    case StartColumn: {
        const std::optional<double> t = timeFromVariant(value);
        if (!t)
            return false;
        after.start = *t;
        after.end = std::max(after.end, *t);
        label = tr("Edit start");
        break;
    }
    case EndColumn: {
        const std::optional<double> t = timeFromVariant(value);
        if (!t || *t < after.start)
            return false;
        after.end = *t;
        label = tr("Edit end");
        break;
    }
    case BodyPartsColumn: {
        std::optional<std::vector<BodyPart>> parts = parseBodyParts(value.toString());
        if (!parts)
            return false;
        after.bodyParts = std::move(*parts);
        label = tr("Edit body parts");
        break;
    }
    case TextColumn: {
        const QString text = value.toString().trimmed();
        if (text.isEmpty())
            return false;
        after.text = text.toStdString();
        label = tr("Edit text");
        break;
    }
    default:
        return false;
    }
    if (after != before)
        m_undo->push(new EditStepCommand(this, index.row(), before, std::move(after), label));
    return true;
}

bool StepListModel::insertStep(int row)
{
    if (row < 0 || row > rowCount())
        return false;
    return insertStep(row, defaultStepAt(row));
}

bool StepListModel::insertStep(int row, const Step& step)
{
    if (row < 0 || row > rowCount())
        return false;
    m_undo->push(new InsertStepCommand(this, row, step, tr("Add step")));
    return true;
}

bool StepListModel::removeStep(int row)
{
    if (row < 0 || row >= rowCount())
        return false;
    m_undo->push(new RemoveStepCommand(this, row, m_list.steps[static_cast<std::size_t>(row)]));
    return true;
}

bool StepListModel::duplicateStep(int row)
{
    if (row < 0 || row >= rowCount())
        return false;
    m_undo->push(new InsertStepCommand(this, row + 1, m_list.steps[static_cast<std::size_t>(row)],
                                       tr("Duplicate step")));
    return true;
}

bool StepListModel::moveStep(int row, int delta)
{
    const int other = row + delta;
    if ((delta != -1 && delta != 1) || row < 0 || row >= rowCount() || other < 0 || other >= rowCount())
        return false;
    m_undo->push(new MoveStepCommand(this, row, other, delta < 0 ? tr("Move step up") : tr("Move step down")));
    return true;
}

void StepListModel::setCoarse(const QString& coarse)
{
    const std::string after = coarse.toStdString();
    if (after != m_list.coarse)
        m_undo->push(new SetCoarseCommand(this, m_list.coarse, after));
}

void StepListModel::replaceStepList(const StepList& list, const QString& label)
{
    m_undo->push(new ReplaceListCommand(this, m_list, list, label));
}

double StepListModel::snapTime(double seconds)
{
    if (!std::isfinite(seconds))
        return seconds;
    // Dividing by an exact integer keeps 0.15 as the double nearest to 0.15.
    return std::round(seconds / kTimeQuantum) / std::round(1.0 / kTimeQuantum);
}

std::optional<std::vector<BodyPart>> StepListModel::parseBodyParts(const QString& text)
{
    std::vector<BodyPart> parts;
    const QStringList names = text.split(QLatin1Char(','));
    for (const QString& raw : names) {
        const QString name = raw.trimmed().toLower();
        const std::optional<BodyPart> part = bodyPartFromName(name.toStdString());
        if (!part || std::find(parts.begin(), parts.end(), *part) != parts.end())
            return std::nullopt;
        parts.push_back(*part);
    }
    if (parts.empty())
        return std::nullopt;
    return parts;
}

QString StepListModel::bodyPartsText(const std::vector<BodyPart>& parts)
{
    QStringList names;
    for (BodyPart part : parts) {
        const std::string_view name = bodyPartName(part);
        names << QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
    }
    return names.join(QStringLiteral(", "));
}

void StepListModel::applyStep(int row, const Step& step)
{
    m_list.steps[static_cast<std::size_t>(row)] = step;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    Q_EMIT stepsChanged();
    Q_EMIT stepListChanged();
}

void StepListModel::applyInsert(int row, const Step& step)
{
    beginInsertRows(QModelIndex(), row, row);
    m_list.steps.insert(m_list.steps.begin() + row, step);
    endInsertRows();
    Q_EMIT stepsChanged();
    Q_EMIT stepListChanged();
}

void StepListModel::applyRemove(int row)
{
    beginRemoveRows(QModelIndex(), row, row);
    m_list.steps.erase(m_list.steps.begin() + row);
    endRemoveRows();
    Q_EMIT stepsChanged();
    Q_EMIT stepListChanged();
}

void StepListModel::applySwap(int row, int other)
{
    const int first = std::min(row, other);
    // Moving `first` below its neighbour: Qt's destination is the row after the neighbour.
    beginMoveRows(QModelIndex(), first, first, QModelIndex(), first + 2);
    std::swap(m_list.steps[static_cast<std::size_t>(first)], m_list.steps[static_cast<std::size_t>(first + 1)]);
    endMoveRows();
    Q_EMIT stepsChanged();
    Q_EMIT stepListChanged();
}

void StepListModel::applyMoveBlock(int first, int count, int newFirst)
{
    const int destination = newFirst > first ? newFirst + count : newFirst; // Qt's "insert before"
    beginMoveRows(QModelIndex(), first, first + count - 1, QModelIndex(), destination);
    auto begin = m_list.steps.begin();
    if (newFirst > first)
        std::rotate(begin + first, begin + first + count, begin + newFirst + count);
    else
        std::rotate(begin + newFirst, begin + first, begin + first + count);
    endMoveRows();
    Q_EMIT stepsChanged();
    Q_EMIT stepListChanged();
}

void StepListModel::applyCoarse(const std::string& coarse)
{
    m_list.coarse = coarse;
    Q_EMIT coarseChanged(QString::fromStdString(coarse));
    Q_EMIT stepListChanged();
}

void StepListModel::applyList(const StepList& list)
{
    const bool stepsDiffer = list.steps != m_list.steps;
    beginResetModel();
    m_list = list;
    endResetModel();
    Q_EMIT coarseChanged(QString::fromStdString(m_list.coarse));
    if (stepsDiffer)
        Q_EMIT stepsChanged();
    Q_EMIT stepListChanged();
}

Step StepListModel::defaultStepAt(int row) const
{
    Step step;
    step.start = row > 0 ? m_list.steps[static_cast<std::size_t>(row - 1)].end : 0.0;
    step.end = snapTime(step.start + 1.0);
    step.bodyParts = {BodyPart::WholeBody};
    step.text = tr("Stand still.").toStdString();
    return step;
}

} // namespace stepmotion::ui
