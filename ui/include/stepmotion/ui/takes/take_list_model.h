#pragma once
// Takes: every finished generation variant the studio keeps, with the request that made it,
// so a result can be compared, renamed, starred, exported, restored into the editor and saved
// in a project. TakeListModel lists them (one row per take): DisplayRole/EditRole is the name
// (editable inline), CheckStateRole the star, ToolTipRole a summary. GL-free.

#include "stepmotion/core/generation/generator.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QString>

#include <vector>

namespace stepmotion::ui {

/// One generated clip and how it was made.
struct Take {
    StepList steps;            // the editor's steps when it was requested
    uint64_t seed = 0;         // the variant's own seed (request seed + variant)
    double guidance = 2.5;     // classifier-free guidance scale
    int samplingSteps = 50;    // denoising steps
    Sampler sampler = Sampler::Ddim;
    StepComposition composition = StepComposition::PerStep; // how its steps conditioned the model
    int variant = 0;           // index of this clip in its request's batch
    FeatureClip features;      // frames x 263, de-normalised
    QString name;              // shown name, e.g. "take 3 · seed 7"; never empty
    bool starred = false;
    QDateTime created;         // UTC

    bool operator==(const Take& other) const;
    bool operator!=(const Take& other) const { return !(*this == other); }
};

/// The takes of one finished request: one per clip, named "take N · seed S" with N =
/// `number`, created now.
std::vector<Take> takesFromGeneration(const std::vector<FeatureClip>& clips, const GenerationRequest& request,
                                      int number);

class TakeListModel : public QAbstractListModel {
    Q_OBJECT

public:
    explicit TakeListModel(QObject* parent = nullptr);

    const std::vector<Take>& takes() const { return m_takes; }
    /// The take at `row`; row must be in [0, rowCount()).
    const Take& take(int row) const { return m_takes.at(static_cast<std::size_t>(row)); }
    /// Highest N of the "take N" names seen so far (0 when none), to number new takes.
    int lastNumber() const { return m_lastNumber; }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    /// EditRole/DisplayRole renames (trimmed; an empty name is refused), CheckStateRole
    /// stars or unstars. Returns false for anything else.
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    /// Appends takes (at the end, in order).
    void appendTakes(const std::vector<Take>& takes);
    /// Removes `row`; false for an invalid row.
    bool removeTake(int row);
    /// Inserts `take` so that it becomes `row` (clamped to [0, rowCount()]): undoing a delete.
    void insertTake(int row, Take take);
    /// Replaces every take (project open / new).
    void setTakes(std::vector<Take> takes);

Q_SIGNALS:
    /// Any change: added, removed, renamed, starred, replaced.
    void takesChanged();

private:
    void noteNumber(const QString& name);

    std::vector<Take> m_takes;
    int m_lastNumber = 0;
};

} // namespace stepmotion::ui
