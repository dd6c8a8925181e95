#pragma once
// The StepListModel's undo commands (private to ui/src): each calls the model's unrecorded
// primitives, so redo/undo replay exactly what the first application did.

#include "stepmotion/ui/steps/step_list_model.h"

#include <QObject>
#include <QUndoCommand>

#include <string>

namespace stepmotion::ui {
namespace detail {

/// Base of the model's undo commands: gives them the model's unrecorded primitives.
class StepCommand : public QUndoCommand {
public:
    StepCommand(StepListModel* model, const QString& text) : QUndoCommand(text), m_model(model) {}

protected:
    void setStep(int row, const Step& step) { m_model->applyStep(row, step); }
    void insert(int row, const Step& step) { m_model->applyInsert(row, step); }
    void remove(int row) { m_model->applyRemove(row); }
    void swap(int row, int other) { m_model->applySwap(row, other); }
    void moveBlock(int first, int count, int newFirst) { m_model->applyMoveBlock(first, count, newFirst); }
    void setCoarse(const std::string& coarse) { m_model->applyCoarse(coarse); }
    void setList(const StepList& list) { m_model->applyList(list); }

    StepListModel* m_model;
};

class EditStepCommand : public StepCommand {
public:
    EditStepCommand(StepListModel* model, int row, Step before, Step after, const QString& text)
        : StepCommand(model, text), m_row(row), m_before(std::move(before)), m_after(std::move(after)) {}
    void redo() override { setStep(m_row, m_after); }
    void undo() override { setStep(m_row, m_before); }

private:
    int m_row;
    Step m_before, m_after;
};

/// Insert and duplicate: both put one known step at one row.
class InsertStepCommand : public StepCommand {
public:
    InsertStepCommand(StepListModel* model, int row, Step step, const QString& text)
        : StepCommand(model, text), m_row(row), m_step(std::move(step)) {}
    void redo() override { insert(m_row, m_step); }
    void undo() override { remove(m_row); }

private:
    int m_row;
    Step m_step;
};

class RemoveStepCommand : public StepCommand {
public:
    RemoveStepCommand(StepListModel* model, int row, Step step)
        : StepCommand(model, QObject::tr("Delete step")), m_row(row), m_step(std::move(step)) {}
    void redo() override { remove(m_row); }
    void undo() override { insert(m_row, m_step); }

private:
    int m_row;
    Step m_step;
};

class MoveStepCommand : public StepCommand {
public:
    MoveStepCommand(StepListModel* model, int row, int other, const QString& text)
        : StepCommand(model, text), m_row(row), m_other(other) {}
    void redo() override { swap(m_row, m_other); }
    void undo() override { swap(m_row, m_other); }

private:
    int m_row, m_other;
};

/// Moves a block of rows so that its first row ends up at `newFirst`.
class MoveBlockCommand : public StepCommand {
public:
    MoveBlockCommand(StepListModel* model, int first, int count, int newFirst)
        : StepCommand(model, QObject::tr("Move step(s)")), m_first(first), m_count(count), m_newFirst(newFirst) {}
    void redo() override { moveBlock(m_first, m_count, m_newFirst); }
    void undo() override { moveBlock(m_newFirst, m_count, m_first); }

private:
    int m_first, m_count, m_newFirst;
};

class SetCoarseCommand : public StepCommand {
public:
    static constexpr int kId = 0x5c0a;
    SetCoarseCommand(StepListModel* model, std::string before, std::string after)
        : StepCommand(model, QObject::tr("Edit coarse text")), m_before(std::move(before)), m_after(std::move(after)) {}
    void redo() override { setCoarse(m_after); }
    void undo() override { setCoarse(m_before); }
    int id() const override { return kId; }
    // Typing produces one command per keystroke; merging makes a single undo step of it.
    bool mergeWith(const QUndoCommand* other) override
    {
        m_after = static_cast<const SetCoarseCommand*>(other)->m_after;
        return true;
    }

private:
    std::string m_before, m_after;
};

class ReplaceListCommand : public StepCommand {
public:
    ReplaceListCommand(StepListModel* model, StepList before, StepList after, const QString& text)
        : StepCommand(model, text), m_before(std::move(before)), m_after(std::move(after)) {}
    void redo() override { setList(m_after); }
    void undo() override { setList(m_before); }

private:
    StepList m_before, m_after;
};

} // namespace detail
} // namespace stepmotion::ui
