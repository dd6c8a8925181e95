#pragma once
// Internal helpers shared by the study sources: the JSON context every study file is read with,
// message quoting, folder creation and fixed-point formatting for reports.

#include "json_context.h"

#include <string>

namespace stepmotion::study_detail {

using json_detail::Json;
using json_detail::JsonContext;

/// "'x'" quoting for messages.
inline std::string quoted(const std::string& s) { return "'" + s + "'"; }

/// Creates `dir` and its parents; throws fileError when that fails.
void makeDirectories(const std::string& dir);

/// Formats with printf's "%.*f".
std::string fixed(double value, int decimals);

} // namespace stepmotion::study_detail
