// Study statistics against values computed by hand (and checked with python3) and textbook
// examples: Fleiss (1971) as reproduced on Wikipedia, Krippendorff (2011)'s reliability data.

#include "stepmotion/core/study/study_stats.h"

#include "test_helpers.h"

#include <QTest>

#include <cmath>

using namespace stepmotion;

class TestStudyStats : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void wilson_data();
    void wilson();
    void wilsonRejectsBadCounts();
    void signTest_data();
    void signTest();
    void holm();
    void bootstrap();
    void fleissWikipediaExample();
    void fleissRejectsUnequalRaters();
    void krippendorffHandComputed();
    void krippendorffTextbook();
    void krippendorffUndefined();
};

void TestStudyStats::wilson_data()
{
    QTest::addColumn<int>("successes");
    QTest::addColumn<int>("trials");
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    // p = s/n, centre (p + z²/2n)/(1 + z²/n), half-width z·sqrt(p(1-p)/n + z²/4n²)/(1 + z²/n), z = 1.959964.
    QTest::newRow("8 of 10") << 8 << 10 << 0.4901624691 << 0.9433178491;
    QTest::newRow("0 of 10") << 0 << 10 << 0.0 << 0.2775328030;
    QTest::newRow("10 of 10") << 10 << 10 << 0.7224671970 << 1.0;
    QTest::newRow("5 of 10") << 5 << 10 << 0.2365930890 << 0.7634069110;
    QTest::newRow("1 of 1") << 1 << 1 << 0.2065493118 << 1.0;
    QTest::newRow("no trials") << 0 << 0 << 0.0 << 1.0;
}

void TestStudyStats::wilson()
{
    QFETCH(int, successes);
    QFETCH(int, trials);
    QFETCH(double, low);
    QFETCH(double, high);
    const Interval ci = wilsonInterval(successes, trials);
    QVERIFY2(std::abs(ci.low - low) < 1e-9, qPrintable(QString::number(ci.low, 'g', 12)));
    QVERIFY2(std::abs(ci.high - high) < 1e-9, qPrintable(QString::number(ci.high, 'g', 12)));
}

void TestStudyStats::wilsonRejectsBadCounts()
{
    QVERIFY(test::errorOf([] { wilsonInterval(11, 10); }).contains("11 of 10"));
    QVERIFY(!test::errorOf([] { wilsonInterval(-1, 10); }).isEmpty());
}

void TestStudyStats::signTest_data()
{
    QTest::addColumn<int>("wins");
    QTest::addColumn<int>("losses");
    QTest::addColumn<double>("p");
    // 2 · P(X <= min) for X ~ Bin(n, 1/2): 9-1 -> 2·(1 + 10)/1024; 7-2 -> 2·(1 + 9 + 36)/512.
    QTest::newRow("9-1") << 9 << 1 << 0.021484375;
    QTest::newRow("1-9 symmetric") << 1 << 9 << 0.021484375;
    QTest::newRow("5-5") << 5 << 5 << 1.0;
    QTest::newRow("10-0") << 10 << 0 << 0.001953125;
    QTest::newRow("7-2") << 7 << 2 << 0.1796875;
    QTest::newRow("no decisions") << 0 << 0 << 1.0;
    QTest::newRow("1-0") << 1 << 0 << 1.0;
}

void TestStudyStats::signTest()
{
    QFETCH(int, wins);
    QFETCH(int, losses);
    QFETCH(double, p);
    QCOMPARE(signTestPValue(wins, losses), p); // exact: sums of integers times 2^-n
}

void TestStudyStats::holm()
{
    // Sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 -> raised to 0.06 (monotone).
    const std::vector<double> adjusted = holmAdjust({0.01, 0.04, 0.03, 0.005});
    const std::vector<double> expected{0.03, 0.06, 0.06, 0.02};
    QCOMPARE(adjusted.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        QVERIFY2(std::abs(adjusted[i] - expected[i]) < 1e-12, qPrintable(QString::number(adjusted[i])));
    QCOMPARE(holmAdjust({0.6, 0.9})[1], 1.0); // capped at 1
    QVERIFY(holmAdjust({}).empty());
}

void TestStudyStats::bootstrap()
{
    const std::vector<double> values{1, 2, 2, 3, 3, 3, 4, 4, 5, 5};
    const BootstrapCI a = bootstrapMeanCI(values, 2000, 7);
    const BootstrapCI b = bootstrapMeanCI(values, 2000, 7);
    QCOMPARE(a.mean, 3.2);
    QVERIFY(a.low < a.mean && a.mean < a.high);
    QCOMPARE(a.low, b.low); // same seed, same interval, bit for bit
    QCOMPARE(a.high, b.high);
    // Normal-theory check: sd/sqrt(n) = 1.249/3.162 ≈ 0.395, so the 95% half-width is about 0.77.
    QVERIFY(a.low > 2.2 && a.low < 2.7);
    QVERIFY(a.high > 3.7 && a.high < 4.2);
    // Another seed draws other resamples (values with many distinct means, so the ends move).
    const std::vector<double> spread{1.31, 2.72, 2.13, 3.94, 3.35, 4.46, 2.27, 4.98, 4.19, 3.01};
    const BootstrapCI seven = bootstrapMeanCI(spread, 500, 7), eight = bootstrapMeanCI(spread, 500, 8);
    QCOMPARE(seven.mean, eight.mean);
    QVERIFY(seven.low != eight.low || seven.high != eight.high);
    const BootstrapCI one = bootstrapMeanCI({4.0});
    QCOMPARE(one.low, 4.0);
    QCOMPARE(one.high, 4.0);
    QVERIFY(std::isnan(bootstrapMeanCI({}).mean));
}

void TestStudyStats::fleissWikipediaExample()
{
    // Fleiss (1971)-style worked example: 10 items, 5 categories, 14 raters; kappa = 0.210.
    const std::vector<std::vector<int>> counts{{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0},
                                               {2, 2, 8, 1, 1},  {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2},
                                               {6, 5, 2, 1, 0},  {0, 2, 2, 3, 7}};
    const double kappa = fleissKappa(counts);
    QVERIFY2(std::abs(kappa - 0.20993070442) < 1e-9, qPrintable(QString::number(kappa, 'g', 12)));
    // Perfect agreement over two categories.
    QCOMPARE(fleissKappa({{3, 0}, {0, 3}}), 1.0);
    QVERIFY(std::isnan(fleissKappa({{3, 0}, {3, 0}}))); // chance agreement is 1
}

void TestStudyStats::fleissRejectsUnequalRaters()
{
    QVERIFY(test::errorOf([] { fleissKappa({{2, 1}, {1, 1}}); }).contains("item 1"));
    QVERIFY(!test::errorOf([] { fleissKappa({{1, 0}}); }).isEmpty());
}

void TestStudyStats::krippendorffHandComputed()
{
    // Units {1,1}, {2,2}, {1,2}: o11 = 2, o22 = 2, o12 = o21 = 1; n1 = n2 = 3, n = 6.
    // Do = 2/6, De = 2·3·3/(6·5) = 0.6, alpha = 1 - (1/3)/0.6 = 4/9.
    const double alpha = krippendorffAlphaNominal({{1, 1}, {2, 2}, {1, 2}});
    QVERIFY2(std::abs(alpha - 4.0 / 9.0) < 1e-12, qPrintable(QString::number(alpha, 'g', 12)));
    QCOMPARE(krippendorffAlphaNominal({{1, 1}, {2, 2}}), 1.0);
}

void TestStudyStats::krippendorffTextbook()
{
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers, 12 units with
    // missing values; published alpha = 0.743 (nominal) and 0.849 (interval).
    const std::vector<std::vector<double>> units{{1, 1, 1}, {2, 2, 3, 2}, {3, 3, 3, 3}, {3, 3, 3, 3},
                                                 {2, 2, 2, 2}, {1, 2, 3, 4}, {4, 4, 4, 4}, {1, 1, 2, 1},
                                                 {2, 2, 2, 2}, {5, 5, 5}, {1, 1}, {3}};
    const double nominal = krippendorffAlphaNominal(units);
    const double interval = krippendorffAlpha(units, AlphaMetric::Interval);
    QVERIFY2(std::abs(nominal - 0.743421052632) < 1e-9, qPrintable(QString::number(nominal, 'g', 12)));
    QVERIFY2(std::abs(interval - 0.849107142857) < 1e-9, qPrintable(QString::number(interval, 'g', 12)));
}

void TestStudyStats::krippendorffUndefined()
{
    QVERIFY(std::isnan(krippendorffAlphaNominal({})));
    QVERIFY(std::isnan(krippendorffAlphaNominal({{1}, {2}})));   // nothing pairable
    QVERIFY(std::isnan(krippendorffAlphaNominal({{3, 3}, {3, 3}}))); // no expected disagreement
}

QTEST_APPLESS_MAIN(TestStudyStats)
#include "tst_study_stats.moc"
