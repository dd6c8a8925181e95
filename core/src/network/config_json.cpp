#include "network/config_json.h"

#include "stepmotion/core/runtime/error.h"

namespace stepmotion::model {

nlohmann::json parseConfigObject(const std::string& json, const std::string& name)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(json);
    } catch (const nlohmann::json::exception& e) {
        // parse_error, and out_of_range for a number beyond double (1e400): both are bad files.
        throw fileError(name, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object())
        throw fileError(name, "expected a JSON object");
    return j;
}

const nlohmann::json& requireField(const nlohmann::json& object, const char* field, const std::string& name)
{
    const auto it = object.find(field);
    if (it == object.end())
        throw fileError(name, std::string(field) + ": missing");
    return *it;
}

void rejectUnknownFields(const nlohmann::json& object, const std::set<std::string>& known, const std::string& name)
{
    for (const auto& item : object.items())
        if (!known.count(item.key()))
            throw fileError(name, item.key() + ": unknown field");
}

} // namespace stepmotion::model
