// The study report as text: markdown tables for people, CSV files for spreadsheets and scripts.

#include "stepmotion/core/study/study_report.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "study/study_format.h"
#include "stepmotion/core/formats/file_paths.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace stepmotion {
namespace {

using study_detail::fixed;

std::string num(double v)
{
    return std::isnan(v) ? std::string("n/a") : fixed(v, 3);
}

std::string pvalue(double p)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", p);
    return buf;
}

std::string interval(double low, double high)
{
    return "[" + num(low) + ", " + num(high) + "]";
}

std::string pairsMarkdown(const std::vector<PairResult>& pairs)
{
    std::string out = "| A | B | A wins | B wins | ties | A win rate | 95% CI | p (sign) | p (Holm) |\n"
                      "|---|---|---:|---:|---:|---:|---|---:|---:|\n";
    for (const PairResult& p : pairs)
        out += "| " + p.a + " | " + p.b + " | " + std::to_string(p.winsA) + " | " + std::to_string(p.winsB) + " | "
               + std::to_string(p.ties) + " | " + num(p.winRateA) + " | " + interval(p.wilsonA.low, p.wilsonA.high)
               + " | " + pvalue(p.pValue) + " | " + pvalue(p.pHolm) + " |\n";
    return out;
}

std::string likertMarkdown(const std::vector<LikertResult>& likert)
{
    std::string out = "| system | scale | mean | 95% CI | n |\n|---|---|---:|---|---:|\n";
    for (const LikertResult& l : likert)
        out += "| " + l.system + " | " + l.scale + " | " + num(l.ci.mean) + " | " + interval(l.ci.low, l.ci.high)
               + " | " + std::to_string(l.n) + " |\n";
    return out;
}

std::string stepsMarkdown(const std::vector<StepResult>& steps)
{
    std::string out = "| system | performed | asked | rate | 95% CI |\n|---|---:|---:|---:|---|\n";
    for (const StepResult& s : steps)
        out += "| " + s.system + " | " + std::to_string(s.performed) + " | " + std::to_string(s.asked) + " | "
               + num(s.rate) + " | " + interval(s.wilson.low, s.wilson.high) + " |\n";
    return out;
}

std::string pairsCsv(const std::string& tag, const std::vector<PairResult>& pairs)
{
    std::string out;
    for (const PairResult& p : pairs)
        out += tag + "," + p.a + "," + p.b + "," + std::to_string(p.winsA) + "," + std::to_string(p.winsB) + ","
               + std::to_string(p.ties) + "," + fixed(p.winRateA, 6) + "," + fixed(p.wilsonA.low, 6) + ","
               + fixed(p.wilsonA.high, 6) + "," + fixed(p.pValue, 8) + "," + fixed(p.pHolm, 8) + "\n";
    return out;
}

std::string likertCsv(const std::string& tag, const std::vector<LikertResult>& likert)
{
    std::string out;
    for (const LikertResult& l : likert)
        out += tag + "," + l.system + "," + l.scale + "," + fixed(l.ci.mean, 6) + "," + fixed(l.ci.low, 6) + ","
               + fixed(l.ci.high, 6) + "," + std::to_string(l.n) + "\n";
    return out;
}

std::string stepsCsv(const std::string& tag, const std::vector<StepResult>& steps)
{
    std::string out;
    for (const StepResult& s : steps)
        out += tag + "," + s.system + "," + std::to_string(s.performed) + "," + std::to_string(s.asked) + ","
               + fixed(s.rate, 6) + "," + fixed(s.wilson.low, 6) + "," + fixed(s.wilson.high, 6) + "\n";
    return out;
}

} // namespace

std::string formatStudyReportMarkdown(const StudyReport& report)
{
    std::string out = "# " + (report.title.empty() ? std::string("Study report") : report.title) + "\n\n";
    out += "Responses used: " + std::to_string(report.responsesUsed) + " (attention checks and excluded raters "
           "left out)\n\n## Pairwise preference\n\n" + pairsMarkdown(report.pairs);
    out += "\n## Likert ratings (1-5, bootstrap 95% CI)\n\n" + likertMarkdown(report.likert);
    out += "\n## Steps performed\n\n" + stepsMarkdown(report.steps);
    for (const TagBreakdown& t : report.byTag) {
        out += "\n## Tag: " + t.tag + "\n\n";
        if (!t.pairs.empty())
            out += pairsMarkdown(t.pairs) + "\n";
        if (!t.likert.empty())
            out += likertMarkdown(t.likert) + "\n";
        if (!t.steps.empty())
            out += stepsMarkdown(t.steps);
    }
    out += "\n## Raters\n\n| rater | answered | attention passed | excluded |\n|---|---:|---:|---|\n";
    for (const RaterSummary& r : report.raters)
        out += "| " + r.rater + " | " + std::to_string(r.answered) + " | " + std::to_string(r.attentionPassed) + "/"
               + std::to_string(r.attentionChecks) + " | " + (r.excluded ? "yes" : "no") + " |\n";
    out += "\n## Agreement\n\nFleiss' kappa (pairwise): " + num(report.fleissKappaPairwise)
           + "\nKrippendorff's alpha (Likert, interval): " + num(report.krippendorffAlphaLikert) + "\n";
    return out;
}

void writeStudyReportCsv(const StudyReport& report, const std::string& dir)
{
    makeDirectories(dir);
    std::string pairs = "tag,a,b,wins_a,wins_b,ties,win_rate_a,ci_low,ci_high,p,p_holm\n" + pairsCsv("", report.pairs);
    std::string likert = "tag,system,scale,mean,ci_low,ci_high,n\n" + likertCsv("", report.likert);
    std::string steps = "tag,system,performed,asked,rate,ci_low,ci_high\n" + stepsCsv("", report.steps);
    for (const TagBreakdown& t : report.byTag) {
        pairs += pairsCsv(t.tag, t.pairs);
        likert += likertCsv(t.tag, t.likert);
        steps += stepsCsv(t.tag, t.steps);
    }
    std::string raters = "rater,answered,attention_checks,attention_passed,excluded\n";
    for (const RaterSummary& r : report.raters)
        raters += r.rater + "," + std::to_string(r.answered) + "," + std::to_string(r.attentionChecks) + ","
                  + std::to_string(r.attentionPassed) + "," + (r.excluded ? "1" : "0") + "\n";
    const std::filesystem::path d(dir);
    writeFileAtomically((d / "pairs.csv").string(), pairs);
    writeFileAtomically((d / "likert.csv").string(), likert);
    writeFileAtomically((d / "steps.csv").string(), steps);
    writeFileAtomically((d / "raters.csv").string(), raters);
}

} // namespace stepmotion
