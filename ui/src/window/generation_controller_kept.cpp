// GenerationController's kept-motion half: regenerating a span of the shown take and continuing
// the shown motion, both through the one GenerationService; their takes are added undoably.

#include "stepmotion/ui/window/generation_controller.h"

#include "stepmotion/core/motion/skeleton.h"
#include "stepmotion/ui/generation/kept_generation.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/steps/step_editor.h"
#include "stepmotion/ui/steps/step_timeline.h"
#include "stepmotion/ui/takes/take_list_model.h"
#include "stepmotion/ui/takes/takes_panel.h"
#include "stepmotion/ui/window/shown_motions.h"

#include "takes/add_takes_command.h"

#include <QAction>
#include <QListView>
#include <QMenu>
#include <QStatusBar>
#include <QTableView>
#include <QUndoStack>

#include <algorithm>

namespace stepmotion::ui {

void GenerationController::createKeptActions(QMenu* menu)
{
    QAction* regenerate = menu->addAction(tr("&Regenerate selection"), this, &GenerationController::regenerateSelection);
    regenerate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    regenerate->setToolTip(tr("Regenerate only the selected steps (or the range dragged on the timeline) of the "
                              "take shown, keeping every other frame; the result is a new take"));
    regenerate->setStatusTip(regenerate->toolTip());
    QAction* extend = menu->addAction(tr("C&ontinue from this motion"), this, &GenerationController::continueShownMotion);
    extend->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    extend->setToolTip(tr("Generate the editor's steps after the last frame of the motion shown (a take, an opened "
                          "file or a dataset clip), keeping all of its frames"));
    extend->setStatusTip(extend->toolTip());
    // The same actions where a span or a take is picked.
    for (QWidget* widget : {static_cast<QWidget*>(m_editor->table()), static_cast<QWidget*>(m_editor->timeline()),
                            static_cast<QWidget*>(m_takesPanel->view())}) {
        widget->setContextMenuPolicy(Qt::ActionsContextMenu);
        widget->addAction(regenerate);
        widget->addAction(extend);
    }
}

int GenerationController::shownTakeRow() const
{
    if (!m_shown->isShowingTakes())
        return -1;
    const QList<int> rows = m_takesPanel->selectedRows();
    return rows.isEmpty() ? -1 : rows.front();
}

bool GenerationController::refuseKept(const QString& message)
{
    m_editor->showMessage(message, true);
    m_statusBar->showMessage(message);
    return false;
}

bool GenerationController::regenerateSelection()
{
    const int row = shownTakeRow();
    if (row < 0)
        return refuseKept(tr("Select the take to regenerate in the Takes list first."));
    const auto span = m_editor->selectedSpan();
    if (!span)
        return refuseKept(tr("Select the steps to regenerate (or drag a range on the timeline strip) first."));
    return regenerateSpan(row, span->first, span->second);
}

bool GenerationController::regenerateSpan(int row, double start, double end)
{
    if (row < 0 || row >= m_takeModel->rowCount())
        return refuseKept(tr("There is no take %1 to regenerate.").arg(row + 1));
    const Take& take = m_takeModel->take(row);
    GenerationRequest request;
    try {
        request = spanRequest(m_editor->currentRequest(), take.features, start, end);
    } catch (const std::exception& e) {
        return refuseKept(tr("Cannot regenerate %1: %2").arg(take.name, QString::fromStdString(e.what())));
    }
    end = std::min(end, (take.features.frames - 1) / kFps);
    const QString what = tr("regenerating %1\u2013%2 s of \u201c%3\u201d").arg(start, 0, 'f', 2).arg(end, 0, 'f', 2).arg(take.name);
    const QString suffix = spanTakeSuffix(take.name, start, end);
    const int id = startGeneration(request, what);
    m_takeOrigins.insert(id, suffix);
    return true;
}

bool GenerationController::continueShownMotion()
{
    FeatureClip motion;
    QString source;
    GenerationRequest request;
    try {
        if (const int row = shownTakeRow(); row >= 0) {
            motion = m_takeModel->take(row).features; // exact, not re-encoded
            source = m_takeModel->take(row).name;
        } else if (!m_player->scene().isEmpty()) {
            const LoadedMotion& shown = m_player->scene().motion(0);
            source = shown.name;
            motion = featuresOfMotion(shown);
        } else {
            return refuseKept(tr("Open a motion or select a take to continue first."));
        }
        request = continueRequest(m_editor->currentRequest(), motion);
    } catch (const std::exception& e) {
        return refuseKept(tr("Cannot continue %1: %2").arg(source, QString::fromStdString(e.what())));
    }
    const QString what = tr("continuing \u201c%1\u201d after %2 s").arg(source).arg(motion.frames / kFps, 0, 'f', 2);
    const int id = startGeneration(request, what);
    m_takeOrigins.insert(id, continuedTakeSuffix(source));
    return true;
}

void GenerationController::addGeneratedTakes(int id, const std::vector<FeatureClip>& clips,
                                             const GenerationRequest& request)
{
    std::vector<Take> takes = takesFromGeneration(clips, request, m_takeModel->lastNumber() + 1);
    const auto origin = m_takeOrigins.constFind(id);
    if (origin == m_takeOrigins.constEnd() || takes.empty()) {
        m_takeModel->appendTakes(takes);
        return;
    }
    for (Take& take : takes)
        take.name += origin.value();
    const QString text = takes.size() == 1 ? tr("Add take \u201c%1\u201d").arg(takes.front().name)
                                           : tr("Add %n takes", nullptr, static_cast<int>(takes.size()));
    m_undo->push(new detail::AddTakesCommand(m_takeModel, std::move(takes), text)); // push() runs redo()
    m_takeOrigins.remove(id);
}

} // namespace stepmotion::ui
