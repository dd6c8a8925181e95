#pragma once
// Internal helpers shared by the study sources: JSON field access with errors that name the
// document and the field path ("study.json: systems[1].id: ...").

#include "stepmotion/core/error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace stepmotion::study_detail {

using Json = nlohmann::json;

/// Where a JSON document came from: "NAME: " or "NAME:LINE: " starts every error.
struct JsonContext {
    std::string name;
    long line = 0; // 0 = not a line-based format

    [[noreturn]] void fail(const std::string& field, const std::string& what) const;

    /// Parses `text` as JSON; failures name the byte offset.
    Json parse(const std::string& text) const;

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
};

/// "'x'" quoting for messages.
inline std::string quoted(const std::string& s) { return "'" + s + "'"; }

/// Creates `dir` and its parents; throws fileError when that fails.
void makeDirectories(const std::string& dir);

/// Formats with printf's "%.*f".
std::string fixed(double value, int decimals);

} // namespace stepmotion::study_detail
