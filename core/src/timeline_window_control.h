#pragma once
// The "one window" control of the timeline benchmark (timeline_benchmark.h): its table.

#include "stepmotion/core/timeline_benchmark.h"

#include <string>

namespace stepmotion::detail {

/// Markdown: per system, the steps of long clips that have a one-window control, passed in the
/// long clip and in one window, and how many got the same verdict in both; then the same per
/// check. Empty when no outcome has a control.
std::string windowControlTables(const TimelineBenchResult& result);

} // namespace stepmotion::detail
