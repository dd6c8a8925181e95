#include "stepmotion/ui/window/main_window.h"

#include "stepmotion/ui/generation/generation_service.h"
#include "stepmotion/ui/player/playback_bar.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/steps/step_list_model.h"
#include "stepmotion/ui/window/generation_controller.h"
#include "stepmotion/ui/window/project_controller.h"
#include "stepmotion/ui/window/shown_motions.h"
#include "stepmotion/ui/window/study_controller.h"

#include <QAction>
#include <QApplication>
#include <QDragEnterEvent>
#include <QDockWidget>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QUndoStack>
#include <QVBoxLayout>

namespace stepmotion::ui {
namespace {

QString describe(const LoadedMotion& m)
{
    const JointClip& c = m.joints;
    return QStringLiteral("%1: %2 frames, %3 s at %4 fps")
        .arg(m.name)
        .arg(c.frames)
        .arg(c.durationSeconds(), 0, 'f', 2)
        .arg(c.fps, 0, 'g', 3);
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_player(new PlayerWidget(this))
    , m_bar(new PlaybackBar(m_player, this))
    , m_rateLabel(new QLabel(this))
    , m_undo(new QUndoStack(this))
    , m_steps(new StepListModel(m_undo, this))
    , m_shown(std::make_unique<ShownMotions>(m_player))
{
    setWindowTitle(tr("StepMotion Studio"));
    setAcceptDrops(true);
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_player, 1);
    layout->addWidget(m_bar);
    setCentralWidget(central);
    statusBar()->addPermanentWidget(m_rateLabel);
    statusBar()->showMessage(tr("Open a motion file (.bvh, .amc, .npy) with File > Open motion... or drop it here"));
    connect(m_player, &PlayerWidget::paintRateChanged, this,
            [this](double fps) { m_rateLabel->setText(tr("%1 fps").arg(fps, 0, 'f', 0)); });
    connect(m_player, &PlayerWidget::renderFailed, this, &MainWindow::showRenderError);
    createStepEditor();
    createTakesDock();
    createDatasetDock();
    createGeneration();
    createControllers();
    createMenus();
    wireControllers();
    m_player->setFocus();
}

MainWindow::~MainWindow()
{
    // The undo stack (a child) signals cleanChanged while QWidget's destructor deletes it, when
    // this object is no longer a MainWindow: no slot of ours may run then (UBSan caught it). The
    // controllers that listen to it are members, destroyed before that.
    m_undo->disconnect(this);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_projectControl->createActions(file);
    QAction* open = file->addAction(tr("&Open motion..."), this, &MainWindow::chooseFileToOpen);
    open->setShortcut(QKeySequence::Open);
    QAction* add = file->addAction(tr("&Add motion to compare..."), this, &MainWindow::chooseFileToAdd);
    add->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_projectControl->createRecentMenu(file);
    file->addSeparator();
    file->addAction(tr("Open &steps..."), this, &MainWindow::chooseStepsToOpen);
    file->addAction(tr("Save steps as..."), this, &MainWindow::chooseStepsToSave);
    file->addAction(tr("Choose &model folder..."), this, &MainWindow::chooseModelDirectory);
    QAction* exportTake = file->addAction(tr("&Export selected take..."), this, &MainWindow::chooseTakeToExport);
    exportTake->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addAction(tr("Export onto &character..."), this, &MainWindow::chooseTakeToExportOntoCharacter);
    file->addAction(tr("Export s&tarred takes..."), this, &MainWindow::chooseStarredTakesExport);
    file->addAction(tr("Open &dataset folder..."), this, &MainWindow::chooseDatasetFolder);
    file->addSeparator();
    file->addAction(tr("Open st&udy..."), m_studyControl.get(), &StudyController::chooseStudyToOpen);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);

    createPlaybackActions(menuBar()->addMenu(tr("&Playback")));

    QMenu* motion = menuBar()->addMenu(tr("&Motion"));
    motion->addAction(tr("&Describe this motion"), this, &MainWindow::describeShownMotion);
    m_generationControl->createKeptActions(motion);
    m_cleanUpAction = motion->addAction(tr("&Clean up generated motion"), this, &MainWindow::setCleanUpGeneratedMotion);
    m_cleanUpAction->setCheckable(true);
    m_cleanUpAction->setChecked(m_cleanUpTakes);
    m_cleanUpAction->setToolTip(tr("Show and export takes with fixed bone lengths, planted feet and nothing under the floor"));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* reset = view->addAction(tr("&Reset camera"), m_player, &PlayerWidget::resetView);
    reset->setShortcut(QKeySequence(Qt::Key_R));
    view->addSeparator();
    view->addAction(m_datasetDock->toggleViewAction());

    m_studyControl->createMenu(menuBar());
}

void MainWindow::createPlaybackActions(QMenu* menu)
{
    // Window-wide shortcuts, so they work whichever control was clicked last.
    const auto add = [this, menu](const QString& text, const QKeySequence& key, auto slot) {
        QAction* action = menu->addAction(text, m_player, slot);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WindowShortcut);
        return action;
    };
    add(tr("Play / pause"), QKeySequence(Qt::Key_Space), &PlayerWidget::togglePlaying);
    add(tr("Next frame"), QKeySequence(Qt::Key_Right), [this] { m_player->stepFrame(1); });
    add(tr("Previous frame"), QKeySequence(Qt::Key_Left), [this] { m_player->stepFrame(-1); });
    add(tr("First frame"), QKeySequence(Qt::Key_Home), &PlayerWidget::goToStart);
    add(tr("Last frame"), QKeySequence(Qt::Key_End), &PlayerWidget::goToEnd);
}

bool MainWindow::openFile(const QString& path)
{
    return load(path, false);
}

bool MainWindow::addFile(const QString& path)
{
    return load(path, true);
}

bool MainWindow::load(const QString& path, bool add)
{
    QString error;
    std::optional<LoadedMotion> motion = loadMotion(path, error);
    if (!motion) {
        statusBar()->showMessage(tr("Could not open %1").arg(QFileInfo(path).fileName()));
        QMessageBox::critical(this, tr("Cannot open motion"), error);
        return false;
    }
    const QString summary = describe(*motion);
    m_shown->setShowingTakes(false);
    m_shown->setShowingPreview(false);
    if (add && !m_player->scene().isEmpty()) {
        m_player->addMotion(std::move(*motion));
    } else {
        std::vector<LoadedMotion> motions;
        motions.push_back(std::move(*motion));
        m_shown->setMotions(std::move(motions), QFileInfo(path).fileName());
    }
    m_projectControl->addRecentFile(path);
    statusBar()->showMessage(summary);
    return true;
}

QString MainWindow::chooseMotionFile(const QString& title)
{
    const QStringList recent = m_projectControl->recentFiles();
    const QString start = recent.isEmpty() ? QString() : QFileInfo(recent.front()).absolutePath();
    return QFileDialog::getOpenFileName(
        this, title, start,
        tr("Motion files (*.bvh *.amc *.npy *.fbx *.gltf *.glb);;BVH (*.bvh);;"
           "CMU ASF/AMC (the .asf beside the .amc) (*.amc);;NumPy arrays (*.npy);;"
           "StepMotion exports: FBX, glTF (*.fbx *.gltf *.glb);;All files (*)"));
}

void MainWindow::chooseFileToOpen()
{
    const QString path = chooseMotionFile(tr("Open motion"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::chooseFileToAdd()
{
    const QString path = chooseMotionFile(tr("Add motion to compare"));
    if (!path.isEmpty())
        addFile(path);
}

void MainWindow::showRenderError(const QString& message)
{
    statusBar()->showMessage(tr("3D view unavailable"));
    QMessageBox::critical(this, tr("OpenGL problem"),
                          tr("The 3D view could not start:\n%1\n\nStepMotion Studio needs OpenGL 3.3.").arg(message));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    bool first = true;
    for (const QUrl& url : urls) {
        if (!url.isLocalFile())
            continue;
        // The first dropped file replaces the scene, the others are added to compare.
        if (!load(url.toLocalFile(), !first))
            break;
        first = false;
    }
    event->acceptProposedAction();
}

} // namespace stepmotion::ui
