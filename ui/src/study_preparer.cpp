#include "stepmotion/ui/study_preparer.h"

#include "stepmotion/core/error.h"

#include <QEventLoop>
#include <QMessageBox>
#include <QProgressDialog>

namespace stepmotion::ui {

StudyClipPreparer::StudyClipPreparer(QString studyDir, StudyDesign design, ClipSource source, QObject* parent)
    : QObject(parent)
    , m_studyDir(std::move(studyDir))
    , m_design(std::move(design))
    , m_source(std::move(source))
    , m_cancel(std::make_shared<std::atomic<bool>>(false))
{
}

StudyClipPreparer::~StudyClipPreparer()
{
    m_cancel->store(true);
    if (m_thread)
        m_thread->wait();
}

void StudyClipPreparer::start()
{
    if (m_thread)
        return;
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("stepmotion-study-prepare"));
    m_thread->start();
}

void StudyClipPreparer::cancel()
{
    m_cancel->store(true);
}

void StudyClipPreparer::run()
{
    // Runs on the worker thread: only the copies and the atomic flag are touched here; everything
    // for the UI goes back as queued calls (dropped if the preparer is gone by then).
    const std::shared_ptr<std::atomic<bool>> flag = m_cancel;
    const PrepareCancel cancel = [flag] { return flag->load(); };
    const std::string dir = m_studyDir.toStdString();
    const ClipSource source = m_source ? m_source : modelClipSource(dir, m_design, cancel);
    const PrepareProgressCallback report = [this](const PrepareProgress& p) {
        const QString current = QString::fromStdString(p.current);
        QMetaObject::invokeMethod(
            this, [this, p, current] { Q_EMIT progress(p.done, p.total, current); }, Qt::QueuedConnection);
    };
    try {
        const PrepareResult result = prepareStudyClips(dir, m_design, source, report, cancel);
        QMetaObject::invokeMethod(
            this, [this, result] { Q_EMIT finished(result.generated, result.skipped, result.cancelled); },
            Qt::QueuedConnection);
    } catch (const std::exception& e) {
        const bool stopped = flag->load(); // a generation cut short by Cancel throws too
        const QString message = QString::fromStdString(e.what());
        QMetaObject::invokeMethod(
            this,
            [this, stopped, message] {
                if (stopped)
                    Q_EMIT finished(0, 0, true);
                else
                    Q_EMIT failed(message);
            },
            Qt::QueuedConnection);
    }
}

bool prepareStudyClipsWithDialog(QWidget* parent, const QString& studyDir, const StudyDesign& design,
                                 ClipSource source)
{
    if (missingStudyClips(studyDir.toStdString(), design).empty())
        return true;
    QProgressDialog dialog(QObject::tr("Preparing the study's clips..."), QObject::tr("Cancel"), 0, 0, parent);
    dialog.setWindowTitle(QObject::tr("Prepare study"));
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(0);
    dialog.setAutoClose(false);
    dialog.setAutoReset(false);
    StudyClipPreparer preparer(studyDir, design, std::move(source));
    QEventLoop loop;
    bool complete = false;
    QString failure;
    QObject::connect(&preparer, &StudyClipPreparer::progress, &dialog,
                     [&dialog](int done, int total, const QString& current) {
                         dialog.setMaximum(total);
                         dialog.setValue(done);
                         dialog.setLabelText(current.isEmpty() ? QObject::tr("Clips ready: %1 of %2").arg(done).arg(total)
                                                               : QObject::tr("Generating %1 (%2 of %3 ready)")
                                                                     .arg(current).arg(done).arg(total));
                     });
    QObject::connect(&preparer, &StudyClipPreparer::finished, &loop, [&](int, int, bool cancelled) {
        complete = !cancelled;
        loop.quit();
    });
    QObject::connect(&preparer, &StudyClipPreparer::failed, &loop, [&](const QString& message) {
        failure = message;
        loop.quit();
    });
    QObject::connect(&dialog, &QProgressDialog::canceled, &preparer, [&] {
        dialog.setLabelText(QObject::tr("Stopping after the current clip..."));
        preparer.cancel();
    });
    dialog.show();
    preparer.start();
    loop.exec();
    dialog.close();
    if (!failure.isEmpty())
        QMessageBox::critical(parent, QObject::tr("Cannot prepare the study"),
                              QObject::tr("%1\n\nClips made so far are kept; preparing again resumes.").arg(failure));
    return complete && failure.isEmpty();
}

} // namespace stepmotion::ui
