// MainWindow's takes half: the Takes dock, showing selected takes side by side and restoring
// a take's steps into the editor.

#include "stepmotion/ui/window/main_window.h"

#include "stepmotion/ui/export/batch_export.h"
#include "stepmotion/ui/export/batch_export_job.h"
#include "stepmotion/ui/export/character_export_dialog.h"
#include "stepmotion/ui/export/export_dialog.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/steps/step_list_model.h"
#include "stepmotion/ui/takes/take_joints.h"
#include "stepmotion/ui/takes/take_list_model.h"
#include "stepmotion/ui/takes/takes_panel.h"
#include "stepmotion/ui/window/generation_controller.h"
#include "stepmotion/ui/window/shown_motions.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStatusBar>

namespace stepmotion::ui {
namespace {

// An application setting rather than a project field: it changes how takes are shown and
// exported, never the takes themselves (they keep the model's raw features).
const QString kCleanUpKey = QStringLiteral("motion/cleanUpGenerated");

} // namespace

void MainWindow::createTakesDock()
{
    m_cleanUpTakes = m_settings.value(kCleanUpKey, true).toBool();
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
            motion.joints = takeJoints(take, m_cleanUpTakes);
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
    m_shown->setShowingTakes(true);
}

void MainWindow::setCleanUpGeneratedMotion(bool on)
{
    if (m_cleanUpAction && m_cleanUpAction->isChecked() != on)
        m_cleanUpAction->setChecked(on);
    if (on == m_cleanUpTakes)
        return;
    m_cleanUpTakes = on;
    m_generationControl->setCleanUp(on);
    m_settings.setValue(kCleanUpKey, on);
    if (m_shown->isShowingTakes())
        showTakes(m_takesPanel->selectedRows());
    else if (m_shown->isShowingPreview())
        m_generationControl->showPreviewClip();
    statusBar()->showMessage(on ? tr("Takes are cleaned up: fixed bone lengths, planted feet, on the floor")
                                : tr("Takes are shown and exported as the model made them"));
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
    dialog.setCleanUp(m_cleanUpTakes);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_settings.setValue(key, QFileInfo(dialog.path()).absolutePath());
    statusBar()->showMessage(tr("Exported %1 to %2").arg(m_takeModel->take(row).name, dialog.path()));
}

void MainWindow::chooseTakeToExportOntoCharacter()
{
    const QList<int> rows = m_takesPanel->selectedRows();
    if (rows.isEmpty()) {
        QMessageBox::information(this, tr("Export onto character"), tr("Generate a take and select it in the Takes list first."));
        return;
    }
    exportTakeOntoCharacterInteractively(rows.front());
}

CharacterExportDialog* MainWindow::characterExportDialog(int row)
{
    if (row < 0 || row >= m_takeModel->rowCount())
        return nullptr;
    auto* dialog = new CharacterExportDialog(m_takeModel->take(row),
                                             m_settings.value(QStringLiteral("export/directory"), QDir::homePath()).toString(),
                                             m_cleanUpTakes, this);
    connect(dialog, &CharacterExportDialog::previewChanged, m_player,
            [this](const std::optional<CharacterPreview>& preview) { m_player->setCharacterPreview(preview); });
    connect(dialog, &QObject::destroyed, m_player, [this] { m_player->setCharacterPreview(std::nullopt); });
    dialog->setMappingPath(m_settings.value(QStringLiteral("export/characterMapping")).toString());
    dialog->setCharacterPath(m_settings.value(QStringLiteral("export/character")).toString());
    return dialog;
}

void MainWindow::exportTakeOntoCharacterInteractively(int row)
{
    CharacterExportDialog* dialog = characterExportDialog(row);
    if (!dialog)
        return;
    const bool accepted = dialog->exec() == QDialog::Accepted;
    if (accepted) {
        m_settings.setValue(QStringLiteral("export/directory"), QFileInfo(dialog->path()).absolutePath());
        m_settings.setValue(QStringLiteral("export/character"), dialog->characterPath());
        m_settings.setValue(QStringLiteral("export/characterMapping"), dialog->mappingPath());
        statusBar()->showMessage(tr("Exported %1 onto %2 to %3")
                                     .arg(m_takeModel->take(row).name, QFileInfo(dialog->characterPath()).fileName(), dialog->path()));
    }
    delete dialog;
}

BatchExportJob* MainWindow::startStarredTakesExport(const QString& dir, const ExportOptions& options)
{
    if (m_exportJob)
        return nullptr; // one batch at a time: two could write the same file names
    std::vector<Take> starred;
    for (const Take& take : m_takeModel->takes())
        if (take.starred)
            starred.push_back(take);
    m_exportJob = new BatchExportJob(std::move(starred), dir, options, this);
    m_exportJob->setCleanUp(m_cleanUpTakes);
    BatchExportJob* job = m_exportJob;
    connect(job, &BatchExportJob::finished, this, [this, job, dir](const BatchExportResult& result) {
        const int written = static_cast<int>(result.written.size());
        statusBar()->showMessage(result.cancelled
                                     ? tr("Export cancelled: %n take(s) written to %1", nullptr, written).arg(dir)
                                     : tr("Exported %n starred take(s) to %1", nullptr, written).arg(dir));
        m_exportJob = nullptr;
        job->deleteLater();
    });
    job->start();
    return job;
}

void MainWindow::chooseStarredTakesExport()
{
    if (m_exportJob) {
        QMessageBox::information(this, tr("Export starred takes"), tr("An export is still running."));
        return;
    }
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
    BatchExportJob* job = startStarredTakesExport(dialog.directory(), dialog.options());
    // Shown only when the batch takes longer than a moment (QProgressDialog's minimum duration).
    auto* progress = new QProgressDialog(tr("Exporting %n take(s)...", nullptr, count), tr("Cancel"), 0, count, this);
    progress->setWindowTitle(tr("Export starred takes"));
    progress->setWindowModality(Qt::WindowModal);
    connect(job, &BatchExportJob::progressed, progress, &QProgressDialog::setValue);
    connect(progress, &QProgressDialog::canceled, job, &BatchExportJob::cancel);
    connect(job, &BatchExportJob::finished, this, [this, progress](const BatchExportResult& result) {
        progress->close();
        progress->deleteLater();
        if (!result.errors.isEmpty())
            QMessageBox::critical(this, tr("Cannot export"), result.errors.join(QLatin1Char('\n')));
    });
}

} // namespace stepmotion::ui
