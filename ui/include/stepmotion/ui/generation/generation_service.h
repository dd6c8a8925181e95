#pragma once
// Runs text -> motion generation off the UI thread, on a BackgroundWorker (the ui's one
// worker-thread pattern). Its long-lived thread owns the generator, created lazily there by a
// factory (loading a model takes seconds and memory, so it happens once, on first use). Only the
// newest request matters: a new request replaces one still queued and cancels one running;
// results of superseded requests never reach the UI. Everything here is GL-free and Torch-free
// (MotionGenerator's header is plain C++).

#include "stepmotion/core/generation/generator.h"
#include "stepmotion/ui/worker/background_worker.h"

#include <QObject>
#include <QString>
#include <QVector>

#include <functional>
#include <memory>

namespace stepmotion::ui {

/// One generation call: what MotionGenerator::generate does.
using GenerateFunction =
    std::function<GenerationResult(const GenerationRequest&, const GenerationProgress&, const GenerationCancel&)>;
/// Makes the generate function; called on the worker thread when it is first needed (and again
/// after setFactory/setModelDirectory or after it threw). May throw stepmotion::Error.
using GeneratorFactory = std::function<GenerateFunction()>;

struct GenerationModel;
struct GenerationOutcome;

class GenerationService : public QObject {
    Q_OBJECT

public:
    /// The factory is not called yet; the worker thread starts with the first request.
    explicit GenerationService(GeneratorFactory factory, QObject* parent = nullptr);
    /// Cancels any running request and waits for the worker thread to end.
    ~GenerationService() override;

    /// The factory that loads MotionGenerator::load(dir) (dir = a trained model folder).
    static GeneratorFactory modelFactory(const QString& dir);

    /// Queues `request` and returns its id (1, 2, ...). Never blocks: a queued older request is
    /// dropped (cancelled(id) is emitted for it), a running one is asked to stop.
    int request(const GenerationRequest& request);
    /// Stops the running request and drops a queued one (each reports cancelled(id)).
    void cancel();
    /// Uses a new factory from the next request on; the loaded generator is dropped.
    void setFactory(GeneratorFactory factory);
    /// setFactory(modelFactory(dir)).
    void setModelDirectory(const QString& dir);
    /// Id of the newest request (0 before the first).
    int latestRequest() const { return m_worker.latest(); }

Q_SIGNALS:
    /// Denoising steps done of total for request `id` (only the newest request reports).
    void progress(int id, int done, int total);
    /// The newest request produced `clips` (request.variants of them) in `seconds`.
    void finished(int id, const QVector<stepmotion::FeatureClip>& clips, const stepmotion::GenerationRequest& request,
                  double seconds);
    /// The factory or the generator threw; `message` is the exception's text.
    void failed(int id, const QString& message);
    /// Request `id` was superseded, cancelled, or stopped before producing a result.
    void cancelled(int id);

private:
    GenerationOutcome generate(const WorkerJob& job, const GenerationRequest& request); // worker thread
    void deliverResult(int id, const GenerationOutcome& outcome);
    void deliverFailure(int id, const QString& message);

    std::shared_ptr<GenerationModel> m_model; // the factory and, on the worker thread, the generator
    BackgroundWorker m_worker; // last: destroyed (cancelled, waited for) before m_model
};

} // namespace stepmotion::ui
