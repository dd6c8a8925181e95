#include "stepmotion/ui/study/study_launch.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/ui/study/study_preparer.h"
#include "stepmotion/ui/study/study_rater_session.h"
#include "stepmotion/ui/study/study_results_view.h"
#include "stepmotion/ui/study/study_session_widget.h"

#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QRandomGenerator>

namespace stepmotion::ui {

QString askRaterId(QWidget* parent, const QString& studyDir)
{
    QString prompt = QObject::tr("Rater id for %1\n(letters, digits, '.', '_' or '-'; the same id resumes a "
                                 "paused session):")
                         .arg(studyDir);
    for (;;) {
        bool ok = false;
        const QString id = QInputDialog::getText(parent, QObject::tr("Open study"), prompt, QLineEdit::Normal,
                                                 QString(), &ok).trimmed();
        if (!ok)
            return {};
        if (isValidStudyId(id.toStdString()))
            return id;
        prompt = QObject::tr("'%1' is not a valid rater id. Use 1-64 letters, digits, '.', '_' or '-', starting "
                             "with a letter or digit:")
                     .arg(id);
    }
}

StudySessionWidget* launchStudySession(const QString& studyDir, const QString& rater, QWidget* dialogParent)
{
    try {
        // The fresh seed is used only at the rater's first start; later starts read it back.
        const uint64_t freshSeed = QRandomGenerator::system()->generate64();
        StudyRaterSession session = openRaterSession(studyDir.toStdString(), rater.toStdString(), freshSeed);
        if (!prepareStudyClipsWithDialog(dialogParent, studyDir, session.design))
            return nullptr;
        auto* widget = new StudySessionWidget(std::move(session));
        widget->setAttribute(Qt::WA_DeleteOnClose);
        widget->resize(1280, 800);
        widget->show();
        return widget;
    } catch (const Error& e) {
        QMessageBox::critical(dialogParent, QObject::tr("Cannot open the study"), QString::fromStdString(e.what()));
        return nullptr;
    }
}

StudyResultsView* launchStudyResults(const QString& studyDir, QWidget* dialogParent)
{
    try {
        StudyResultsView* view = StudyResultsView::load(studyDir);
        view->setAttribute(Qt::WA_DeleteOnClose);
        view->resize(1000, 700);
        view->show();
        return view;
    } catch (const Error& e) {
        QMessageBox::critical(dialogParent, QObject::tr("Cannot read the study's results"),
                              QString::fromStdString(e.what()));
        return nullptr;
    }
}

} // namespace stepmotion::ui
