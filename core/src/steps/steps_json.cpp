// Step lists: body-part names, left/right mirroring, and the validated JSON file format.
// Validation is strict (unknown fields are errors) because these files are hand-written by
// users and a typo such as "bodyparts" must not silently drop information.

#include "stepmotion/core/steps/steps.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"

#include "formats/json_context.h"
#include "formats/utf8.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

namespace stepmotion {
namespace {

using json_detail::Json;
using json_detail::JsonContext;
using OrderedJson = nlohmann::ordered_json;

constexpr std::array<std::string_view, 9> kPartNames = {
    "head", "torso", "left_arm", "right_arm", "left_hand", "right_hand", "left_leg", "right_leg", "whole_body"};

constexpr std::array<std::string_view, 3> kSources = {"user", "describer", "finemotion"};

// "1.0", "1.5", "0.25": short but never ambiguous about being a time.
std::string formatNumber(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    std::string s = buf;
    while (s.size() > 1 && s.back() == '0' && s[s.size() - 2] != '.')
        s.pop_back();
    return s;
}

bool isBlank(const std::string& s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

void checkVersion(const Json& root, const JsonContext& ctx)
{
    const auto it = root.find("version");
    if (it == root.end())
        return; // hand-written lists may leave it out: read as version 1, the first format
    if (!it->is_number_integer() && !it->is_number_unsigned())
        ctx.fail("version", "must be an integer");
    const auto version = it->get<long long>();
    if (version > kStepListVersion)
        ctx.fail("", "file version " + std::to_string(version) + " is newer than this StepMotion supports ("
                         + std::to_string(kStepListVersion) + ")");
    if (version < 1)
        ctx.fail("version", "must be " + std::to_string(kStepListVersion) + " (found " + std::to_string(version) + ")");
}

double timeField(const Json& step, const char* key, const JsonContext& ctx, const std::string& prefix)
{
    const Json& v = ctx.required(step, key, prefix);
    if (!v.is_number())
        ctx.fail(prefix + key, "must be a number of seconds");
    return v.get<double>();
}

std::vector<BodyPart> bodyPartsField(const Json& step, const JsonContext& ctx, const std::string& prefix)
{
    const std::string field = prefix + "body_parts";
    const Json& names = ctx.required(step, "body_parts", prefix);
    if (!names.is_array())
        ctx.fail(field, "must be an array of body part names");
    std::vector<BodyPart> parts;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const Json& v = names[i];
        const std::string where = field + "[" + std::to_string(i) + "]";
        if (!v.is_string())
            ctx.fail(where, "must be a string");
        const auto part = bodyPartFromName(v.get<std::string>());
        if (!part)
            ctx.fail(where, "unknown body part \"" + v.get<std::string>() + "\" (expected one of head, torso, "
                            "left_arm, right_arm, left_hand, right_hand, left_leg, right_leg, whole_body)");
        if (std::find(parts.begin(), parts.end(), *part) != parts.end())
            ctx.fail(where, "\"" + v.get<std::string>() + "\" is listed twice");
        parts.push_back(*part);
    }
    return parts;
}

// The rules every step obeys, shared by parsing and saving.
void validateStep(const Step& s, const JsonContext& ctx, const std::string& prefix)
{
    if (!std::isfinite(s.start))
        ctx.fail(prefix + "start", "must be a finite number");
    if (!std::isfinite(s.end))
        ctx.fail(prefix + "end", "must be a finite number");
    if (s.start < 0)
        ctx.fail(prefix + "start", "must be >= 0 (" + formatNumber(s.start) + ")");
    if (s.end < s.start)
        ctx.fail(prefix + "end", "must be >= start (" + formatNumber(s.end) + " < " + formatNumber(s.start) + ")");
    if (s.bodyParts.empty())
        ctx.fail(prefix + "body_parts", "must name at least one body part");
    if (isBlank(s.text))
        ctx.fail(prefix + "text", "must not be empty");
    if (detail::invalidUtf8Offset(s.text) != std::string_view::npos)
        ctx.fail(prefix + "text", "not valid UTF-8");
}

Step parseStep(const Json& v, const JsonContext& ctx, const std::string& prefix)
{
    if (!v.is_object())
        ctx.fail(prefix.substr(0, prefix.size() - 1), "must be an object");
    ctx.rejectUnknownKeys(v, {"start", "end", "body_parts", "text"}, prefix);
    Step step;
    step.start = timeField(v, "start", ctx, prefix);
    step.end = timeField(v, "end", ctx, prefix);
    step.bodyParts = bodyPartsField(v, ctx, prefix);
    step.text = ctx.string(v, "text", prefix);
    validateStep(step, ctx, prefix);
    return step;
}

Json parseJsonDocument(const std::string& json, const JsonContext& ctx)
{
    const std::size_t bad = detail::invalidUtf8Offset(json);
    if (bad != std::string_view::npos)
        ctx.fail("", "byte " + std::to_string(bad) + " is not valid UTF-8 (step lists must be UTF-8 text)");
    return ctx.parse(json);
}

} // namespace

bool Step::operator==(const Step& o) const
{
    return start == o.start && end == o.end && bodyParts == o.bodyParts && text == o.text;
}

bool StepList::operator==(const StepList& o) const
{
    return coarse == o.coarse && steps == o.steps && source == o.source;
}

const std::array<BodyPart, 9>& allBodyParts()
{
    static const std::array<BodyPart, 9> parts = {BodyPart::Head, BodyPart::Torso, BodyPart::LeftArm,
        BodyPart::RightArm, BodyPart::LeftHand, BodyPart::RightHand, BodyPart::LeftLeg, BodyPart::RightLeg,
        BodyPart::WholeBody};
    return parts;
}

std::string_view bodyPartName(BodyPart part)
{
    return kPartNames[static_cast<std::size_t>(part)];
}

std::optional<BodyPart> bodyPartFromName(std::string_view name)
{
    for (std::size_t i = 0; i < kPartNames.size(); ++i) {
        if (kPartNames[i] == name)
            return static_cast<BodyPart>(i);
    }
    return std::nullopt;
}

bool isKnownStepSource(std::string_view source)
{
    return std::find(kSources.begin(), kSources.end(), source) != kSources.end();
}

BodyPart mirrorBodyPart(BodyPart part)
{
    switch (part) {
    case BodyPart::LeftArm: return BodyPart::RightArm;
    case BodyPart::RightArm: return BodyPart::LeftArm;
    case BodyPart::LeftHand: return BodyPart::RightHand;
    case BodyPart::RightHand: return BodyPart::LeftHand;
    case BodyPart::LeftLeg: return BodyPart::RightLeg;
    case BodyPart::RightLeg: return BodyPart::LeftLeg;
    default: return part;
    }
}

namespace {

/// Mirror of one word ("Left" -> "Right", "CLOCKWISE" -> "COUNTERCLOCKWISE"), keeping its case;
/// "" when the word has no left/right sense.
std::string mirroredWord(const std::string& word)
{
    static constexpr std::array<std::pair<const char*, const char*>, 7> kPairs = {{
        {"left", "right"}, {"right", "left"}, {"clockwise", "counterclockwise"},
        {"counterclockwise", "clockwise"}, {"anticlockwise", "clockwise"}, {"leftward", "rightward"},
        {"rightward", "leftward"}}};
    std::string lower = word;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    for (const auto& [from, to] : kPairs) {
        if (lower != from)
            continue;
        std::string out = to;
        const bool allUpper = word.size() > 1 && std::all_of(word.begin(), word.end(), [](unsigned char c) {
                                  return !std::isalpha(c) || std::isupper(c);
                              });
        if (allUpper)
            std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::toupper(c)); });
        else if (std::isupper(static_cast<unsigned char>(word[0])))
            out[0] = char(std::toupper(static_cast<unsigned char>(out[0])));
        return out;
    }
    return {};
}

} // namespace

std::string mirrorLeftRightWords(const std::string& text)
{
    const auto isWordChar = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
    std::string out;
    out.reserve(text.size() + 8);
    std::size_t i = 0;
    while (i < text.size()) {
        if (!isWordChar(text[i])) {
            out += text[i++];
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && isWordChar(text[j]))
            ++j;
        const std::string word = text.substr(i, j - i);
        const std::string swapped = mirroredWord(word);
        out += swapped.empty() ? word : swapped;
        i = j;
    }
    return out;
}

StepList mirrorStepList(const StepList& list)
{
    StepList out = list;
    out.coarse = mirrorLeftRightWords(list.coarse);
    for (Step& step : out.steps) {
        for (BodyPart& part : step.bodyParts)
            part = mirrorBodyPart(part);
        step.text = mirrorLeftRightWords(step.text);
    }
    return out;
}

StepList parseStepList(const std::string& json, const std::string& name)
{
    const JsonContext ctx{name};
    const Json root = parseJsonDocument(json, ctx);
    if (!root.is_object())
        ctx.fail("", "expected a JSON object with \"version\" and \"steps\"");
    checkVersion(root, ctx);
    ctx.rejectUnknownKeys(root, {"version", "coarse", "source", "steps"}, "");
    StepList list;
    list.coarse = ctx.optionalString(root, "coarse", "", "");
    list.source = ctx.optionalString(root, "source", "", "user");
    if (!isKnownStepSource(list.source))
        ctx.fail("source", "unknown source \"" + list.source + "\" (expected user, describer or finemotion)");
    const Json& steps = ctx.array(root, "steps", "");
    for (std::size_t i = 0; i < steps.size(); ++i)
        list.steps.push_back(parseStep(steps[i], ctx, "steps[" + std::to_string(i) + "]."));
    return list;
}

StepList loadStepList(const std::string& path)
{
    return parseStepList(readWholeFile(path), path);
}

std::string stepListToJson(const StepList& list)
{
    const JsonContext ctx{"step list"};
    if (detail::invalidUtf8Offset(list.coarse) != std::string_view::npos)
        ctx.fail("coarse", "not valid UTF-8");
    const std::string source = list.source.empty() ? std::string("user") : list.source;
    if (!isKnownStepSource(source))
        ctx.fail("source", "unknown source \"" + source + "\" (expected user, describer or finemotion)");
    OrderedJson steps = OrderedJson::array();
    for (std::size_t i = 0; i < list.steps.size(); ++i) {
        const Step& s = list.steps[i];
        const std::string prefix = "steps[" + std::to_string(i) + "].";
        validateStep(s, ctx, prefix);
        OrderedJson parts = OrderedJson::array();
        for (BodyPart p : s.bodyParts)
            parts.push_back(std::string(bodyPartName(p)));
        if (std::set<BodyPart>(s.bodyParts.begin(), s.bodyParts.end()).size() != s.bodyParts.size())
            ctx.fail(prefix + "body_parts", "lists a body part twice");
        OrderedJson step = OrderedJson::object();
        step["start"] = s.start;
        step["end"] = s.end;
        step["body_parts"] = std::move(parts);
        step["text"] = s.text;
        steps.push_back(std::move(step));
    }
    OrderedJson root = OrderedJson::object();
    root["version"] = kStepListVersion;
    root["source"] = source;
    root["coarse"] = list.coarse;
    root["steps"] = std::move(steps);
    return root.dump(2) + "\n";
}

void saveStepList(const std::string& path, const StepList& list)
{
    std::string bytes;
    try {
        bytes = stepListToJson(list);
    } catch (const Error& e) {
        throw fileError(path, std::string("not saved: ") + e.what());
    }
    writeFileAtomically(path, bytes);
}

} // namespace stepmotion
