#include "stepmotion/ui/generation_service.h"

#include "stepmotion/core/error.h"

#include <QElapsedTimer>

#include <atomic>
#include <climits>
#include <mutex>
#include <optional>
#include <utility>

namespace stepmotion::ui {

/// What the UI thread and the worker share. The mutex guards only quick hand-overs, never a
/// generation, so request() cannot block behind a running model.
struct GenerationShared {
    std::mutex mutex;
    std::optional<std::pair<int, GenerationRequest>> pending; // the newest request not yet started
    GeneratorFactory factory;
    bool factoryChanged = false;
    std::atomic<int> cancelUpTo{0}; // requests with id <= this stop at the next step

    bool isCancelled(int id) const { return id <= cancelUpTo.load(); }
};

class GenerationWorker : public QObject {
public:
    GenerationWorker(GenerationService* service, std::shared_ptr<GenerationShared> shared)
        : m_service(service), m_shared(std::move(shared)) {}

    void runPending();
    /// Releases the generator when the factory changed (frees the model's memory early).
    void dropGeneratorIfStale();

private:
    GenerationResult generate(int id, const GenerationRequest& request, const GeneratorFactory& factory,
                              QElapsedTimer& timer);

    GenerationService* m_service; // only used to post results to its thread
    std::shared_ptr<GenerationShared> m_shared;
    GenerateFunction m_generate;
};

void GenerationWorker::dropGeneratorIfStale()
{
    std::lock_guard<std::mutex> lock(m_shared->mutex);
    if (m_shared->factoryChanged) {
        m_generate = nullptr;
        m_shared->factoryChanged = false;
    }
}

void GenerationWorker::runPending()
{
    dropGeneratorIfStale();
    int id = 0;
    GenerationRequest request;
    GeneratorFactory factory;
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        if (!m_shared->pending)
            return; // superseded while queued: the newer request has its own call
        id = m_shared->pending->first;
        request = std::move(m_shared->pending->second);
        m_shared->pending.reset();
        factory = m_shared->factory;
    }
    GenerationService* service = m_service;
    QElapsedTimer timer;
    try {
        GenerationResult result = generate(id, request, factory, timer);
        const double seconds = static_cast<double>(timer.nsecsElapsed()) * 1e-9;
        QMetaObject::invokeMethod(
            service,
            [service, id, result = std::move(result), request = std::move(request), seconds] {
                service->deliverResult(id, result, request, seconds);
            },
            Qt::QueuedConnection);
    } catch (const std::exception& e) {
        const QString message = QString::fromStdString(e.what());
        QMetaObject::invokeMethod(
            service, [service, id, message] { service->deliverFailure(id, message); }, Qt::QueuedConnection);
    }
}

GenerationResult GenerationWorker::generate(int id, const GenerationRequest& request, const GeneratorFactory& factory,
                                            QElapsedTimer& timer)
{
    if (m_shared->isCancelled(id)) {
        GenerationResult none;
        none.cancelled = true;
        timer.start();
        return none;
    }
    if (!m_generate) {
        if (!factory)
            throw Error("no motion generator is configured");
        m_generate = factory();
        if (!m_generate)
            throw Error("the motion generator factory returned nothing");
    }
    timer.start(); // the model load above is not part of the generation time
    GenerationService* service = m_service;
    const GenerationProgress progress = [service, id](int done, int total) {
        QMetaObject::invokeMethod(
            service, [service, id, done, total] { service->deliverProgress(id, done, total); }, Qt::QueuedConnection);
    };
    const std::shared_ptr<GenerationShared> shared = m_shared;
    const GenerationCancel cancel = [shared, id] { return shared->isCancelled(id); };
    return m_generate(request, progress, cancel);
}

GenerationService::GenerationService(GeneratorFactory factory, QObject* parent)
    : QObject(parent)
    , m_shared(std::make_shared<GenerationShared>())
    , m_worker(new GenerationWorker(this, m_shared))
{
    m_shared->factory = std::move(factory);
    m_worker->moveToThread(&m_thread);
    m_thread.setObjectName(QStringLiteral("stepmotion-generation"));
    m_thread.start();
}

GenerationService::~GenerationService()
{
    m_shared->cancelUpTo.store(INT_MAX);
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        m_shared->pending.reset();
    }
    m_thread.quit();
    m_thread.wait();
    delete m_worker; // its thread has ended, so nothing else touches it
}

GeneratorFactory GenerationService::modelFactory(const QString& dir)
{
    return [path = dir.toStdString()]() -> GenerateFunction {
        auto generator = std::make_shared<MotionGenerator>(MotionGenerator::load(path));
        return [generator](const GenerationRequest& request, const GenerationProgress& progress,
                           const GenerationCancel& cancel) { return generator->generate(request, progress, cancel); };
    };
}

int GenerationService::request(const GenerationRequest& request)
{
    const int id = ++m_latest;
    std::optional<int> dropped;
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        if (m_shared->pending)
            dropped = m_shared->pending->first;
        m_shared->pending.emplace(id, request);
        m_shared->cancelUpTo.store(id - 1); // the running request, if any, stops
    }
    GenerationWorker* worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { worker->runPending(); }, Qt::QueuedConnection);
    if (dropped)
        Q_EMIT cancelled(*dropped);
    return id;
}

void GenerationService::cancel()
{
    std::optional<int> dropped;
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        if (m_shared->pending)
            dropped = m_shared->pending->first;
        m_shared->pending.reset();
        m_shared->cancelUpTo.store(m_latest);
    }
    if (dropped)
        Q_EMIT cancelled(*dropped);
}

void GenerationService::setFactory(GeneratorFactory factory)
{
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        m_shared->factory = std::move(factory);
        m_shared->factoryChanged = true;
    }
    GenerationWorker* worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { worker->dropGeneratorIfStale(); }, Qt::QueuedConnection);
}

void GenerationService::setModelDirectory(const QString& dir)
{
    setFactory(modelFactory(dir));
}

void GenerationService::deliverProgress(int id, int done, int total)
{
    if (id == m_latest && !m_shared->isCancelled(id))
        Q_EMIT progress(id, done, total);
}

void GenerationService::deliverResult(int id, const GenerationResult& result, const GenerationRequest& request,
                                      double seconds)
{
    if (id != m_latest || result.cancelled || m_shared->isCancelled(id)) {
        Q_EMIT cancelled(id);
        return;
    }
    Q_EMIT finished(id, QVector<FeatureClip>(result.motions.begin(), result.motions.end()), request, seconds);
}

void GenerationService::deliverFailure(int id, const QString& message)
{
    if (id != m_latest || m_shared->isCancelled(id))
        Q_EMIT cancelled(id);
    else
        Q_EMIT failed(id, message);
}

} // namespace stepmotion::ui
