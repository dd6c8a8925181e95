// ASCII FBX repairs (fbx_repair_ascii.h): the animation stacks' stop times and continuous
// rotation curves, edited in the text.

#include "fbx_gltf/fbx_repair_ascii.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

namespace stepmotion::fbx_repair {
namespace {

/// Curve id -> (curve node, axis) for each X/Y/Z curve of an ASCII "Lcl Rotation" curve node.
/// Connections read `C: "OP", child, parent, "property"`; two passes, as a curve's connection
/// may come before its curve node's.
std::map<std::string, std::pair<std::string, std::size_t>> asciiRotationCurveAxes(const std::string& text)
{
    std::vector<std::string> rotationNodes;
    std::map<std::string, std::pair<std::string, std::size_t>> curveAxis;
    const std::string connection = "C: \"OP\", ";
    for (int pass = 0; pass < 2; ++pass) {
        for (std::size_t at = text.find(connection); at != std::string::npos; at = text.find(connection, at + 1)) {
            const std::size_t lineEnd = text.find('\n', at);
            const std::string line = text.substr(at + connection.size(), lineEnd - at - connection.size());
            const std::size_t comma1 = line.find(','), comma2 = line.find(',', comma1 + 1);
            if (comma1 == std::string::npos || comma2 == std::string::npos)
                continue;
            const std::string child = line.substr(0, comma1);
            std::string parent = line.substr(comma1 + 1, comma2 - comma1 - 1);
            parent.erase(0, parent.find_first_not_of(' '));
            const std::string property = line.substr(comma2 + 1);
            if (pass == 0 && property.find("\"Lcl Rotation\"") != std::string::npos)
                rotationNodes.push_back(child);
            const std::size_t d = property.find("\"d|");
            if (pass == 1 && d != std::string::npos && d + 3 < property.size() && property[d + 3] >= 'X' && property[d + 3] <= 'Z' &&
                std::find(rotationNodes.begin(), rotationNodes.end(), parent) != rotationNodes.end())
                curveAxis[child] = {parent, static_cast<std::size_t>(property[d + 3] - 'X')};
        }
    }
    return curveAxis;
}

/// Reads the keys after the `KeyValueFloat: *N` header at `values` (`a: v,v,...}`) into `span`.
/// False when they are not a plain list of the N they declare: such a curve is left alone.
bool readAsciiKeyValues(const std::string& text, std::size_t values, AsciiCurveSpan& span)
{
    const std::size_t a = text.find("a: ", values);
    if (a == std::string::npos)
        return false;
    span.from = a + 3;
    span.to = text.find('}', span.from); // the writer wraps long lists over several lines
    if (span.to == std::string::npos)
        return false;
    const char* p = text.c_str() + span.from;
    const char* const end = text.c_str() + span.to;
    while (p < end) {
        char* next = nullptr;
        const float v = std::strtof(p, &next);
        if (next == p)
            break;
        span.values.push_back(v);
        p = next;
        while (p < end && (*p == ',' || std::isspace(static_cast<unsigned char>(*p))))
            ++p;
    }
    if (p < end || span.values.size() != std::strtoul(text.c_str() + values + 16, nullptr, 10))
        return false;
    // The list is rewritten on one line, which ends where the closing brace's line starts.
    span.to = text.rfind('\n', span.to);
    return true;
}

} // namespace

/// ASCII: rewrites the KTime after "LocalStop"/"ReferenceStop" inside each AnimationStack object.
std::string repairAscii(std::string text, std::int64_t ticks)
{
    for (std::size_t stack = text.find("\n\tAnimationStack:"); stack != std::string::npos;
         stack = text.find("\n\tAnimationStack:", stack + 1)) {
        const std::size_t end = text.find("\n\t}", stack + 1);
        for (const char* key : {"\"LocalStop\", \"KTime\", \"Time\", \"\", ", "\"ReferenceStop\", \"KTime\", \"Time\", \"\", "}) {
            const std::size_t at = text.find(key, stack);
            if (at == std::string::npos || at > end)
                continue;
            const std::size_t value = at + std::strlen(key);
            const std::size_t digits = text.find_first_not_of("-0123456789", value);
            text.replace(value, digits - value, std::to_string(ticks));
        }
    }
    return text;
}

/// ASCII rotation curves, X/Y/Z per curve node with as many keys each. A curve's keys are
/// `KeyValueFloat: *N { a: v,v,... }`.
std::vector<std::array<AsciiCurveSpan, 3>> asciiRotationCurves(const std::string& text)
{
    const auto curveAxis = asciiRotationCurveAxes(text);
    std::map<std::string, std::array<AsciiCurveSpan, 3>> byNode;
    const std::string curveHead = "\n\tAnimationCurve: ";
    for (std::size_t at = text.find(curveHead); at != std::string::npos; at = text.find(curveHead, at + 1)) {
        const std::size_t idFrom = at + curveHead.size();
        const auto axis = curveAxis.find(text.substr(idFrom, text.find(',', idFrom) - idFrom));
        const std::size_t values = text.find("KeyValueFloat: *", at);
        const std::size_t next = text.find(curveHead, at + 1);
        if (axis == curveAxis.end() || values == std::string::npos || (next != std::string::npos && values > next))
            continue;
        AsciiCurveSpan span;
        if (readAsciiKeyValues(text, values, span))
            byNode[axis->second.first][axis->second.second] = std::move(span);
    }
    std::vector<std::array<AsciiCurveSpan, 3>> out;
    for (auto& [node, spans] : byNode) {
        if (spans[0].to != 0 && spans[1].to != 0 && spans[2].to != 0 && spans[1].values.size() == spans[0].values.size() &&
            spans[2].values.size() == spans[0].values.size())
            out.push_back(std::move(spans));
    }
    return out;
}

/// ASCII: the same unwrapping of rotation curves as unwrapRotationCurves.
std::string unwrapAsciiRotationCurves(std::string text)
{
    std::vector<AsciiCurveSpan> edits;
    for (std::array<AsciiCurveSpan, 3>& spans : asciiRotationCurves(text)) {
        std::array<std::vector<float>, 3> xyz{spans[0].values, spans[1].values, spans[2].values};
        unwrapEuler(xyz);
        for (std::size_t a = 0; a < 3; ++a) {
            spans[a].values = xyz[a];
            edits.push_back(spans[a]);
        }
    }
    // From the back, so earlier offsets stay valid.
    std::sort(edits.begin(), edits.end(), [](const AsciiCurveSpan& l, const AsciiCurveSpan& r) { return l.from > r.from; });
    for (const AsciiCurveSpan& e : edits) {
        std::string list;
        char number[32];
        for (std::size_t k = 0; k < e.values.size(); ++k) {
            std::snprintf(number, sizeof number, "%s%.7g", k ? "," : "", static_cast<double>(e.values[k]));
            list += number;
        }
        text.replace(e.from, e.to - e.from, list);
    }
    return text;
}


} // namespace stepmotion::fbx_repair
