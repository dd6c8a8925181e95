#include "stepmotion/ui/takes/takes_panel.h"

#include "stepmotion/ui/takes/take_list_model.h"

#include "takes/remove_takes_command.h"

#include <QAction>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QListView>
#include <QPushButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace stepmotion::ui {

TakesPanel::TakesPanel(TakeListModel* model, QUndoStack* undo, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_undo(undo)
    , m_view(new QListView(this))
    , m_delete(new QPushButton(tr("Delete"), this))
    , m_restore(new QPushButton(tr("Restore steps"), this))
    , m_export(new QPushButton(tr("Export..."), this))
{
    m_view->setModel(m_model);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_view->setToolTip(tr("Select several takes to compare them side by side; tick to star; double click to rename"));
    m_restore->setToolTip(tr("Load the steps this take was generated from into the editor (undoable)"));

    auto* remove = new QAction(tr("Delete take"), m_view);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    connect(remove, &QAction::triggered, this, &TakesPanel::deleteSelected);
    m_view->addAction(remove);

    auto* buttons = new QWidget(this);
    auto* row = new QHBoxLayout(buttons);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_delete);
    row->addWidget(m_restore);
    row->addWidget(m_export);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);

    connect(m_delete, &QPushButton::clicked, this, &TakesPanel::deleteSelected);
    connect(m_restore, &QPushButton::clicked, this, [this] {
        const QList<int> rows = selectedRows();
        if (!rows.isEmpty())
            Q_EMIT restoreRequested(rows.front());
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QList<int> rows = selectedRows();
        if (!rows.isEmpty())
            Q_EMIT exportRequested(rows.front());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateButtons();
        Q_EMIT selectionChanged(selectedRows());
    });
    updateButtons();
}

QList<int> TakesPanel::selectedRows() const
{
    QList<int> rows;
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    for (const QModelIndex& index : selected)
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

void TakesPanel::selectRows(const QList<int>& rows)
{
    QItemSelection selection;
    for (int row : rows)
        if (row >= 0 && row < m_model->rowCount())
            selection.select(m_model->index(row), m_model->index(row));
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!rows.isEmpty() && rows.back() >= 0 && rows.back() < m_model->rowCount())
        m_view->selectionModel()->setCurrentIndex(m_model->index(rows.back()), QItemSelectionModel::NoUpdate);
}

void TakesPanel::deleteSelected()
{
    auto command = std::make_unique<detail::RemoveTakesCommand>(m_model, selectedRows());
    if (command->count() == 0)
        return;
    if (m_undo)
        m_undo->push(command.release()); // push() runs redo()
    else
        command->redo();
}

void TakesPanel::updateButtons()
{
    const bool any = m_view->selectionModel()->hasSelection();
    m_delete->setEnabled(any);
    m_restore->setEnabled(any);
    m_export->setEnabled(any);
}

} // namespace stepmotion::ui
