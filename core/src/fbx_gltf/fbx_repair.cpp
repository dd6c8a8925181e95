// Binary FBX (7.x): a header, then nested records "end offset, property count, property
// bytes, name, properties, children, null record", then a footer. Offsets are absolute, so
// inserting a missing null record means re-serialising the whole tree; the tree is small
// (a skeleton and its curves), so this costs nothing.

#include "fbx_gltf/fbx_repair.h"
#include "fbx_gltf/fbx_repair_ascii.h"

#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <vector>

namespace stepmotion::fbx_repair {
namespace {

constexpr char kBinaryMagic[] = "Kaydara FBX Binary  ";
constexpr std::size_t kHeaderSize = 27;          // magic, 0x00 0x1a 0x00, uint32 version
constexpr std::int64_t kTicksPerSecond = 46186158000; // FBX KTime units per second
constexpr std::size_t kFooterTail = 4 + 120 + 16; // version, zeros, closing magic

struct Node {
    std::string name;
    std::uint64_t propertyCount = 0;
    std::string properties;
    std::vector<Node> children;
    bool emptyScope = false; // a null record with no children: "{}" that readers expect
};

class BinaryReader {
public:
    BinaryReader(const std::string& bytes, const std::string& name, bool wide)
        : m_b(bytes), m_name(name), m_wide(wide) {}

    std::size_t nullSize() const { return m_wide ? 25 : 13; }

    bool atNull(std::size_t p) const
    {
        need(p, nullSize());
        for (std::size_t i = 0; i < nullSize(); ++i) {
            if (m_b[p + i] != 0)
                return false;
        }
        return true;
    }

    Node readNode(std::size_t& p) const
    {
        const std::size_t start = p;
        const std::uint64_t end = word(p);
        Node node;
        node.propertyCount = word(p);
        const std::uint64_t propertyBytes = word(p);
        need(p, 1);
        const auto nameLength = static_cast<unsigned char>(m_b[p++]);
        need(p, nameLength + propertyBytes);
        node.name = m_b.substr(p, nameLength);
        p += nameLength;
        node.properties = m_b.substr(p, propertyBytes);
        p += propertyBytes;
        if (end > m_b.size() || end < p)
            throw broken(start, "block end out of range");
        while (p < end) {
            if (atNull(p)) {
                p += nullSize();
                node.emptyScope = node.children.empty();
                break;
            }
            node.children.push_back(readNode(p));
        }
        if (p != end)
            throw broken(start, "children overrun their block");
        return node;
    }

private:
    std::uint64_t word(std::size_t& p) const
    {
        const std::size_t n = m_wide ? 8 : 4;
        need(p, n);
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < n; ++i)
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(m_b[p + i])) << (8 * i);
        p += n;
        return v;
    }

    void need(std::size_t p, std::uint64_t n) const
    {
        if (p + n > m_b.size())
            throw broken(p, "truncated");
    }

    Error broken(std::size_t at, const std::string& what) const
    {
        return fileError(m_name, "malformed binary FBX at byte " + std::to_string(at) + ": " + what);
    }

    const std::string& m_b;
    const std::string& m_name;
    bool m_wide;
};

void putWord(std::string& out, std::uint64_t v, bool wide)
{
    for (std::size_t i = 0; i < (wide ? 8u : 4u); ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void patchWord(std::string& out, std::size_t at, std::uint64_t v, bool wide)
{
    for (std::size_t i = 0; i < (wide ? 8u : 4u); ++i)
        out[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

/// Byte size of the property value starting at `p` (after its type code), or 0 if unknown.
std::size_t propertySize(const std::string& props, std::size_t p, char type)
{
    auto u32 = [&](std::size_t at) {
        std::uint32_t v = 0;
        if (at + 4 <= props.size())
            std::memcpy(&v, props.data() + at, 4);
        return static_cast<std::size_t>(v);
    };
    switch (type) {
    case 'C': return 1;
    case 'Y': return 2;
    case 'I': case 'F': return 4;
    case 'D': case 'L': return 8;
    case 'S': case 'R': return 4 + u32(p);
    case 'f': case 'd': case 'l': case 'i': case 'b': return 12 + u32(p + 8);
    default: return 0;
    }
}

/// In a P record "LocalStop"/"ReferenceStop" of an animation stack, sets the KTime value.
void patchStopTime(Node& p, std::int64_t ticks)
{
    std::size_t at = 0;
    for (int index = 0; index < 5 && at < p.properties.size(); ++index) {
        const char type = p.properties[at++];
        if (index == 0) {
            const std::string first = p.properties.substr(at + 4, propertySize(p.properties, at, type) - 4);
            if (type != 'S' || (first != "LocalStop" && first != "ReferenceStop"))
                return;
        }
        if (index == 4 && type == 'L' && at + 8 <= p.properties.size()) {
            std::memcpy(&p.properties[at], &ticks, 8); // FBX is little-endian, as is every target we build for
            return;
        }
        const std::size_t size = propertySize(p.properties, at, type);
        if (size == 0)
            return;
        at += size;
    }
}

/// A record's properties as (type, offset of the value, size) triples.
struct Property {
    char type;
    std::size_t at;
    std::size_t size;
};

std::vector<Property> propertiesOf(const Node& node)
{
    std::vector<Property> out;
    std::size_t at = 0;
    while (at < node.properties.size()) {
        const char type = node.properties[at++];
        const std::size_t size = propertySize(node.properties, at, type);
        if (size == 0 || at + size > node.properties.size())
            break;
        out.push_back({type, at, size});
        at += size;
    }
    return out;
}

std::string stringAt(const Node& node, const Property& p)
{
    return p.type == 'S' ? node.properties.substr(p.at + 4, p.size - 4) : std::string();
}

std::int64_t idAt(const Node& node, const Property& p)
{
    std::int64_t v = 0;
    if (p.type == 'L')
        std::memcpy(&v, node.properties.data() + p.at, 8);
    return v;
}

/// Calls visit(curves, count) for every rotation ("Lcl Rotation") curve node whose X, Y and Z
/// curves hold `count` float keys each, stored uncompressed as the exporter writes them.
template <typename Visit>
void forEachRotationCurveNode(std::vector<Node>& nodes, Visit visit)
{
    std::vector<std::int64_t> rotationNodes;
    std::map<std::int64_t, std::pair<std::int64_t, int>> curveAxis; // curve id -> (curve node, axis)
    for (int pass = 0; pass < 2; ++pass) {
        for (const Node& top : nodes) {
            if (top.name != "Connections")
                continue;
            for (const Node& c : top.children) {
                const std::vector<Property> p = propertiesOf(c);
                if (c.name != "C" || p.size() < 4 || stringAt(c, p[0]) != "OP")
                    continue;
                const std::string property = stringAt(c, p[3]);
                if (pass == 0 && property == "Lcl Rotation")
                    rotationNodes.push_back(idAt(c, p[1]));
                const bool ofRotation = std::find(rotationNodes.begin(), rotationNodes.end(), idAt(c, p[2])) != rotationNodes.end();
                if (pass == 1 && ofRotation && property.size() == 3 && property.compare(0, 2, "d|") == 0 &&
                    property[2] >= 'X' && property[2] <= 'Z')
                    curveAxis[idAt(c, p[1])] = {idAt(c, p[2]), property[2] - 'X'};
            }
        }
    }
    std::map<std::int64_t, std::array<std::pair<char*, std::uint32_t>, 3>> byNode;
    for (Node& top : nodes) {
        if (top.name != "Objects")
            continue;
        for (Node& curve : top.children) {
            const std::vector<Property> id = propertiesOf(curve);
            if (curve.name != "AnimationCurve" || id.empty())
                continue;
            const auto axis = curveAxis.find(idAt(curve, id[0]));
            if (axis == curveAxis.end())
                continue;
            for (Node& values : curve.children) {
                const std::vector<Property> p = propertiesOf(values);
                if (values.name != "KeyValueFloat" || p.size() != 1 || p[0].type != 'f')
                    continue;
                std::uint32_t count = 0, encoding = 0;
                std::memcpy(&count, values.properties.data() + p[0].at, 4);
                std::memcpy(&encoding, values.properties.data() + p[0].at + 4, 4);
                if (encoding == 0 && 12 + 4 * static_cast<std::size_t>(count) == p[0].size)
                    byNode[axis->second.first][static_cast<std::size_t>(axis->second.second)] = {values.properties.data() + p[0].at + 12, count};
            }
        }
    }
    for (auto& [node, curves] : byNode) {
        const std::uint32_t count = curves[0].second;
        if (curves[0].first && curves[1].first && curves[2].first && curves[1].second == count && curves[2].second == count)
            visit(std::array<char*, 3>{curves[0].first, curves[1].first, curves[2].first}, count);
    }
}

void unwrapRotationCurves(std::vector<Node>& nodes)
{
    forEachRotationCurveNode(nodes, [](const std::array<char*, 3>& curves, std::uint32_t count) {
        std::array<std::vector<float>, 3> xyz;
        for (std::size_t a = 0; a < 3; ++a) {
            xyz[a].resize(count);
            std::memcpy(xyz[a].data(), curves[a], 4 * static_cast<std::size_t>(count));
        }
        unwrapEuler(xyz);
        for (std::size_t a = 0; a < 3; ++a)
            std::memcpy(curves[a], xyz[a].data(), 4 * static_cast<std::size_t>(count));
    });
}

std::vector<Node> readTree(const std::string& bytes, const std::string& name, bool& wide, std::size_t& end)
{
    if (bytes.size() < kHeaderSize + kFooterTail)
        throw fileError(name, "binary FBX too short");
    std::uint32_t version = 0;
    std::memcpy(&version, bytes.data() + 23, 4);
    wide = version >= 7500;
    const BinaryReader reader(bytes, name, wide);
    std::vector<Node> nodes;
    std::size_t p = kHeaderSize;
    while (!reader.atNull(p))
        nodes.push_back(reader.readNode(p));
    end = p + reader.nullSize();
    return nodes;
}

void writeNode(std::string& out, Node& node, bool wide, const std::string& parent, const std::string& grandparent,
               std::int64_t ticks)
{
    if (node.name == "P" && grandparent == "AnimationStack")
        patchStopTime(node, ticks);
    const std::size_t start = out.size();
    putWord(out, 0, wide); // end offset, patched below
    putWord(out, node.propertyCount, wide);
    putWord(out, node.properties.size(), wide);
    out.push_back(static_cast<char>(node.name.size()));
    out += node.name;
    out += node.properties;
    for (Node& child : node.children)
        writeNode(out, child, wide, node.name, parent, ticks);
    // Every object needs a scope, even an empty one (AnimationLayer): Assimp's parser
    // requires it, and the exporter leaves it out.
    if (!node.children.empty() || node.emptyScope || parent == "Objects")
        out.append(wide ? 25 : 13, '\0');
    patchWord(out, start, out.size(), wide);
}

std::string repairBinary(const std::string& bytes, std::int64_t ticks, const std::string& name)
{
    bool wide = false;
    std::size_t p = 0;
    std::vector<Node> nodes = readTree(bytes, name, wide, p);
    if (bytes.size() < p + 16 + kFooterTail)
        throw fileError(name, "binary FBX footer missing");
    unwrapRotationCurves(nodes);
    std::string out = bytes.substr(0, kHeaderSize);
    for (Node& node : nodes)
        writeNode(out, node, wide, "", "", ticks);
    out.append(wide ? 25 : 13, '\0');
    // Footer: its id, zero padding to a 16-byte boundary, 4 zero bytes, then the fixed tail.
    out += bytes.substr(p, 16);
    out.append(16 - out.size() % 16, '\0');
    out.append(4, '\0');
    out += bytes.substr(bytes.size() - kFooterTail);
    return out;
}

} // namespace

/// The exporter turns each rotation key into Euler angles on its own, each in (-180, 180] and the
/// middle one in [-90, 90], so a bone turning far jumps between keys: by 360 degrees, or to the
/// other solution (a + 180, 180 - b, c + 180) where the middle angle passes 90. Each key is
/// rewritten as the solution, moved by whole turns, nearest the key before: the same rotation,
/// key by key. three.js's FBXLoader otherwise inserts keys at the jumps and misplaces the real
/// ones (a walk's ankles 2 degrees off).
void unwrapEuler(std::array<std::vector<float>, 3>& xyz)
{
    std::array<double, 3> before{};
    for (std::size_t k = 0; k < xyz[0].size(); ++k) {
        const std::array<std::array<double, 3>, 2> solutions{
            {{xyz[0][k], xyz[1][k], xyz[2][k]}, {xyz[0][k] + 180.0, 180.0 - xyz[1][k], xyz[2][k] + 180.0}}};
        std::array<double, 3> best = solutions[0]; // the first key stays as written
        double bestDistance = -1.0;
        for (std::array<double, 3> candidate : solutions) {
            if (k == 0)
                break;
            double distance = 0.0;
            for (std::size_t a = 0; a < 3; ++a) {
                candidate[a] += 360.0 * std::round((before[a] - candidate[a]) / 360.0);
                distance += std::abs(candidate[a] - before[a]);
            }
            if (bestDistance < 0.0 || distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        for (std::size_t a = 0; a < 3; ++a)
            xyz[a][k] = static_cast<float>(best[a]);
        before = best;
    }
}

bool isBinary(const std::string& bytes) { return bytes.compare(0, std::strlen(kBinaryMagic), kBinaryMagic) == 0; }

std::string repair(const std::string& bytes, double durationSeconds, const std::string& name)
{
    const auto ticks = static_cast<std::int64_t>(std::llround(durationSeconds * static_cast<double>(kTicksPerSecond)));
    if (isBinary(bytes))
        return repairBinary(bytes, ticks, name);
    if (bytes.find("FBXHeaderExtension:") == std::string::npos)
        throw fileError(name, "not an FBX file");
    return unwrapAsciiRotationCurves(repairAscii(bytes, ticks));
}

void checkBinaryStructure(const std::string& bytes, const std::string& name)
{
    bool wide = false;
    std::size_t end = 0;
    const std::vector<Node> nodes = readTree(bytes, name, wide, end);
    if (bytes.size() < end + 16 + kFooterTail)
        throw fileError(name, "binary FBX footer missing");
    // Two bones of one name make Assimp's converter free memory twice (fuzz_fbx).
    std::vector<std::string> bones;
    for (const Node& top : nodes) {
        if (top.name != "Objects")
            continue;
        for (const Node& model : top.children) {
            const std::vector<Property> p = propertiesOf(model);
            if (model.name != "Model" || p.size() < 3 || stringAt(model, p[2]) != "LimbNode")
                continue;
            const std::string bone = stringAt(model, p[1]).substr(0, stringAt(model, p[1]).find('\0'));
            if (std::find(bones.begin(), bones.end(), bone) != bones.end())
                throw fileError(name, "FBX has two bones named \"" + bone + "\"");
            bones.push_back(bone);
        }
    }
}

std::vector<std::vector<float>> rotationCurves(const std::string& bytes, const std::string& name)
{
    std::vector<std::vector<float>> out;
    if (!isBinary(bytes)) {
        if (bytes.find("FBXHeaderExtension:") == std::string::npos)
            throw fileError(name, "not an FBX file");
        for (const std::array<AsciiCurveSpan, 3>& spans : asciiRotationCurves(bytes)) {
            for (const AsciiCurveSpan& span : spans)
                out.push_back(span.values);
        }
        return out;
    }
    bool wide = false;
    std::size_t end = 0;
    std::vector<Node> nodes = readTree(bytes, name, wide, end);
    forEachRotationCurveNode(nodes, [&](const std::array<char*, 3>& curves, std::uint32_t count) {
        for (char* data : curves) {
            out.emplace_back(count);
            std::memcpy(out.back().data(), data, 4 * static_cast<std::size_t>(count));
        }
    });
    return out;
}

} // namespace stepmotion::fbx_repair
