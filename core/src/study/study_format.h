#pragma once
// Internal helpers shared by the study sources: the JSON context every study file is read with,
// message quoting and fixed-point formatting for reports.

#include "formats/json_context.h"

#include <string>

namespace stepmotion::study_detail {

using json_detail::Json;
using json_detail::JsonContext;

/// "'x'" quoting for messages.
inline std::string quoted(const std::string& s) { return "'" + s + "'"; }

/// Formats with printf's "%.*f".
std::string fixed(double value, int decimals);

} // namespace stepmotion::study_detail
