#pragma once
// Internal: reading hand-written or user-edited JSON documents with errors that name the document
// and the field path ("study.json: systems[1].id: missing", "log.jsonl:4: answer: ..."). Every
// strict JSON reader in core (step lists, prompt sets, study files) goes through this one context
// so their messages read alike and none of them lets a raw nlohmann exception escape.

#include "stepmotion/core/runtime/error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace stepmotion::json_detail {

using Json = nlohmann::json;

/// Where a JSON document came from: "NAME: " or "NAME:LINE: " starts every error.
struct JsonContext {
    std::string name;
    long line = 0; // 0 = not a line-based format

    [[noreturn]] void fail(const std::string& field, const std::string& what) const;

    /// Parses `text` as JSON; failures name the byte offset and what the parser saw there.
    Json parse(const std::string& text) const;
    /// The prompt files' shape, {"version": 1, "prompts": [...]}: the non-empty "prompts" array of
    /// a version-1 object with no other keys.
    Json versionedPrompts(const std::string& text) const;

    void rejectUnknownKeys(const Json& object, std::initializer_list<std::string_view> known,
                           const std::string& prefix) const;
    const Json& required(const Json& object, const std::string& key, const std::string& prefix) const;
    std::string string(const Json& object, const std::string& key, const std::string& prefix) const;
    std::string optionalString(const Json& object, const std::string& key, const std::string& prefix,
                               const std::string& fallback) const;
    bool boolean(const Json& object, const std::string& key, const std::string& prefix, bool fallback) const;
    /// An integer in [lo, hi]; `fallback` when absent.
    long long integer(const Json& object, const std::string& key, const std::string& prefix, long long fallback,
                      long long lo, long long hi) const;
    uint64_t unsignedValue(const Json& value, const std::string& field) const;
    /// A finite number in [lo, hi]; `fallback` when absent.
    double number(const Json& object, const std::string& key, const std::string& prefix, double fallback, double lo,
                  double hi) const;
    /// The strings of the array under `key` (empty when absent); errors name the bad item.
    std::vector<std::string> optionalStrings(const Json& object, const std::string& key,
                                             const std::string& prefix) const;
    /// The array under `key`; `mustHaveItems` refuses an empty one.
    const Json& array(const Json& object, const std::string& key, const std::string& prefix,
                      bool mustHaveItems = false) const;
};

} // namespace stepmotion::json_detail
