#pragma once
// Deleting takes as one undoable command (private to ui/src): a take holds the only copy of a
// generated clip, so a slip of the Delete key must be as recoverable as a step edit.

#include "stepmotion/ui/takes/take_list_model.h"

#include <QList>
#include <QUndoCommand>

#include <utility>
#include <vector>

namespace stepmotion::ui::detail {

class RemoveTakesCommand : public QUndoCommand {
public:
    /// Removes `rows` of `model` (any order; invalid and repeated rows are ignored) on redo and
    /// puts the same takes back at the same rows on undo. `model` must outlive the command.
    RemoveTakesCommand(TakeListModel* model, const QList<int>& rows);

    void redo() override;
    void undo() override;
    /// Number of takes it removes (0 when no row was valid: the caller need not push it).
    int count() const { return static_cast<int>(m_removed.size()); }

private:
    TakeListModel* m_model;
    std::vector<std::pair<int, Take>> m_removed; // ascending rows, as they were before removal
};

} // namespace stepmotion::ui::detail
