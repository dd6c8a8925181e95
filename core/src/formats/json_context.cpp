// Strict JSON field access with errors that name the document and the field; see json_context.h.

#include "formats/json_context.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace stepmotion::json_detail {

namespace {

// nlohmann prefixes "[json.exception.parse_error.101] ": an id that means nothing to users.
std::string withoutExceptionId(const std::string& what)
{
    const auto cut = what.find("] ");
    return what.rfind("[json.exception.", 0) == 0 && cut != std::string::npos ? what.substr(cut + 2) : what;
}

std::string oneDecimal(double value)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", value);
    return buf;
}

} // namespace

void JsonContext::fail(const std::string& field, const std::string& what) const
{
    const std::string message = field.empty() ? what : field + ": " + what;
    if (line > 0)
        throw lineError(name, line, message);
    throw fileError(name, message);
}

Json JsonContext::parse(const std::string& text) const
{
    try {
        return Json::parse(text);
    } catch (const Json::parse_error& e) {
        fail("", "not valid JSON at byte " + std::to_string(e.byte) + ": " + withoutExceptionId(e.what()));
    } catch (const Json::exception& e) {
        fail("", "not valid JSON: " + withoutExceptionId(e.what()));
    }
}

Json JsonContext::versionedPrompts(const std::string& text) const
{
    const Json root = parse(text);
    if (!root.is_object())
        fail("", "expected a JSON object with \"version\" and \"prompts\"");
    rejectUnknownKeys(root, {"version", "prompts"}, "");
    const long long version = integer(root, "version", "", -1, 0, 1LL << 40);
    if (version != 1)
        fail("version", version < 0 ? "missing (this StepMotion reads 1)"
                                    : "must be 1 (found " + std::to_string(version) + ")");
    return array(root, "prompts", "", true);
}

void JsonContext::rejectUnknownKeys(const Json& object, std::initializer_list<std::string_view> known,
                                    const std::string& prefix) const
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (std::find(known.begin(), known.end(), it.key()) == known.end())
            fail(prefix + it.key(), "unknown field");
    }
}

const Json& JsonContext::required(const Json& object, const std::string& key, const std::string& prefix) const
{
    const auto it = object.find(key);
    if (it == object.end())
        fail(prefix + key, "missing");
    return *it;
}

std::string JsonContext::string(const Json& object, const std::string& key, const std::string& prefix) const
{
    const Json& v = required(object, key, prefix);
    if (!v.is_string())
        fail(prefix + key, "must be a string");
    return v.get<std::string>();
}

std::string JsonContext::optionalString(const Json& object, const std::string& key, const std::string& prefix,
                                        const std::string& fallback) const
{
    return object.contains(key) ? string(object, key, prefix) : fallback;
}

bool JsonContext::boolean(const Json& object, const std::string& key, const std::string& prefix, bool fallback) const
{
    const auto it = object.find(key);
    if (it == object.end())
        return fallback;
    if (!it->is_boolean())
        fail(prefix + key, "must be true or false");
    return it->get<bool>();
}

long long JsonContext::integer(const Json& object, const std::string& key, const std::string& prefix,
                               long long fallback, long long lo, long long hi) const
{
    const auto it = object.find(key);
    if (it == object.end())
        return fallback;
    if (!it->is_number_integer())
        fail(prefix + key, "must be an integer");
    const long long v = it->is_number_unsigned() && it->get<uint64_t>() > uint64_t(hi) ? hi + 1 : it->get<long long>();
    if (v < lo || v > hi)
        fail(prefix + key, "must be from " + std::to_string(lo) + " to " + std::to_string(hi) + " (found "
                               + it->dump() + ")");
    return v;
}

uint64_t JsonContext::unsignedValue(const Json& value, const std::string& field) const
{
    if (!value.is_number_unsigned() && !(value.is_number_integer() && value.get<long long>() >= 0))
        fail(field, "must be a non-negative integer");
    return value.get<uint64_t>();
}

double JsonContext::number(const Json& object, const std::string& key, const std::string& prefix, double fallback,
                           double lo, double hi) const
{
    const auto it = object.find(key);
    if (it == object.end())
        return fallback;
    if (!it->is_number())
        fail(prefix + key, "must be a number");
    const double v = it->get<double>();
    if (!std::isfinite(v) || v < lo || v > hi)
        fail(prefix + key, "must be from " + oneDecimal(lo) + " to " + oneDecimal(hi) + " (found " + it->dump() + ")");
    return v;
}

const Json& JsonContext::array(const Json& object, const std::string& key, const std::string& prefix,
                               bool mustHaveItems) const
{
    const Json& v = required(object, key, prefix);
    if (!v.is_array() || (mustHaveItems && v.empty()))
        fail(prefix + key, mustHaveItems ? "must be a non-empty array" : "must be an array");
    return v;
}

std::vector<std::string> JsonContext::optionalStrings(const Json& object, const std::string& key,
                                                      const std::string& prefix) const
{
    std::vector<std::string> out;
    const auto it = object.find(key);
    if (it == object.end())
        return out;
    if (!it->is_array())
        fail(prefix + key, "must be an array of strings");
    for (std::size_t i = 0; i < it->size(); ++i) {
        if (!(*it)[i].is_string())
            fail(prefix + key + "[" + std::to_string(i) + "]", "must be a string");
        out.push_back((*it)[i].get<std::string>());
    }
    return out;
}

} // namespace stepmotion::json_detail
