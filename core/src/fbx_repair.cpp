// Binary FBX (7.x): a header, then nested records "end offset, property count, property
// bytes, name, properties, children, null record", then a footer. Offsets are absolute, so
// inserting a missing null record means re-serialising the whole tree; the tree is small
// (a skeleton and its curves), so this costs nothing.

#include "fbx_repair.h"

#include "stepmotion/core/error.h"

#include <cmath>
#include <cstdint>
#include <cstring>
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
    if (bytes.size() < kHeaderSize + kFooterTail)
        throw fileError(name, "binary FBX too short");
    std::uint32_t version = 0;
    std::memcpy(&version, bytes.data() + 23, 4);
    const bool wide = version >= 7500;
    const BinaryReader reader(bytes, name, wide);
    std::vector<Node> nodes;
    std::size_t p = kHeaderSize;
    while (!reader.atNull(p))
        nodes.push_back(reader.readNode(p));
    p += reader.nullSize();
    if (bytes.size() < p + 16 + kFooterTail)
        throw fileError(name, "binary FBX footer missing");
    std::string out = bytes.substr(0, kHeaderSize);
    for (Node& node : nodes)
        writeNode(out, node, wide, "", "", ticks);
    out.append(reader.nullSize(), '\0');
    // Footer: its id, zero padding to a 16-byte boundary, 4 zero bytes, then the fixed tail.
    out += bytes.substr(p, 16);
    out.append(16 - out.size() % 16, '\0');
    out.append(4, '\0');
    out += bytes.substr(bytes.size() - kFooterTail);
    return out;
}

/// ASCII: rewrites the KTime after "LocalStop"/"ReferenceStop" inside each AnimationStack object.
std::string repairAscii(std::string text, std::int64_t ticks)
{
    for (std::size_t stack = text.find("\n\tAnimationStack:"); stack != std::string::npos;
         stack = text.find("\n\tAnimationStack:", stack + 1)) {
        const std::size_t end = text.find("\n\t}", stack + 1);
        for (const char* key : {"\"LocalStop\", \"KTime\", \"Time\", \"\", ", "\"ReferenceStop\", \"KTime\", \"Time\", \"\", "}) {
            const std::size_t at = text.find(key, stack);
            if (at == std::string::npos || at > end)
                continue;
            const std::size_t value = at + std::strlen(key);
            const std::size_t digits = text.find_first_not_of("-0123456789", value);
            text.replace(value, digits - value, std::to_string(ticks));
        }
    }
    return text;
}

} // namespace

std::string repair(const std::string& bytes, double durationSeconds, const std::string& name)
{
    const auto ticks = static_cast<std::int64_t>(std::llround(durationSeconds * static_cast<double>(kTicksPerSecond)));
    if (bytes.compare(0, std::strlen(kBinaryMagic), kBinaryMagic) == 0)
        return repairBinary(bytes, ticks, name);
    if (bytes.find("FBXHeaderExtension:") == std::string::npos)
        throw fileError(name, "not an FBX file");
    return repairAscii(bytes, ticks);
}

} // namespace stepmotion::fbx_repair
