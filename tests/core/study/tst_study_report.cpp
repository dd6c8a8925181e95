// The scripted end-to-end study from the issue: two systems, three prompts, clips from a fake
// source, raters answering every trial through the response log, and the report's numbers
// checked against values worked out by hand (and with python3 for the interval ends).

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/study/study_report.h"

#include "study_test_support.h"
#include "test_helpers.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <filesystem>

using namespace stepmotion;

namespace {

// r1 always prefers "full"; r2 too except a tie on p3; r3 is careless and prefers "coarse".
std::string r1Pair(const Trial&) { return "full"; }
std::string r2Pair(const Trial& t) { return t.promptId == "p3" ? kPreferTie : "full"; }
std::string r3Pair(const Trial&) { return "coarse"; }

int promptIndex(const Trial& t) { return t.promptId[1] - '1'; }
// Faithfulness per prompt p1..p3: r1 full 5,4,4 coarse 2,3,2; r2 full 4,4,3 coarse 3,2,2.
constexpr int kR1Full[] = {5, 4, 4}, kR1Coarse[] = {2, 3, 2}, kR2Full[] = {4, 4, 3}, kR2Coarse[] = {3, 2, 2};
int r1Faith(const Trial& t) { return (t.systemA == "full" ? kR1Full : kR1Coarse)[promptIndex(t)]; }
int r2Faith(const Trial& t) { return (t.systemA == "full" ? kR2Full : kR2Coarse)[promptIndex(t)]; }
int natural(const Trial& t) { return t.systemA == "full" ? 4 : 3; }
int one(const Trial&) { return 1; }
// "full" performs every step; "coarse" only the first.
bool stepDone(const Trial& t, int step) { return t.systemA == "full" || step == 0; }
bool never(const Trial&, int) { return false; }

void near(double got, double want, const char* what)
{
    QVERIFY2(std::abs(got - want) < 1e-9, qPrintable(QString("%1: got %2, want %3").arg(what).arg(got, 0, 'g', 12)
                                                          .arg(want, 0, 'g', 12)));
}

const TagBreakdown* findTag(const StudyReport& report, const std::string& tag)
{
    for (const TagBreakdown& t : report.byTag) {
        if (t.tag == tag)
            return &t;
    }
    return nullptr;
}

} // namespace

class TestStudyReport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pairsMatchHandCounts();
    void likertAndSteps();
    void tagBreakdown();
    void ratersAndAgreement();
    void includingFailedRaters();
    void markdownCsvAndCharts();

private:
    QTemporaryDir m_dir;
    StudyDesign m_design;
    StudyReport m_report;
    std::vector<TrialResponse> m_responses;
};

void TestStudyReport::initTestCase()
{
    const std::string root = m_dir.path().toStdString();
    m_design = test::sampleStudy();
    saveStudyDesign(m_design, studyDesignPath(root));
    const PrepareResult prepared = prepareStudyClips(root, m_design, test::fakeClip);
    QCOMPARE(prepared.generated, 6);
    QVERIFY(missingStudyClips(root, m_design).empty());
    const test::RaterScript scripts[] = {{true, r1Pair, r1Faith, natural, stepDone},
                                         {true, r2Pair, r2Faith, natural, stepDone},
                                         {false, r3Pair, one, one, never}};
    const char* raters[] = {"r1", "r2", "r3"};
    for (int i = 0; i < 3; ++i) {
        const std::vector<Trial> plan = planTrials(m_design, raters[i], 42);
        QCOMPARE(plan.size(), std::size_t(17));
        // Answer in two sittings, as a paused and resumed session does.
        const std::string path = studyResponsesPath(root, raters[i]);
        test::answerTrials(path, raters[i], plan, m_design, scripts[i], 0, 8);
        const int resume = resumeTrialIndex(plan, loadResponses(path).responses);
        QCOMPARE(resume, 8);
        test::answerTrials(path, raters[i], plan, m_design, scripts[i], std::size_t(resume), plan.size());
    }
    const LoadedResponses loaded = loadStudyResponses(root);
    QVERIFY(loaded.warnings.empty());
    QCOMPARE(loaded.responses.size(), std::size_t(51));
    m_responses = loaded.responses;
    m_report = buildStudyReport(loadStudyDesign(studyDesignPath(root)), m_responses);
}

void TestStudyReport::pairsMatchHandCounts()
{
    // r1: full wins p1, p2, p3; r2: full wins p1, p2 and ties p3; r3 is excluded.
    QCOMPARE(m_report.pairs.size(), std::size_t(1));
    const PairResult& p = m_report.pairs[0];
    QCOMPARE(p.a, std::string("full"));
    QCOMPARE(p.b, std::string("coarse"));
    QCOMPARE(p.winsA, 5);
    QCOMPARE(p.winsB, 0);
    QCOMPARE(p.ties, 1);
    near(p.winRateA, 5.0 / 6.0, "win rate");
    near(p.wilsonA.low, 0.4364971750, "wilson low");
    near(p.wilsonA.high, 0.9699466306, "wilson high");
    QCOMPARE(p.pValue, 0.0625); // 2 * 0.5^5
    QCOMPARE(p.pHolm, 0.0625);  // a single pair: nothing to correct
}

void TestStudyReport::likertAndSteps()
{
    QCOMPARE(m_report.likert.size(), std::size_t(4));
    const struct { const char* system; const char* scale; double mean; } want[] = {
        {"full", "faithfulness", 24.0 / 6}, {"full", "naturalness", 4.0},
        {"coarse", "faithfulness", 14.0 / 6}, {"coarse", "naturalness", 3.0}};
    for (std::size_t i = 0; i < 4; ++i) {
        const LikertResult& l = m_report.likert[i];
        QCOMPARE(l.system, std::string(want[i].system));
        QCOMPARE(l.scale, std::string(want[i].scale));
        QCOMPARE(l.n, 6);
        near(l.ci.mean, want[i].mean, "likert mean");
        QVERIFY(l.ci.low <= l.ci.mean && l.ci.mean <= l.ci.high);
    }
    near(m_report.likert[1].ci.low, 4.0, "constant ratings have a zero-width interval");
    QVERIFY(m_report.likert[0].ci.low > 3.0 && m_report.likert[0].ci.high < 5.0);
    // Steps: p1 and p2 have 2 steps, p3 has 3: 7 boxes per rater and system, 2 raters.
    QCOMPARE(m_report.steps.size(), std::size_t(2));
    QCOMPARE(m_report.steps[0].performed, 14);
    QCOMPARE(m_report.steps[0].asked, 14);
    near(m_report.steps[0].wilson.low, 0.7846891946, "full steps low");
    QCOMPARE(m_report.steps[1].performed, 6);
    QCOMPARE(m_report.steps[1].asked, 14);
    near(m_report.steps[1].rate, 6.0 / 14, "coarse rate");
    near(m_report.steps[1].wilson.low, 0.2138079878, "coarse steps low");
    near(m_report.steps[1].wilson.high, 0.6740935558, "coarse steps high");
}

void TestStudyReport::tagBreakdown()
{
    std::vector<std::string> tags;
    for (const TagBreakdown& t : m_report.byTag)
        tags.push_back(t.tag);
    QCOMPARE(tags, (std::vector<std::string>{"basic", "composite", "seen", "unseen", "basic+seen", "composite+unseen"}));
    const TagBreakdown* basic = findTag(m_report, "basic");
    QCOMPARE(basic->pairs[0].winsA, 4);
    QCOMPARE(basic->pairs[0].ties, 0);
    QCOMPARE(basic->pairs[0].pValue, 0.125);
    near(basic->pairs[0].wilsonA.low, 0.5101091596, "basic wilson low");
    near(basic->likert[0].ci.mean, 17.0 / 4, "basic full faithfulness"); // 5, 4, 4, 4
    near(basic->likert[2].ci.mean, 10.0 / 4, "basic coarse faithfulness"); // 2, 3, 3, 2
    QCOMPARE(basic->steps[1].performed, 4);
    QCOMPARE(basic->steps[1].asked, 8);
    const TagBreakdown* composite = findTag(m_report, "composite+unseen");
    QCOMPARE(composite->pairs[0].winsA, 1);
    QCOMPARE(composite->pairs[0].ties, 1);
    QCOMPARE(composite->pairs[0].pValue, 1.0);
    near(composite->likert[0].ci.mean, 3.5, "composite full faithfulness"); // 4, 3
    QCOMPARE(composite->steps[1].performed, 2);
    QCOMPARE(composite->steps[1].asked, 6);
    near(composite->steps[1].wilson.high, 0.7000066870, "composite coarse steps high");
    // The paper's comparison: the faithfulness gap between seen-basic and unseen-composite prompts.
    near(findTag(m_report, "seen")->likert[0].ci.mean - findTag(m_report, "unseen")->likert[0].ci.mean, 0.75, "gap");
}

void TestStudyReport::ratersAndAgreement()
{
    QCOMPARE(m_report.raters.size(), std::size_t(3));
    QCOMPARE(m_report.raters[0].rater, std::string("r1"));
    QCOMPARE(m_report.raters[0].answered, 17);
    QCOMPARE(m_report.raters[0].attentionPassed, 2);
    QVERIFY(!m_report.raters[1].excluded);
    QCOMPARE(m_report.raters[2].attentionChecks, 2);
    QCOMPARE(m_report.raters[2].attentionPassed, 0);
    QVERIFY(m_report.raters[2].excluded);
    QCOMPARE(m_report.responsesUsed, 30);
    // Items [A, B, tie]: p1 [2,0,0], p2 [2,0,0], p3 [1,0,1]. P̄ = 2/3, Pe = (5/6)² + (1/6)² = 26/36,
    // kappa = (24/36 - 26/36) / (10/36) = -0.2.
    near(m_report.fleissKappaPairwise, -0.2, "kappa");
    near(m_report.krippendorffAlphaLikert, 0.75, "alpha");
}

void TestStudyReport::includingFailedRaters()
{
    StudyReportOptions options;
    options.excludeFailedAttention = false;
    const StudyReport all = buildStudyReport(m_design, m_responses, options);
    QVERIFY(!all.raters[2].excluded);
    QCOMPARE(all.pairs[0].winsA, 5);
    QCOMPARE(all.pairs[0].winsB, 3);
    QCOMPARE(all.pairs[0].ties, 1);
    QCOMPARE(all.pairs[0].pValue, 0.7265625); // 2 * (1 + 8 + 28 + 56) / 256
    near(all.pairs[0].wilsonA.low, 0.2666512918, "wilson 5/9");
    QCOMPARE(all.responsesUsed, 45);
}

void TestStudyReport::markdownCsvAndCharts()
{
    const std::string md = formatStudyReportMarkdown(m_report);
    QVERIFY2(md.find("| full | coarse | 5 | 0 | 1 | 0.833 | [0.436, 0.970] | 0.0625 | 0.0625 |") != std::string::npos,
             md.c_str());
    QVERIFY(md.find("| full | faithfulness | 4.000 |") != std::string::npos);
    QVERIFY(md.find("| r3 | 17 | 0/2 | yes |") != std::string::npos);
    QVERIFY(md.find("Fleiss' kappa (pairwise): -0.200") != std::string::npos);
    const std::string dir = m_dir.path().toStdString() + "/report";
    writeStudyReportCsv(m_report, dir);
    const std::string pairs = readWholeFile(dir + "/pairs.csv");
    QVERIFY(pairs.find("\n,full,coarse,5,0,1,0.833333,") != std::string::npos);
    QVERIFY(pairs.find("\nbasic,full,coarse,4,0,0,") != std::string::npos);
    QVERIFY(readWholeFile(dir + "/raters.csv").find("r3,17,2,0,1") != std::string::npos);
    QVERIFY(std::filesystem::exists(dir + "/likert.csv") && std::filesystem::exists(dir + "/steps.csv"));
    const std::vector<ChartBar> bars = stepChartBars(m_report);
    QCOMPARE(bars.size(), std::size_t(2));
    QCOMPARE(likertChartBars(m_report, "naturalness").size(), std::size_t(2));
    const std::string svg = renderBarChartSvg("Steps <performed>", bars, "rate", 1.0);
    QVERIFY(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
    QVERIFY(svg.find("Steps &lt;performed&gt;") != std::string::npos);
    QCOMPARE(int(std::count(svg.begin(), svg.end(), '\n')) > 10, true);
    QVERIFY(svg.find("</svg>") != std::string::npos);
    QCOMPARE(pairChartBars(m_report)[0].label, std::string("full vs coarse"));
}

QTEST_APPLESS_MAIN(TestStudyReport)
#include "tst_study_report.moc"
