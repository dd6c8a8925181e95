#include "stepmotion/ui/dataset/dataset_clip_model.h"

#include "stepmotion/core/motion/motion.h"

namespace stepmotion::ui {
namespace {

bool containsAll(const QString& haystack, const QStringList& words, std::vector<bool>& found)
{
    bool all = true;
    for (int i = 0; i < words.size(); ++i) {
        if (!found[static_cast<std::size_t>(i)])
            found[static_cast<std::size_t>(i)] = haystack.contains(words[i], Qt::CaseInsensitive);
        all = all && found[static_cast<std::size_t>(i)];
    }
    return all;
}

} // namespace

DatasetClipModel::DatasetClipModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void DatasetClipModel::setIndex(DatasetIndex index)
{
    beginResetModel();
    m_index = std::move(index);
    m_rows.clear();
    for (int i = 0; i < clipCount(); ++i)
        m_rows.push_back(i);
    endResetModel();
    refilter();
}

const DatasetClip& DatasetClipModel::clip(int row) const
{
    return m_index.clips.at(static_cast<std::size_t>(m_rows.at(static_cast<std::size_t>(row))));
}

const DatasetClip* DatasetClipModel::findClip(const QString& id) const
{
    const std::string wanted = id.toStdString();
    for (const DatasetClip& c : m_index.clips)
        if (c.id == wanted)
            return &c;
    return nullptr;
}

int DatasetClipModel::rowOf(const QString& id) const
{
    const std::string wanted = id.toStdString();
    for (std::size_t row = 0; row < m_rows.size(); ++row)
        if (m_index.clips[static_cast<std::size_t>(m_rows[row])].id == wanted)
            return static_cast<int>(row);
    return -1;
}

void DatasetClipModel::setSearchText(const QString& text)
{
    if (text == m_search)
        return;
    m_search = text;
    refilter();
}

void DatasetClipModel::setSplitFilter(const QString& split)
{
    const QString normalised = split.isEmpty() ? QStringLiteral("all") : split.toLower();
    if (normalised == m_split)
        return;
    m_split = normalised;
    refilter();
}

bool DatasetClipModel::matches(const DatasetClip& clip, const QStringList& words, const QString& split)
{
    if (split != QLatin1String("all") && QString::fromStdString(clip.split) != split)
        return false;
    if (words.isEmpty())
        return true;
    // A word may match anywhere: the id, any caption or any step, not all in the same text.
    std::vector<bool> found(static_cast<std::size_t>(words.size()), false);
    if (containsAll(QString::fromStdString(clip.id), words, found))
        return true;
    for (const DatasetCaption& caption : clip.captions)
        if (containsAll(QString::fromStdString(caption.text), words, found))
            return true;
    for (const DatasetStepList& list : clip.stepLists)
        for (const Step& step : list.list.steps)
            if (containsAll(QString::fromStdString(step.text), words, found))
                return true;
    return false;
}

void DatasetClipModel::refilter()
{
    const QStringList words = m_search.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    std::vector<int> rows;
    for (int i = 0; i < clipCount(); ++i)
        if (matches(m_index.clips[static_cast<std::size_t>(i)], words, m_split))
            rows.push_back(i);
    if (rows == m_rows)
        return;
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int DatasetClipModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int DatasetClipModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DatasetClipModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DatasetClip& c = clip(index.row());
    if (role == Qt::TextAlignmentRole && index.column() == LengthColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == CaptionColumn && !c.captions.empty())
        return QString::fromStdString(c.captions.front().text);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case IdColumn: return QString::fromStdString(c.id);
    case SplitColumn: return c.split.empty() ? tr("-") : QString::fromStdString(c.split);
    case LengthColumn: return QString::number(clipDurationSeconds(c.frames, c.fps), 'f', 1);
    case CaptionColumn: return c.captions.empty() ? QString() : QString::fromStdString(c.captions.front().text);
    default: return {};
    }
}

QVariant DatasetClipModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal)
        return {};
    switch (section) {
    case IdColumn: return tr("Id");
    case SplitColumn: return tr("Split");
    case LengthColumn: return tr("Length (s)");
    case CaptionColumn: return tr("Caption");
    default: return {};
    }
}

} // namespace stepmotion::ui
