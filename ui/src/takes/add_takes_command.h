#pragma once
// Adding takes as one undoable command (private to ui/src), for takes made from another one
// (a regenerated span, a continued motion): Edit > Undo takes the new take away again, Redo
// brings the same take back at the same row.

#include "stepmotion/ui/takes/take_list_model.h"

#include <QUndoCommand>

#include <vector>

namespace stepmotion::ui::detail {

class AddTakesCommand : public QUndoCommand {
public:
    /// Appends `takes` to `model` on redo (rows from rowCount() at the first redo) and removes
    /// them on undo. `text` names the command in Edit > Undo. `model` must outlive the command.
    AddTakesCommand(TakeListModel* model, std::vector<Take> takes, const QString& text);

    void redo() override;
    void undo() override;
    /// Row of the first added take (-1 before the first redo).
    int firstRow() const { return m_first; }

private:
    TakeListModel* m_model;
    std::vector<Take> m_takes;
    int m_first = -1;
};

} // namespace stepmotion::ui::detail
