#include "stepmotion/core/steps/step_text.h"

#include "stepmotion/core/dataset/dataset_reader.h"
#include "stepmotion/core/runtime/error.h"

#include "formats/utf8.h"
#include "formats/text_trim.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <regex>

namespace stepmotion {
namespace {

constexpr double kSecondsPerUntimedSegment = 4.0;
// No timeline is an hour long: a larger time is a typo (or 1e308), refused rather than
// clamped or overflowing the frame count.
constexpr double kMaxStepSeconds = 3600.0;

struct Segment {
    bool timed = false;
    double start = 0, end = 0;
    std::string text;
};

// "A-B s:" with '-', an en dash (UTF-8 E2 80 93) or "to" between the two numbers; the numbers
// also in exponent form or spelled inf/nan, so that such a time is refused by name.
const std::string kTime = R"(((?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?|inf(?:inity)?|nan))";
const std::string kSpan = R"(\s*)" + kTime + R"(\s*(?:-|\xE2\x80\x93|to)\s*)" + kTime + R"(\s*(?:s|sec|seconds)?\s*:)";

/// Offsets in `segment` where a sentence begins with a time span: "0-2.5 s: Stand still.
/// 2.5-5 s: Walk." is two steps, as a person reads it, not one step whose second sentence
/// holds a time.
std::vector<std::size_t> spanStarts(const std::string& segment)
{
    static const std::regex span("^" + kSpan, std::regex::icase);
    std::vector<std::size_t> starts;
    for (std::size_t i = 1; i < segment.size(); ++i) {
        if (segment[i - 1] != ' ' && segment[i - 1] != '\t')
            continue;
        const auto last = segment.find_last_not_of(" \t", i - 1);
        if (last == std::string::npos || std::string(".!?").find(segment[last]) == std::string::npos)
            continue;
        if (std::regex_search(segment.begin() + static_cast<std::ptrdiff_t>(i), segment.end(), span,
                              std::regex_constants::match_continuous))
            starts.push_back(i);
    }
    return starts;
}

std::vector<std::string> splitSegments(const std::string& text)
{
    std::vector<std::string> out;
    const auto push = [&out](const std::string& segment) {
        std::size_t from = 0;
        for (const std::size_t start : spanStarts(segment)) {
            if (auto t = detail::trimWhitespace(segment.substr(from, start - from)); !t.empty())
                out.push_back(t);
            from = start;
        }
        if (auto t = detail::trimWhitespace(segment.substr(from)); !t.empty())
            out.push_back(t);
    };
    std::string current;
    for (const char c : text) {
        if (c == ';' || c == '\n') {
            push(current);
            current.clear();
        } else {
            current += c;
        }
    }
    push(current);
    return out;
}

// A span time: a plain decimal, also in exponent form ("1e308") or spelled "inf"/"nan", so that
// such a time is refused by name instead of the segment silently becoming untimed text.
double spanTime(const std::string& token, const std::string& raw)
{
    double t = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), t); // locale-free
    const bool tooLarge =
        ec == std::errc::result_out_of_range || (ec == std::errc() && std::isfinite(t) && t > kMaxStepSeconds);
    if (ec != std::errc() || end != token.data() + token.size() || !std::isfinite(t) || tooLarge)
        throw Error("step '" + raw + "': the time " + token + " s is " + (tooLarge ? "too large" : "not a finite number")
                    + " (times are seconds from 0 to " + std::to_string(static_cast<int>(kMaxStepSeconds)) + ")");
    return t;
}

Segment parseSegment(const std::string& raw)
{
    static const std::regex span("^" + kSpan + R"(\s*(.*)$)", std::regex::icase);
    std::smatch m;
    Segment s;
    if (std::regex_match(raw, m, span)) {
        s.timed = true;
        s.start = spanTime(m[1].str(), raw);
        s.end = spanTime(m[2].str(), raw);
        s.text = detail::trimWhitespace(m[3].str());
        if (s.end <= s.start)
            throw Error("step '" + raw + "': the span ends before it starts");
    } else {
        s.text = raw;
    }
    if (s.text.empty())
        throw Error("step '" + raw + "' has a time span but no text");
    return s;
}

} // namespace

StepList stepsFromText(const std::string& text, double seconds, const std::string& coarse)
{
    // Found by fuzz_step_text: bytes that are not UTF-8 became step text that no step list
    // file can hold.
    for (const auto& [what, value] : {std::pair{"the step text", &text}, std::pair{"the coarse sentence", &coarse}})
        if (const std::size_t bad = detail::invalidUtf8Offset(*value); bad != std::string_view::npos)
            throw Error(std::string(what) + " is not valid UTF-8 (byte " + std::to_string(bad) + ")");
    std::vector<Segment> segments;
    for (const auto& raw : splitSegments(text))
        segments.push_back(parseSegment(raw));
    if (segments.empty())
        throw Error("the step text is empty");
    double lastEnd = 0;
    int untimed = 0;
    for (const auto& s : segments) {
        lastEnd = std::max(lastEnd, s.timed ? s.end : 0.0);
        untimed += s.timed ? 0 : 1;
    }
    if (seconds <= 0)
        seconds = untimed > 0 ? lastEnd + kSecondsPerUntimedSegment * untimed : lastEnd;
    if (lastEnd > seconds + 1e-9)
        throw Error("a step ends at " + std::to_string(lastEnd) + " s, after the clip's " + std::to_string(seconds)
                    + " s");
    const double untimedStart = lastEnd < seconds ? lastEnd : 0.0;
    const double share = untimed > 0 ? (seconds - untimedStart) / untimed : 0.0;
    StepList list;
    list.coarse = detail::trimWhitespace(coarse);
    list.source = "user";
    int untimedIndex = 0;
    for (const auto& s : segments) {
        const double a = s.timed ? s.start : untimedStart + share * untimedIndex;
        const double b = s.timed ? s.end : untimedStart + share * (untimedIndex + 1);
        untimedIndex += s.timed ? 0 : 1;
        std::vector<Step> steps = fineTextToSteps(s.text, a, b); // one step per sentence, parts from the words
        // Found by fuzz_step_text: a sentence of form feeds or vertical tabs was a blank step.
        steps.erase(std::remove_if(steps.begin(), steps.end(), [](const Step& step) { return detail::trimWhitespace(step.text).empty(); }),
                    steps.end());
        // Found by fuzz_step_text: "0: 1." (list markers only) made no step, and the request
        // was accepted without one.
        if (steps.empty())
            throw Error("step '" + s.text + "' holds no sentence to act on");
        for (Step& step : steps)
            list.steps.push_back(std::move(step));
    }
    return list;
}

} // namespace stepmotion
