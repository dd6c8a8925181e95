// The results view (offscreen): its tables show buildStudyReport's numbers for a simulated set of
// responses, attention-check failures are flagged and excluding them recomputes, and the chart
// and tables export as PNG, SVG, markdown and CSV.

#include "stepmotion/core/study/study_report.h"
#include "stepmotion/core/study/study_responses.h"
#include "stepmotion/ui/study/bar_chart_widget.h"
#include "stepmotion/ui/study/study_results_view.h"
#include "study_ui_fixtures.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace stepmotion;
using namespace stepmotion::ui;

namespace {

/// A deterministic rater: prefers sysalpha except every third trial (tie), Likert alpha 4/4 and
/// beta 2/3, ticks the first step only; passes attention checks unless `careless`.
std::vector<TrialResponse> simulateRater(const StudyDesign& design, const std::string& rater, bool careless)
{
    std::vector<TrialResponse> out;
    for (const Trial& trial : planTrials(design, rater, 3)) {
        TrialResponse r = responseForTrial(trial, rater);
        r.seconds = 2.5;
        switch (trial.kind) {
        case TrialKind::Pairwise:
            if (trial.attentionCheck)
                r.preferred = careless ? kAttentionMismatch : kAttentionMatch;
            else if (trial.index % 3 == 0)
                r.preferred = kPreferTie;
            else // careless raters prefer beta
                r.preferred = careless ? trial.systemB : trial.systemA;
            break;
        case TrialKind::Likert:
            r.faithfulness = trial.systemA == "sysalpha" ? 4 : 2;
            r.naturalness = trial.systemA == "sysalpha" ? 4 : 3;
            break;
        case TrialKind::StepCheck: r.stepsPerformed = {true, trial.systemA == "sysalpha"}; break;
        }
        out.push_back(r);
    }
    return out;
}

QString cell(QTableWidget* table, int row, int column)
{
    QTableWidgetItem* item = table->item(row, column);
    return item ? item->text() : QString();
}

QString num3(double v)
{
    return QString::number(v, 'f', 3);
}

} // namespace

class TestStudyResults : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    StudyDesign m_design;
    std::vector<TrialResponse> m_responses;
    std::unique_ptr<StudyResultsView> m_view;

private Q_SLOTS:
    void initTestCase();
    void tablesMatchTheReport();
    void failedRatersAreFlagged();
    void excludingRatersChangesCounts();
    void chartExportsPngAndSvg();
    void tablesExportAsMarkdownAndCsv();
};

void TestStudyResults::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_design = test::smallStudyDesign();
    const std::string dir = m_dir.path().toStdString();
    saveStudyDesign(m_design, studyDesignPath(dir));
    for (const auto& [rater, careless] : {std::pair{"r1", false}, std::pair{"r2", false}, std::pair{"r3", true}}) {
        ResponseLog log(studyResponsesPath(dir, rater));
        for (const TrialResponse& r : simulateRater(m_design, rater, careless)) {
            log.append(r);
            m_responses.push_back(r);
        }
    }
    m_view.reset(StudyResultsView::load(m_dir.path()));
    QVERIFY(m_view->excludeCheckBox()->isChecked());
}

void TestStudyResults::tablesMatchTheReport()
{
    const StudyReport expected = buildStudyReport(m_design, m_responses, m_view->options());
    QCOMPARE(m_view->report().responsesUsed, expected.responsesUsed);
    QCOMPARE(m_view->pairsTable()->rowCount(), int(expected.pairs.size()));
    QCOMPARE(int(expected.pairs.size()), 1);
    const PairResult& p = expected.pairs.front();
    QCOMPARE(cell(m_view->pairsTable(), 0, 0), QStringLiteral("sysalpha"));
    QCOMPARE(cell(m_view->pairsTable(), 0, 2), QString::number(p.winsA));
    QCOMPARE(cell(m_view->pairsTable(), 0, 3), QString::number(p.ties));
    QCOMPARE(cell(m_view->pairsTable(), 0, 4), QString::number(p.winsB));
    QCOMPARE(cell(m_view->pairsTable(), 0, 5), num3(p.winRateA));
    QCOMPARE(cell(m_view->pairsTable(), 0, 6), QStringLiteral("[%1, %2]").arg(num3(p.wilsonA.low), num3(p.wilsonA.high)));
    QCOMPARE(cell(m_view->pairsTable(), 0, 7), QString::number(p.pValue, 'g', 4));
    QCOMPARE(cell(m_view->pairsTable(), 0, 8), QString::number(p.pHolm, 'g', 4));
    // Two careful raters x 3 prompts: alpha wins or ties every pair.
    QCOMPARE(p.winsB, 0);
    QCOMPARE(p.winsA + p.ties, 6);

    QCOMPARE(m_view->likertTable()->rowCount(), int(expected.likert.size()));
    for (int row = 0; row < int(expected.likert.size()); ++row) {
        const LikertResult& l = expected.likert[std::size_t(row)];
        QCOMPARE(cell(m_view->likertTable(), row, 0).toStdString(), l.system);
        QCOMPARE(cell(m_view->likertTable(), row, 1).toStdString(), l.scale);
        QCOMPARE(cell(m_view->likertTable(), row, 2), num3(l.ci.mean));
        QCOMPARE(cell(m_view->likertTable(), row, 4), QString::number(l.n));
    }
    QCOMPARE(cell(m_view->likertTable(), 0, 2), QStringLiteral("4.000")); // alpha faithfulness, every rater 4
    QCOMPARE(m_view->stepsTable()->rowCount(), int(expected.steps.size()));
    for (int row = 0; row < int(expected.steps.size()); ++row) {
        const StepResult& s = expected.steps[std::size_t(row)];
        QCOMPARE(cell(m_view->stepsTable(), row, 1), QString::number(s.performed));
        QCOMPARE(cell(m_view->stepsTable(), row, 2), QString::number(s.asked));
        QCOMPARE(cell(m_view->stepsTable(), row, 3), num3(s.rate));
    }
    int tagRows = 0;
    for (const TagBreakdown& t : expected.byTag)
        tagRows += int(t.pairs.size() + t.likert.size() + t.steps.size());
    QCOMPARE(m_view->tagsTable()->rowCount(), tagRows);
    QVERIFY(tagRows > 0);
}

void TestStudyResults::failedRatersAreFlagged()
{
    QTableWidget* raters = m_view->ratersTable();
    QCOMPARE(raters->rowCount(), 3);
    for (int row = 0; row < 3; ++row) {
        const bool careless = cell(raters, row, 0) == QStringLiteral("r3");
        QCOMPARE(cell(raters, row, 2), QStringLiteral("2"));
        QCOMPARE(cell(raters, row, 3), careless ? QStringLiteral("0") : QStringLiteral("2"));
        QCOMPARE(cell(raters, row, 4).contains(QStringLiteral("failed attention")), careless);
        QCOMPARE(m_view->report().raters[std::size_t(row)].excluded, careless);
    }
}

void TestStudyResults::excludingRatersChangesCounts()
{
    const int usedExcluding = m_view->report().responsesUsed;
    const int winsB = m_view->report().pairs.front().winsB;
    m_view->excludeCheckBox()->setChecked(false); // recomputes
    StudyReportOptions all;
    all.excludeFailedAttention = false;
    const StudyReport expected = buildStudyReport(m_design, m_responses, all);
    QCOMPARE(m_view->report().responsesUsed, expected.responsesUsed);
    QVERIFY(expected.responsesUsed > usedExcluding);
    QCOMPARE(cell(m_view->pairsTable(), 0, 4), QString::number(expected.pairs.front().winsB));
    QVERIFY(expected.pairs.front().winsB > winsB); // the careless rater preferred beta
    QVERIFY(cell(m_view->ratersTable(), 2, 4).contains(QStringLiteral("failed attention")));
    QVERIFY(!m_view->report().raters[2].excluded);
    m_view->excludeCheckBox()->setChecked(true);
    QCOMPARE(m_view->report().responsesUsed, usedExcluding);
}

void TestStudyResults::chartExportsPngAndSvg()
{
    for (int choice = 0; choice < 4; ++choice) {
        m_view->chartChoice()->setCurrentIndex(choice);
        QVERIFY(!m_view->chart()->bars().empty());
    }
    m_view->chartChoice()->setCurrentIndex(1);
    QCOMPARE(m_view->chart()->bars().size(), likertChartBars(m_view->report(), "faithfulness").size());
    QCOMPARE(m_view->chart()->bars().front().value, 4.0);

    QString error;
    const QString png = m_dir.filePath(QStringLiteral("chart.png"));
    QVERIFY2(m_view->exportChartPng(png, error), qPrintable(error));
    QCOMPARE(QImageReader(png).format(), QByteArray("png"));
    const QImage image(png);
    QVERIFY(image.width() >= 640 && image.height() >= 400);
    // Bars are drawn: some pixel carries the bar colour.
    bool barColour = false;
    for (int y = 0; y < image.height() && !barColour; y += 2)
        for (int x = 0; x < image.width() && !barColour; x += 2)
            barColour = image.pixelColor(x, y) == QColor(0x4c, 0x78, 0xa8);
    QVERIFY(barColour);

    const QString svg = m_dir.filePath(QStringLiteral("chart.svg"));
    QVERIFY2(m_view->exportChartSvg(svg, error), qPrintable(error));
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.size() > 200);
    QVERIFY(text.contains("<svg"));
    QVERIFY(text.trimmed().endsWith("</svg>"));
    QVERIFY(!m_view->exportChartPng(m_dir.filePath(QStringLiteral("missing/dir/chart.png")), error));
    QVERIFY2(error.contains(QStringLiteral("missing/dir/chart.png")), qPrintable(error));
}

void TestStudyResults::tablesExportAsMarkdownAndCsv()
{
    QString error;
    const QString md = m_dir.filePath(QStringLiteral("report.md"));
    QVERIFY2(m_view->exportMarkdown(md, error), qPrintable(error));
    QFile mdFile(md);
    QVERIFY(mdFile.open(QIODevice::ReadOnly));
    QCOMPARE(mdFile.readAll().toStdString(), formatStudyReportMarkdown(m_view->report()));
    const QString csvDir = m_dir.filePath(QStringLiteral("tables"));
    QVERIFY2(m_view->exportTablesCsv(csvDir, error), qPrintable(error));
    for (const char* name : {"pairs.csv", "likert.csv", "steps.csv", "raters.csv"})
        QVERIFY2(QFile::exists(csvDir + QLatin1Char('/') + QLatin1String(name)), name);
    const QString responses = m_dir.filePath(QStringLiteral("responses.csv"));
    QVERIFY2(m_view->exportResponsesCsv(responses, error), qPrintable(error));
    QFile csv(responses);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll().count('\n'), qsizetype(m_responses.size() + 1)); // header + one row each
}

QTEST_MAIN(TestStudyResults)
#include "tst_study_results.moc"
