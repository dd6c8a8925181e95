// GenerationService with a fake generator: progress order, cancel, supersede, failures, and
// the UI thread never waiting for the model.

#include "stepmotion/core/error.h"
#include "stepmotion/ui/generation_service.h"

#include <QElapsedTimer>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>

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

QTEST_GUILESS_MAIN(TestGenerationService)
#include "tst_generation_service.moc"
