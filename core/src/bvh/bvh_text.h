#pragma once
// Internal text-scanning helpers for the BVH reader: lines, whitespace tokens, numbers.
// Not part of the public API.

#include "stepmotion/core/bvh/bvh.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

namespace stepmotion::bvh_detail {

inline bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

/// Yields the file's lines (without CR/LF) and their 1-based numbers.
class LineCursor {
public:
    explicit LineCursor(std::string_view text) : m_text(text) {}
    bool next(std::string_view& line)
    {
        if (m_pos >= m_text.size())
            return false;
        const std::size_t end = std::min(m_text.find('\n', m_pos), m_text.size());
        line = m_text.substr(m_pos, end - m_pos);
        m_pos = end + 1;
        ++m_line;
        return true;
    }
    long line() const { return m_line; }
    std::size_t remainingBytes() const { return m_pos < m_text.size() ? m_text.size() - m_pos : 0; }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
    long m_line = 0;
};

/// Splits at whitespace; calls f(token) for each, stopping early when f returns false.
template <typename F>
void forEachToken(std::string_view line, F&& f)
{
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && isSpace(line[i]))
            ++i;
        std::size_t j = i;
        while (j < line.size() && !isSpace(line[j]))
            ++j;
        if (j > i && !f(line.substr(i, j - i)))
            return;
        i = j;
    }
}

struct Token {
    std::string_view text;
    long line = 0;
};

enum class NumberStatus { Ok, NotANumber, NotFinite };

inline NumberStatus parseNumber(std::string_view s, double& out)
{
    if (!s.empty() && s[0] == '+')
        s.remove_prefix(1);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (end != s.data() + s.size() || (ec != std::errc() && ec != std::errc::result_out_of_range))
        return NumberStatus::NotANumber;
    if (ec == std::errc::result_out_of_range) // 1e999: would be infinite as a double
        return NumberStatus::NotFinite;
    return std::isfinite(out) ? NumberStatus::Ok : NumberStatus::NotFinite;
}

inline bool parseChannel(std::string_view s, BvhChannel& out)
{
    static const std::string_view kNames[] = {"Xposition", "Yposition", "Zposition",
                                              "Xrotation", "Yrotation", "Zrotation"};
    for (int i = 0; i < 6; ++i)
        if (s == kNames[i]) {
            out = static_cast<BvhChannel>(i);
            return true;
        }
    return false;
}

inline std::string quoted(std::string_view s)
{
    constexpr std::size_t kMax = 40; // keep messages readable for binary garbage
    return "'" + std::string(s.substr(0, kMax)) + (s.size() > kMax ? "...'" : "'");
}

} // namespace stepmotion::bvh_detail
