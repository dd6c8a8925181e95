#include "stepmotion/ui/batch_export_job.h"

#include <QThread>

namespace stepmotion::ui {

BatchExportJob::BatchExportJob(std::vector<Take> takes, QString dir, ExportOptions options, QObject* parent)
    : QObject(parent)
    , m_takes(std::move(takes))
    , m_dir(std::move(dir))
    , m_options(options)
{
}

BatchExportJob::~BatchExportJob()
{
    if (m_thread) {
        m_cancel = true;
        m_thread->wait();
    }
}

void BatchExportJob::start()
{
    if (m_thread)
        return;
    m_thread = QThread::create([this] {
        m_result = exportTakes(
            m_takes, m_dir, m_options,
            [this](int done, int total) {
                Q_EMIT progressed(done, total); // queued: receivers live on the UI thread
                return !m_cancel.load();
            },
            m_cleanUp);
    });
    m_thread->setParent(this);
    connect(m_thread, &QThread::finished, this, [this] { Q_EMIT finished(m_result); });
    m_thread->start();
}

void BatchExportJob::cancel()
{
    m_cancel = true;
}

} // namespace stepmotion::ui
