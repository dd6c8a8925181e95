#pragma once
// The step list being edited in the studio, as a table: one row per step, columns Start (s),
// End (s), Body parts ("left_arm, right_hand") and Text. Every change, whether made through
// setData() or the step operations below, is pushed onto the QUndoStack the model is given,
// so undo/redo covers all of them. GL-free.

#include "stepmotion/core/steps/steps.h"

#include <QAbstractTableModel>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

class QUndoStack;

namespace stepmotion::ui {

namespace detail {
class StepCommand;
}

class StepListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { StartColumn, EndColumn, BodyPartsColumn, TextColumn, ColumnCount };

    /// The drag-and-drop payload: the dragged rows as text ("2,3"); only this model reads it.
    static constexpr const char* kRowsMimeType = "application/x-stepmotion-step-rows";

    /// Step times are rounded to this many seconds.
    static constexpr double kTimeQuantum = 0.05;

    /// `undoStack` must outlive the model; the model never clears it.
    explicit StepListModel(QUndoStack* undoStack, QObject* parent = nullptr);

    const StepList& stepList() const { return m_list; }
    QUndoStack* undoStack() const { return m_undo; }
    /// Latest step end in seconds (0 for no steps).
    double totalSeconds() const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    /// Edits one cell (EditRole or DisplayRole) as an undoable command. Returns false and
    /// changes nothing for: a time that is not a finite number >= 0, an end before the
    /// start, an empty text, or a body-part list with an unknown, duplicated or no name.
    /// A start after the end moves the end with it (end >= start always holds).
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    /// Drag and drop reorders rows inside the table (MoveAction only). A drop goes through
    /// moveSteps(), so it is one undoable command. removeRows() is deliberately not
    /// implemented: the view's "remove the source after a move" is then a no-op.
    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;
    QStringList mimeTypes() const override;
    /// The rows of `indexes` (they must form one consecutive block for a drop to apply).
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                         const QModelIndex& parent) const override;
    /// Dropping between rows inserts before `row` (-1 = at the end); dropping on a row puts
    /// the block in that row's place.
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;

    /// Undoable step operations; each returns false (and pushes nothing) for an invalid row.
    /// insertStep(row) inserts a default step (whole body, one second from the previous
    /// step's end) before `row` (row == rowCount() appends).
    bool insertStep(int row);
    bool insertStep(int row, const Step& step);
    bool removeStep(int row);
    /// Inserts a copy of `row` right after it.
    bool duplicateStep(int row);
    /// Swaps `row` with `row + delta` (delta -1 or +1).
    bool moveStep(int row, int delta);
    /// Moves the `count` rows from `first` so that they sit before row `destination` of the
    /// current list (0 .. rowCount(), Qt's drop convention). False (nothing pushed) for an
    /// invalid block or a destination inside or next to it (no change).
    bool moveSteps(int first, int count, int destination);
    /// Splits `row` at its midpoint snapped to kTimeQuantum into two steps with the same
    /// parts and text. False for an invalid row or a step too short to split (< 0.1 s).
    bool splitStep(int row);
    /// Merges rows first..last (consecutive, last > first) into one step at `first`: the
    /// earliest start, the latest end, texts joined by a space, body parts united (in order of
    /// first appearance). False for an invalid range.
    bool mergeSteps(int first, int last);
    /// Sets the times of `row` (snapped to kTimeQuantum) as one undoable command named
    /// `label`. False for an invalid row or times that are not finite, 0 <= start <= end;
    /// true without a command when nothing changes.
    bool setStepTimes(int row, double start, double end, const QString& label);
    /// Sets the coarse sentence; consecutive calls merge into one undo step (typing).
    void setCoarse(const QString& coarse);
    /// Replaces the whole list (open, describe) as one undoable command named `label`.
    void replaceStepList(const StepList& list, const QString& label);

    /// `seconds` rounded to kTimeQuantum (NaN/inf returned as is).
    static double snapTime(double seconds);
    /// "left_arm, right_hand" -> parts (names trimmed, case-insensitive); nothing for an
    /// empty list or an unknown or duplicated name.
    static std::optional<std::vector<BodyPart>> parseBodyParts(const QString& text);
    /// Parts joined by ", ".
    static QString bodyPartsText(const std::vector<BodyPart>& parts);

Q_SIGNALS:
    /// The step list changed (any edit, undo or redo).
    void stepListChanged();
    /// The steps themselves changed (not only the coarse sentence); emitted before stepListChanged.
    void stepsChanged();
    /// The coarse sentence changed (an edit, undo or redo).
    void coarseChanged(const QString& coarse);

private:
    friend class detail::StepCommand;

    // Unrecorded primitives the undo commands call.
    void applyStep(int row, const Step& step);
    void applyInsert(int row, const Step& step);
    void applyRemove(int row);
    void applySwap(int row, int other);
    void applyMoveBlock(int first, int count, int newFirst);
    void applyCoarse(const std::string& coarse);
    void applyList(const StepList& list);
    Step defaultStepAt(int row) const;

    QUndoStack* m_undo;
    StepList m_list;
};

} // namespace stepmotion::ui
