#pragma once
// The one reading of a whole integer field from a text file (CSV columns, frame numbers).

#include <optional>
#include <string>

namespace stepmotion::detail {

/// The int `text` spells as a whole (std::stoi's syntax: optional leading space and sign, base
/// 10); nullopt when anything follows the number, when there is none, or when it is out of range.
std::optional<int> wholeInt(const std::string& text);

} // namespace stepmotion::detail
