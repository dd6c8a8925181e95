#include "stepmotion/ui/study/study_results_view.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/ui/study/bar_chart_widget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>
#include <functional>

namespace stepmotion::ui {
namespace {

QString num(double v)
{
    return std::isfinite(v) ? QString::number(v, 'f', 3) : QStringLiteral("n/a");
}

QString pvalue(double p)
{
    return QString::number(p, 'g', 4);
}

QString interval(double low, double high)
{
    return QStringLiteral("[%1, %2]").arg(num(low), num(high));
}

QString str(const std::string& s)
{
    return QString::fromStdString(s);
}

QTableWidget* makeTable(const QStringList& headers, QWidget* parent)
{
    auto* table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return table;
}

void appendRow(QTableWidget* table, const QStringList& cells)
{
    const int row = table->rowCount();
    table->insertRow(row);
    for (int c = 0; c < cells.size(); ++c)
        table->setItem(row, c, new QTableWidgetItem(cells[c]));
}

QStringList pairCells(const PairResult& p)
{
    return {str(p.a), str(p.b), QString::number(p.winsA), QString::number(p.ties), QString::number(p.winsB),
            num(p.winRateA), interval(p.wilsonA.low, p.wilsonA.high), pvalue(p.pValue), pvalue(p.pHolm)};
}

/// Runs a core writer, turning its Error into `error`.
bool attempt(const std::function<void()>& write, QString& error)
{
    try {
        write();
    } catch (const Error& e) {
        error = str(e.what());
        return false;
    }
    return true;
}

} // namespace

StudyResultsView::StudyResultsView(QString studyDir, StudyDesign design, std::vector<TrialResponse> responses,
                                   std::vector<std::string> warnings, QWidget* parent)
    : QWidget(parent)
    , m_studyDir(std::move(studyDir))
    , m_design(std::move(design))
    , m_responses(std::move(responses))
    , m_summary(new QLabel(this))
    , m_exclude(new QCheckBox(tr("Exclude raters failing attention checks"), this))
    , m_pairs(makeTable({tr("A"), tr("B"), tr("A wins"), tr("Ties"), tr("B wins"), tr("A win rate"), tr("95% CI"),
                         tr("p (sign)"), tr("p (Holm)")},
                        this))
    , m_likert(makeTable({tr("System"), tr("Scale"), tr("Mean"), tr("95% CI"), tr("n")}, this))
    , m_steps(makeTable({tr("System"), tr("Performed"), tr("Asked"), tr("Rate"), tr("95% CI")}, this))
    , m_tags(makeTable({tr("Tag"), tr("Measure"), tr("System"), tr("Value"), tr("95% CI"), tr("n")}, this))
    , m_raters(makeTable({tr("Rater"), tr("Answered"), tr("Attention checks"), tr("Passed"), tr("Status")}, this))
    , m_chartChoice(new QComboBox(this))
    , m_chart(new BarChartWidget(this))
{
    setWindowTitle(tr("Study results - %1").arg(str(m_design.title.empty() ? "untitled" : m_design.title)));
    m_summary->setWordWrap(true);
    m_exclude->setChecked(m_options.excludeFailedAttention);
    m_chartChoice->addItems({tr("Pairwise: win rate of A"), tr("Likert: text faithfulness"),
                             tr("Likert: naturalness"), tr("Steps performed")});
    auto* chartPage = new QWidget(this);
    auto* chartLayout = new QVBoxLayout(chartPage);
    chartLayout->addWidget(m_chartChoice);
    chartLayout->addWidget(m_chart, 1);
    auto* tabs = new QTabWidget(this);
    tabs->addTab(m_pairs, tr("Pairs"));
    tabs->addTab(m_likert, tr("Likert"));
    tabs->addTab(m_steps, tr("Steps"));
    tabs->addTab(m_tags, tr("By tag"));
    tabs->addTab(m_raters, tr("Raters"));
    tabs->addTab(chartPage, tr("Chart"));
    auto* layout = new QVBoxLayout(this);
    for (const std::string& w : warnings)
        layout->addWidget(new QLabel(tr("Warning: %1").arg(str(w)), this));
    layout->addWidget(m_summary);
    layout->addWidget(m_exclude);
    layout->addWidget(tabs, 1);
    layout->addWidget(buildExportButtons());
    connect(m_exclude, &QCheckBox::toggled, this, &StudyResultsView::recompute);
    connect(m_chartChoice, &QComboBox::currentIndexChanged, this, &StudyResultsView::fillChart);
    recompute();
}

StudyResultsView* StudyResultsView::load(const QString& studyDir, QWidget* parent)
{
    const std::string dir = studyDir.toStdString();
    StudyDesign design = loadStudyDesign(studyDesignPath(dir));
    LoadedResponses loaded = loadStudyResponses(dir);
    return new StudyResultsView(studyDir, std::move(design), std::move(loaded.responses), std::move(loaded.warnings),
                                parent);
}

QWidget* StudyResultsView::buildExportButtons()
{
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    const auto add = [this, layout](const QString& text, bool folder, const QString& suggested, const QString& filter,
                                    bool (StudyResultsView::*write)(const QString&, QString&) const) {
        auto* button = new QPushButton(text, this);
        layout->addWidget(button);
        connect(button, &QPushButton::clicked, this, [=] {
            const QString start = m_studyDir + QLatin1Char('/') + suggested;
            const QString path = folder ? QFileDialog::getExistingDirectory(this, text, m_studyDir)
                                        : QFileDialog::getSaveFileName(this, text, start, filter);
            QString error;
            if (!path.isEmpty() && !(this->*write)(path, error))
                QMessageBox::critical(this, tr("Export failed"), error);
        });
    };
    add(tr("Chart PNG..."), false, QStringLiteral("chart.png"), tr("PNG images (*.png)"),
        &StudyResultsView::exportChartPng);
    add(tr("Chart SVG..."), false, QStringLiteral("chart.svg"), tr("SVG images (*.svg)"),
        &StudyResultsView::exportChartSvg);
    add(tr("Tables as Markdown..."), false, QStringLiteral("report.md"), tr("Markdown (*.md)"),
        &StudyResultsView::exportMarkdown);
    add(tr("Tables as CSV..."), true, QString(), QString(), &StudyResultsView::exportTablesCsv);
    add(tr("Responses as CSV..."), false, QStringLiteral("responses.csv"), tr("CSV (*.csv)"),
        &StudyResultsView::exportResponsesCsv);
    layout->addStretch(1);
    return row;
}

bool StudyResultsView::failedAttention(const RaterSummary& rater) const
{
    return rater.attentionChecks > 0
           && rater.attentionPassed < m_options.attentionPassRate * rater.attentionChecks - 1e-9;
}

void StudyResultsView::recompute()
{
    m_options.excludeFailedAttention = m_exclude->isChecked();
    m_report = buildStudyReport(m_design, m_responses, m_options);
    fillTables();
    fillTagTable();
    fillChart();
    int excluded = 0;
    for (const RaterSummary& r : m_report.raters)
        excluded += r.excluded ? 1 : 0;
    m_summary->setText(tr("%1 responses used from %2 raters (%3 excluded). Agreement: Fleiss' kappa (pairwise) %4, "
                          "Krippendorff's alpha (Likert) %5.")
                           .arg(m_report.responsesUsed)
                           .arg(m_report.raters.size())
                           .arg(excluded)
                           .arg(num(m_report.fleissKappaPairwise), num(m_report.krippendorffAlphaLikert)));
}

void StudyResultsView::fillTables()
{
    for (QTableWidget* t : {m_pairs, m_likert, m_steps, m_raters})
        t->setRowCount(0);
    for (const PairResult& p : m_report.pairs)
        appendRow(m_pairs, pairCells(p));
    for (const LikertResult& l : m_report.likert)
        appendRow(m_likert, {str(l.system), str(l.scale), num(l.ci.mean), interval(l.ci.low, l.ci.high),
                             QString::number(l.n)});
    for (const StepResult& s : m_report.steps)
        appendRow(m_steps, {str(s.system), QString::number(s.performed), QString::number(s.asked), num(s.rate),
                            interval(s.wilson.low, s.wilson.high)});
    for (const RaterSummary& r : m_report.raters) {
        const bool failed = failedAttention(r);
        const QString status = !failed ? tr("ok") : r.excluded ? tr("failed attention checks, excluded")
                                                              : tr("failed attention checks");
        appendRow(m_raters, {str(r.rater), QString::number(r.answered), QString::number(r.attentionChecks),
                             QString::number(r.attentionPassed), status});
        if (failed)
            for (int c = 0; c < m_raters->columnCount(); ++c)
                m_raters->item(m_raters->rowCount() - 1, c)->setBackground(QColor(0xf8, 0xd7, 0xda));
    }
}

void StudyResultsView::fillTagTable()
{
    m_tags->setRowCount(0);
    for (const TagBreakdown& tag : m_report.byTag) {
        const QString name = str(tag.tag);
        for (const PairResult& p : tag.pairs)
            appendRow(m_tags, {name, tr("A win rate"), str(p.a + " vs " + p.b), num(p.winRateA),
                               interval(p.wilsonA.low, p.wilsonA.high), QString::number(p.winsA + p.winsB + p.ties)});
        for (const LikertResult& l : tag.likert)
            appendRow(m_tags, {name, str(l.scale), str(l.system), num(l.ci.mean), interval(l.ci.low, l.ci.high),
                               QString::number(l.n)});
        for (const StepResult& s : tag.steps)
            appendRow(m_tags, {name, tr("steps performed"), str(s.system), num(s.rate),
                               interval(s.wilson.low, s.wilson.high), QString::number(s.asked)});
    }
}

void StudyResultsView::fillChart()
{
    switch (m_chartChoice->currentIndex()) {
    case 1: m_chart->setChart(tr("Text faithfulness"), likertChartBars(m_report, "faithfulness"), tr("mean (1-5)"), 5); break;
    case 2: m_chart->setChart(tr("Naturalness"), likertChartBars(m_report, "naturalness"), tr("mean (1-5)"), 5); break;
    case 3: m_chart->setChart(tr("Steps performed"), stepChartBars(m_report), tr("rate"), 1); break;
    default: m_chart->setChart(tr("Pairwise preference"), pairChartBars(m_report), tr("A win rate"), 1); break;
    }
}

bool StudyResultsView::exportChartPng(const QString& path, QString& error) const
{
    return m_chart->savePng(path, error);
}

bool StudyResultsView::exportChartSvg(const QString& path, QString& error) const
{
    return m_chart->saveSvg(path, error);
}

bool StudyResultsView::exportMarkdown(const QString& path, QString& error) const
{
    return attempt([&] { writeFileAtomically(path.toStdString(), formatStudyReportMarkdown(m_report)); }, error);
}

bool StudyResultsView::exportTablesCsv(const QString& dir, QString& error) const
{
    return attempt([&] { writeStudyReportCsv(m_report, dir.toStdString()); }, error);
}

bool StudyResultsView::exportResponsesCsv(const QString& path, QString& error) const
{
    return attempt([&] { writeResponsesCsv(m_responses, path.toStdString()); }, error);
}

} // namespace stepmotion::ui
