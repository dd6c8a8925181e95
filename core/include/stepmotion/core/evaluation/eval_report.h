#pragma once
// An evaluation's figures per repeat and per row (ground truth, each model), and the markdown
// table and JSON that `stepmotion eval` prints and writes.

#include "stepmotion/core/evaluation/eval_metrics.h"

#include <limits>
#include <string>
#include <vector>

namespace stepmotion {

/// A table cell for per-repeat values: "mean ± ci95" with `decimals` places, only the mean
/// for a single value, "-" when every value is NaN.
std::string formatIntervalCell(const std::vector<double>& values, int decimals);

/// One repeat's figures. NaN marks a metric that was not computed.
struct EvalMetrics {
    double top1 = 0, top2 = 0, top3 = 0, fid = 0, mmDist = 0, diversity = 0;
    double multimodality = std::numeric_limits<double>::quiet_NaN();
    double stepSatisfaction = std::numeric_limits<double>::quiet_NaN();
    // Physical plausibility (physical_metrics.h) of the repeat's clips decoded to joints:
    // means over clips, except the seam ratio, which is PhysicalSummary::pooledSeamPhaseRatio.
    double meanJerk = std::numeric_limits<double>::quiet_NaN();           // m/s^3
    double seamPhaseRatio = std::numeric_limits<double>::quiet_NaN();     // 1 = no 4-frame judder
    double footSkating = std::numeric_limits<double>::quiet_NaN();        // fraction of foot-frame pairs
    double boneLengthStdMm = std::numeric_limits<double>::quiet_NaN();    // worst bone, millimetres
    double floorPenetrationCm = std::numeric_limits<double>::quiet_NaN(); // centimetres
    double airborneHeight = std::numeric_limits<double>::quiet_NaN();     // metres, both feet up
};

/// A table row: "Ground truth" or a model, with one EvalMetrics per repeat.
struct EvalRow {
    std::string name;
    std::vector<EvalMetrics> repeats;
};

/// A GitHub markdown table: one row per EvalRow, each cell "mean ± ci" (ci omitted for one
/// repeat), "-" for a metric that is NaN in every repeat. When any row has physical figures,
/// a second table with the same rows follows after a blank line: jerk, seam phase ratio,
/// foot skating, bone length sd (mm), floor penetration (cm), airborne height (m).
std::string formatEvalTable(const std::vector<EvalRow>& rows);

/// {"rows": [{"name": ..., "repeats": N, "metrics": {"top1": {"mean": ., "ci95": ., "values": [...]}}}]}
/// (NaN metrics written as null), with `extra` (a JSON object text, may be empty) as "run".
/// The physical figures are keys mean_jerk, seam_phase_ratio, foot_skating, bone_length_sd_mm,
/// floor_penetration_cm and airborne_height_m.
std::string formatEvalJson(const std::vector<EvalRow>& rows, const std::string& extra = {});

} // namespace stepmotion
