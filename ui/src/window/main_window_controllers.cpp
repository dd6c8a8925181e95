// MainWindow's wiring of its controllers: building them on the window's widgets, the window
// title (project name, modified marker, what the player shows), and the public methods that
// forward to the generation, project and study controllers.

#include "stepmotion/ui/window/main_window.h"

#include "stepmotion/ui/window/generation_controller.h"
#include "stepmotion/ui/window/project_controller.h"
#include "stepmotion/ui/window/shown_motions.h"
#include "stepmotion/ui/window/study_controller.h"

#include <QCloseEvent>
#include <QFileInfo>
#include <QStatusBar>

namespace stepmotion::ui {

WindowParts MainWindow::parts()
{
    WindowParts built;
    built.window = this;
    built.settings = &m_settings;
    built.statusBar = statusBar();
    built.player = m_player;
    built.undo = m_undo;
    built.steps = m_steps;
    built.editor = m_editor;
    built.takes = m_takeModel;
    built.takesPanel = m_takesPanel;
    built.generation = m_generation;
    built.shown = m_shown.get();
    return built;
}

void MainWindow::createControllers()
{
    m_projectControl = std::make_unique<ProjectController>(parts());
    m_studyControl = std::make_unique<StudyController>(parts());
}

void MainWindow::wireControllers()
{
    connect(m_shown.get(), &ShownMotions::titleChanged, this, &MainWindow::updateTitle);
    ProjectController* project = m_projectControl.get();
    connect(project, &ProjectController::projectStateChanged, this, &MainWindow::updateTitle);
    connect(project, &ProjectController::projectReplaced, this, [this] { m_shown->setTitle(QString()); });
    connect(project, &ProjectController::recentFileChosen, this, &MainWindow::openFile);
    GenerationController* generation = m_generationControl.get();
    connect(generation, &GenerationController::generationSettled, this, &MainWindow::generationSettled);
    connect(generation, &GenerationController::previewShown, this, &MainWindow::previewShown);
    updateTitle();
}

void MainWindow::updateTitle()
{
    const QString path = m_projectControl->projectPath();
    const QString project = path.isEmpty() ? tr("Untitled") : QFileInfo(path).fileName();
    const QString marker = isProjectModified() ? QStringLiteral("*") : QString();
    const QString shown = m_shown->title().isEmpty() ? QString() : QStringLiteral(" (%1)").arg(m_shown->title());
    setWindowTitle(tr("%1%2%3 - StepMotion Studio").arg(project, marker, shown));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_projectControl->confirmClose())
        event->accept();
    else
        event->ignore();
}

// Generation: kept-frame requests and the live preview.

bool MainWindow::regenerateSelection() { return m_generationControl->regenerateSelection(); }

bool MainWindow::regenerateSpan(int row, double start, double end)
{
    return m_generationControl->regenerateSpan(row, start, end);
}

bool MainWindow::continueShownMotion() { return m_generationControl->continueShownMotion(); }

LivePreview* MainWindow::livePreview() const { return m_generationControl->livePreview(); }

bool MainWindow::isShowingPreview() const { return m_shown->isShowingPreview(); }

bool MainWindow::keepPreview() { return m_generationControl->keepPreview(); }

// Projects.

Project MainWindow::currentProject() const { return m_projectControl->currentProject(); }

QString MainWindow::projectPath() const { return m_projectControl->projectPath(); }

bool MainWindow::isProjectModified() const { return m_projectControl->isProjectModified(); }

bool MainWindow::newProject() { return m_projectControl->newProject(); }

bool MainWindow::openProject(const QString& path) { return m_projectControl->openProject(path); }

bool MainWindow::saveProject(const QString& path) { return m_projectControl->saveProject(path); }

QString MainWindow::autosavePath() const { return m_projectControl->autosavePath(); }

bool MainWindow::autosaveNow() { return m_projectControl->autosaveNow(); }

bool MainWindow::offerUntitledRecovery() { return m_projectControl->offerUntitledRecovery(); }

bool MainWindow::maybeSave() { return m_projectControl->maybeSave(); }

void MainWindow::chooseProjectToOpen() { m_projectControl->chooseProjectToOpen(); }

bool MainWindow::saveCurrentProject() { return m_projectControl->saveCurrentProject(); }

bool MainWindow::chooseProjectToSave() { return m_projectControl->chooseProjectToSave(); }

// Studies.

void MainWindow::chooseStudyToOpen() { m_studyControl->chooseStudyToOpen(); }

void MainWindow::chooseStudyResults() { m_studyControl->chooseStudyResults(); }

} // namespace stepmotion::ui
