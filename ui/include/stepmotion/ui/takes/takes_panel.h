#pragma once
// The "Takes" dock's content: the TakeListModel as a list (star = check box, double click or
// F2 renames inline), several takes selectable at once, and Delete / Restore steps / Export
// buttons. Deleting goes through the undo stack it is given; otherwise it only asks: the main
// window shows, restores and exports. GL-free.

#include <QList>
#include <QWidget>

class QListView;
class QPushButton;
class QUndoStack;

namespace stepmotion::ui {

class TakeListModel;

class TakesPanel : public QWidget {
    Q_OBJECT

public:
    /// Shows `model` (not owned; must outlive the panel). Deletions are pushed onto `undo` as one
    /// command each (so Edit > Undo brings the takes back); without a stack they are final.
    explicit TakesPanel(TakeListModel* model, QUndoStack* undo = nullptr, QWidget* parent = nullptr);

    QListView* view() const { return m_view; }
    /// Selected rows, ascending.
    QList<int> selectedRows() const;
    /// Selects exactly `rows` (invalid rows ignored).
    void selectRows(const QList<int>& rows);

public Q_SLOTS:
    /// Removes the selected takes (one undoable command when the panel has an undo stack).
    void deleteSelected();

Q_SIGNALS:
    /// The selection changed; `rows` ascending (may be empty).
    void selectionChanged(const QList<int>& rows);
    /// "Restore steps" on the first selected take.
    void restoreRequested(int row);
    /// "Export..." on the first selected take.
    void exportRequested(int row);

private:
    void updateButtons();

    TakeListModel* m_model;
    QUndoStack* m_undo;
    QListView* m_view;
    QPushButton* m_delete;
    QPushButton* m_restore;
    QPushButton* m_export;
};

} // namespace stepmotion::ui
