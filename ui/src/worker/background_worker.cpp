#include "stepmotion/ui/worker/background_worker.h"

#include <QObject>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <climits>
#include <exception>
#include <mutex>
#include <optional>
#include <utility>

namespace stepmotion::ui {

/// What the owner's thread and the worker thread share. The mutex guards only quick hand-overs,
/// never the work, so run() and cancel() cannot block behind a running request.
struct BackgroundWorker::Shared {
    /// A request posted but not started yet.
    struct Queued {
        int id = 0;
        Task task;
        Failed failed;
        Dropped dropped;
    };

    QString name; // the thread's, for log lines; set once, before the thread starts
    std::mutex mutex;
    std::optional<Queued> queued;   // only the newest request ever waits
    std::atomic<int> cancelUpTo{0}; // requests with id <= this are cancelled
    bool started = false;           // owner thread only
    // Declared before the objects that live on it, so that it is destroyed after them.
    QThread thread;
    QObject runner; // lives on `thread`: calls queued to it run there, one at a time
    QObject inbox;  // lives on the owner's thread: deliveries queued to it vanish with it
};

namespace {

/// The delivery of a request whose work threw: `failed`, or a log line when there is none.
std::function<void()> failure(BackgroundWorker::Failed failed, int id, QString message, QString thread)
{
    return [failed = std::move(failed), id, message = std::move(message), thread = std::move(thread)] {
        if (failed)
            failed(id, message);
        else
            qWarning("%s: request %d failed: %s", qPrintable(thread), id, qPrintable(message));
    };
}

} // namespace

bool WorkerJob::isCancelled() const
{
    return m_worker->isCancelled(m_id);
}

void WorkerJob::post(std::function<void()> call) const
{
    const BackgroundWorker* worker = m_worker;
    const int id = m_id;
    // m_latest is read on the owner's thread, where the call runs.
    worker->postToOwner([worker, id, call = std::move(call)] {
        if (id == worker->m_latest)
            call();
    });
}

BackgroundWorker::BackgroundWorker(QString threadName)
    : m_shared(std::make_unique<Shared>())
{
    m_shared->name = std::move(threadName);
    m_shared->thread.setObjectName(m_shared->name);
    m_shared->runner.moveToThread(&m_shared->thread);
}

BackgroundWorker::~BackgroundWorker()
{
    m_shared->cancelUpTo.store(INT_MAX);
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        m_shared->queued.reset();
    }
    // Calls still queued to the runner or the inbox are discarded with them.
    m_shared->thread.quit();
    m_shared->thread.wait();
}

int BackgroundWorker::submit(Task task, Failed failed, Dropped dropped)
{
    const int id = ++m_latest;
    std::optional<Shared::Queued> superseded;
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        superseded.swap(m_shared->queued);
        m_shared->queued = Shared::Queued{id, std::move(task), std::move(failed), std::move(dropped)};
        // The running request stops; a cancelFromNowOn() stays in force.
        m_shared->cancelUpTo.store(std::max(m_shared->cancelUpTo.load(), id - 1));
    }
    ensureStarted();
    QMetaObject::invokeMethod(&m_shared->runner, [this] { runQueued(); }, Qt::QueuedConnection);
    // Told after the new request is in place: a callback may look at latest() or post again.
    if (superseded && superseded->dropped)
        superseded->dropped(superseded->id);
    return id;
}

void BackgroundWorker::runQueued()
{
    std::optional<Shared::Queued> request;
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        request.swap(m_shared->queued);
    }
    if (!request)
        return; // an earlier call ran the newest request, or cancel() dropped it
    const int id = request->id;
    const QString& thread = m_shared->name;
    Delivery delivery;
    // No exception leaves the worker thread: it becomes the request's failure.
    try {
        delivery = request->task(WorkerJob(this, id));
    } catch (const std::exception& e) {
        delivery = failure(std::move(request->failed), id, QString::fromStdString(e.what()), thread);
    } catch (...) {
        delivery = failure(std::move(request->failed), id, QStringLiteral("unknown error"), thread);
    }
    postToOwner([this, id, delivery = std::move(delivery), dropped = std::move(request->dropped)] {
        deliver(id, delivery, dropped);
    });
}

void BackgroundWorker::deliver(int id, const Delivery& delivery, const Dropped& dropped)
{
    if (id != m_latest) { // superseded while it ran
        if (dropped)
            dropped(id);
        return;
    }
    m_settled = id;
    delivery();
}

void BackgroundWorker::postToOwner(std::function<void()> call) const
{
    QMetaObject::invokeMethod(&m_shared->inbox, std::move(call), Qt::QueuedConnection);
}

void BackgroundWorker::cancel()
{
    std::optional<Shared::Queued> dropped;
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        dropped.swap(m_shared->queued);
        m_shared->cancelUpTo.store(std::max(m_shared->cancelUpTo.load(), m_latest));
    }
    if (!dropped)
        return;
    m_settled = dropped->id; // a queued request is always the newest
    if (dropped->dropped)
        dropped->dropped(dropped->id);
}

void BackgroundWorker::cancelFromNowOn()
{
    m_shared->cancelUpTo.store(INT_MAX);
}

void BackgroundWorker::runOnThread(std::function<void()> call)
{
    ensureStarted();
    QMetaObject::invokeMethod(
        &m_shared->runner,
        [call = std::move(call), thread = m_shared->name] {
            try {
                call();
            } catch (const std::exception& e) {
                qWarning("%s: %s", qPrintable(thread), e.what());
            }
        },
        Qt::QueuedConnection);
}

bool BackgroundWorker::isCancelled(int id) const
{
    return id <= m_shared->cancelUpTo.load();
}

void BackgroundWorker::ensureStarted()
{
    if (m_shared->started)
        return;
    m_shared->started = true;
    m_shared->thread.start();
}

} // namespace stepmotion::ui
