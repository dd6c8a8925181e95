// configureThreads: torch's intra-op pool follows the request and OpenBLAS (when loaded) is
// pinned to one thread; invalid counts are refused.

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/runtime/thread_config.h"

#include <QtTest>

using namespace stepmotion;

class TestThreadConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void setsTorchThreads_data()
    {
        QTest::addColumn<int>("threads");
        QTest::newRow("one") << 1;
        QTest::newRow("two") << 2;
    }

    void setsTorchThreads()
    {
        QFETCH(int, threads);
        configureThreads(threads);
        const ThreadReport report = threadReport();
        QCOMPARE(report.torchThreads, threads);
        if (report.openblasLoaded)
            QCOMPARE(report.openblasThreads, 1);
        QVERIFY(report.describe().find("torch " + std::to_string(threads)) == 0);
    }

    void rejectsZeroThreads()
    {
        try {
            configureThreads(0);
            QFAIL("expected stepmotion::Error");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("at least 1") != std::string::npos);
        }
    }

    void hardwareThreadsIsPositive() { QVERIFY(hardwareThreads() >= 1); }
};

QTEST_APPLESS_MAIN(TestThreadConfig)
#include "tst_thread_config.moc"
