#include "takes/remove_takes_command.h"

#include <QCoreApplication>

#include <algorithm>

namespace stepmotion::ui::detail {

RemoveTakesCommand::RemoveTakesCommand(TakeListModel* model, const QList<int>& rows)
    : m_model(model)
{
    QList<int> sorted = rows;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (int row : sorted)
        if (row >= 0 && row < model->rowCount())
            m_removed.emplace_back(row, model->take(row));
    setText(m_removed.size() == 1
                ? QCoreApplication::translate("TakesPanel", "Delete take \u201c%1\u201d").arg(m_removed.front().second.name)
                : QCoreApplication::translate("TakesPanel", "Delete %n takes", nullptr, count()));
}

void RemoveTakesCommand::redo()
{
    // From the bottom up so the remaining rows keep their numbers.
    for (auto it = m_removed.rbegin(); it != m_removed.rend(); ++it)
        m_model->removeTake(it->first);
}

void RemoveTakesCommand::undo()
{
    // Ascending, so each take lands at the row it had: the rows before it are already back.
    for (const auto& [row, take] : m_removed)
        m_model->insertTake(row, take);
}

} // namespace stepmotion::ui::detail
