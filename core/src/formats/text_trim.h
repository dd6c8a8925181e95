#pragma once
// The one whitespace trim for text read from files and typed by users (steps, captions, corpus
// lines, token-cache keys).

#include <string>

namespace stepmotion::detail {

/// `s` without leading and trailing whitespace: every byte isspace() counts in the C locale
/// (space, \t, \n, \v, \f, \r), so a line of form feeds is as empty as one of spaces.
std::string trimWhitespace(const std::string& s);

} // namespace stepmotion::detail
