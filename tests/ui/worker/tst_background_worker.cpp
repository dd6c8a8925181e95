// BackgroundWorker, the ui's one worker-thread pattern: the work runs off the owner's thread,
// progress and the value come back on it in order, the newest request wins (a superseded result
// is never delivered, also when its work ignores cancel), cancel is seen by the work, and
// destruction cancels and waits. Plain values and fakes; no widgets, no model.

#include "stepmotion/ui/worker/background_worker.h"

#include <QThread>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

using namespace stepmotion::ui;

namespace {

/// Waits on the worker thread until `ready` is true (at most 10 s); returns whether it became so.
template <typename Ready>
bool waitUntil(Ready ready)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!ready()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

/// Records the callbacks of a worker's requests, on the owner's thread.
struct Replies {
    QList<int> done;
    QList<int> values;
    QList<int> failed;
    QStringList messages;
    QList<int> dropped;

    std::function<void(int, int)> onDone()
    {
        return [this](int id, int value) {
            done << id;
            values << value;
        };
    }
    BackgroundWorker::Failed onFailed()
    {
        return [this](int id, const QString& message) {
            failed << id;
            messages << message;
        };
    }
    BackgroundWorker::Dropped onDropped()
    {
        return [this](int id) { dropped << id; };
    }
    int count() const { return int(done.size() + failed.size() + dropped.size()); }
};

} // namespace

class TestBackgroundWorker : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void deliversProgressAndValueOnTheOwnerThread();
    void newestWins();
    void cancelIsSeenByTheWork();
    void cancelDropsAQueuedRequest();
    void cancelFromNowOnHoldsForLaterRequests();
    void failureCarriesTheMessage();
    void destructionCancelsAndWaits();
    void destructionForgetsAQueuedRequest();
    void runOnThreadRunsAfterQueuedWork();
};

void TestBackgroundWorker::deliversProgressAndValueOnTheOwnerThread()
{
    QThread* const owner = QThread::currentThread();
    BackgroundWorker worker(QStringLiteral("test-worker"));
    std::atomic<QThread*> workThread{nullptr};
    QList<int> steps;
    bool progressOnOwner = true, doneOnOwner = false, busyInDone = true;
    int stepsAtDone = -1;
    QString value;
    QCOMPARE(worker.latest(), 0);
    QVERIFY(!worker.isBusy());
    const int id = worker.run(
        [&](const WorkerJob& job) {
            workThread = QThread::currentThread();
            for (int i = 1; i <= 5; ++i)
                job.post([&, i] {
                    steps << i;
                    progressOnOwner = progressOnOwner && QThread::currentThread() == owner;
                });
            return QStringLiteral("clips");
        },
        [&](int, QString result) {
            value = std::move(result);
            stepsAtDone = int(steps.size());
            doneOnOwner = QThread::currentThread() == owner;
            busyInDone = worker.isBusy();
        });
    QCOMPARE(id, 1);
    QVERIFY(worker.isBusy());
    QTRY_COMPARE(value, QStringLiteral("clips"));
    QCOMPARE(steps, (QList<int>{1, 2, 3, 4, 5}));
    QVERIFY(progressOnOwner);
    QCOMPARE(stepsAtDone, 5); // every progress call came before the value
    QVERIFY(doneOnOwner);
    QVERIFY(!busyInDone);
    QVERIFY(!worker.isBusy());
    QVERIFY(workThread.load() && workThread.load() != owner);
}

void TestBackgroundWorker::newestWins()
{
    BackgroundWorker worker(QStringLiteral("test-worker"));
    Replies replies;
    std::atomic<bool> started{false}, release{false}, sawCancel{false};
    bool lateProgress = false;
    const int first = worker.run(
        [&](const WorkerJob& job) {
            started = true;
            waitUntil([&] { return release.load(); }); // ignores cancel: its result must still go
            sawCancel = job.isCancelled();
            job.post([&] { lateProgress = true; });
            return 1;
        },
        replies.onDone(), replies.onFailed(), replies.onDropped());
    QTRY_VERIFY(started.load());
    const int second = worker.run([](const WorkerJob&) { return 2; }, replies.onDone(), replies.onFailed(),
                                  replies.onDropped());
    QVERIFY(replies.dropped.isEmpty()); // queued behind the running one
    const int third = worker.run([](const WorkerJob&) { return 3; }, replies.onDone(), replies.onFailed(),
                                 replies.onDropped());
    QCOMPARE(replies.dropped, QList<int>{second}); // replaced while queued: told at once
    QCOMPARE(worker.latest(), third);
    release = true;
    QTRY_COMPARE(replies.done.size(), 1);
    QCOMPARE(replies.done, QList<int>{third});
    QCOMPARE(replies.values, QList<int>{3});
    QCOMPARE(replies.dropped, (QList<int>{second, first})); // the first's value never arrived
    QVERIFY(sawCancel.load());
    QTest::qWait(50); // nothing late may arrive
    QCOMPARE(replies.count(), 3);
    QVERIFY(!lateProgress);
    QVERIFY(!worker.isBusy());
}

void TestBackgroundWorker::cancelIsSeenByTheWork()
{
    BackgroundWorker worker(QStringLiteral("test-worker"));
    Replies replies;
    std::atomic<bool> started{false};
    const int id = worker.run(
        [&](const WorkerJob& job) {
            started = true;
            return waitUntil([&] { return job.isCancelled(); }) ? 1 : 0;
        },
        replies.onDone(), replies.onFailed(), replies.onDropped());
    QTRY_VERIFY(started.load());
    QVERIFY(!worker.isCancelled(id));
    worker.cancel();
    QVERIFY(worker.isCancelled(id));
    QTRY_COMPARE(replies.count(), 1);
    QCOMPARE(replies.done, QList<int>{id}); // a cancelled request still delivers what it returns
    QCOMPARE(replies.values, QList<int>{1});
    // A request after cancel() runs normally.
    const int next = worker.run([](const WorkerJob& job) { return job.isCancelled() ? 1 : 0; }, replies.onDone());
    QTRY_COMPARE(replies.done.size(), 2);
    QCOMPARE(replies.done.last(), next);
    QCOMPARE(replies.values.last(), 0);
    QVERIFY(!worker.isCancelled(next));
}

void TestBackgroundWorker::cancelDropsAQueuedRequest()
{
    BackgroundWorker worker(QStringLiteral("test-worker"));
    Replies replies;
    std::atomic<bool> started{false}, queuedRan{false};
    const int first = worker.run(
        [&](const WorkerJob& job) {
            started = true;
            waitUntil([&] { return job.isCancelled(); });
            return 1;
        },
        replies.onDone(), replies.onFailed(), replies.onDropped());
    QTRY_VERIFY(started.load());
    const int second = worker.run(
        [&](const WorkerJob&) {
            queuedRan = true;
            return 2;
        },
        replies.onDone(), replies.onFailed(), replies.onDropped());
    worker.cancel();
    QCOMPARE(replies.dropped, QList<int>{second}); // told before cancel() returns
    QVERIFY(!worker.isBusy());
    QTRY_COMPARE(replies.dropped.size(), 2);
    QCOMPARE(replies.dropped.last(), first); // superseded by the dropped one all the same
    QTest::qWait(50);
    QVERIFY(!queuedRan.load());
    QCOMPARE(replies.count(), 2);
}

void TestBackgroundWorker::cancelFromNowOnHoldsForLaterRequests()
{
    BackgroundWorker worker(QStringLiteral("test-worker"));
    Replies replies;
    worker.cancelFromNowOn(); // a one-shot job's Cancel, pressed before it started
    const int id = worker.run([](const WorkerJob& job) { return job.isCancelled() ? 1 : 0; }, replies.onDone(),
                              replies.onFailed(), replies.onDropped());
    QVERIFY(worker.isCancelled(id));
    QTRY_COMPARE(replies.count(), 1);
    QCOMPARE(replies.done, QList<int>{id}); // not dropped: the job still reports its end
    QCOMPARE(replies.values, QList<int>{1});
}

void TestBackgroundWorker::failureCarriesTheMessage()
{
    BackgroundWorker worker(QStringLiteral("test-worker"));
    Replies replies;
    const auto throwing = [](const WorkerJob&) -> int { throw std::runtime_error("frames: must be in [1, 196]"); };
    const int id = worker.run(throwing, replies.onDone(), replies.onFailed(), replies.onDropped());
    QTRY_COMPARE(replies.count(), 1);
    QCOMPARE(replies.failed, QList<int>{id});
    QCOMPARE(replies.messages, QStringList{QStringLiteral("frames: must be in [1, 196]")});

    // Without a failure callback the message is logged, with the thread's name.
    QTest::ignoreMessage(QtWarningMsg, "test-worker: request 2 failed: frames: must be in [1, 196]");
    worker.run(throwing, replies.onDone());
    QTest::qWait(100);

    // The failure of a superseded request is dropped like its value.
    std::atomic<bool> started{false}, release{false};
    const int superseded = worker.run(
        [&](const WorkerJob&) -> int {
            started = true;
            waitUntil([&] { return release.load(); });
            throw std::runtime_error("too late");
        },
        replies.onDone(), replies.onFailed(), replies.onDropped());
    QTRY_VERIFY(started.load());
    const int newest = worker.run([](const WorkerJob&) { return 7; }, replies.onDone(), replies.onFailed(),
                                  replies.onDropped());
    release = true;
    QTRY_COMPARE(replies.done, QList<int>{newest});
    QCOMPARE(replies.dropped, QList<int>{superseded});
    QCOMPARE(replies.failed.size(), 1);
}

void TestBackgroundWorker::destructionCancelsAndWaits()
{
    Replies replies;
    std::atomic<bool> started{false}, sawCancel{false}, returned{false};
    bool progressed = false;
    auto* worker = new BackgroundWorker(QStringLiteral("test-worker"));
    worker->run(
        [&](const WorkerJob& job) {
            started = true;
            sawCancel = waitUntil([&] { return job.isCancelled(); });
            std::this_thread::sleep_for(std::chrono::milliseconds(100)); // the file being written
            job.post([&] { progressed = true; });
            returned = true;
            return 1;
        },
        replies.onDone(), replies.onFailed(), replies.onDropped());
    QTRY_VERIFY(started.load());
    delete worker;
    QVERIFY(sawCancel.load());
    QVERIFY(returned.load()); // the destructor waited for the work
    QTest::qWait(50);
    QVERIFY(!progressed); // nothing is delivered once the worker is gone
    QCOMPARE(replies.count(), 0);
}

void TestBackgroundWorker::destructionForgetsAQueuedRequest()
{
    Replies replies;
    std::atomic<bool> started{false}, release{false}, queuedRan{false};
    auto* worker = new BackgroundWorker(QStringLiteral("test-worker"));
    worker->run(
        [&](const WorkerJob&) {
            started = true;
            waitUntil([&] { return release.load(); }); // ignores cancel, as core's indexing does
            return 1;
        },
        replies.onDone(), replies.onFailed(), replies.onDropped());
    QTRY_VERIFY(started.load());
    worker->run(
        [&](const WorkerJob&) {
            queuedRan = true;
            return 2;
        },
        replies.onDone(), replies.onFailed(), replies.onDropped());
    std::thread releaser([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        release = true;
    });
    delete worker; // waits for the first; the queued one never runs and nobody is told
    releaser.join();
    QTest::qWait(50);
    QVERIFY(!queuedRan.load());
    QCOMPARE(replies.count(), 0);
}

void TestBackgroundWorker::runOnThreadRunsAfterQueuedWork()
{
    BackgroundWorker worker(QStringLiteral("test-worker"));
    std::atomic<QThread*> workThread{nullptr}, callThread{nullptr};
    std::atomic<int> order{0};
    std::atomic<int> workAt{0}, callAt{0};
    bool done = false;
    worker.run(
        [&](const WorkerJob&) {
            workThread = QThread::currentThread();
            workAt = ++order;
            return 0;
        },
        [&](int, int) { done = true; });
    worker.runOnThread([&] {
        callThread = QThread::currentThread();
        callAt = ++order;
    });
    QTRY_VERIFY(done);
    QTRY_COMPARE(callAt.load(), 2);
    QCOMPARE(workAt.load(), 1);
    QCOMPARE(callThread.load(), workThread.load());
    QVERIFY(callThread.load() != QThread::currentThread());
}

QTEST_GUILESS_MAIN(TestBackgroundWorker)
#include "tst_background_worker.moc"
