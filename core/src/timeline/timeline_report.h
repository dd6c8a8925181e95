#pragma once
// Internal pieces of the timeline benchmark's report (timeline_benchmark.h) shared by its
// source files.

#include "stepmotion/core/evaluation/eval_metrics.h"
#include "stepmotion/core/timeline/timeline_benchmark.h"

#include <string>

namespace stepmotion::detail {

/// "31.2% ± 7.6" for a mean and 95% CI of 0/1 outcomes; "-" when there are none (NaN).
std::string percentCell(const MeanInterval& m);

/// Markdown: per system, the steps of long clips that have a one-window control, passed in the
/// long clip and in one window, and how many got the same verdict in both; then the same per
/// check. Empty when no outcome has a control.
std::string windowControlTables(const TimelineBenchResult& result);

} // namespace stepmotion::detail
