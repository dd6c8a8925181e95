// glTF structure check: buffers, buffer views and accessors (gltf_checker.h). Buffers are read
// whole (binary chunk, data: URI or file) so that views, accessors and the values later checks
// read can be bounded by the bytes that exist.

#include "fbx_gltf/gltf_checker.h"

#include "fbx_gltf/glb_container.h"
#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace stepmotion::gltf_check::detail {
namespace {

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

} // namespace

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

void Checker::checkBuffers()
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

void Checker::checkBufferViews() const
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
std::size_t Checker::placeInView(std::int64_t view, std::size_t offset, std::size_t count, std::size_t elementSize,
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

const std::string& Checker::viewBuffer(std::int64_t view) const
{
    const json& v = doc_["bufferViews"][static_cast<std::size_t>(view)];
    return buffers_[static_cast<std::size_t>(v["buffer"].get<std::uint64_t>())];
}

void Checker::checkAccessors()
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

void Checker::checkSparse(const json& sparse, AccessorInfo& info, const std::string& where) const
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

double Checker::readComponent(const std::string& data, std::size_t at, std::int64_t type)
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
double Checker::maxValue(const AccessorInfo& info) const
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

bool Checker::allFinite(const AccessorInfo& info) const
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
const AccessorInfo* Checker::accessor(const json& owner, const char* key, const std::string& where, bool required,
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

} // namespace stepmotion::gltf_check::detail
