#pragma once
// UTF-8 validation for text that reaches step lists (steps JSON, typed steps).

#include <cstddef>
#include <string_view>

namespace stepmotion::detail {

/// Byte offset of the first invalid UTF-8 sequence of `s`, or npos. Rejects overlong forms,
/// surrogates and code points above U+10FFFF, as RFC 3629 requires.
std::size_t invalidUtf8Offset(std::string_view s);

} // namespace stepmotion::detail
