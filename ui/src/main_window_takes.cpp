// MainWindow's takes half: the Takes dock, showing selected takes side by side and restoring
// a take's steps into the editor.

#include "stepmotion/ui/main_window.h"

#include "stepmotion/core/feature_codec.h"
#include "stepmotion/ui/batch_export.h"
#include "stepmotion/ui/export_dialog.h"
#include "stepmotion/ui/player_widget.h"
#include "stepmotion/ui/step_list_model.h"
#include "stepmotion/ui/take_list_model.h"
#include "stepmotion/ui/takes_panel.h"

#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QMessageBox>
#include <QStatusBar>

namespace stepmotion::ui {

void MainWindow::createTakesDock()
{
    m_takeModel = new TakeListModel(this);
    m_takesPanel = new TakesPanel(m_takeModel, m_undo, this);
    auto* dock = new QDockWidget(tr("Takes"), this);
    dock->setObjectName(QStringLiteral("takesDock"));
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    dock->setWidget(m_takesPanel);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    connect(m_takesPanel, &TakesPanel::selectionChanged, this, &MainWindow::showTakes);
    connect(m_takesPanel, &TakesPanel::restoreRequested, this, &MainWindow::restoreTakeSteps);
    connect(m_takesPanel, &TakesPanel::exportRequested, this, &MainWindow::exportTakeInteractively);
}

void MainWindow::showTakes(const QList<int>& rows)
{
    std::vector<LoadedMotion> motions;
    QStringList names;
    try {
        for (int row : rows) {
            if (row < 0 || row >= m_takeModel->rowCount())
                continue;
            const Take& take = m_takeModel->take(row);
            LoadedMotion motion;
            motion.name = take.name;
            motion.joints = decodeFeatures(take.features);
            motions.push_back(std::move(motion));
            names << take.name;
        }
    } catch (const std::exception& e) {
        statusBar()->showMessage(tr("Cannot show take: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    if (motions.empty())
        return;
    showMotions(std::move(motions), names.join(QStringLiteral(", ")));
}

bool MainWindow::restoreTakeSteps(int row)
{
    if (row < 0 || row >= m_takeModel->rowCount())
        return false;
    const Take& take = m_takeModel->take(row);
    m_steps->replaceStepList(take.steps, tr("Restore steps of %1").arg(take.name));
    statusBar()->showMessage(tr("Restored the steps of %1").arg(take.name));
    return true;
}

void MainWindow::chooseTakeToExport()
{
    const QList<int> rows = m_takesPanel->selectedRows();
    if (rows.isEmpty()) {
        QMessageBox::information(this, tr("Export take"), tr("Generate a take and select it in the Takes list first."));
        return;
    }
    exportTakeInteractively(rows.front());
}

void MainWindow::exportTakeInteractively(int row)
{
    if (row < 0 || row >= m_takeModel->rowCount())
        return;
    const QString key = QStringLiteral("export/directory");
    ExportDialog dialog(m_takeModel->take(row), m_settings.value(key, QDir::homePath()).toString(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_settings.setValue(key, QFileInfo(dialog.path()).absolutePath());
    statusBar()->showMessage(tr("Exported %1 to %2").arg(m_takeModel->take(row).name, dialog.path()));
}

QStringList MainWindow::exportStarredTakes(const QString& dir, const ExportOptions& options, QStringList* errors)
{
    std::vector<Take> starred;
    for (const Take& take : m_takeModel->takes())
        if (take.starred)
            starred.push_back(take);
    const BatchExportResult result = exportTakes(starred, dir, options);
    if (errors)
        *errors = result.errors;
    statusBar()->showMessage(tr("Exported %n starred take(s) to %1", nullptr, static_cast<int>(result.written.size())).arg(dir));
    return result.written;
}

void MainWindow::chooseStarredTakesExport()
{
    int count = 0;
    for (const Take& take : m_takeModel->takes())
        count += take.starred ? 1 : 0;
    if (count == 0) {
        QMessageBox::information(this, tr("Export starred takes"), tr("Star takes in the Takes list first (tick them)."));
        return;
    }
    const QString key = QStringLiteral("export/directory");
    BatchExportDialog dialog(count, m_settings.value(key, QDir::homePath()).toString(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_settings.setValue(key, dialog.directory());
    QStringList errors;
    exportStarredTakes(dialog.directory(), dialog.options(), &errors);
    if (!errors.isEmpty())
        QMessageBox::critical(this, tr("Cannot export"), errors.join(QLatin1Char('\n')));
}

} // namespace stepmotion::ui
