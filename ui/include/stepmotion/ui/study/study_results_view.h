#pragma once
// The results of a study in the app: core's buildStudyReport shown as tables (pairs with win
// rates, Wilson intervals and Holm-corrected sign tests; Likert means with bootstrap CIs; step
// rates; the per-tag breakdown; raters, with attention-check failures flagged) and a bar chart,
// with a check box that excludes raters failing attention checks and recomputes. Exports: chart as
// PNG/SVG, tables as markdown/CSV (core's writers), all responses as CSV. Not blind: system ids
// are shown. GL-free.

#include "stepmotion/core/study/study_report.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QTableWidget;

namespace stepmotion::ui {

class BarChartWidget;

class StudyResultsView : public QWidget {
    Q_OBJECT

public:
    /// Shows the report of `responses` for `design`; `warnings` (e.g. dropped torn lines) are listed.
    StudyResultsView(QString studyDir, StudyDesign design, std::vector<TrialResponse> responses,
                     std::vector<std::string> warnings = {}, QWidget* parent = nullptr);

    /// Loads STUDY_DIR/study.json and every responses file. Throws stepmotion::Error naming the file.
    static StudyResultsView* load(const QString& studyDir, QWidget* parent = nullptr);

    const StudyReport& report() const { return m_report; }
    const StudyReportOptions& options() const { return m_options; }
    QCheckBox* excludeCheckBox() const { return m_exclude; }
    QTableWidget* pairsTable() const { return m_pairs; }
    QTableWidget* likertTable() const { return m_likert; }
    QTableWidget* stepsTable() const { return m_steps; }
    QTableWidget* tagsTable() const { return m_tags; }
    QTableWidget* ratersTable() const { return m_raters; }
    BarChartWidget* chart() const { return m_chart; }
    /// 0 pairwise win rate, 1 faithfulness, 2 naturalness, 3 steps performed.
    QComboBox* chartChoice() const { return m_chartChoice; }

    /// Whether a rater's attention pass rate is below the report threshold (flagged in the table).
    bool failedAttention(const RaterSummary& rater) const;

    /// Exports; each returns false with `error` naming the file.
    bool exportChartPng(const QString& path, QString& error) const;
    bool exportChartSvg(const QString& path, QString& error) const;
    bool exportMarkdown(const QString& path, QString& error) const;
    /// pairs.csv, likert.csv, steps.csv, tags.csv, raters.csv into `dir`.
    bool exportTablesCsv(const QString& dir, QString& error) const;
    bool exportResponsesCsv(const QString& path, QString& error) const;

public Q_SLOTS:
    /// Rebuilds the report with the current options and refreshes every table and the chart.
    void recompute();

private:
    QWidget* buildExportButtons();
    void fillTables();
    void fillTagTable();
    void fillChart();

    QString m_studyDir;
    StudyDesign m_design;
    std::vector<TrialResponse> m_responses;
    StudyReportOptions m_options;
    StudyReport m_report;
    QLabel* m_summary;
    QCheckBox* m_exclude;
    QTableWidget* m_pairs;
    QTableWidget* m_likert;
    QTableWidget* m_steps;
    QTableWidget* m_tags;
    QTableWidget* m_raters;
    QComboBox* m_chartChoice;
    BarChartWidget* m_chart;
};

} // namespace stepmotion::ui
