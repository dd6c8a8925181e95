#include "formats/number_text.h"

#include <stdexcept>

namespace stepmotion::detail {

std::optional<int> wholeInt(const std::string& text)
{
    try {
        std::size_t used = 0;
        const int v = std::stoi(text, &used);
        if (used == text.size())
            return v;
    } catch (const std::exception&) { // invalid_argument, out_of_range
    }
    return std::nullopt;
}

} // namespace stepmotion::detail
