#pragma once
// The ui's one worker-thread pattern (GenerationService, DatasetBrowser, StudyClipPreparer and
// BatchExportJob all run on it): work that must not block the UI thread runs on one long-lived
// thread that the worker owns, one request at a time, and the newest request wins. Posting drops
// a request still queued and cancels the running one; whatever a superseded request returns is
// never delivered. Progress and the final value come back by value, as queued calls on the
// owner's thread (the thread that made the worker; its event loop runs them). The destructor
// cancels and waits, so no work outlives its owner: a class that holds a worker as a member
// declares it after the members its work reads, so that it is destroyed first. Every member is
// called on the owner's thread, except WorkerJob's, which the work calls on the worker thread.

#include <QString>

#include <functional>
#include <memory>
#include <type_traits>

namespace stepmotion::ui {

class BackgroundWorker;

/// What a request's work sees on the worker thread: its id, its cancel flag and a way to post
/// progress to the owner. A small value, valid while the work runs.
class WorkerJob {
public:
    int id() const { return m_id; }
    /// True once the request is superseded or cancelled, or its worker is being destroyed; the
    /// work polls it between steps and returns soon after it turns true.
    bool isCancelled() const;
    /// Queues `call` to run on the owner's thread, after the calls posted before it. Dropped when
    /// a newer request has been posted by then (or the worker is gone).
    void post(std::function<void()> call) const;

private:
    friend class BackgroundWorker;
    WorkerJob(const BackgroundWorker* worker, int id) : m_worker(worker), m_id(id) {}

    const BackgroundWorker* m_worker;
    int m_id;
};

class BackgroundWorker {
public:
    /// What `work` returns: the value its `done` receives.
    template <typename Work>
    using ResultOf = std::invoke_result_t<Work&, const WorkerJob&>;
    using Failed = std::function<void(int id, const QString& message)>;
    using Dropped = std::function<void(int id)>;

    /// `threadName` names the thread for debuggers and logs; it starts with the first request.
    explicit BackgroundWorker(QString threadName);
    /// Cancels every request, forgets a queued one (no callback runs) and waits for the running
    /// one to return; its result is never delivered.
    ~BackgroundWorker();
    BackgroundWorker(const BackgroundWorker&) = delete;
    BackgroundWorker& operator=(const BackgroundWorker&) = delete;

    /// Posts `work` as the newest request and returns its id (1, 2, ...); never blocks. `work`
    /// is called on the worker thread with its WorkerJob. A queued older request is dropped (its
    /// `dropped` runs before this returns); a running one sees isCancelled(). Later, on the
    /// owner's thread, exactly one of: done(id, value) with what `work` returned; failed(id,
    /// message) when it threw (the exception's what(); logged when `failed` is empty); dropped(id)
    /// when a newer request was posted first. A cancelled request still delivers done or failed:
    /// what cancelling means for its result is the owner's call (see isCancelled).
    template <typename Work>
    int run(Work work, std::function<void(int id, ResultOf<Work> value)> done, Failed failed = {},
            Dropped dropped = {});

    /// Cancels the requests posted so far: the running one sees isCancelled(), a queued one is
    /// dropped (its `dropped` runs before this returns). Later requests run normally.
    void cancel();
    /// Cancels every request, running, queued or posted later, without dropping any: each still
    /// delivers done or failed. For one-shot jobs whose Cancel must also hold before they start.
    void cancelFromNowOn();
    /// Queues `call` on the worker thread after the requests already queued; it is no request
    /// (nothing supersedes or delivers it). For releasing what the work keeps on the thread.
    void runOnThread(std::function<void()> call);

    /// Whether request `id` was cancelled or superseded (the flag its WorkerJob reports).
    bool isCancelled(int id) const;
    /// Id of the newest request (0 before the first).
    int latest() const { return m_latest; }
    /// True from run() until the newest request's done, failed or dropped has been called (it is
    /// false already inside that callback).
    bool isBusy() const { return m_settled != m_latest; }

private:
    friend class WorkerJob;
    struct Shared;
    using Delivery = std::function<void()>;
    /// Runs on the worker thread; returns what the owner's thread then calls.
    using Task = std::function<Delivery(const WorkerJob&)>;

    int submit(Task task, Failed failed, Dropped dropped);
    void runQueued();
    void deliver(int id, const Delivery& delivery, const Dropped& dropped);
    void postToOwner(std::function<void()> call) const;
    void ensureStarted();

    std::unique_ptr<Shared> m_shared;
    int m_latest = 0;  // owner thread only, as is m_settled
    int m_settled = 0; // the newest request whose callback ran
};

template <typename Work>
int BackgroundWorker::run(Work work, std::function<void(int id, ResultOf<Work> value)> done, Failed failed,
                          Dropped dropped)
{
    using Result = ResultOf<Work>;
    // The value goes through a shared_ptr because std::function needs copyable closures.
    Task task = [work = std::move(work), done = std::move(done)](const WorkerJob& job) mutable -> Delivery {
        auto value = std::make_shared<Result>(work(job));
        return [done, value, id = job.id()] {
            if (done)
                done(id, std::move(*value));
        };
    };
    return submit(std::move(task), std::move(failed), std::move(dropped));
}

} // namespace stepmotion::ui
