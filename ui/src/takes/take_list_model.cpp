#include "stepmotion/ui/takes/take_list_model.h"

#include <QRegularExpression>

#include <algorithm>

namespace stepmotion::ui {

bool Take::operator==(const Take& other) const
{
    return steps == other.steps && seed == other.seed && guidance == other.guidance &&
           samplingSteps == other.samplingSteps && sampler == other.sampler && composition == other.composition &&
           variant == other.variant &&
           features.frames == other.features.frames && features.values == other.features.values &&
           name == other.name && starred == other.starred && created == other.created;
}

std::vector<Take> takesFromGeneration(const std::vector<FeatureClip>& clips, const GenerationRequest& request,
                                      int number)
{
    std::vector<Take> takes;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (std::size_t v = 0; v < clips.size(); ++v) {
        Take take;
        take.steps = request.steps;
        take.seed = request.seed + v;
        take.guidance = request.guidanceScale;
        take.samplingSteps = request.samplingSteps;
        take.composition = request.composition;
        take.sampler = request.sampler;
        take.variant = static_cast<int>(v);
        take.features = clips[v];
        take.name = QStringLiteral("take %1 \u00b7 seed %2").arg(number).arg(take.seed);
        take.created = now;
        takes.push_back(std::move(take));
    }
    return takes;
}

TakeListModel::TakeListModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int TakeListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_takes.size());
}

QVariant TakeListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Take& t = take(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return t.name;
    case Qt::CheckStateRole:
        return t.starred ? Qt::Checked : Qt::Unchecked;
    case Qt::ToolTipRole:
        return tr("%1\n%2 frames (%3 s), seed %4, guidance %5, %6 %7 steps, composition %8\n%9")
            .arg(t.name)
            .arg(t.features.frames)
            .arg(clipDurationSeconds(t.features.frames, kFps), 0, 'f', 2)
            .arg(t.seed)
            .arg(t.guidance, 0, 'g', 3)
            .arg(t.samplingSteps)
            .arg(QString::fromStdString(samplerName(t.sampler)))
            .arg(QString::fromStdString(stepCompositionName(t.composition)))
            .arg(t.created.toLocalTime().toString(Qt::ISODate));
    default:
        return {};
    }
}

Qt::ItemFlags TakeListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable | Qt::ItemIsUserCheckable |
           Qt::ItemNeverHasChildren;
}

bool TakeListModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    Take& t = m_takes[static_cast<std::size_t>(index.row())];
    if (role == Qt::CheckStateRole) {
        const bool starred = value.toInt() == Qt::Checked;
        if (starred == t.starred)
            return true;
        t.starred = starred;
    } else if (role == Qt::EditRole || role == Qt::DisplayRole) {
        const QString name = value.toString().trimmed();
        if (name.isEmpty())
            return false;
        if (name == t.name)
            return true;
        t.name = name;
    } else {
        return false;
    }
    Q_EMIT dataChanged(index, index, {role});
    Q_EMIT takesChanged();
    return true;
}

void TakeListModel::appendTakes(const std::vector<Take>& takes)
{
    if (takes.empty())
        return;
    const int first = rowCount();
    beginInsertRows(QModelIndex(), first, first + static_cast<int>(takes.size()) - 1);
    for (const Take& t : takes) {
        noteNumber(t.name);
        m_takes.push_back(t);
    }
    endInsertRows();
    Q_EMIT takesChanged();
}

bool TakeListModel::removeTake(int row)
{
    if (row < 0 || row >= rowCount())
        return false;
    beginRemoveRows(QModelIndex(), row, row);
    m_takes.erase(m_takes.begin() + row);
    endRemoveRows();
    Q_EMIT takesChanged();
    return true;
}

void TakeListModel::insertTake(int row, Take take)
{
    row = std::clamp(row, 0, rowCount());
    beginInsertRows(QModelIndex(), row, row);
    noteNumber(take.name);
    m_takes.insert(m_takes.begin() + row, std::move(take));
    endInsertRows();
    Q_EMIT takesChanged();
}

void TakeListModel::setTakes(std::vector<Take> takes)
{
    beginResetModel();
    m_takes = std::move(takes);
    m_lastNumber = 0;
    for (const Take& t : m_takes)
        noteNumber(t.name);
    endResetModel();
    Q_EMIT takesChanged();
}

void TakeListModel::noteNumber(const QString& name)
{
    // Renamed takes keep counting from the highest number seen, so new names never repeat.
    static const QRegularExpression pattern(QStringLiteral("^take (\\d+)\\b"));
    const QRegularExpressionMatch match = pattern.match(name);
    if (match.hasMatch())
        m_lastNumber = std::max(m_lastNumber, match.captured(1).toInt());
}

} // namespace stepmotion::ui
