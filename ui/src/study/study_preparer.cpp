#include "stepmotion/ui/study/study_preparer.h"

#include "stepmotion/core/runtime/error.h"

#include <QEventLoop>
#include <QMessageBox>
#include <QProgressDialog>

namespace stepmotion::ui {

/// What preparing hands back: core's result, or the message of the error that stopped it.
struct StudyClipPreparer::Outcome {
    PrepareResult result;
    bool failed = false;
    QString message;
};

StudyClipPreparer::StudyClipPreparer(QString studyDir, StudyDesign design, ClipSource source, QObject* parent)
    : QObject(parent)
    , m_studyDir(std::move(studyDir))
    , m_design(std::move(design))
    , m_source(std::move(source))
    , m_worker(QStringLiteral("stepmotion-study-prepare"))
{
}

// m_worker's destructor cancels and waits for the clip in progress.
StudyClipPreparer::~StudyClipPreparer() = default;

void StudyClipPreparer::start()
{
    if (m_started)
        return;
    m_started = true;
    m_worker.run([this](const WorkerJob& job) { return prepare(job); },
                 [this](int, const Outcome& outcome) { report(outcome); },
                 [this](int, const QString& message) { Q_EMIT failed(message); });
}

void StudyClipPreparer::cancel()
{
    m_worker.cancelFromNowOn(); // holds also when start() comes later
}

StudyClipPreparer::Outcome StudyClipPreparer::prepare(const WorkerJob& job)
{
    // Runs on the worker thread: only the members nothing changes and the job are touched here;
    // progress goes back as queued calls.
    const PrepareCancel cancel = [job] { return job.isCancelled(); };
    const std::string dir = m_studyDir.toStdString();
    const ClipSource source = m_source ? m_source : modelClipSource(dir, m_design, cancel);
    const PrepareProgressCallback progressed = [this, job](const PrepareProgress& p) {
        job.post([this, p, current = QString::fromStdString(p.current)] { Q_EMIT progress(p.done, p.total, current); });
    };
    Outcome outcome;
    try {
        outcome.result = prepareStudyClips(dir, m_design, source, progressed, cancel);
    } catch (const std::exception& e) {
        // A generation cut short by Cancel throws too: then it is a cancelled preparation.
        outcome.result = PrepareResult{};
        outcome.result.cancelled = job.isCancelled();
        outcome.failed = !outcome.result.cancelled;
        outcome.message = QString::fromStdString(e.what());
    }
    return outcome;
}

void StudyClipPreparer::report(const Outcome& outcome)
{
    if (outcome.failed)
        Q_EMIT failed(outcome.message);
    else
        Q_EMIT finished(outcome.result.generated, outcome.result.skipped, outcome.result.cancelled);
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
