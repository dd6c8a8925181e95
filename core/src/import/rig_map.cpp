// Rig map files (resources/rigs/*.json): parsing with strict validation, and recognising
// which rig a BVH clip uses. Every rule about a particular rig lives in its JSON file.
//
// File layout:
//   { "name": "...", "description": "...", "detectJoints": ["..."], "metresPerUnit": 0.01,
//     "joints": { "pelvis": {"from": "A"}, "spine3": {"from": "A", "to": "B", "t": 0.35}, ... } }
// All 22 joints must be given. A rig joint name ending in "/end" means that joint's End Site.
// Unknown fields are errors too, so a misspelt key never falls back to a default silently.

#include "stepmotion/core/import/retarget.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/skeleton.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <system_error>

namespace stepmotion {
namespace {

using nlohmann::json;

/// Throws "FILE: field: what" so every message names the file and the field.
[[noreturn]] void fieldError(const std::string& path, const std::string& field, const std::string& what)
{
    throw fileError(path, field + ": " + what);
}

void rejectUnknownKeys(const std::string& path, const std::string& where, const json& object,
                       const std::set<std::string>& known)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.count(it.key()))
            fieldError(path, where.empty() ? it.key() : where + "." + it.key(), "unknown field");
    }
}

std::string requireString(const std::string& path, const std::string& field, const json& object,
                          const std::string& key, bool allowEmpty = false)
{
    const auto it = object.find(key);
    if (it == object.end())
        fieldError(path, field, "missing");
    if (!it->is_string())
        fieldError(path, field, "must be a string");
    std::string value = it->get<std::string>();
    if (value.empty() && !allowEmpty)
        fieldError(path, field, "must not be empty");
    return value;
}

RigJointSource parseSource(const std::string& path, const std::string& field, const json& entry)
{
    if (!entry.is_object())
        fieldError(path, field, "must be an object like {\"from\": \"rigJoint\"}");
    rejectUnknownKeys(path, field, entry, {"from", "to", "t"});
    RigJointSource source;
    source.from = requireString(path, field + ".from", entry, "from");
    const bool hasTo = entry.contains("to");
    const bool hasT = entry.contains("t");
    if (hasTo != hasT)
        fieldError(path, field, "\"to\" and \"t\" go together (a point between two rig joints)");
    if (hasTo) {
        source.to = requireString(path, field + ".to", entry, "to");
        const json& t = entry.at("t");
        if (!t.is_number() || !std::isfinite(t.get<double>()) || t.get<double>() < 0.0 || t.get<double>() > 1.0)
            fieldError(path, field + ".t", "must be a number from 0 to 1, got " + t.dump());
        source.t = t.get<double>();
    }
    return source;
}

std::vector<RigJointSource> parseJoints(const std::string& path, const json& joints)
{
    if (!joints.is_object())
        fieldError(path, "joints", "must be an object keyed by joint name (pelvis, left_hip, ...)");
    for (auto it = joints.begin(); it != joints.end(); ++it) {
        if (skeleton::jointIndex(it.key()) < 0)
            fieldError(path, "joints." + it.key(), "unknown joint name (expected the 22 snake_case names, e.g. left_hip)");
    }
    std::vector<RigJointSource> sources;
    for (const std::string_view name : skeleton::names()) {
        const std::string key(name);
        const auto it = joints.find(key);
        if (it == joints.end())
            fieldError(path, "joints." + key, "missing (every one of the 22 joints needs a source)");
        sources.push_back(parseSource(path, "joints." + key, *it));
    }
    return sources;
}

RigMap parseRigMap(const std::string& path, const json& root)
{
    if (!root.is_object())
        throw fileError(path, "a rig map must be a JSON object");
    rejectUnknownKeys(path, "", root, {"name", "description", "detectJoints", "metresPerUnit", "unitChoices", "joints"});
    RigMap rig;
    rig.name = requireString(path, "name", root, "name");
    rig.description = requireString(path, "description", root, "description", true);

    const auto detect = root.find("detectJoints");
    if (detect == root.end())
        fieldError(path, "detectJoints", "missing");
    if (!detect->is_array() || detect->empty())
        fieldError(path, "detectJoints", "must be a non-empty array of rig joint names");
    for (std::size_t i = 0; i < detect->size(); ++i) {
        const json& name = (*detect)[i];
        if (!name.is_string() || name.get<std::string>().empty())
            fieldError(path, "detectJoints[" + std::to_string(i) + "]", "must be a non-empty string");
        rig.detectJoints.push_back(name.get<std::string>());
    }

    const auto unit = root.find("metresPerUnit");
    if (unit == root.end())
        fieldError(path, "metresPerUnit", "missing (use 0 to estimate it from the leg length)");
    if (!unit->is_number() || !std::isfinite(unit->get<double>()) || unit->get<double>() < 0.0)
        fieldError(path, "metresPerUnit", "must be a number >= 0, got " + unit->dump());
    rig.metresPerUnit = unit->get<double>();

    if (const auto choices = root.find("unitChoices"); choices != root.end()) {
        if (!choices->is_array() || choices->empty())
            fieldError(path, "unitChoices", "must be a non-empty array of metres per unit");
        for (std::size_t i = 0; i < choices->size(); ++i) {
            const json& c = (*choices)[i];
            if (!c.is_number() || !std::isfinite(c.get<double>()) || c.get<double>() <= 0.0)
                fieldError(path, "unitChoices[" + std::to_string(i) + "]", "must be a number > 0, got " + c.dump());
            rig.unitChoices.push_back(c.get<double>());
        }
    }

    const auto joints = root.find("joints");
    if (joints == root.end())
        fieldError(path, "joints", "missing");
    rig.joints = parseJoints(path, *joints);
    return rig;
}

} // namespace

RigMap loadRigMap(const std::string& path)
{
    const std::string text = readWholeFile(path);
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        throw fileError(path, std::string("not valid JSON: ") + e.what());
    }
    return parseRigMap(path, root);
}

std::vector<RigMap> loadRigMaps(const std::string& directory)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(directory, ec))
        throw fileError(directory, "rig map directory not found");
    std::vector<std::string> files;
    for (const fs::directory_entry& entry : fs::directory_iterator(directory, ec)) {
        if (entry.path().extension() == ".json" && entry.is_regular_file(ec))
            files.push_back(entry.path().string());
    }
    if (ec)
        throw fileError(directory, "cannot list the rig map directory: " + ec.message());
    if (files.empty())
        throw fileError(directory, "holds no rig maps (*.json)");

    std::vector<RigMap> rigs;
    for (const std::string& file : files)
        rigs.push_back(loadRigMap(file));
    std::sort(rigs.begin(), rigs.end(), [](const RigMap& a, const RigMap& b) { return a.name < b.name; });
    for (std::size_t i = 1; i < rigs.size(); ++i) {
        if (rigs[i].name == rigs[i - 1].name)
            throw fileError(directory, "two rig maps are both named \"" + rigs[i].name + "\"");
    }
    return rigs;
}

const RigMap& detectRig(const BvhClip& clip, const std::vector<RigMap>& rigs, const std::string& clipName)
{
    std::string tried;
    for (const RigMap& rig : rigs) {
        std::string missing;
        for (const std::string& joint : rig.detectJoints) {
            if (clip.jointIndex(joint) < 0)
                missing += (missing.empty() ? "" : ", ") + joint;
        }
        if (missing.empty())
            return rig;
        tried += (tried.empty() ? "" : "; ") + rig.name + " (lacks " + missing + ")";
    }
    const std::string root = clip.joints.empty() ? std::string("none") : clip.joints.front().name;
    throw fileError(clipName, "no rig map matches this skeleton (root joint \"" + root + "\"); tried: " +
                                  (tried.empty() ? std::string("no rig maps loaded") : tried));
}

} // namespace stepmotion
