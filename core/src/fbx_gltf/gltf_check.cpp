// glTF 2.0 structure check (see gltf_check.h). Each object array is checked in the order its
// references point (buffers, views, accessors, then what uses accessors), so a later check can
// rely on the earlier ones: an accessor's view exists and holds its bytes.

#include "fbx_gltf/gltf_check.h"

#include "fbx_gltf/glb_container.h"
#include "fbx_gltf/gltf_checker.h"
#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

namespace stepmotion::gltf_check {
namespace {

using detail::Checker;
using detail::Container;
using nlohmann::json;

Container splitContainer(const std::string& bytes, const std::string& path)
{
    Container out;
    if (!glb::isGlb(bytes)) {
        out.text = bytes;
        return out;
    }
    out.glb = true;
    if (bytes.size() < glb::kHeader)
        throw fileError(path, "GLB header is cut short (" + std::to_string(bytes.size()) + " bytes)");
    const std::uint32_t version = glb::readU32(bytes, 4);
    if (version != 2)
        throw fileError(path, "GLB version " + std::to_string(version) + " is not supported (glTF 2.0 only)");
    const std::uint32_t length = glb::readU32(bytes, 8);
    if (length != bytes.size())
        throw fileError(path, "GLB header gives " + std::to_string(length) + " bytes, but the file has " +
                                  std::to_string(bytes.size()));
    std::size_t at = glb::kHeader;
    for (int chunk = 0; at < bytes.size(); ++chunk) {
        if (bytes.size() - at < glb::kChunkHeader)
            throw fileError(path, "GLB chunk " + std::to_string(chunk) + " header is cut short");
        const std::uint64_t size = glb::readU32(bytes, at);
        const std::uint32_t type = glb::readU32(bytes, at + 4);
        at += glb::kChunkHeader;
        if (size > bytes.size() - at)
            throw fileError(path, "GLB chunk " + std::to_string(chunk) + " declares " + std::to_string(size) +
                                      " bytes, but only " + std::to_string(bytes.size() - at) + " follow");
        if (chunk == 0 && type != glb::kJsonChunk)
            throw fileError(path, "GLB does not start with a JSON chunk");
        if (chunk == 0)
            out.text = bytes.substr(at, size);
        else if (chunk == 1 && type == glb::kBinChunk)
            out.bin = bytes.substr(at, size);
        at += size;
    }
    if (out.text.empty())
        throw fileError(path, "GLB holds no JSON chunk");
    return out;
}

/// Parses JSON and refuses duplicate keys: Assimp's parser takes the first of two equal keys
/// and nlohmann the last, so a checked value could differ from the one Assimp reads.
json parseDocument(const std::string& text, const std::string& path)
{
    std::vector<std::set<std::string>> keys;
    std::string duplicate;
    const json::parser_callback_t watch = [&](int, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::object_start) {
            keys.emplace_back();
        } else if (event == json::parse_event_t::object_end) {
            if (!keys.empty())
                keys.pop_back();
        } else if (event == json::parse_event_t::key && !keys.empty() && parsed.is_string()) {
            if (!keys.back().insert(parsed.get<std::string>()).second && duplicate.empty())
                duplicate = parsed.get<std::string>();
        }
        return true;
    };
    json doc;
    try {
        doc = json::parse(text, watch);
    } catch (const json::exception& e) {
        throw fileError(path, std::string("the glTF JSON cannot be parsed: ") + e.what());
    }
    if (!duplicate.empty())
        throw fileError(path, "the glTF JSON names the key \"" + duplicate + "\" twice in one object");
    if (!doc.is_object())
        throw fileError(path, "the glTF JSON is not an object");
    return doc;
}

} // namespace

namespace detail {

Checker::Checker(const json& doc, const Container& container, const std::string& path)
    : doc_(doc), container_(container), path_(path)
{
}

void Checker::run()
{
    checkAsset();
    checkBuffers();
    checkBufferViews();
    checkAccessors();
    checkImagesTexturesMaterials();
    checkCameras();
    checkSkins();
    checkMeshes();
    checkNodes();
    checkScenes();
    checkAnimations();
}

void Checker::fail(const std::string& where, const std::string& what) const
{
    throw fileError(path_, "glTF " + where + ": " + what);
}

/// The top-level array `key` (empty when absent), each item an object.
const json& Checker::objects(const json& owner, const char* key, const std::string& where) const
{
    static const json kEmpty = json::array();
    const auto it = owner.find(key);
    if (it == owner.end())
        return kEmpty;
    if (!it->is_array())
        fail(where + key, "is not an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
        if (!(*it)[i].is_object())
            fail(where + key + "[" + std::to_string(i) + "]", "is not an object");
    }
    return *it;
}

std::size_t Checker::countOf(const char* key) const
{
    const auto it = doc_.find(key);
    return it != doc_.end() && it->is_array() ? it->size() : 0;
}

/// A non-negative integer field; `fallback` when absent and not required.
std::int64_t Checker::integer(const json& owner, const char* key, const std::string& where, bool required,
                              std::int64_t fallback) const
{
    const auto it = owner.find(key);
    if (it == owner.end()) {
        if (required)
            fail(where, std::string("has no \"") + key + "\"");
        return fallback;
    }
    if (it->is_number_unsigned() && it->get<std::uint64_t>() <= (std::uint64_t{1} << 53))
        return static_cast<std::int64_t>(it->get<std::uint64_t>());
    fail(where + "." + key, "is not a non-negative integer");
}

/// An index field naming an object of the top-level array `target`; -1 when absent.
std::int64_t Checker::reference(const json& owner, const char* key, const char* target, const std::string& where,
                                bool required) const
{
    const std::int64_t i = integer(owner, key, where, required);
    if (i >= 0 && static_cast<std::size_t>(i) >= countOf(target))
        fail(where + "." + key, "is " + std::to_string(i) + ", but the file has " +
                                    std::to_string(countOf(target)) + " " + target);
    return i;
}

/// Every item of the array field `key` as an index into `target`.
std::vector<std::int64_t> Checker::references(const json& owner, const char* key, const char* target,
                                              const std::string& where) const
{
    std::vector<std::int64_t> out;
    const auto it = owner.find(key);
    if (it == owner.end())
        return out;
    if (!it->is_array())
        fail(where + "." + key, "is not an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
        const json& item = (*it)[i];
        const std::string at = where + "." + key + "[" + std::to_string(i) + "]";
        if (!item.is_number_unsigned() || item.get<std::uint64_t>() >= countOf(target))
            fail(at, "is not the index of one of the file's " + std::to_string(countOf(target)) + " " + target);
        out.push_back(static_cast<std::int64_t>(item.get<std::uint64_t>()));
    }
    return out;
}

void Checker::numbers(const json& owner, const char* key, std::size_t size, const std::string& where) const
{
    const auto it = owner.find(key);
    if (it == owner.end())
        return;
    if (!it->is_array() || (size > 0 && it->size() != size))
        fail(where + "." + key, size > 0 ? "is not an array of " + std::to_string(size) + " numbers"
                                         : std::string("is not an array of numbers"));
    for (const json& v : *it) {
        if (!v.is_number() || !std::isfinite(v.get<double>()))
            fail(where + "." + key, "holds a value that is not a finite number");
    }
}

std::string Checker::stringField(const json& owner, const char* key, const std::string& where, bool required) const
{
    const auto it = owner.find(key);
    if (it == owner.end()) {
        if (required)
            fail(where, std::string("has no \"") + key + "\"");
        return {};
    }
    if (!it->is_string())
        fail(where + "." + key, "is not a string");
    return it->get<std::string>();
}

void Checker::checkAsset() const
{
    const auto asset = doc_.find("asset");
    if (asset == doc_.end() || !asset->is_object())
        fail("asset", "is missing (not a glTF 2.0 file)");
    const std::string version = stringField(*asset, "version", "asset", true);
    if (version.rfind("2.", 0) != 0)
        fail("asset.version", "is \"" + version + "\"; only glTF 2.0 is supported");
}

} // namespace detail

bool isGltf(const std::string& path)
{
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".gltf" || ext == ".glb")
        return true;
    std::ifstream in(path, std::ios::binary);
    std::string head(4, '\0');
    in.read(head.data(), 4);
    return in.gcount() == 4 && glb::isGlb(head);
}

void checkBytes(const std::string& bytes, const std::string& path)
{
    const Container container = splitContainer(bytes, path);
    const json doc = parseDocument(container.text, path);
    Checker(doc, container, path).run();
}

void checkFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw fileError(path, "cannot open file");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    checkBytes(bytes, path);
}

} // namespace stepmotion::gltf_check
