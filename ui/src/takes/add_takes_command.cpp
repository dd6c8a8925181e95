#include "takes/add_takes_command.h"

#include <algorithm>

namespace stepmotion::ui::detail {

AddTakesCommand::AddTakesCommand(TakeListModel* model, std::vector<Take> takes, const QString& text)
    : m_model(model)
    , m_takes(std::move(takes))
{
    setText(text);
}

void AddTakesCommand::redo()
{
    if (m_first < 0)
        m_first = m_model->rowCount();
    // Takes appended later (by plain generations) stay after these, so the rows still hold.
    const int first = std::min(m_first, m_model->rowCount());
    for (std::size_t i = 0; i < m_takes.size(); ++i)
        m_model->insertTake(first + static_cast<int>(i), m_takes[i]);
}

void AddTakesCommand::undo()
{
    for (int i = static_cast<int>(m_takes.size()) - 1; i >= 0; --i) {
        const int row = m_first + i;
        if (row >= m_model->rowCount())
            continue;
        m_takes[static_cast<std::size_t>(i)] = m_model->take(row); // a rename or star since comes back on redo
        m_model->removeTake(row);
    }
}

} // namespace stepmotion::ui::detail
