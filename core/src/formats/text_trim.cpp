#include "formats/text_trim.h"

namespace stepmotion::detail {

std::string trimWhitespace(const std::string& s)
{
    constexpr const char* kSpace = " \t\n\v\f\r";
    const auto first = s.find_first_not_of(kSpace);
    if (first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

} // namespace stepmotion::detail
