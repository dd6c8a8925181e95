// The evaluation report: markdown tables and JSON of each row's figures per repeat.

#include "stepmotion/core/evaluation/eval_report.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

namespace stepmotion {

namespace {

struct MetricColumn {
    const char* key;    // JSON name
    const char* header; // table header
    double EvalMetrics::*field;
    int decimals;
};

const MetricColumn kColumns[] = {
    {"top1", "R-Precision top-1 ↑", &EvalMetrics::top1, 3},
    {"top2", "top-2 ↑", &EvalMetrics::top2, 3},
    {"top3", "top-3 ↑", &EvalMetrics::top3, 3},
    {"fid", "FID ↓", &EvalMetrics::fid, 3},
    {"mm_dist", "MM-Dist ↓", &EvalMetrics::mmDist, 3},
    {"diversity", "Diversity →", &EvalMetrics::diversity, 3},
    {"multimodality", "MultiModality ↑", &EvalMetrics::multimodality, 3},
    {"step_satisfaction", "Step satisfaction ↑", &EvalMetrics::stepSatisfaction, 3},
};

// The second table: arrows point to ground truth's side (→ = near ground truth, not 0).
const MetricColumn kPhysicalColumns[] = {
    {"mean_jerk", "Jerk (m/s³) ↓", &EvalMetrics::meanJerk, 1},
    {"seam_phase_ratio", "Seam phase ratio → 1", &EvalMetrics::seamPhaseRatio, 3},
    {"foot_skating", "Foot skating ↓", &EvalMetrics::footSkating, 3},
    {"bone_length_sd_mm", "Bone length sd, worst (mm) ↓", &EvalMetrics::boneLengthStdMm, 2},
    {"floor_penetration_cm", "Floor penetration (cm) ↓", &EvalMetrics::floorPenetrationCm, 2},
    {"airborne_height_m", "Airborne height (m) →", &EvalMetrics::airborneHeight, 3},
};

std::vector<double> column(const EvalRow& row, double EvalMetrics::*field)
{
    std::vector<double> out;
    for (const auto& m : row.repeats)
        out.push_back(m.*field);
    return out;
}

std::string fixed(double value, int decimals)
{
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(decimals);
    s << value;
    return s.str();
}

} // namespace

std::string formatIntervalCell(const std::vector<double>& values, int decimals)
{
    const MeanInterval m = meanInterval(values);
    if (std::isnan(m.mean))
        return "-";
    if (values.size() < 2)
        return fixed(m.mean, decimals);
    return fixed(m.mean, decimals) + " ± " + fixed(m.ci95, decimals);
}

namespace {

template <std::size_t N>
void writeTable(std::ostringstream& out, const std::vector<EvalRow>& rows, const MetricColumn (&columns)[N])
{
    out << "| Method |";
    for (const auto& c : columns)
        out << ' ' << c.header << " |";
    out << "\n|---|";
    for (std::size_t i = 0; i < N; ++i)
        out << "---|";
    out << '\n';
    for (const auto& row : rows) {
        out << "| " << row.name << " |";
        for (const auto& c : columns)
            out << ' ' << formatIntervalCell(column(row, c.field), c.decimals) << " |";
        out << '\n';
    }
}

bool anyPhysical(const std::vector<EvalRow>& rows)
{
    for (const auto& row : rows)
        for (const auto& m : row.repeats)
            for (const auto& c : kPhysicalColumns)
                if (!std::isnan(m.*c.field))
                    return true;
    return false;
}

} // namespace

std::string formatEvalTable(const std::vector<EvalRow>& rows)
{
    std::ostringstream out;
    writeTable(out, rows, kColumns);
    if (anyPhysical(rows)) { // too wide for one table: the same rows again, below
        out << '\n';
        writeTable(out, rows, kPhysicalColumns);
    }
    return out.str();
}

std::string formatEvalJson(const std::vector<EvalRow>& rows, const std::string& extra)
{
    const auto number = [](double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); };
    nlohmann::json out = nlohmann::json::object();
    if (!extra.empty())
        out["run"] = nlohmann::json::parse(extra);
    out["rows"] = nlohmann::json::array();
    for (const auto& row : rows) {
        nlohmann::json metrics = nlohmann::json::object();
        const auto addMetric = [&](const MetricColumn& c) {
            const auto values = column(row, c.field);
            const MeanInterval m = meanInterval(values);
            nlohmann::json list = nlohmann::json::array();
            for (const double v : values)
                list.push_back(number(v));
            metrics[c.key] = {{"mean", number(m.mean)}, {"ci95", number(m.ci95)}, {"values", list}};
        };
        for (const auto& c : kColumns)
            addMetric(c);
        for (const auto& c : kPhysicalColumns)
            addMetric(c);
        out["rows"].push_back({{"name", row.name}, {"repeats", row.repeats.size()}, {"metrics", metrics}});
    }
    return out.dump(2) + "\n";
}

} // namespace stepmotion
