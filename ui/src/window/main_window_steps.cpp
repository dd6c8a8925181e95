// MainWindow's step editing half: the step editor dock, step-list files, the model folder (and
// the GenerationService using it), the describer and showing motions.

#include "stepmotion/ui/window/main_window.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/runtime/resource_paths.h"
#include "stepmotion/core/describer/step_describer.h"
#include "stepmotion/ui/generation/generation_service.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/steps/step_editor.h"
#include "stepmotion/ui/steps/step_list_model.h"
#include "stepmotion/ui/steps/step_timeline.h"
#include "stepmotion/ui/window/generation_controller.h"
#include "stepmotion/ui/window/shown_motions.h"

#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QStatusBar>

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

void MainWindow::createGeneration()
{
    const QString chosen = m_settings.value(kModelDirectoryKey).toString();
    m_generation = new GenerationService(
        chosen.isEmpty() ? bundledModelFactory() : GenerationService::modelFactory(chosen), this);
    m_generationControl = std::make_unique<GenerationController>(parts());
    m_generationControl->setCleanUp(m_cleanUpTakes);
}

void MainWindow::showMotions(std::vector<LoadedMotion> motions, const QString& title)
{
    m_shown->setMotions(std::move(motions), title);
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
