// MainWindow's step editing and generation half: the step editor dock, step-list files, the
// model folder, the describer and showing generated variants.

#include "stepmotion/ui/main_window.h"

#include "stepmotion/core/error.h"
#include "stepmotion/core/feature_codec.h"
#include "stepmotion/core/resource_paths.h"
#include "stepmotion/core/step_describer.h"
#include "stepmotion/ui/generation_service.h"
#include "stepmotion/ui/generation_work.h"
#include "stepmotion/ui/live_preview.h"
#include "stepmotion/ui/player_widget.h"
#include "stepmotion/ui/step_editor.h"
#include "stepmotion/ui/step_list_model.h"
#include "stepmotion/ui/step_timeline.h"
#include "stepmotion/ui/take_list_model.h"
#include "stepmotion/ui/takes_panel.h"

#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QStatusBar>
#include <QUndoStack>

namespace stepmotion::ui {
namespace {

const QString kModelDirectoryKey = QStringLiteral("generation/modelDirectory");
const QString kStepsDirectoryKey = QStringLiteral("generation/stepsDirectory");

/// The bundled model, resolved on the worker thread so a missing resources folder becomes a
/// generation error the user sees rather than a start-up failure.
GeneratorFactory bundledModelFactory()
{
    return [] { return GenerationService::modelFactory(QString::fromStdString(resourcePath("models/default")))(); };
}

} // namespace

void MainWindow::createStepEditor()
{
    m_editor = new StepEditor(m_steps, this);
    auto* dock = new QDockWidget(tr("Steps"), this);
    dock->setObjectName(QStringLiteral("stepsDock"));
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    dock->setWidget(m_editor);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    // The strip's playhead follows the player (seconds of the first shown clip).
    connect(m_player, &PlayerWidget::frameChanged, m_editor->timeline(), [this](int frame, int) {
        const double fps = m_player->scene().isEmpty() ? kFps : m_player->scene().motion(0).joints.fps;
        m_editor->timeline()->setCurrentTime(frame / fps);
    });
}

void MainWindow::connectGeneration()
{
    const QString chosen = m_settings.value(kModelDirectoryKey).toString();
    m_generation = new GenerationService(
        chosen.isEmpty() ? bundledModelFactory() : GenerationService::modelFactory(chosen), this);
    connect(m_editor, &StepEditor::generateRequested, this,
            [this](const GenerationRequest& request) { startGeneration(request, QString()); });
    connect(m_editor, &StepEditor::cancelRequested, m_generation, &GenerationService::cancel);
    connect(m_generation, &GenerationService::progress, m_editor,
            [this](int, int done, int total) { m_editor->showProgress(done, total); });
    connect(m_generation, &GenerationService::finished, this, &MainWindow::showGenerated);
    connect(m_generation, &GenerationService::failed, this, [this](int id, const QString& message) {
        if (id == m_previewId) // no message box for a preview: the next edit makes another
            m_editor->showMessage(tr("Preview failed: %1").arg(message), true);
        else
            showGenerationError(message);
    });
    connect(m_generation, &GenerationService::cancelled, this, [this](int id) {
        if (id != m_generation->latestRequest() || id == m_previewId)
            return; // superseded by a newer request that is still running, or a preview
        settleUserGeneration();
        m_editor->setGenerating(false);
        m_editor->showMessage(tr("Cancelled."));
        statusBar()->showMessage(tr("Generation cancelled"));
    });
}

int MainWindow::startGeneration(const GenerationRequest& request, const QString& what)
{
    m_takeOrigins.clear(); // only the newest request delivers
    m_preview->dropPending(); // the takes will show these steps
    m_preview->setBlocked(true);
    const int id = m_generation->request(request);
    m_editor->setGenerating(true);
    const QString work = what.isEmpty() ? generationWork(request) : what + QStringLiteral(" \u00b7 ") + generationWork(request);
    m_editor->setWorkDescription(work);
    statusBar()->showMessage(tr("Generating %n variant(s): %1...", nullptr, request.variants).arg(work));
    return id;
}

void MainWindow::showGenerated(int id, const QVector<FeatureClip>& clips, const GenerationRequest& request,
                               double seconds)
{
    if (id == m_previewId) {
        showPreview(clips, request, seconds);
        return;
    }
    settleUserGeneration();
    m_editor->setGenerating(false);
    const std::vector<FeatureClip> list(clips.begin(), clips.end());
    const int first = m_takeModel->rowCount();
    addGeneratedTakes(id, list, request);
    QList<int> rows;
    for (int row = first; row < m_takeModel->rowCount(); ++row)
        rows << row;
    m_takesPanel->selectRows(rows); // shows them through the selection
    const QString summary = tr("generated %n variant(s) in %1 s", nullptr, static_cast<int>(clips.size()))
                                .arg(seconds, 0, 'f', 1);
    m_editor->showMessage(summary);
    statusBar()->showMessage(summary);
    Q_EMIT generationSettled(true);
}

void MainWindow::showGenerationError(const QString& message)
{
    settleUserGeneration();
    m_editor->setGenerating(false);
    m_editor->showMessage(message, true);
    statusBar()->showMessage(tr("Generation failed: %1").arg(message));
    Q_EMIT generationSettled(false); // before the modal box, so unattended runs can finish
    QMessageBox::warning(this, tr("Cannot generate motion"), message);
}

void MainWindow::showMotions(std::vector<LoadedMotion> motions, const QString& title)
{
    m_showingTakes = false; // showTakes sets it again after this
    m_showingPreview = false; // and showPreviewClip
    m_player->setMotions(std::move(motions));
    m_shownTitle = title;
    updateTitle();
}

bool MainWindow::openSteps(const QString& path)
{
    try {
        const StepList list = loadStepList(path.toStdString());
        m_steps->replaceStepList(list, tr("Open %1").arg(QFileInfo(path).fileName()));
    } catch (const std::exception& e) {
        statusBar()->showMessage(tr("Could not open %1").arg(QFileInfo(path).fileName()));
        QMessageBox::critical(this, tr("Cannot open steps"), QString::fromStdString(e.what()));
        return false;
    }
    m_settings.setValue(kStepsDirectoryKey, QFileInfo(path).absolutePath());
    statusBar()->showMessage(tr("Opened %n step(s) from %1", nullptr, m_steps->rowCount()).arg(path));
    return true;
}

bool MainWindow::saveSteps(const QString& path)
{
    try {
        saveStepList(path.toStdString(), m_steps->stepList());
    } catch (const std::exception& e) {
        statusBar()->showMessage(tr("Could not save %1").arg(QFileInfo(path).fileName()));
        QMessageBox::critical(this, tr("Cannot save steps"), QString::fromStdString(e.what()));
        return false;
    }
    m_settings.setValue(kStepsDirectoryKey, QFileInfo(path).absolutePath());
    statusBar()->showMessage(tr("Saved %1").arg(path));
    return true;
}

void MainWindow::setModelDirectory(const QString& dir)
{
    m_generation->setModelDirectory(dir);
    m_settings.setValue(kModelDirectoryKey, dir);
    statusBar()->showMessage(tr("Generating with the model in %1").arg(dir));
}

bool MainWindow::describeShownMotion()
{
    if (m_player->scene().isEmpty()) {
        QMessageBox::information(this, tr("Describe motion"), tr("Open a motion first."));
        return false;
    }
    const LoadedMotion& shown = m_player->scene().motion(0);
    try {
        m_steps->replaceStepList(describeMotion(shown.joints), tr("Describe %1").arg(shown.name));
    } catch (const std::exception& e) {
        QMessageBox::critical(this, tr("Cannot describe motion"), QString::fromStdString(e.what()));
        return false;
    }
    statusBar()->showMessage(tr("Described %1: %n step(s)", nullptr, m_steps->rowCount()).arg(shown.name));
    return true;
}

void MainWindow::chooseStepsToOpen()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open steps"), m_settings.value(kStepsDirectoryKey).toString(),
                                                      tr("Step lists (*.json);;All files (*)"));
    if (!path.isEmpty())
        openSteps(path);
}

void MainWindow::chooseStepsToSave()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save steps as"), m_settings.value(kStepsDirectoryKey).toString(),
                                                tr("Step lists (*.json)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    saveSteps(path);
}

void MainWindow::chooseModelDirectory()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose model folder"),
                                                          m_settings.value(kModelDirectoryKey).toString());
    if (!dir.isEmpty())
        setModelDirectory(dir);
}

} // namespace stepmotion::ui
