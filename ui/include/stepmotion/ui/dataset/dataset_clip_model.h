#pragma once
// The clips of an indexed HumanML3D-layout dataset (core's DatasetIndex) as a table for the
// studio's Dataset dock: columns Id, Split, Length (s) and the first caption. A search text
// and a split filter narrow the rows shown; filtering happens inside the model (rows are the
// matching clips in id order), so views and the QAbstractItemModelTester see a plain table.
// GL-free.

#include "stepmotion/core/dataset/dataset_reader.h"

#include <QAbstractTableModel>
#include <QString>
#include <QStringList>

#include <vector>

namespace stepmotion::ui {

class DatasetClipModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { IdColumn, SplitColumn, LengthColumn, CaptionColumn, ColumnCount };

    explicit DatasetClipModel(QObject* parent = nullptr);

    /// Replaces the dataset (filters are kept and applied to it).
    void setIndex(DatasetIndex index);
    const DatasetIndex& datasetIndex() const { return m_index; }
    /// Clips in the dataset, whatever the filters.
    int clipCount() const { return static_cast<int>(m_index.clips.size()); }
    /// The clip shown at `row`; row must be in [0, rowCount()).
    const DatasetClip& clip(int row) const;
    /// The clip with `id` whatever the filters, or nullptr. Valid until the next setIndex().
    const DatasetClip* findClip(const QString& id) const;
    /// The row showing the clip with `id`, or -1 when it is filtered out or unknown.
    int rowOf(const QString& id) const;

    /// Case-insensitive; every whitespace-separated word must occur (as a substring) in the
    /// clip's id, a caption or a step text. Empty = no text filter.
    void setSearchText(const QString& text);
    QString searchText() const { return m_search; }
    /// "all" (or empty), "train", "val" or "test"; anything else shows nothing.
    void setSplitFilter(const QString& split);
    QString splitFilter() const { return m_split; }

    /// Whether `clip` passes the filters given as lower-case `words` and `split`.
    static bool matches(const DatasetClip& clip, const QStringList& words, const QString& split);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void refilter();

    DatasetIndex m_index;
    std::vector<int> m_rows;  // indices into m_index.clips of the clips shown
    QString m_search;
    QString m_split = QStringLiteral("all");
};

} // namespace stepmotion::ui
