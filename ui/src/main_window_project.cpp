// MainWindow's project half: New / Open / Save / Save as, the modified marker in the title,
// asking to save before losing changes, and the 60 s autosave with recovery on open.

#include "stepmotion/ui/main_window.h"

#include "stepmotion/ui/step_editor.h"
#include "stepmotion/ui/step_list_model.h"
#include "stepmotion/ui/take_list_model.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QUndoStack>

namespace stepmotion::ui {
namespace {

const QString kProjectDirectoryKey = QStringLiteral("project/directory");
constexpr int kAutosaveMilliseconds = 60 * 1000;

} // namespace

void MainWindow::createProjectActions(QMenu* file)
{
    file->addAction(tr("&New project"), this, &MainWindow::newProject)->setShortcut(QKeySequence::New);
    file->addAction(tr("Open &project..."), this, &MainWindow::chooseProjectToOpen)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_O));
    file->addAction(tr("&Save project"), this, &MainWindow::saveCurrentProject)->setShortcut(QKeySequence::Save);
    file->addAction(tr("Save project &as..."), this, &MainWindow::chooseProjectToSave)
        ->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
}

void MainWindow::setupProjectTracking()
{
    connect(m_undo, &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
    connect(m_takeModel, &TakeListModel::takesChanged, this, &MainWindow::markModified);
    connect(m_editor, &StepEditor::settingsChanged, this, &MainWindow::markModified);
    m_autosave.setInterval(kAutosaveMilliseconds);
    connect(&m_autosave, &QTimer::timeout, this, &MainWindow::autosaveNow);
    m_autosave.start();
    updateTitle();
}

void MainWindow::markModified()
{
    m_dirty = true;
    updateTitle();
}

bool MainWindow::isProjectModified() const
{
    return m_dirty || !m_undo->isClean();
}

void MainWindow::updateTitle()
{
    const QString project = m_projectPath.isEmpty() ? tr("Untitled") : QFileInfo(m_projectPath).fileName();
    const QString marker = isProjectModified() ? QStringLiteral("*") : QString();
    const QString shown = m_shownTitle.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(m_shownTitle);
    setWindowTitle(tr("%1%2%3 - StepMotion Studio").arg(project, marker, shown));
}

Project MainWindow::currentProject() const
{
    Project project;
    project.steps = m_steps->stepList();
    const GenerationRequest request = m_editor->currentRequest();
    project.settings.seed = request.seed;
    project.settings.variants = request.variants;
    project.settings.guidance = request.guidanceScale;
    project.settings.samplingSteps = request.samplingSteps;
    project.settings.composition = request.composition;
    project.settings.sampler = request.sampler;
    project.takes = m_takeModel->takes();
    return project;
}

void MainWindow::applyProject(const Project& project, const QString& path)
{
    m_steps->replaceStepList(project.steps, tr("Open project"));
    m_undo->clear(); // a project starts a fresh history, like a freshly opened document
    m_editor->setSeed(project.settings.seed);
    m_editor->setVariants(project.settings.variants);
    m_editor->setGuidance(project.settings.guidance);
    m_editor->setSamplingSteps(project.settings.samplingSteps);
    m_editor->setComposition(project.settings.composition);
    m_editor->setSampler(project.settings.sampler);
    m_takeModel->setTakes(project.takes);
    m_projectPath = path;
    m_dirty = false;
    m_shownTitle.clear();
    updateTitle();
}

bool MainWindow::newProject()
{
    if (!maybeSave())
        return false;
    applyProject(Project(), QString());
    statusBar()->showMessage(tr("New project"));
    return true;
}

bool MainWindow::openProject(const QString& path)
{
    QString source = path;
    const QFileInfo autosave(path + QStringLiteral(".autosave"));
    if (autosave.exists() && autosave.lastModified() > QFileInfo(path).lastModified()) {
        const auto answer = QMessageBox::question(
            this, tr("Recover project"),
            tr("%1 has an autosave newer than the project (%2). Recover the autosaved version?")
                .arg(QFileInfo(path).fileName(), autosave.lastModified().toString(Qt::TextDate)));
        if (answer == QMessageBox::Yes)
            source = autosave.filePath();
    }
    Project project;
    try {
        project = loadProject(source);
    } catch (const std::exception& e) {
        statusBar()->showMessage(tr("Could not open %1").arg(QFileInfo(source).fileName()));
        QMessageBox::critical(this, tr("Cannot open project"), QString::fromStdString(e.what()));
        return false;
    }
    applyProject(project, path);
    if (source != path)
        markModified(); // recovered work is not in the project file yet
    m_settings.setValue(kProjectDirectoryKey, QFileInfo(path).absolutePath());
    statusBar()->showMessage(tr("Opened %1 (%n take(s))", nullptr, m_takeModel->rowCount()).arg(source));
    return true;
}

bool MainWindow::saveProject(const QString& path)
{
    try {
        ui::saveProject(path, currentProject());
    } catch (const std::exception& e) {
        statusBar()->showMessage(tr("Could not save %1").arg(QFileInfo(path).fileName()));
        QMessageBox::critical(this, tr("Cannot save project"), QString::fromStdString(e.what()));
        return false;
    }
    QFile::remove(autosavePath()); // the untitled or previous autosave is superseded
    m_projectPath = path;
    QFile::remove(autosavePath());
    m_dirty = false;
    m_undo->setClean();
    updateTitle();
    m_settings.setValue(kProjectDirectoryKey, QFileInfo(path).absolutePath());
    statusBar()->showMessage(tr("Saved %1").arg(path));
    return true;
}

QString MainWindow::autosavePath() const
{
    if (!m_projectPath.isEmpty())
        return m_projectPath + QStringLiteral(".autosave");
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath(QStringLiteral("untitled.stepmotion.autosave"));
}

bool MainWindow::autosaveNow()
{
    if (!isProjectModified())
        return false;
    const QString path = autosavePath();
    try {
        QDir().mkpath(QFileInfo(path).absolutePath());
        ui::saveProject(path, currentProject());
    } catch (const std::exception& e) {
        // Autosave must never interrupt work with a dialog; the status bar says it failed.
        statusBar()->showMessage(tr("Autosave failed: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
    statusBar()->showMessage(tr("Autosaved to %1").arg(path), 3000);
    return true;
}

bool MainWindow::offerUntitledRecovery()
{
    if (!m_projectPath.isEmpty())
        return false;
    const QFileInfo autosave(autosavePath());
    if (!autosave.exists())
        return false;
    const auto answer = QMessageBox::question(
        this, tr("Recover project"),
        tr("An untitled project was autosaved on %1 but never saved. Recover it?")
            .arg(autosave.lastModified().toString(Qt::TextDate)));
    if (answer != QMessageBox::Yes) {
        QFile::remove(autosave.filePath());
        return false;
    }
    try {
        applyProject(loadProject(autosave.filePath()), QString());
    } catch (const std::exception& e) {
        QMessageBox::critical(this, tr("Cannot recover project"), QString::fromStdString(e.what()));
        return false;
    }
    markModified();
    statusBar()->showMessage(tr("Recovered the untitled project from %1").arg(autosave.filePath()));
    return true;
}

bool MainWindow::maybeSave()
{
    if (!isProjectModified())
        return true;
    const auto answer = QMessageBox::warning(
        this, tr("Unsaved changes"),
        tr("%1 has unsaved changes. Save them?")
            .arg(m_projectPath.isEmpty() ? tr("The untitled project") : QFileInfo(m_projectPath).fileName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Save)
        return saveCurrentProject();
    QFile::remove(autosavePath()); // the user chose to drop these changes
    return true;
}

bool MainWindow::saveCurrentProject()
{
    return m_projectPath.isEmpty() ? chooseProjectToSave() : saveProject(m_projectPath);
}

bool MainWindow::chooseProjectToSave()
{
    const QString start = m_projectPath.isEmpty() ? m_settings.value(kProjectDirectoryKey).toString() : m_projectPath;
    QString path = QFileDialog::getSaveFileName(this, tr("Save project as"), start,
                                                tr("StepMotion projects (*.stepmotion)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".stepmotion");
    return saveProject(path);
}

void MainWindow::chooseProjectToOpen()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open project"),
                                                      m_settings.value(kProjectDirectoryKey).toString(),
                                                      tr("StepMotion projects (*.stepmotion);;All files (*)"));
    if (!path.isEmpty())
        openProject(path);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (maybeSave()) {
        m_autosave.stop();
        event->accept();
    } else {
        event->ignore();
    }
}

} // namespace stepmotion::ui
