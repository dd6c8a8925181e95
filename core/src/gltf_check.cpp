// glTF 2.0 structure check (see gltf_check.h). Each object array is checked in the order its
// references point (buffers, views, accessors, then what uses accessors), so a later check can
// rely on the earlier ones: an accessor's view exists and holds its bytes.

#include "gltf_check.h"

#include "glb_container.h"
#include "stepmotion/core/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

namespace stepmotion::gltf_check {
namespace {

using nlohmann::json;

/// The JSON text and the binary chunk (empty when absent) of a file.
struct Container {
    std::string text;
    std::string bin;
    bool glb = false;
};

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

/// Component size in bytes of an accessor componentType, 0 for none.
std::size_t componentSize(std::int64_t type)
{
    switch (type) {
    case 5120: case 5121: return 1;
    case 5122: case 5123: return 2;
    case 5125: case 5126: return 4;
    default: return 0;
    }
}

std::size_t componentsOf(const std::string& type)
{
    static const std::pair<const char*, std::size_t> kTypes[] = {
        {"SCALAR", 1}, {"VEC2", 2}, {"VEC3", 3}, {"VEC4", 4}, {"MAT2", 4}, {"MAT3", 9}, {"MAT4", 16}};
    for (const auto& [name, n] : kTypes) {
        if (type == name)
            return n;
    }
    return 0;
}

std::vector<unsigned char> decodeBase64(const std::string& text, std::size_t from, bool& ok)
{
    std::vector<unsigned char> out;
    std::uint32_t acc = 0;
    int bits = 0;
    ok = true;
    for (std::size_t i = from; i < text.size(); ++i) {
        const char c = text[i];
        int v;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '+') v = 62;
        else if (c == '/') v = 63;
        else if (c == '=') break;
        else { ok = false; return out; }
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<unsigned char>((acc >> bits) & 0xff));
        }
    }
    return out;
}

/// One accessor after its checks: where its elements lie and how to read them.
struct AccessorInfo {
    std::size_t count = 0;
    std::size_t components = 0;
    std::int64_t componentType = 0;
    std::string type;
    bool sparse = false;
    const std::string* data = nullptr; // the buffer's bytes
    std::size_t offset = 0; // of element 0 in `data`
    std::size_t stride = 0;
};

class Checker {
public:
    Checker(const json& doc, const Container& container, const std::string& path)
        : doc_(doc), container_(container), path_(path)
    {
    }

    void run()
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

private:
    const json& doc_;
    const Container& container_;
    const std::string& path_;
    std::vector<std::string> buffers_;
    std::vector<AccessorInfo> accessors_;

    [[noreturn]] void fail(const std::string& where, const std::string& what) const
    {
        throw fileError(path_, "glTF " + where + ": " + what);
    }

    /// The top-level array `key` (empty when absent), each item an object.
    const json& objects(const json& owner, const char* key, const std::string& where) const
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
    const json& objects(const char* key) const { return objects(doc_, key, ""); }

    std::size_t countOf(const char* key) const
    {
        const auto it = doc_.find(key);
        return it != doc_.end() && it->is_array() ? it->size() : 0;
    }

    /// A non-negative integer field; `fallback` when absent and not required.
    std::int64_t integer(const json& owner, const char* key, const std::string& where, bool required,
                         std::int64_t fallback = -1) const
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
    std::int64_t reference(const json& owner, const char* key, const char* target, const std::string& where,
                           bool required = false) const
    {
        const std::int64_t i = integer(owner, key, where, required);
        if (i >= 0 && static_cast<std::size_t>(i) >= countOf(target))
            fail(where + "." + key, "is " + std::to_string(i) + ", but the file has " +
                                        std::to_string(countOf(target)) + " " + target);
        return i;
    }

    /// Every item of the array field `key` as an index into `target`.
    std::vector<std::int64_t> references(const json& owner, const char* key, const char* target,
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

    void numbers(const json& owner, const char* key, std::size_t size, const std::string& where) const
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

    std::string stringField(const json& owner, const char* key, const std::string& where, bool required) const
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

    void checkAsset() const
    {
        const auto asset = doc_.find("asset");
        if (asset == doc_.end() || !asset->is_object())
            fail("asset", "is missing (not a glTF 2.0 file)");
        const std::string version = stringField(*asset, "version", "asset", true);
        if (version.rfind("2.", 0) != 0)
            fail("asset.version", "is \"" + version + "\"; only glTF 2.0 is supported");
    }

    void checkBuffers()
    {
        const json& list = objects("buffers");
        const std::filesystem::path dir = std::filesystem::path(path_).parent_path();
        for (std::size_t b = 0; b < list.size(); ++b) {
            const std::string where = "buffers[" + std::to_string(b) + "]";
            const json& buffer = list[b];
            const std::int64_t length = integer(buffer, "byteLength", where, true);
            if (length < 1)
                fail(where + ".byteLength", "is 0");
            std::string data;
            const std::string uri = stringField(buffer, "uri", where, false);
            if (!buffer.contains("uri")) {
                if (!container_.glb || b != 0)
                    fail(where, "has no uri (only a GLB's first buffer may use the binary chunk)");
                data = container_.bin;
            } else if (uri.rfind("data:", 0) == 0) {
                const std::size_t comma = uri.find(',');
                if (comma == std::string::npos || uri.rfind(";base64", comma) == std::string::npos)
                    fail(where + ".uri", "is a data: URI without base64 content");
                bool ok = false;
                const std::vector<unsigned char> bytes = decodeBase64(uri, comma + 1, ok);
                if (!ok)
                    fail(where + ".uri", "holds characters that are not base64");
                data.assign(bytes.begin(), bytes.end());
            } else {
                if (uri.empty())
                    fail(where + ".uri", "is empty");
                const std::filesystem::path file = dir / uri;
                std::ifstream in(file, std::ios::binary);
                if (!in)
                    fail(where + ".uri", "names " + file.string() + ", which cannot be opened");
                data.resize(static_cast<std::size_t>(length));
                in.read(data.data(), length);
                data.resize(static_cast<std::size_t>(in.gcount()));
            }
            if (data.size() < static_cast<std::size_t>(length))
                fail(where + ".byteLength", "is " + std::to_string(length) + ", but the buffer holds " +
                                                std::to_string(data.size()) + " bytes");
            data.resize(static_cast<std::size_t>(length));
            buffers_.push_back(std::move(data));
        }
    }

    void checkBufferViews() const
    {
        const json& list = objects("bufferViews");
        for (std::size_t v = 0; v < list.size(); ++v) {
            const std::string where = "bufferViews[" + std::to_string(v) + "]";
            const json& view = list[v];
            const std::int64_t buffer = reference(view, "buffer", "buffers", where, true);
            const std::int64_t offset = integer(view, "byteOffset", where, false, 0);
            const std::int64_t length = integer(view, "byteLength", where, true);
            const std::int64_t stride = integer(view, "byteStride", where, false, 0);
            if (length < 1)
                fail(where + ".byteLength", "is 0");
            if (view.contains("byteStride") && (stride < 4 || stride > 252 || stride % 4 != 0))
                fail(where + ".byteStride", "is " + std::to_string(stride) + " (4 to 252, a multiple of 4)");
            const std::size_t size = buffers_[static_cast<std::size_t>(buffer)].size();
            if (static_cast<std::uint64_t>(offset) + static_cast<std::uint64_t>(length) > size)
                fail(where, "bytes " + std::to_string(offset) + " + " + std::to_string(length) + " lie outside buffer " +
                                std::to_string(buffer) + " (" + std::to_string(size) + " bytes)");
        }
    }

    /// Checks that `count` elements of `elementSize` bytes from `offset` in view `view` (with its
    /// stride, or `stride` when the view has none) lie inside the view; returns where they start.
    std::size_t placeInView(std::int64_t view, std::size_t offset, std::size_t count, std::size_t elementSize,
                            std::size_t& stride, const std::string& where) const
    {
        const json& v = doc_["bufferViews"][static_cast<std::size_t>(view)];
        const std::size_t viewOffset = static_cast<std::size_t>(integer(v, "byteOffset", "", false, 0));
        const std::size_t viewLength = static_cast<std::size_t>(integer(v, "byteLength", "", true));
        const std::size_t viewStride = static_cast<std::size_t>(integer(v, "byteStride", "", false, 0));
        stride = viewStride > 0 ? viewStride : elementSize;
        if (viewStride > 0 && viewStride < elementSize)
            fail(where, "elements of " + std::to_string(elementSize) + " bytes do not fit bufferView " +
                            std::to_string(view) + "'s stride of " + std::to_string(viewStride));
        // count <= viewLength keeps the product below 2^53 * 252.
        if (offset > viewLength || count > viewLength ||
            offset + (count - 1) * stride + elementSize > viewLength)
            fail(where, std::to_string(count) + " elements from byte " + std::to_string(offset) +
                            " do not fit bufferView " + std::to_string(view) + " (" + std::to_string(viewLength) +
                            " bytes)");
        return viewOffset + offset;
    }

    const std::string& viewBuffer(std::int64_t view) const
    {
        const json& v = doc_["bufferViews"][static_cast<std::size_t>(view)];
        return buffers_[static_cast<std::size_t>(v["buffer"].get<std::uint64_t>())];
    }

    void checkAccessors()
    {
        const json& list = objects("accessors");
        for (std::size_t a = 0; a < list.size(); ++a) {
            const std::string where = "accessors[" + std::to_string(a) + "]";
            const json& accessor = list[a];
            AccessorInfo info;
            info.componentType = integer(accessor, "componentType", where, true);
            const std::size_t size = componentSize(info.componentType);
            if (size == 0)
                fail(where + ".componentType", "is " + std::to_string(info.componentType) + ", not a glTF component type");
            info.type = stringField(accessor, "type", where, true);
            info.components = componentsOf(info.type);
            if (info.components == 0)
                fail(where + ".type", "is \"" + info.type + "\", not SCALAR, VEC2-4 or MAT2-4");
            const std::int64_t count = integer(accessor, "count", where, true);
            if (count < 1)
                fail(where + ".count", "is 0");
            info.count = static_cast<std::size_t>(count);
            const std::int64_t view = reference(accessor, "bufferView", "bufferViews", where);
            // Assimp reads an accessor without a view through a null pointer; none of the
            // exporters we read writes one.
            if (view < 0)
                fail(where, "has no bufferView (all-zero accessors are not supported)");
            const std::size_t offset = static_cast<std::size_t>(integer(accessor, "byteOffset", where, false, 0));
            info.offset = placeInView(view, offset, info.count, size * info.components, info.stride, where);
            info.data = &viewBuffer(view);
            numbers(accessor, "min", info.components, where);
            numbers(accessor, "max", info.components, where);
            if (accessor.contains("sparse"))
                checkSparse(accessor["sparse"], info, where + ".sparse");
            accessors_.push_back(info);
        }
    }

    void checkSparse(const json& sparse, AccessorInfo& info, const std::string& where) const
    {
        if (!sparse.is_object())
            fail(where, "is not an object");
        info.sparse = true;
        const std::int64_t count = integer(sparse, "count", where, true);
        if (count < 1 || static_cast<std::size_t>(count) > info.count)
            fail(where + ".count", "is " + std::to_string(count) + " for an accessor of " + std::to_string(info.count));
        for (const char* part : {"indices", "values"}) {
            const std::string at = where + "." + part;
            const auto it = sparse.find(part);
            if (it == sparse.end() || !it->is_object())
                fail(at, "is missing");
            const std::int64_t view = reference(*it, "bufferView", "bufferViews", at, true);
            const std::size_t offset = static_cast<std::size_t>(integer(*it, "byteOffset", at, false, 0));
            std::size_t size = componentSize(info.componentType) * info.components;
            std::int64_t type = info.componentType;
            if (std::string(part) == "indices") {
                type = integer(*it, "componentType", at, true);
                if (type != 5121 && type != 5123 && type != 5125)
                    fail(at + ".componentType", "is not an unsigned byte, short or int");
                size = componentSize(type);
            }
            std::size_t stride = 0;
            const std::size_t start = placeInView(view, offset, static_cast<std::size_t>(count), size, stride, at);
            if (std::string(part) == "indices") {
                const std::string& data = viewBuffer(view);
                for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) {
                    if (readComponent(data, start + i * size, type) >= static_cast<double>(info.count))
                        fail(at, "names element " + std::to_string(static_cast<std::uint64_t>(
                                                        readComponent(data, start + i * size, type))) +
                                     " of an accessor of " + std::to_string(info.count));
                }
            }
        }
    }

    static double readComponent(const std::string& data, std::size_t at, std::int64_t type)
    {
        const auto* p = reinterpret_cast<const unsigned char*>(data.data() + at);
        switch (type) {
        case 5120: return static_cast<signed char>(p[0]);
        case 5121: return p[0];
        case 5122: { std::int16_t v; std::memcpy(&v, p, 2); return v; }
        case 5123: { std::uint16_t v; std::memcpy(&v, p, 2); return v; }
        case 5125: { std::uint32_t v; std::memcpy(&v, p, 4); return v; }
        default: { float v; std::memcpy(&v, p, 4); return v; }
        }
    }

    /// Largest component value of a non-sparse accessor (its data as stored).
    double maxValue(const AccessorInfo& info) const
    {
        double best = -1;
        const std::size_t size = componentSize(info.componentType);
        for (std::size_t e = 0; e < info.count; ++e) {
            for (std::size_t c = 0; c < info.components; ++c)
                best = std::max(best, readComponent(*info.data, info.offset + e * info.stride + c * size,
                                                    info.componentType));
        }
        return best;
    }

    bool allFinite(const AccessorInfo& info) const
    {
        if (info.componentType != 5126)
            return true;
        for (std::size_t e = 0; e < info.count; ++e) {
            for (std::size_t c = 0; c < info.components; ++c) {
                if (!std::isfinite(readComponent(*info.data, info.offset + e * info.stride + c * 4, 5126)))
                    return false;
            }
        }
        return true;
    }

    /// The accessor named by `owner[key]`, checked for type and component types.
    const AccessorInfo* accessor(const json& owner, const char* key, const std::string& where, bool required,
                                 std::initializer_list<const char*> types,
                                 std::initializer_list<std::int64_t> componentTypes) const
    {
        const std::int64_t a = reference(owner, key, "accessors", where, required);
        if (a < 0)
            return nullptr;
        const AccessorInfo& info = accessors_[static_cast<std::size_t>(a)];
        const std::string at = where + "." + key + " (accessor " + std::to_string(a) + ")";
        if (types.size() > 0 && std::none_of(types.begin(), types.end(), [&](const char* t) { return info.type == t; }))
            fail(at, "is " + info.type + ", which does not fit its use");
        if (componentTypes.size() > 0 &&
            std::find(componentTypes.begin(), componentTypes.end(), info.componentType) == componentTypes.end())
            fail(at, "has component type " + std::to_string(info.componentType) + ", which does not fit its use");
        return &info;
    }

    void checkImagesTexturesMaterials() const
    {
        const json& images = objects("images");
        for (std::size_t i = 0; i < images.size(); ++i) {
            const std::string where = "images[" + std::to_string(i) + "]";
            reference(images[i], "bufferView", "bufferViews", where);
            stringField(images[i], "uri", where, false);
        }
        objects("samplers");
        const json& textures = objects("textures");
        for (std::size_t t = 0; t < textures.size(); ++t) {
            const std::string where = "textures[" + std::to_string(t) + "]";
            reference(textures[t], "source", "images", where);
            reference(textures[t], "sampler", "samplers", where);
        }
        const json& materials = objects("materials");
        for (std::size_t m = 0; m < materials.size(); ++m)
            checkTextureRefs(materials[m], "materials[" + std::to_string(m) + "]");
    }

    /// Every {"index": N} under a key ending in "Texture", at any depth.
    void checkTextureRefs(const json& value, const std::string& where) const
    {
        if (!value.is_object())
            return;
        for (auto it = value.begin(); it != value.end(); ++it) {
            const std::string& key = it.key();
            const std::string at = where + "." + key;
            if (key == "extras")
                continue;
            if (key.size() >= 7 && key.compare(key.size() - 7, 7, "Texture") == 0) {
                if (!it->is_object())
                    fail(at, "is not an object");
                reference(*it, "index", "textures", at, true);
                integer(*it, "texCoord", at, false, 0);
            }
            checkTextureRefs(*it, at);
        }
    }

    void checkCameras() const
    {
        const json& cameras = objects("cameras");
        for (std::size_t c = 0; c < cameras.size(); ++c) {
            const std::string where = "cameras[" + std::to_string(c) + "]";
            const std::string type = stringField(cameras[c], "type", where, true);
            if (type != "perspective" && type != "orthographic")
                fail(where + ".type", "is \"" + type + "\", not perspective or orthographic");
            const auto it = cameras[c].find(type);
            if (it == cameras[c].end() || !it->is_object())
                fail(where, "has no \"" + type + "\" object");
            for (auto v = it->begin(); v != it->end(); ++v) {
                if (v.key() != "extensions" && v.key() != "extras" && (!v->is_number() || !std::isfinite(v->get<double>())))
                    fail(where + "." + type + "." + v.key(), "is not a finite number");
            }
        }
    }

    void checkSkins() const
    {
        const json& skins = objects("skins");
        for (std::size_t s = 0; s < skins.size(); ++s) {
            const std::string where = "skins[" + std::to_string(s) + "]";
            const std::vector<std::int64_t> joints = references(skins[s], "joints", "nodes", where);
            if (joints.empty())
                fail(where + ".joints", "is missing or empty");
            reference(skins[s], "skeleton", "nodes", where);
            // glTF allows a skin without them (identity matrices), but Assimp 5.2 then reads
            // through a null pointer (fuzz_gltf); every exporter we know writes them.
            if (!skins[s].contains("inverseBindMatrices"))
                fail(where, "has no inverseBindMatrices (the glTF reader here needs them)");
            const AccessorInfo* ibm = accessor(skins[s], "inverseBindMatrices", where, true, {"MAT4"}, {5126});
            if (ibm->count < joints.size())
                fail(where + ".inverseBindMatrices", "holds " + std::to_string(ibm->count) + " matrices for " +
                                                         std::to_string(joints.size()) + " joints");
            if (!allFinite(*ibm))
                fail(where + ".inverseBindMatrices", "holds values that are not finite");
        }
    }

    /// The fewest joints of any skin placed with mesh `mesh` (SIZE_MAX when none is).
    std::size_t jointsForMesh(std::size_t mesh) const
    {
        std::size_t fewest = SIZE_MAX;
        for (const json& node : objects("nodes")) {
            const auto m = node.find("mesh");
            const auto s = node.find("skin");
            if (m == node.end() || s == node.end() || !m->is_number_unsigned() || !s->is_number_unsigned() ||
                m->get<std::uint64_t>() != mesh || s->get<std::uint64_t>() >= countOf("skins"))
                continue;
            const json& joints = doc_["skins"][s->get<std::size_t>()]["joints"];
            fewest = std::min<std::size_t>(fewest, joints.size());
        }
        return fewest;
    }

    void checkMeshes() const
    {
        const json& meshes = objects("meshes");
        for (std::size_t m = 0; m < meshes.size(); ++m) {
            const std::string where = "meshes[" + std::to_string(m) + "]";
            const json& primitives = objects(meshes[m], "primitives", where + ".");
            if (primitives.empty())
                fail(where + ".primitives", "is missing or empty");
            std::size_t targets = SIZE_MAX;
            for (std::size_t p = 0; p < primitives.size(); ++p) {
                const std::string at = where + ".primitives[" + std::to_string(p) + "]";
                const std::size_t n = checkPrimitive(primitives[p], at, jointsForMesh(m));
                if (targets != SIZE_MAX && n != targets)
                    fail(at + ".targets", "differs in number from the mesh's first primitive");
                targets = n;
            }
            numbers(meshes[m], "weights", 0, where);
            if (meshes[m].contains("weights") && meshes[m]["weights"].size() != targets)
                fail(where + ".weights", "holds " + std::to_string(meshes[m]["weights"].size()) + " weights for " +
                                             std::to_string(targets) + " morph targets");
        }
    }

    /// Checks one primitive; returns its number of morph targets.
    std::size_t checkPrimitive(const json& primitive, const std::string& where, std::size_t skinJoints) const
    {
        const auto attributes = primitive.find("attributes");
        if (attributes == primitive.end() || !attributes->is_object())
            fail(where + ".attributes", "is missing");
        const AccessorInfo* position = accessor(*attributes, "POSITION", where + ".attributes", true, {"VEC3"}, {5126});
        if (!allFinite(*position))
            fail(where + ".attributes.POSITION", "holds values that are not finite");
        const std::size_t vertices = position->count;
        for (auto it = attributes->begin(); it != attributes->end(); ++it) {
            const std::string& name = it.key();
            const std::string at = where + ".attributes";
            const AccessorInfo* info = nullptr;
            if (name == "NORMAL")
                info = accessor(*attributes, "NORMAL", at, true, {"VEC3"}, {5126});
            else if (name == "TANGENT")
                info = accessor(*attributes, "TANGENT", at, true, {"VEC4"}, {5126});
            else if (name.rfind("TEXCOORD_", 0) == 0)
                info = accessor(*attributes, name.c_str(), at, true, {"VEC2"}, {5126, 5121, 5123});
            else if (name.rfind("COLOR_", 0) == 0)
                info = accessor(*attributes, name.c_str(), at, true, {"VEC3", "VEC4"}, {5126, 5121, 5123});
            else if (name.rfind("JOINTS_", 0) == 0)
                info = accessor(*attributes, name.c_str(), at, true, {"VEC4"}, {5121, 5123});
            else if (name.rfind("WEIGHTS_", 0) == 0)
                info = accessor(*attributes, name.c_str(), at, true, {"VEC4"}, {5126, 5121, 5123});
            else
                info = accessor(*attributes, name.c_str(), at, true, {}, {});
            if (info->count != vertices)
                fail(at + "." + name, "holds " + std::to_string(info->count) + " elements for " +
                                          std::to_string(vertices) + " positions");
            if (name.rfind("JOINTS_", 0) == 0) {
                if (info->sparse)
                    fail(at + "." + name, "is sparse (not supported for joints)");
                if (skinJoints != SIZE_MAX && maxValue(*info) >= static_cast<double>(skinJoints))
                    fail(at + "." + name, "names joint " + std::to_string(static_cast<std::uint64_t>(maxValue(*info))) +
                                              " of a skin with " + std::to_string(skinJoints));
            }
        }
        const std::int64_t mode = integer(primitive, "mode", where, false, 4);
        if (mode > 6)
            fail(where + ".mode", "is " + std::to_string(mode) + " (0 to 6)");
        std::size_t elements = vertices;
        if (const AccessorInfo* indices = accessor(primitive, "indices", where, false, {"SCALAR"}, {5121, 5123, 5125})) {
            if (indices->sparse)
                fail(where + ".indices", "is sparse (not supported for indices)");
            if (maxValue(*indices) >= static_cast<double>(vertices))
                fail(where + ".indices", "names vertex " + std::to_string(static_cast<std::uint64_t>(maxValue(*indices))) +
                                             " of " + std::to_string(vertices));
            elements = indices->count;
        }
        // Elements per primitive of each mode: points, lines, line loop/strip, triangles, strip/fan.
        static const std::size_t kMultiple[] = {1, 2, 1, 1, 3, 1, 1};
        static const std::size_t kLeast[] = {1, 2, 2, 2, 3, 3, 3};
        if (elements % kMultiple[mode] != 0 || elements < kLeast[mode])
            fail(where, std::to_string(elements) + " vertices do not make whole primitives of mode " + std::to_string(mode));
        reference(primitive, "material", "materials", where);
        const json& targets = objects(primitive, "targets", where + ".");
        for (std::size_t t = 0; t < targets.size(); ++t) {
            const std::string at = where + ".targets[" + std::to_string(t) + "]";
            for (auto it = targets[t].begin(); it != targets[t].end(); ++it) {
                const AccessorInfo* info = accessor(targets[t], it.key().c_str(), at, true, {"VEC3", "VEC4"}, {5126, 5120, 5122});
                if (info->count != vertices)
                    fail(at + "." + it.key(), "holds " + std::to_string(info->count) + " elements for " +
                                                  std::to_string(vertices) + " positions");
            }
        }
        return targets.size();
    }

    void checkNodes() const
    {
        const json& nodes = objects("nodes");
        std::vector<std::int64_t> parent(nodes.size(), -1);
        const std::size_t lights = lightCount();
        for (std::size_t n = 0; n < nodes.size(); ++n) {
            const std::string where = "nodes[" + std::to_string(n) + "]";
            const json& node = nodes[n];
            for (const std::int64_t child : references(node, "children", "nodes", where)) {
                if (parent[static_cast<std::size_t>(child)] >= 0 || child == static_cast<std::int64_t>(n))
                    fail(where + ".children", "names node " + std::to_string(child) + ", which already has a parent");
                parent[static_cast<std::size_t>(child)] = static_cast<std::int64_t>(n);
            }
            reference(node, "mesh", "meshes", where);
            reference(node, "skin", "skins", where);
            reference(node, "camera", "cameras", where);
            numbers(node, "matrix", 16, where);
            numbers(node, "translation", 3, where);
            numbers(node, "rotation", 4, where);
            numbers(node, "scale", 3, where);
            numbers(node, "weights", 0, where);
            const auto ext = node.find("extensions");
            if (ext != node.end() && ext->is_object() && ext->contains("KHR_lights_punctual")) {
                const json& light = (*ext)["KHR_lights_punctual"];
                if (!light.is_object())
                    fail(where + ".extensions.KHR_lights_punctual", "is not an object");
                const std::int64_t l = integer(light, "light", where + ".extensions.KHR_lights_punctual", true);
                if (static_cast<std::size_t>(l) >= lights)
                    fail(where + ".extensions.KHR_lights_punctual.light",
                         "is " + std::to_string(l) + ", but the file has " + std::to_string(lights) + " lights");
            }
        }
        // One parent each leaves cycles without any root; walking up finds them.
        for (std::size_t n = 0; n < nodes.size(); ++n) {
            std::size_t steps = 0;
            for (std::int64_t up = parent[n]; up >= 0; up = parent[static_cast<std::size_t>(up)]) {
                if (++steps > nodes.size())
                    fail("nodes[" + std::to_string(n) + "]", "is its own ancestor (the node hierarchy has a cycle)");
            }
        }
    }

    std::size_t lightCount() const
    {
        const auto ext = doc_.find("extensions");
        if (ext == doc_.end() || !ext->is_object() || !ext->contains("KHR_lights_punctual"))
            return 0;
        const json& block = (*ext)["KHR_lights_punctual"];
        if (!block.is_object())
            fail("extensions.KHR_lights_punctual", "is not an object");
        const json& lights = objects(block, "lights", "extensions.KHR_lights_punctual.");
        for (std::size_t l = 0; l < lights.size(); ++l) {
            const std::string where = "extensions.KHR_lights_punctual.lights[" + std::to_string(l) + "]";
            const std::string type = stringField(lights[l], "type", where, true);
            if (type != "directional" && type != "point" && type != "spot")
                fail(where + ".type", "is \"" + type + "\", not directional, point or spot");
            numbers(lights[l], "color", 3, where);
        }
        return lights.size();
    }

    void checkScenes() const
    {
        const json& scenes = objects("scenes");
        for (std::size_t s = 0; s < scenes.size(); ++s)
            references(scenes[s], "nodes", "nodes", "scenes[" + std::to_string(s) + "]");
        reference(doc_, "scene", "scenes", "the document");
    }

    /// Morph targets of the mesh on node `node`, which a weights channel animates.
    std::size_t morphTargets(std::size_t node, const std::string& where) const
    {
        const json& n = doc_["nodes"][node];
        const auto mesh = n.find("mesh");
        if (mesh == n.end())
            fail(where + ".target", "animates the weights of node " + std::to_string(node) + ", which has no mesh");
        const json& primitive = doc_["meshes"][mesh->get<std::size_t>()]["primitives"][0];
        const std::size_t targets = primitive.contains("targets") ? primitive["targets"].size() : 0;
        if (targets == 0)
            fail(where + ".target", "animates the weights of node " + std::to_string(node) +
                                        ", whose mesh has no morph targets");
        return targets;
    }

    void checkAnimations() const
    {
        const json& animations = objects("animations");
        for (std::size_t a = 0; a < animations.size(); ++a) {
            const std::string where = "animations[" + std::to_string(a) + "]";
            const json& samplers = objects(animations[a], "samplers", where + ".");
            const json& channels = objects(animations[a], "channels", where + ".");
            std::vector<std::pair<std::size_t, std::size_t>> counts; // input, output elements
            std::vector<std::string> interpolation;
            for (std::size_t s = 0; s < samplers.size(); ++s) {
                const std::string at = where + ".samplers[" + std::to_string(s) + "]";
                const AccessorInfo* input = accessor(samplers[s], "input", at, true, {"SCALAR"}, {5126});
                if (input->sparse || !allFinite(*input))
                    fail(at + ".input", "holds key times that are not finite");
                const AccessorInfo* output = accessor(samplers[s], "output", at, true, {}, {});
                const std::string how = samplers[s].contains("interpolation")
                                            ? stringField(samplers[s], "interpolation", at, false)
                                            : std::string("LINEAR");
                if (how != "LINEAR" && how != "STEP" && how != "CUBICSPLINE")
                    fail(at + ".interpolation", "is \"" + how + "\", not LINEAR, STEP or CUBICSPLINE");
                counts.emplace_back(input->count, output->count);
                interpolation.push_back(how);
            }
            for (std::size_t c = 0; c < channels.size(); ++c) {
                const std::string at = where + ".channels[" + std::to_string(c) + "]";
                const std::int64_t s = integer(channels[c], "sampler", at, true);
                if (static_cast<std::size_t>(s) >= samplers.size())
                    fail(at + ".sampler", "is " + std::to_string(s) + ", but the animation has " +
                                              std::to_string(samplers.size()) + " samplers");
                const auto target = channels[c].find("target");
                if (target == channels[c].end() || !target->is_object())
                    fail(at + ".target", "is missing");
                reference(*target, "node", "nodes", at + ".target", true);
                const std::string pathName = stringField(*target, "path", at + ".target", true);
                const json& sampler = samplers[static_cast<std::size_t>(s)];
                const std::string outAt = at + " (sampler " + std::to_string(s) + ")";
                if (pathName == "translation" || pathName == "scale")
                    accessor(sampler, "output", outAt, true, {"VEC3"}, {5126});
                else if (pathName == "rotation")
                    accessor(sampler, "output", outAt, true, {"VEC4"}, {5126, 5120, 5121, 5122, 5123});
                else if (pathName == "weights")
                    accessor(sampler, "output", outAt, true, {"SCALAR"}, {5126, 5120, 5121, 5122, 5123});
                else
                    fail(at + ".target.path", "is \"" + pathName + "\", not translation, rotation, scale or weights");
                const auto [in, out] = counts[static_cast<std::size_t>(s)];
                const std::size_t perKey = interpolation[static_cast<std::size_t>(s)] == "CUBICSPLINE" ? 3 : 1;
                const std::size_t perTime =
                    pathName == "weights" ? morphTargets(target->at("node").get<std::size_t>(), at) : 1;
                if (out != in * perKey * perTime)
                    fail(outAt + ".output", "holds " + std::to_string(out) + " values for " + std::to_string(in) +
                                                " key times");
            }
        }
    }
};

} // namespace

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
