// glTF JSON fixes (see gltf_repair.h). A .glb is a 12-byte header (magic "glTF", version 2,
// total length) and chunks of (uint32 length, uint32 type, data); the JSON chunk comes first
// and is padded with spaces to a multiple of 4 bytes.

#include "fbx_gltf/gltf_repair.h"

#include "fbx_gltf/glb_container.h"
#include "stepmotion/core/runtime/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <set>

namespace stepmotion::gltf_repair {
namespace {

using nlohmann::json;

using glb::kChunkHeader;
using glb::kJsonChunk;
using glb::readU32;
constexpr std::size_t kGlbHeader = glb::kHeader;

void putU32(std::string& out, std::uint32_t v)
{
    for (std::size_t i = 0; i < 4; ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

/// Every key of every "extensions" object anywhere in the document.
void collectExtensions(const json& value, std::set<std::string>& used)
{
    if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (it.key() == "extensions" && it.value().is_object()) {
                for (auto e = it.value().begin(); e != it.value().end(); ++e)
                    used.insert(e.key());
            }
            collectExtensions(it.value(), used);
        }
    } else if (value.is_array()) {
        for (const json& item : value)
            collectExtensions(item, used);
    }
}

void dropUnusedExtensions(json& doc)
{
    std::set<std::string> used;
    collectExtensions(doc, used);
    for (const char* list : {"extensionsUsed", "extensionsRequired"}) {
        if (!doc.contains(list) || !doc[list].is_array())
            continue;
        json kept = json::array();
        for (const json& name : doc[list]) {
            if (name.is_string() && used.count(name.get<std::string>()))
                kept.push_back(name);
        }
        if (kept.empty())
            doc.erase(list);
        else
            doc[list] = kept;
    }
}

/// Index of the node whose children list `child`, or -1.
int parentOf(const json& nodes, int child)
{
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        const json& children = nodes[n].value("children", json::array());
        if (std::find(children.begin(), children.end(), json(child)) != children.end())
            return static_cast<int>(n);
    }
    return -1;
}

void makeSkinnedMeshesRoots(json& doc, const std::string& name)
{
    if (!doc.contains("nodes"))
        return;
    json& nodes = doc["nodes"];
    if (!nodes.is_array())
        throw fileError(name, "glTF \"nodes\" is not an array");
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        if (!nodes[n].contains("skin") || !nodes[n].contains("mesh"))
            continue;
        const int node = static_cast<int>(n);
        const int parent = parentOf(nodes, node);
        if (parent < 0)
            continue;
        int top = parent;
        for (int up = parentOf(nodes, top); up >= 0; up = parentOf(nodes, top))
            top = up;
        json& children = nodes[static_cast<std::size_t>(parent)]["children"];
        children.erase(std::remove(children.begin(), children.end(), json(node)), children.end());
        if (children.empty())
            nodes[static_cast<std::size_t>(parent)].erase("children");
        if (!doc.contains("scenes") || !doc["scenes"].is_array())
            continue;
        for (json& scene : doc["scenes"]) {
            json& roots = scene["nodes"];
            if (roots.is_array() && std::find(roots.begin(), roots.end(), json(top)) != roots.end())
                roots.push_back(node);
        }
    }
}

json parseJson(const std::string& text, const std::string& name)
{
    try {
        json doc = json::parse(text);
        if (!doc.is_object())
            throw fileError(name, "the glTF JSON is not an object");
        return doc;
    } catch (const json::exception& e) {
        throw fileError(name, std::string("the glTF JSON cannot be parsed: ") + e.what());
    }
}

void repairDocument(json& doc, const std::string& name)
{
    makeSkinnedMeshesRoots(doc, name);
    dropUnusedExtensions(doc);
}

std::string repairGlb(const std::string& bytes, const std::string& name)
{
    if (bytes.size() < kGlbHeader + kChunkHeader || readU32(bytes, 8) != bytes.size())
        throw fileError(name, "GLB header length does not match the file size");
    const std::uint32_t jsonLength = readU32(bytes, kGlbHeader);
    if (readU32(bytes, kGlbHeader + 4) != kJsonChunk || kGlbHeader + kChunkHeader + jsonLength > bytes.size())
        throw fileError(name, "GLB does not start with a JSON chunk that fits the file");
    json doc = parseJson(bytes.substr(kGlbHeader + kChunkHeader, jsonLength), name);
    repairDocument(doc, name);
    std::string text = doc.dump();
    text.append((4 - text.size() % 4) % 4, ' ');
    std::string out = bytes.substr(0, 8); // magic and version
    const std::string rest = bytes.substr(kGlbHeader + kChunkHeader + jsonLength);
    putU32(out, static_cast<std::uint32_t>(kGlbHeader + kChunkHeader + text.size() + rest.size()));
    putU32(out, static_cast<std::uint32_t>(text.size()));
    putU32(out, kJsonChunk);
    out += text;
    out += rest;
    return out;
}

} // namespace

std::string repair(const std::string& bytes, const std::string& name)
{
    if (glb::isGlb(bytes))
        return repairGlb(bytes, name);
    json doc = parseJson(bytes, name);
    repairDocument(doc, name);
    return doc.dump(2) + "\n";
}

} // namespace stepmotion::gltf_repair
