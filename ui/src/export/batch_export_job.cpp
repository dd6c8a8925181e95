#include "stepmotion/ui/export/batch_export_job.h"

namespace stepmotion::ui {

BatchExportJob::BatchExportJob(std::vector<Take> takes, QString dir, ExportOptions options, QObject* parent)
    : QObject(parent)
    , m_takes(std::move(takes))
    , m_dir(std::move(dir))
    , m_options(options)
    , m_worker(QStringLiteral("stepmotion-batch-export"))
{
}

// m_worker's destructor cancels and waits for the take being written.
BatchExportJob::~BatchExportJob() = default;

void BatchExportJob::start()
{
    if (m_started)
        return;
    m_started = true;
    const bool cleanUp = m_cleanUp;
    const auto work = [this, cleanUp](const WorkerJob& job) {
        return exportTakes(
            m_takes, m_dir, m_options,
            [this, job](int done, int total) {
                job.post([this, done, total] { Q_EMIT progressed(done, total); });
                return !job.isCancelled();
            },
            cleanUp);
    };
    // exportTakes reports a take's failure in the result; should it throw all the same, the
    // batch still ends with finished(), the message as its error.
    m_worker.run(work, [this](int, const BatchExportResult& result) { Q_EMIT finished(result); },
                 [this](int, const QString& message) {
                     BatchExportResult result;
                     result.errors << message;
                     Q_EMIT finished(result);
                 });
}

void BatchExportJob::cancel()
{
    m_worker.cancelFromNowOn(); // holds also when start() comes later
}

} // namespace stepmotion::ui
