#pragma once
// Analysis of a study's responses: pairwise preferences, Likert scores, step satisfaction,
// per-tag breakdowns, rater quality and agreement, as tables (markdown, CSV) and SVG charts.
// `stepmotion study report` and the app's results view both use it.

#include "stepmotion/core/study/study.h"
#include "stepmotion/core/study/study_responses.h"
#include "stepmotion/core/study/study_stats.h"

#include <cstdint>
#include <string>
#include <vector>

namespace stepmotion {

struct StudyReportOptions {
    bool excludeFailedAttention = true; // drop raters whose attention pass rate is below the threshold
    double attentionPassRate = 1.0;     // required fraction of attention checks passed (raters with none pass)
    int bootstrapResamples = 2000;
    uint64_t seed = 1;                  // bootstrap seed
};

/// One system pair (A is the earlier system in the design). Attention checks never count.
struct PairResult {
    std::string a, b;
    int winsA = 0, winsB = 0, ties = 0;
    double winRateA = 0;  // winsA / (winsA + winsB + ties)
    Interval wilsonA;     // Wilson 95% of winsA out of all answers
    double pValue = 1;    // sign test winsA vs winsB (ties excluded)
    double pHolm = 1;     // Holm-adjusted across the pairs of the same table
};

struct LikertResult {
    std::string system;
    std::string scale; // "faithfulness" | "naturalness"
    BootstrapCI ci;
    int n = 0;
};

struct StepResult {
    std::string system;
    int performed = 0, asked = 0; // checked boxes / boxes shown
    double rate = 0;              // performed / asked (NaN when asked == 0)
    Interval wilson;
};

/// The same tables restricted to prompts carrying `tag` (or every tag of a combination "a+b").
struct TagBreakdown {
    std::string tag;
    std::vector<LikertResult> likert;
    std::vector<StepResult> steps;
    std::vector<PairResult> pairs;
};

struct RaterSummary {
    std::string rater;
    int answered = 0;         // responses, attention checks included
    int attentionChecks = 0;
    int attentionPassed = 0;
    bool excluded = false;    // failed attention and options.excludeFailedAttention
};

struct StudyReport {
    std::string title;
    std::vector<PairResult> pairs;     // pairs with at least one answer, design order
    std::vector<LikertResult> likert;  // per system (design order) x scale (faithfulness, naturalness)
    std::vector<StepResult> steps;     // per system with StepCheck answers
    std::vector<TagBreakdown> byTag;   // each tag, then each multi-tag combination, sorted by name
    std::vector<RaterSummary> raters;  // sorted by id
    double fleissKappaPairwise = 0;    // over pairwise items answered by every included rater (NaN if < 2 raters/no item)
    double krippendorffAlphaLikert = 0; // interval alpha over (trial, scale) units (NaN when undefined)
    int responsesUsed = 0;             // non-attention responses of included raters
};

/// Builds the report from every response (responses of systems/prompts not in the design are
/// ignored, and so are excluded raters' answers). A trial a rater answered more than once counts
/// once, with the answer that comes last in `responses`.
StudyReport buildStudyReport(const StudyDesign& design, const std::vector<TrialResponse>& responses,
                             const StudyReportOptions& options = {});

/// Markdown tables: pairs, Likert, steps, tags, raters, agreement. Numbers to 3 decimals, p-values
/// to 4 significant digits.
std::string formatStudyReportMarkdown(const StudyReport& report);

/// Writes DIR/pairs.csv, likert.csv and steps.csv (first column "tag": empty for all prompts, else
/// the TagBreakdown's tag) and raters.csv, atomically (creates DIR).
void writeStudyReportCsv(const StudyReport& report, const std::string& dir);

struct ChartBar {
    std::string label;
    double value = 0, low = 0, high = 0; // error bar from low to high
};

/// A self-contained SVG bar chart with error bars; y runs from 0 to yMax.
std::string renderBarChartSvg(const std::string& title, const std::vector<ChartBar>& bars,
                              const std::string& yLabel, double yMax);

/// Chart data shared by the CLI and the UI: win rate of A per pair ("a vs b"), Likert mean per
/// system for `scale`, step rate per system.
std::vector<ChartBar> pairChartBars(const StudyReport& report);
std::vector<ChartBar> likertChartBars(const StudyReport& report, const std::string& scale);
std::vector<ChartBar> stepChartBars(const StudyReport& report);

} // namespace stepmotion
