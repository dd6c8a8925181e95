// GenerationService with a fake generator: progress order, cancel, supersede, failures, and
// the UI thread never waiting for the model.

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/ui/generation/generation_service.h"

#include <QElapsedTimer>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <QTimer>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include <unistd.h>

using namespace stepmotion;
using namespace stepmotion::ui;

namespace {

/// What the fake saw: concurrent and total invocations, factory calls and where they ran.
struct FakeStats {
    std::atomic<int> live{0};
    std::atomic<int> maxLive{0};
    std::atomic<int> calls{0};
    std::atomic<int> factoryCalls{0};
    std::atomic<QThread*> factoryThread{nullptr};
};

/// A generator that takes `steps` steps of `stepMs` each, honours cancel between steps and
/// returns request.variants clips whose first value is `marker`.
GeneratorFactory fakeFactory(std::shared_ptr<FakeStats> stats, int steps, int stepMs, float marker = 1.0f)
{
    return [=]() -> GenerateFunction {
        ++stats->factoryCalls;
        stats->factoryThread = QThread::currentThread();
        return [=](const GenerationRequest& request, const GenerationProgress& progress,
                   const GenerationCancel& cancel) {
            ++stats->calls;
            const int live = ++stats->live;
            int seen = stats->maxLive.load();
            while (live > seen && !stats->maxLive.compare_exchange_weak(seen, live)) {
            }
            GenerationResult result;
            for (int s = 1; s <= steps; ++s) {
                if (cancel && cancel()) {
                    result.cancelled = true;
                    --stats->live;
                    return result;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(stepMs));
                if (progress)
                    progress(s, steps);
            }
            for (int v = 0; v < request.variants; ++v) {
                FeatureClip clip(request.frames);
                clip.values[0] = marker;
                result.motions.push_back(std::move(clip));
            }
            --stats->live;
            return result;
        };
    };
}

/// Resident memory of this process now (from /proc/self/statm), in MiB.
double residentMiB()
{
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return double(resident) * double(::sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

GenerationRequest makeRequest(uint64_t seed, int variants = 1)
{
    GenerationRequest request;
    request.frames = 4;
    request.seed = seed;
    request.variants = variants;
    return request;
}

} // namespace

class TestGenerationService : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void reportsProgressInOrderThenFinishes();
    void requestNeverBlocksTheCaller();
    void cancelStopsTheRunningRequest();
    void onlyTheNewestOfManyRequestsFinishes();
    void deliversFailureMessages();
    void newFactoryReplacesTheGenerator();
    void missingModelFolderFailsWithItsName();
    void destructionStopsARunningRequest();
    void hundredEditsInASecondKeepTheUiResponsive();
    void memoryStaysFlatOverAThousandRequests();
};

void TestGenerationService::reportsProgressInOrderThenFinishes()
{
    auto stats = std::make_shared<FakeStats>();
    GenerationService service(fakeFactory(stats, 5, 2));
    QSignalSpy progress(&service, &GenerationService::progress);
    QSignalSpy finished(&service, &GenerationService::finished);
    QCOMPARE(stats->factoryCalls.load(), 0); // lazy: nothing loaded before the first request
    QCOMPARE(service.request(makeRequest(7, 3)), 1);
    QVERIFY(finished.wait(5000));
    QCOMPARE(progress.count(), 5);
    for (int i = 0; i < progress.count(); ++i) {
        QCOMPARE(progress.at(i).at(0).toInt(), 1);
        QCOMPARE(progress.at(i).at(1).toInt(), i + 1);
        QCOMPARE(progress.at(i).at(2).toInt(), 5);
    }
    QCOMPARE(finished.first().at(0).toInt(), 1);
    const auto clips = finished.first().at(1).value<QVector<FeatureClip>>();
    QCOMPARE(clips.size(), 3);
    QCOMPARE(clips[0].frames, 4);
    QCOMPARE(finished.first().at(2).value<GenerationRequest>().seed, uint64_t(7));
    QVERIFY(finished.first().at(3).toDouble() >= 0.0);

    QCOMPARE(service.request(makeRequest(8)), 2);
    QVERIFY(finished.wait(5000));
    QCOMPARE(stats->factoryCalls.load(), 1); // loaded once, reused
    QVERIFY(stats->factoryThread.load() != QThread::currentThread());
}

void TestGenerationService::requestNeverBlocksTheCaller()
{
    auto stats = std::make_shared<FakeStats>();
    GenerationService service(fakeFactory(stats, 20, 25)); // half a second per request
    QSignalSpy finished(&service, &GenerationService::finished);
    QElapsedTimer timer;
    timer.start();
    service.request(makeRequest(1));
    QTRY_COMPARE_WITH_TIMEOUT(stats->live.load(), 1, 2000); // the fake is now sleeping
    const qint64 before = timer.elapsed();
    service.request(makeRequest(2));
    service.cancel();
    service.request(makeRequest(3));
    QVERIFY2(timer.elapsed() - before < 50, "request()/cancel() waited for the generator");
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().at(0).toInt(), 3);
}

void TestGenerationService::cancelStopsTheRunningRequest()
{
    auto stats = std::make_shared<FakeStats>();
    GenerationService service(fakeFactory(stats, 200, 10));
    QSignalSpy progress(&service, &GenerationService::progress);
    QSignalSpy cancelled(&service, &GenerationService::cancelled);
    QSignalSpy finished(&service, &GenerationService::finished);
    service.request(makeRequest(1));
    QVERIFY(progress.wait(5000));
    service.cancel();
    QVERIFY(cancelled.wait(5000));
    QCOMPARE(cancelled.first().at(0).toInt(), 1);
    QTRY_COMPARE(stats->live.load(), 0);
    QTest::qWait(50);
    QCOMPARE(finished.count(), 0);
    QVERIFY(progress.count() < 200);
}

void TestGenerationService::onlyTheNewestOfManyRequestsFinishes()
{
    auto stats = std::make_shared<FakeStats>();
    GenerationService service(fakeFactory(stats, 10, 3));
    QSignalSpy finished(&service, &GenerationService::finished);
    QSignalSpy cancelled(&service, &GenerationService::cancelled);
    QSignalSpy failed(&service, &GenerationService::failed);
    int last = 0;
    for (int i = 0; i < 100; ++i)
        last = service.request(makeRequest(static_cast<uint64_t>(i)));
    QCOMPARE(last, 100);
    QVERIFY(finished.wait(5000));
    QTRY_COMPARE(cancelled.count(), 99);
    QTest::qWait(100); // nothing late may arrive
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().at(0).toInt(), 100);
    QCOMPARE(finished.first().at(2).value<GenerationRequest>().seed, uint64_t(99));
    QSet<int> ids;
    for (const QList<QVariant>& args : cancelled)
        ids.insert(args.at(0).toInt());
    QCOMPARE(ids.size(), 99); // each superseded request reported exactly once
    QVERIFY(!ids.contains(100));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(stats->live.load(), 0);
    QCOMPARE(stats->maxLive.load(), 1); // never two generations at once
    QVERIFY(stats->calls.load() <= 100);
    QCOMPARE(stats->factoryCalls.load(), 1);
}

void TestGenerationService::deliversFailureMessages()
{
    int attempts = 0;
    GenerationService service([&attempts]() -> GenerateFunction {
        if (++attempts == 1)
            throw Error("models/default/model.pt: missing (train a model first)");
        return [](const GenerationRequest&, const GenerationProgress&, const GenerationCancel&) -> GenerationResult {
            throw std::runtime_error("frames: must be in [1, 196]");
        };
    });
    QSignalSpy failed(&service, &GenerationService::failed);
    service.request(makeRequest(1));
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.first().at(0).toInt(), 1);
    QCOMPARE(failed.first().at(1).toString(), QStringLiteral("models/default/model.pt: missing (train a model first)"));
    service.request(makeRequest(2)); // the factory is tried again after failing
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.last().at(0).toInt(), 2);
    QCOMPARE(failed.last().at(1).toString(), QStringLiteral("frames: must be in [1, 196]"));
    QCOMPARE(attempts, 2);
}

void TestGenerationService::newFactoryReplacesTheGenerator()
{
    auto first = std::make_shared<FakeStats>();
    auto second = std::make_shared<FakeStats>();
    GenerationService service(fakeFactory(first, 2, 1, 1.0f));
    QSignalSpy finished(&service, &GenerationService::finished);
    service.request(makeRequest(1));
    QVERIFY(finished.wait(5000));
    service.setFactory(fakeFactory(second, 2, 1, 2.0f));
    service.request(makeRequest(1));
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.last().at(1).value<QVector<FeatureClip>>().front().values[0], 2.0f);
    QCOMPARE(first->factoryCalls.load(), 1);
    QCOMPARE(second->factoryCalls.load(), 1);
}

void TestGenerationService::missingModelFolderFailsWithItsName()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    GenerationService service(GenerationService::modelFactory(dir.path()));
    QSignalSpy failed(&service, &GenerationService::failed);
    service.request(makeRequest(1));
    QVERIFY(failed.wait(10000));
    const QString message = failed.first().at(1).toString();
    QVERIFY2(message.contains(dir.path()), qPrintable(message));
}

void TestGenerationService::destructionStopsARunningRequest()
{
    auto stats = std::make_shared<FakeStats>();
    auto* service = new GenerationService(fakeFactory(stats, 1000, 10)); // 10 s if never stopped
    QSignalSpy progress(service, &GenerationService::progress);
    service->request(makeRequest(1));
    QVERIFY(progress.wait(5000));
    QElapsedTimer timer;
    timer.start();
    delete service;
    QVERIFY2(timer.elapsed() < 1000, "the destructor waited for the whole generation");
    QCOMPARE(stats->live.load(), 0);
}

// The user edits a step 100 times in a second (a QTimer on the UI thread, as typing would) while
// a slow generator (200 ms a request) runs: the UI thread never waits, and only the newest runs.
void TestGenerationService::hundredEditsInASecondKeepTheUiResponsive()
{
    auto stats = std::make_shared<FakeStats>();
    GenerationService service(fakeFactory(stats, 20, 10));
    QSignalSpy finished(&service, &GenerationService::finished);
    QSignalSpy cancelled(&service, &GenerationService::cancelled);
    QTimer edits;
    edits.setInterval(10);
    QElapsedTimer sinceLastTick;
    qint64 maxGapMs = 0;
    int sent = 0, lastId = 0;
    connect(&edits, &QTimer::timeout, this, [&] {
        if (sent > 0)
            maxGapMs = std::max(maxGapMs, sinceLastTick.elapsed());
        sinceLastTick.start();
        lastId = service.request(makeRequest(static_cast<uint64_t>(sent)));
        if (++sent == 100)
            edits.stop();
    });
    edits.start();
    QTRY_COMPARE_WITH_TIMEOUT(sent, 100, 10000);
    QVERIFY(finished.wait(10000));
    QTRY_COMPARE(cancelled.count(), 99);
    QTest::qWait(50);
    QVERIFY2(maxGapMs < 1000, "the UI thread stalled while requests were queued");
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().at(0).toInt(), lastId);
    QCOMPARE(finished.first().at(2).value<GenerationRequest>().seed, uint64_t(99));
    QCOMPARE(stats->maxLive.load(), 1);
    QVERIFY(stats->calls.load() <= 100); // a superseded request stops at its next cancel check
}

// A thousand superseded requests leave nothing behind: resident memory before and after.
void TestGenerationService::memoryStaysFlatOverAThousandRequests()
{
    auto stats = std::make_shared<FakeStats>();
    int finishedCount = 0, cancelledCount = 0; // outlive the service and its queued signals
    GenerationService service(fakeFactory(stats, 5, 1));
    connect(&service, &GenerationService::finished, &service, [&] { ++finishedCount; });
    connect(&service, &GenerationService::cancelled, &service, [&] { ++cancelledCount; });
    const auto burst = [&](int requests) {
        const int before = finishedCount;
        for (int i = 0; i < requests; ++i) {
            service.request(makeRequest(static_cast<uint64_t>(i), 2));
            if (i % 50 == 0)
                QCoreApplication::processEvents(); // as the UI loop would between edits
        }
        QTRY_VERIFY_WITH_TIMEOUT(finishedCount > before, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(stats->live.load(), 0, 10000);
        QCoreApplication::processEvents();
    };
    burst(100); // warm up: thread, allocator pools, signal queues
    const double before = residentMiB();
    for (int round = 0; round < 10; ++round)
        burst(100);
    const double grown = residentMiB() - before;
    qInfo("1000 requests (%d finished, %d cancelled): resident memory %.1f -> %.1f MiB (%+.1f MiB)",
          finishedCount, cancelledCount, before, before + grown, grown);
#if defined(__SANITIZE_ADDRESS__)
    const double limit = 300.0; // ASan keeps freed blocks in quarantine (256 MiB by default)
#else
    const double limit = 20.0;
#endif
    QVERIFY2(grown < limit, qPrintable(QStringLiteral("resident memory grew %1 MiB").arg(grown)));
}

QTEST_GUILESS_MAIN(TestGenerationService)
#include "tst_generation_service.moc"
