#pragma once
// Strict JSON reading shared by the model config and the evaluator config: every field must be
// present, no unknown field is accepted, and every error names the file.

#include <nlohmann/json.hpp>

#include <set>
#include <string>

namespace stepmotion::model {

/// Parses `json` and requires an object. Throws stepmotion::Error("NAME: ...") otherwise.
nlohmann::json parseConfigObject(const std::string& json, const std::string& name);

/// The value of `field` in `object`; throws "NAME: FIELD: missing" when absent.
const nlohmann::json& requireField(const nlohmann::json& object, const char* field, const std::string& name);

/// Throws "NAME: KEY: unknown field" for the first key of `object` outside `known`.
void rejectUnknownFields(const nlohmann::json& object, const std::set<std::string>& known, const std::string& name);

} // namespace stepmotion::model
