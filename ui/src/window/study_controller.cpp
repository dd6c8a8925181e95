#include "stepmotion/ui/window/study_controller.h"

#include "stepmotion/ui/study/study_launch.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>

namespace stepmotion::ui {
namespace {

const QString kStudyDirectoryKey = QStringLiteral("study/directory");

} // namespace

StudyController::StudyController(const WindowParts& parts, QObject* parent)
    : QObject(parent), m_window(parts.window), m_settings(parts.settings)
{
}

void StudyController::createMenu(QMenuBar* bar)
{
    QMenu* study = bar->addMenu(tr("&Study"));
    study->addAction(tr("&Rate a study..."), this, &StudyController::chooseStudyToOpen);
    study->addAction(tr("&Results..."), this, &StudyController::chooseStudyResults);
}

QString StudyController::chooseStudyDirectory(const QString& title)
{
    const QString start = m_settings->value(kStudyDirectoryKey, QDir::homePath()).toString();
    const QString dir = QFileDialog::getExistingDirectory(m_window, title, start);
    if (!dir.isEmpty())
        m_settings->setValue(kStudyDirectoryKey, dir);
    return dir;
}

void StudyController::chooseStudyToOpen()
{
    const QString dir = chooseStudyDirectory(tr("Open study (the folder holding study.json)"));
    if (dir.isEmpty())
        return;
    const QString rater = askRaterId(m_window, dir);
    if (!rater.isEmpty())
        launchStudySession(dir, rater, m_window);
}

void StudyController::chooseStudyResults()
{
    const QString dir = chooseStudyDirectory(tr("Study results (the folder holding study.json)"));
    if (!dir.isEmpty())
        launchStudyResults(dir, m_window);
}

} // namespace stepmotion::ui
