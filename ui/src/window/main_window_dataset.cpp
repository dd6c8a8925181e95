// MainWindow's dataset half: the Dataset dock (browse a HumanML3D-layout folder), showing a
// ground-truth clip beside the takes and loading a clip's steps into the editor.

#include "stepmotion/ui/window/main_window.h"

#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/ui/dataset/dataset_browser.h"
#include "stepmotion/ui/dataset/dataset_clip_model.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/steps/step_list_model.h"
#include "stepmotion/ui/window/shown_motions.h"

#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QMessageBox>
#include <QStatusBar>

namespace stepmotion::ui {
namespace {

const QString kDatasetDirectoryKey = QStringLiteral("dataset/directory");

} // namespace

void MainWindow::createDatasetDock()
{
    m_datasetBrowser = new DatasetBrowser(this);
    auto* dock = new QDockWidget(tr("Dataset"), this);
    dock->setObjectName(QStringLiteral("datasetDock"));
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    dock->setWidget(m_datasetBrowser);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    m_datasetDock = dock;
    // A tab beside the Takes, which stay in front: browsing is occasional, takes are constant.
    if (auto* takes = findChild<QDockWidget*>(QStringLiteral("takesDock"))) {
        tabifyDockWidget(takes, dock);
        takes->raise();
    }
    connect(m_datasetBrowser, &DatasetBrowser::indexingFinished, this,
            [this](bool ok, const QString& dir, const QString& message) {
                if (ok)
                    m_settings.setValue(kDatasetDirectoryKey, dir);
                statusBar()->showMessage(ok ? message : tr("Cannot index the dataset: %1").arg(message));
            });
    connect(m_datasetBrowser, &DatasetBrowser::showBesideRequested, this, &MainWindow::showDatasetClipBeside);
    connect(m_datasetBrowser, &DatasetBrowser::useStepsRequested, this, &MainWindow::useDatasetClipSteps);
}

void MainWindow::openDatasetFolder(const QString& dir)
{
    m_datasetDock->show();
    m_datasetDock->raise();
    m_datasetBrowser->openFolder(dir);
}

void MainWindow::chooseDatasetFolder()
{
    const QString start = m_settings.value(kDatasetDirectoryKey, QDir::homePath()).toString();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open dataset folder"), start);
    if (!dir.isEmpty())
        openDatasetFolder(dir);
}

bool MainWindow::showDatasetClipBeside(const QString& id)
{
    const DatasetClip* clip = m_datasetBrowser->model()->findClip(id);
    if (!clip)
        return false;
    LoadedMotion motion;
    motion.path = QString::fromStdString(clip->jointsPath);
    motion.name = tr("ground truth %1").arg(id);
    try {
        motion.joints = loadJointClip(clip->jointsPath);
    } catch (const std::exception& e) {
        statusBar()->showMessage(tr("Could not show %1").arg(motion.name));
        QMessageBox::critical(this, tr("Cannot show ground truth"), QString::fromStdString(e.what()));
        return false;
    }
    const QString name = motion.name;
    if (m_player->scene().isEmpty()) {
        std::vector<LoadedMotion> motions;
        motions.push_back(std::move(motion));
        showMotions(std::move(motions), name);
    } else {
        m_player->addMotion(std::move(motion));
        m_shown->setShowingTakes(false); // re-showing the takes would drop the ground truth beside them
        m_shown->setShowingPreview(false); // and so would the next preview in place
        const QString shown = m_shown->title();
        m_shown->setTitle(shown.isEmpty() ? name : QStringLiteral("%1, %2").arg(shown, name));
    }
    statusBar()->showMessage(tr("Showing %1 beside the other clips").arg(name));
    return true;
}

bool MainWindow::useDatasetClipSteps(const QString& id)
{
    const DatasetClip* clip = m_datasetBrowser->model()->findClip(id);
    if (!clip || (clip->stepLists.empty() && clip->captions.empty()))
        return false;
    StepList list;
    if (!clip->stepLists.empty())
        list = clip->stepLists.front().list;
    if (!isKnownStepSource(list.source))
        list.source = "user";
    if (!clip->captions.empty())
        list.coarse = clip->captions.front().text;
    m_steps->replaceStepList(list, tr("Use steps of %1").arg(id));
    statusBar()->showMessage(tr("Loaded %n step(s) of %1 into the editor", nullptr, m_steps->rowCount()).arg(id));
    return true;
}

} // namespace stepmotion::ui
