// ProjectController: New / Open / Save / Save as, the modified state the window title shows,
// asking to save before losing changes, the 60 s autosave with recovery on open, and the recent
// files menu.

#include "stepmotion/ui/window/project_controller.h"

#include "stepmotion/ui/steps/step_editor.h"
#include "stepmotion/ui/steps/step_list_model.h"
#include "stepmotion/ui/takes/take_list_model.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QUndoStack>

namespace stepmotion::ui {
namespace {

const QString kProjectDirectoryKey = QStringLiteral("project/directory");
constexpr int kAutosaveMilliseconds = 60 * 1000;

} // namespace

ProjectController::ProjectController(const WindowParts& parts, QObject* parent)
    : QObject(parent)
    , m_window(parts.window)
    , m_settings(parts.settings)
    , m_statusBar(parts.statusBar)
    , m_undo(parts.undo)
    , m_steps(parts.steps)
    , m_editor(parts.editor)
    , m_takeModel(parts.takes)
    , m_recent(*parts.settings)
{
    connect(m_undo, &QUndoStack::cleanChanged, this, &ProjectController::projectStateChanged);
    connect(m_takeModel, &TakeListModel::takesChanged, this, &ProjectController::markModified);
    connect(m_editor, &StepEditor::settingsChanged, this, &ProjectController::markModified);
    m_autosave.setInterval(kAutosaveMilliseconds);
    connect(&m_autosave, &QTimer::timeout, this, &ProjectController::autosaveNow);
    m_autosave.start();
}

void ProjectController::createActions(QMenu* file)
{
    file->addAction(tr("&New project"), this, &ProjectController::newProject)->setShortcut(QKeySequence::New);
    file->addAction(tr("Open &project..."), this, &ProjectController::chooseProjectToOpen)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_O));
    file->addAction(tr("&Save project"), this, &ProjectController::saveCurrentProject)->setShortcut(QKeySequence::Save);
    file->addAction(tr("Save project &as..."), this, &ProjectController::chooseProjectToSave)
        ->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
}

void ProjectController::createRecentMenu(QMenu* file)
{
    m_recentMenu = file->addMenu(tr("Open &recent"));
    rebuildRecentMenu();
}

void ProjectController::addRecentFile(const QString& path)
{
    m_recent.add(path);
    rebuildRecentMenu();
}

void ProjectController::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList entries = m_recent.entries();
    for (const QString& path : entries) {
        QAction* action = m_recentMenu->addAction(QFileInfo(path).fileName(), this,
                                                  [this, path] { Q_EMIT recentFileChosen(path); });
        action->setToolTip(path);
        action->setStatusTip(path);
    }
    if (entries.isEmpty()) {
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear list"), this, [this] {
        m_recent.clear();
        rebuildRecentMenu();
    });
}

void ProjectController::markModified()
{
    m_dirty = true;
    Q_EMIT projectStateChanged();
}

bool ProjectController::isProjectModified() const
{
    return m_dirty || !m_undo->isClean();
}

Project ProjectController::currentProject() const
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

void ProjectController::applyProject(const Project& project, const QString& path)
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
    Q_EMIT projectReplaced();
    Q_EMIT projectStateChanged();
}

bool ProjectController::newProject()
{
    if (!maybeSave())
        return false;
    applyProject(Project(), QString());
    m_statusBar->showMessage(tr("New project"));
    return true;
}

bool ProjectController::openProject(const QString& path)
{
    QString source = path;
    const QFileInfo autosave(path + QStringLiteral(".autosave"));
    if (autosave.exists() && autosave.lastModified() > QFileInfo(path).lastModified()) {
        const auto answer = QMessageBox::question(
            m_window, tr("Recover project"),
            tr("%1 has an autosave newer than the project (%2). Recover the autosaved version?")
                .arg(QFileInfo(path).fileName(), autosave.lastModified().toString(Qt::TextDate)));
        if (answer == QMessageBox::Yes)
            source = autosave.filePath();
    }
    Project project;
    try {
        project = loadProject(source);
    } catch (const std::exception& e) {
        m_statusBar->showMessage(tr("Could not open %1").arg(QFileInfo(source).fileName()));
        QMessageBox::critical(m_window, tr("Cannot open project"), QString::fromStdString(e.what()));
        return false;
    }
    applyProject(project, path);
    if (source != path)
        markModified(); // recovered work is not in the project file yet
    m_settings->setValue(kProjectDirectoryKey, QFileInfo(path).absolutePath());
    m_statusBar->showMessage(tr("Opened %1 (%n take(s))", nullptr, m_takeModel->rowCount()).arg(source));
    return true;
}

bool ProjectController::saveProject(const QString& path)
{
    try {
        ui::saveProject(path, currentProject());
    } catch (const std::exception& e) {
        m_statusBar->showMessage(tr("Could not save %1").arg(QFileInfo(path).fileName()));
        QMessageBox::critical(m_window, tr("Cannot save project"), QString::fromStdString(e.what()));
        return false;
    }
    QFile::remove(autosavePath()); // the untitled or previous autosave is superseded
    m_projectPath = path;
    QFile::remove(autosavePath());
    m_dirty = false;
    m_undo->setClean();
    Q_EMIT projectStateChanged();
    m_settings->setValue(kProjectDirectoryKey, QFileInfo(path).absolutePath());
    m_statusBar->showMessage(tr("Saved %1").arg(path));
    return true;
}

QString ProjectController::autosavePath() const
{
    if (!m_projectPath.isEmpty())
        return m_projectPath + QStringLiteral(".autosave");
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath(QStringLiteral("untitled.stepmotion.autosave"));
}

bool ProjectController::autosaveNow()
{
    if (!isProjectModified())
        return false;
    const QString path = autosavePath();
    try {
        QDir().mkpath(QFileInfo(path).absolutePath());
        ui::saveProject(path, currentProject());
    } catch (const std::exception& e) {
        // Autosave must never interrupt work with a dialog; the status bar says it failed.
        m_statusBar->showMessage(tr("Autosave failed: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
    m_statusBar->showMessage(tr("Autosaved to %1").arg(path), 3000);
    return true;
}

bool ProjectController::offerUntitledRecovery()
{
    if (!m_projectPath.isEmpty())
        return false;
    const QFileInfo autosave(autosavePath());
    if (!autosave.exists())
        return false;
    const auto answer = QMessageBox::question(
        m_window, tr("Recover project"),
        tr("An untitled project was autosaved on %1 but never saved. Recover it?")
            .arg(autosave.lastModified().toString(Qt::TextDate)));
    if (answer != QMessageBox::Yes) {
        QFile::remove(autosave.filePath());
        return false;
    }
    try {
        applyProject(loadProject(autosave.filePath()), QString());
    } catch (const std::exception& e) {
        QMessageBox::critical(m_window, tr("Cannot recover project"), QString::fromStdString(e.what()));
        return false;
    }
    markModified();
    m_statusBar->showMessage(tr("Recovered the untitled project from %1").arg(autosave.filePath()));
    return true;
}

bool ProjectController::maybeSave()
{
    if (!isProjectModified())
        return true;
    const auto answer = QMessageBox::warning(
        m_window, tr("Unsaved changes"),
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

bool ProjectController::saveCurrentProject()
{
    return m_projectPath.isEmpty() ? chooseProjectToSave() : saveProject(m_projectPath);
}

bool ProjectController::chooseProjectToSave()
{
    const QString start = m_projectPath.isEmpty() ? m_settings->value(kProjectDirectoryKey).toString() : m_projectPath;
    QString path = QFileDialog::getSaveFileName(m_window, tr("Save project as"), start,
                                                tr("StepMotion projects (*.stepmotion)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".stepmotion");
    return saveProject(path);
}

void ProjectController::chooseProjectToOpen()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open project"),
                                                      m_settings->value(kProjectDirectoryKey).toString(),
                                                      tr("StepMotion projects (*.stepmotion);;All files (*)"));
    if (!path.isEmpty())
        openProject(path);
}

bool ProjectController::confirmClose()
{
    if (!maybeSave())
        return false;
    m_autosave.stop();
    return true;
}

} // namespace stepmotion::ui
