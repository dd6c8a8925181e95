// MainWindow's study half: File > Open study... and Study > Rate a study... (ask for a rater,
// prepare clips, rate in a window of its own) and Study > Results....

#include "stepmotion/ui/main_window.h"

#include "stepmotion/ui/study_launch.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QMenu>
#include <QMenuBar>

namespace stepmotion::ui {
namespace {

const QString kStudyDirectoryKey = QStringLiteral("study/directory");

} // namespace

void MainWindow::createStudyMenu()
{
    QMenu* study = menuBar()->addMenu(tr("&Study"));
    study->addAction(tr("&Rate a study..."), this, &MainWindow::chooseStudyToOpen);
    study->addAction(tr("&Results..."), this, &MainWindow::chooseStudyResults);
}

QString MainWindow::chooseStudyDirectory(const QString& title)
{
    const QString start = m_settings.value(kStudyDirectoryKey, QDir::homePath()).toString();
    const QString dir = QFileDialog::getExistingDirectory(this, title, start);
    if (!dir.isEmpty())
        m_settings.setValue(kStudyDirectoryKey, dir);
    return dir;
}

void MainWindow::chooseStudyToOpen()
{
    const QString dir = chooseStudyDirectory(tr("Open study (the folder holding study.json)"));
    if (dir.isEmpty())
        return;
    const QString rater = askRaterId(this, dir);
    if (!rater.isEmpty())
        launchStudySession(dir, rater, this);
}

void MainWindow::chooseStudyResults()
{
    const QString dir = chooseStudyDirectory(tr("Study results (the folder holding study.json)"));
    if (!dir.isEmpty())
        launchStudyResults(dir, this);
}

} // namespace stepmotion::ui
