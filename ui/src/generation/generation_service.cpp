#include "stepmotion/ui/generation/generation_service.h"

#include "stepmotion/core/runtime/error.h"

#include <QElapsedTimer>

#include <mutex>
#include <utility>

namespace stepmotion::ui {

/// The factory and the generator it made. The generator is used and replaced only on the worker
/// thread; the mutex guards only the factory's hand-over from the UI thread, never a generation.
struct GenerationModel {
    std::mutex mutex;
    GeneratorFactory factory;
    bool factoryChanged = false;
    GenerateFunction generate; // worker thread only

    /// Releases the generator when the factory changed (frees the model's memory early) and
    /// returns the factory to use. Worker thread.
    GeneratorFactory refresh()
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (factoryChanged) {
            generate = nullptr;
            factoryChanged = false;
        }
        return factory;
    }
};

/// What one generation hands back to the UI thread.
struct GenerationOutcome {
    GenerationResult result;
    GenerationRequest request;
    double seconds = 0.0;
};

GenerationService::GenerationService(GeneratorFactory factory, QObject* parent)
    : QObject(parent)
    , m_model(std::make_shared<GenerationModel>())
    , m_worker(QStringLiteral("stepmotion-generation"))
{
    m_model->factory = std::move(factory);
}

// m_worker's destructor cancels the running request and waits for its thread.
GenerationService::~GenerationService() = default;

GeneratorFactory GenerationService::modelFactory(const QString& dir)
{
    return [path = dir.toStdString()]() -> GenerateFunction {
        auto generator = std::make_shared<MotionGenerator>(MotionGenerator::load(path));
        return [generator](const GenerationRequest& request, const GenerationProgress& progress,
                           const GenerationCancel& cancel) { return generator->generate(request, progress, cancel); };
    };
}

GenerationOutcome GenerationService::generate(const WorkerJob& job, const GenerationRequest& request)
{
    GenerationModel& model = *m_model;
    const GeneratorFactory factory = model.refresh();
    GenerationOutcome outcome;
    outcome.request = request;
    QElapsedTimer timer;
    if (job.isCancelled()) {
        outcome.result.cancelled = true;
        return outcome;
    }
    if (!model.generate) {
        if (!factory)
            throw Error("no motion generator is configured");
        model.generate = factory();
        if (!model.generate)
            throw Error("the motion generator factory returned nothing");
    }
    timer.start(); // the model load above is not part of the generation time
    // Progress of a request cancelled meanwhile is dropped, as that of a superseded one.
    const GenerationProgress report = [this, job](int done, int total) {
        job.post([this, id = job.id(), done, total] {
            if (!m_worker.isCancelled(id))
                Q_EMIT progress(id, done, total);
        });
    };
    const GenerationCancel cancel = [job] { return job.isCancelled(); };
    outcome.result = model.generate(request, report, cancel);
    outcome.seconds = static_cast<double>(timer.nsecsElapsed()) * 1e-9;
    return outcome;
}

int GenerationService::request(const GenerationRequest& request)
{
    // A superseded request, queued (dropped now) or running (dropped when it returns), reports
    // cancelled; a queued one is told before this returns.
    return m_worker.run([this, request](const WorkerJob& job) { return generate(job, request); },
                        [this](int id, const GenerationOutcome& outcome) { deliverResult(id, outcome); },
                        [this](int id, const QString& message) { deliverFailure(id, message); },
                        [this](int id) { Q_EMIT cancelled(id); });
}

void GenerationService::cancel()
{
    m_worker.cancel(); // a dropped queued request reports cancelled; the running one when it stops
}

void GenerationService::setFactory(GeneratorFactory factory)
{
    {
        std::lock_guard<std::mutex> lock(m_model->mutex);
        m_model->factory = std::move(factory);
        m_model->factoryChanged = true;
    }
    const std::shared_ptr<GenerationModel> model = m_model;
    m_worker.runOnThread([model] { model->refresh(); });
}

void GenerationService::setModelDirectory(const QString& dir)
{
    setFactory(modelFactory(dir));
}

void GenerationService::deliverResult(int id, const GenerationOutcome& outcome)
{
    if (outcome.result.cancelled || m_worker.isCancelled(id)) {
        Q_EMIT cancelled(id);
        return;
    }
    const std::vector<FeatureClip>& motions = outcome.result.motions;
    Q_EMIT finished(id, QVector<FeatureClip>(motions.begin(), motions.end()), outcome.request, outcome.seconds);
}

void GenerationService::deliverFailure(int id, const QString& message)
{
    if (m_worker.isCancelled(id))
        Q_EMIT cancelled(id);
    else
        Q_EMIT failed(id, message);
}

} // namespace stepmotion::ui
