// .asf text → AsfSkeleton: the :units, :root, :bonedata and :hierarchy sections, line by
// line. Other sections (:version, :name, :documentation, :skin) are skipped. Unknown keys
// inside the sections we read are errors, so a misspelt key never becomes a silent default.

#include "import/asf_skeleton.h"

#include "bvh/bvh_text.h"
#include "stepmotion/core/runtime/error.h"

#include <cctype>
#include <cmath>
#include <map>
#include <string_view>

namespace stepmotion::asf_detail {
namespace {

using bvh_detail::forEachToken;
using bvh_detail::LineCursor;
using bvh_detail::NumberStatus;
using bvh_detail::parseNumber;

constexpr double kRadToDeg = 180.0 / 3.14159265358979323846;

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

enum class Section { None, Units, Root, BoneData, Hierarchy, Skipped };

class AsfParser {
public:
    AsfParser(const std::string& text, const std::string& name) : m_cursor(text), m_name(name) {}
    AsfSkeleton parse();

private:
    [[noreturn]] void fail(const std::string& what) const { throw lineError(m_name, m_cursor.line(), what); }
    double number(std::size_t i, const char* what) const;
    Vec3 vector3(std::size_t first, const char* what) const;
    std::array<int, 3> axisOrder(std::string_view text) const;
    Dof dof(std::string_view text, bool root) const;
    void expectCount(std::size_t count, const char* usage) const;

    void startSection(std::string_view keyword);
    void unitsLine();
    void rootLine();
    void boneLine();
    void beginBone(const std::string& key);
    void boneEntry(const std::string& key);
    void boneNameEntry();
    void boneDofEntry();
    void hierarchyLine();
    void finishBone();
    void link();
    int boneIndex(const std::string& name) const;

    LineCursor m_cursor;
    const std::string& m_name;
    std::vector<std::string_view> m_tokens;
    Section m_section = Section::None;
    AsfSkeleton m_skeleton;
    bool m_sawRoot = false, m_sawRootOrder = false, m_sawBoneData = false, m_sawHierarchy = false;
    bool m_inBone = false, m_inLimits = false, m_hierarchyOpen = false, m_hierarchyClosed = false;
    bool m_boneHasDirection = false, m_boneHasLength = false;
    AsfBone m_bone;
    std::map<std::string, long> m_parentLine; // child bone → line of the hierarchy entry
    std::vector<std::pair<std::string, std::vector<std::string>>> m_links; // parent → children, in order
    std::vector<long> m_linkLines;
    std::map<std::string, int> m_index; // bone name → index
};

int AsfParser::boneIndex(const std::string& name) const
{
    const auto it = m_index.find(name);
    return it == m_index.end() ? -1 : it->second;
}

double AsfParser::number(std::size_t i, const char* what) const
{
    double v = 0;
    const NumberStatus status = parseNumber(m_tokens[i], v);
    if (status == NumberStatus::NotFinite)
        fail(std::string(what) + " is not finite: " + bvh_detail::quoted(m_tokens[i]));
    if (status != NumberStatus::Ok)
        fail(std::string(what) + " is not a number: " + bvh_detail::quoted(m_tokens[i]));
    return v;
}

Vec3 AsfParser::vector3(std::size_t first, const char* what) const
{
    return {number(first, what), number(first + 1, what), number(first + 2, what)};
}

void AsfParser::expectCount(std::size_t count, const char* usage) const
{
    if (m_tokens.size() != count)
        fail(std::string("expected '") + usage + "'");
}

std::array<int, 3> AsfParser::axisOrder(std::string_view text) const
{
    const std::string order = lower(text);
    std::array<int, 3> axes{};
    bool seen[3] = {false, false, false};
    if (order.size() != 3)
        fail("axis order must be a permutation of XYZ, got " + bvh_detail::quoted(text));
    for (std::size_t i = 0; i < 3; ++i) {
        const int a = order[i] - 'x';
        if (a < 0 || a > 2 || seen[a])
            fail("axis order must be a permutation of XYZ, got " + bvh_detail::quoted(text));
        seen[a] = true;
        axes[i] = a;
    }
    return axes;
}

Dof AsfParser::dof(std::string_view text, bool root) const
{
    static const std::map<std::string, Dof> kDofs = {{"rx", Dof::Rx}, {"ry", Dof::Ry}, {"rz", Dof::Rz},
                                                     {"tx", Dof::Tx}, {"ty", Dof::Ty}, {"tz", Dof::Tz}};
    const std::string key = lower(text);
    const auto it = kDofs.find(key);
    if (it != kDofs.end() && (root || key[0] == 'r'))
        return it->second;
    if (!root && (it != kDofs.end() || key == "l"))
        fail("bone DOF " + bvh_detail::quoted(text) + " is not supported (only rx, ry, rz: translating or stretching bones are not read)");
    fail(std::string(root ? "root order" : "dof") + " entry " + bvh_detail::quoted(text) + " is not one of " +
         (root ? "TX TY TZ RX RY RZ" : "rx ry rz"));
}

void AsfParser::startSection(std::string_view keyword)
{
    if (m_inBone)
        fail("section " + bvh_detail::quoted(keyword) + " inside a bone (missing 'end' of the bone begun on line " +
             std::to_string(m_bone.line) + ")");
    if (m_section == Section::Hierarchy && m_hierarchyOpen && !m_hierarchyClosed)
        fail("section " + bvh_detail::quoted(keyword) + " inside :hierarchy (missing 'end')");
    const std::string k = lower(keyword);
    if (k == ":units") {
        m_section = Section::Units;
    } else if (k == ":root") {
        m_section = Section::Root;
        m_sawRoot = true;
    } else if (k == ":bonedata") {
        m_section = Section::BoneData;
        m_sawBoneData = true;
    } else if (k == ":hierarchy") {
        if (m_sawHierarchy)
            fail("second :hierarchy section");
        m_section = Section::Hierarchy;
        m_sawHierarchy = true;
    } else {
        m_section = Section::Skipped; // :version, :name, :documentation, :skin
    }
    if (m_tokens.size() > 1 && m_section != Section::Skipped)
        fail("unexpected text after " + bvh_detail::quoted(keyword));
}

void AsfParser::unitsLine()
{
    const std::string key = lower(m_tokens[0]);
    expectCount(2, "mass|length|angle VALUE");
    if (key == "mass") {
        number(1, "mass");
    } else if (key == "length") {
        const double v = number(1, "length unit");
        if (!(v > 0))
            fail("length unit must be > 0, got " + bvh_detail::quoted(m_tokens[1]));
        m_skeleton.lengthUnit = v;
    } else if (key == "angle") {
        const std::string unit = lower(m_tokens[1]);
        if (unit != "deg" && unit != "rad")
            fail("angle unit must be deg or rad, got " + bvh_detail::quoted(m_tokens[1]));
        m_skeleton.degrees = unit == "deg";
    } else {
        fail("unknown :units entry " + bvh_detail::quoted(m_tokens[0]) + " (expected mass, length or angle)");
    }
}

void AsfParser::rootLine()
{
    const std::string key = lower(m_tokens[0]);
    if (key == "order") {
        if (m_tokens.size() < 2)
            fail("root order lists no DOFs");
        m_skeleton.rootOrder.clear();
        for (std::size_t i = 1; i < m_tokens.size(); ++i) {
            const Dof d = dof(m_tokens[i], true);
            for (const Dof seen : m_skeleton.rootOrder)
                if (seen == d)
                    fail("root order lists " + bvh_detail::quoted(m_tokens[i]) + " twice");
            m_skeleton.rootOrder.push_back(d);
        }
        m_sawRootOrder = true;
    } else if (key == "axis") {
        expectCount(2, "axis XYZ");
        m_skeleton.rootAxisOrder = axisOrder(m_tokens[1]);
    } else if (key == "position") {
        expectCount(4, "position X Y Z");
        vector3(1, "root position"); // the AMC root translation is absolute (as CMU's viewer reads it)
    } else if (key == "orientation") {
        expectCount(4, "orientation X Y Z");
        m_skeleton.rootOrientationDegrees = vector3(1, "root orientation");
    } else {
        fail("unknown :root entry " + bvh_detail::quoted(m_tokens[0]) + " (expected order, axis, position or orientation)");
    }
}

void AsfParser::finishBone()
{
    if (m_bone.name.empty())
        throw lineError(m_name, m_bone.line, "bone has no name");
    if (!m_boneHasDirection || !m_boneHasLength)
        throw lineError(m_name, m_bone.line,
                        "bone '" + m_bone.name + "' lacks its " + (m_boneHasDirection ? "length" : "direction"));
    const double norm = glm::length(m_bone.direction);
    if (!(norm > 0) && m_bone.length != 0)
        throw lineError(m_name, m_bone.line, "bone '" + m_bone.name + "' has a zero direction");
    m_bone.direction = norm > 0 ? m_bone.direction / norm : Vec3(0.0);
    m_index.emplace(m_bone.name, static_cast<int>(m_skeleton.bones.size()));
    m_skeleton.bones.push_back(std::move(m_bone));
    m_bone = AsfBone();
    m_inBone = false;
    m_inLimits = false;
}

void AsfParser::boneLine()
{
    const std::string key = lower(m_tokens[0]);
    if (!m_inBone) {
        beginBone(key);
        return;
    }
    if (key == "end") {
        expectCount(1, "end");
        finishBone();
        return;
    }
    if (key == "begin")
        fail("'begin' inside the bone begun on line " + std::to_string(m_bone.line) + " (missing 'end'?)");
    if (m_tokens[0].front() == '(') { // further rows of `limits`
        if (!m_inLimits)
            fail("limits row outside 'limits'");
        return;
    }
    m_inLimits = false;
    boneEntry(key);
}

/// Between bones only `begin` may come; it opens a bone on this line.
void AsfParser::beginBone(const std::string& key)
{
    if (key != "begin")
        fail("expected 'begin' of a bone, got " + bvh_detail::quoted(m_tokens[0]));
    expectCount(1, "begin");
    m_inBone = true;
    m_boneHasDirection = m_boneHasLength = false;
    m_bone.line = m_cursor.line();
}

/// One keyword line inside a bone (not `begin`, `end` or a limits row).
void AsfParser::boneEntry(const std::string& key)
{
    if (key == "id" || key == "bodymass" || key == "cofmass") {
        expectCount(2, "id|bodymass|cofmass VALUE");
    } else if (key == "name") {
        boneNameEntry();
    } else if (key == "direction") {
        expectCount(4, "direction X Y Z");
        m_bone.direction = vector3(1, "direction");
        m_boneHasDirection = true;
    } else if (key == "length") {
        expectCount(2, "length L");
        m_bone.length = number(1, "length");
        if (m_bone.length < 0)
            fail("length must be >= 0, got " + bvh_detail::quoted(m_tokens[1]));
        m_boneHasLength = true;
    } else if (key == "axis") {
        expectCount(5, "axis X Y Z ORDER");
        m_bone.axisDegrees = vector3(1, "axis");
        m_bone.axisOrder = axisOrder(m_tokens[4]);
    } else if (key == "dof") {
        boneDofEntry();
    } else if (key == "limits") {
        m_inLimits = true;
    } else {
        fail("unknown bone entry " + bvh_detail::quoted(m_tokens[0]) +
             " (expected id, name, direction, length, axis, dof, limits or end)");
    }
}

/// `name NAME`: unique among bones, and never "root", which the hierarchy uses for the root.
void AsfParser::boneNameEntry()
{
    expectCount(2, "name NAME");
    const std::string boneName(m_tokens[1]);
    if (lower(boneName) == "root")
        fail("a bone may not be named 'root' (the root is implicit)");
    if (m_index.count(boneName))
        fail("second bone named " + bvh_detail::quoted(boneName));
    m_bone.name = boneName;
}

/// `dof rx ry rz`: rotations only, each at most once, in the order the AMC rows hold them.
void AsfParser::boneDofEntry()
{
    m_bone.dofs.clear();
    for (std::size_t i = 1; i < m_tokens.size(); ++i) {
        const Dof d = dof(m_tokens[i], false);
        for (const Dof seen : m_bone.dofs)
            if (seen == d)
                fail("dof lists " + bvh_detail::quoted(m_tokens[i]) + " twice");
        m_bone.dofs.push_back(d);
    }
}

void AsfParser::hierarchyLine()
{
    const std::string key = lower(m_tokens[0]);
    if (!m_hierarchyOpen) {
        if (key != "begin" || m_tokens.size() != 1)
            fail("expected 'begin' after :hierarchy");
        m_hierarchyOpen = true;
        return;
    }
    if (m_hierarchyClosed)
        fail("text after the :hierarchy 'end'");
    if (key == "end" && m_tokens.size() == 1) {
        m_hierarchyClosed = true;
        return;
    }
    if (m_tokens.size() < 2)
        fail("hierarchy line names a parent without children: " + bvh_detail::quoted(m_tokens[0]));
    std::vector<std::string> children;
    for (std::size_t i = 1; i < m_tokens.size(); ++i) {
        const std::string child(m_tokens[i]);
        if (const auto it = m_parentLine.find(child); it != m_parentLine.end())
            fail("bone " + bvh_detail::quoted(child) + " already has a parent (line " + std::to_string(it->second) + ")");
        m_parentLine[child] = m_cursor.line();
        children.push_back(child);
    }
    m_links.emplace_back(std::string(m_tokens[0]), std::move(children));
    m_linkLines.push_back(m_cursor.line());
}

void AsfParser::link()
{
    for (std::size_t l = 0; l < m_links.size(); ++l) {
        const auto& [parentName, children] = m_links[l];
        const bool isRoot = lower(parentName) == "root";
        const int parent = isRoot ? -1 : boneIndex(parentName);
        if (!isRoot && parent < 0)
            throw lineError(m_name, m_linkLines[l], "hierarchy names unknown bone " + bvh_detail::quoted(parentName));
        for (const std::string& childName : children) {
            const int child = boneIndex(childName);
            if (child < 0)
                throw lineError(m_name, m_linkLines[l], "hierarchy names unknown bone " + bvh_detail::quoted(childName));
            m_skeleton.bones[static_cast<std::size_t>(child)].parent = parent;
            (isRoot ? m_skeleton.rootChildren : m_skeleton.bones[static_cast<std::size_t>(parent)].children).push_back(child);
        }
    }
    // Every bone must hang from the root: walk down from it (no recursion) and name the first
    // bone never reached (absent from the hierarchy, or part of a loop).
    std::vector<bool> reached(m_skeleton.bones.size(), false);
    std::vector<int> stack(m_skeleton.rootChildren.begin(), m_skeleton.rootChildren.end());
    while (!stack.empty()) {
        const int b = stack.back();
        stack.pop_back();
        reached[static_cast<std::size_t>(b)] = true;
        for (const int c : m_skeleton.bones[static_cast<std::size_t>(b)].children)
            stack.push_back(c);
    }
    for (std::size_t b = 0; b < reached.size(); ++b) {
        if (reached[b])
            continue;
        const AsfBone& bone = m_skeleton.bones[b];
        const auto it = m_parentLine.find(bone.name);
        if (it == m_parentLine.end())
            throw lineError(m_name, bone.line, "bone '" + bone.name + "' is not in the :hierarchy");
        throw lineError(m_name, it->second, "bone '" + bone.name + "' is not connected to the root (a loop in :hierarchy)");
    }
}

AsfSkeleton AsfParser::parse()
{
    std::string_view line;
    while (m_cursor.next(line)) {
        if (const auto hash = line.find('#'); hash != std::string_view::npos)
            line = line.substr(0, hash);
        m_tokens.clear();
        forEachToken(line, [&](std::string_view t) { m_tokens.push_back(t); return true; });
        if (m_tokens.empty())
            continue;
        if (m_tokens[0].front() == ':') {
            startSection(m_tokens[0]);
            continue;
        }
        switch (m_section) {
        case Section::None: fail("text before the first section: " + bvh_detail::quoted(m_tokens[0]));
        case Section::Units: unitsLine(); break;
        case Section::Root: rootLine(); break;
        case Section::BoneData: boneLine(); break;
        case Section::Hierarchy: hierarchyLine(); break;
        case Section::Skipped: break;
        }
    }
    if (m_inBone)
        throw lineError(m_name, m_bone.line, "bone is not closed with 'end'");
    if (!m_sawRoot || !m_sawRootOrder)
        throw lineError(m_name, m_cursor.line(), m_sawRoot ? ":root has no 'order'" : "missing :root section");
    if (!m_sawBoneData)
        throw lineError(m_name, m_cursor.line(), "missing :bonedata section");
    if (!m_sawHierarchy || !m_hierarchyClosed)
        throw lineError(m_name, m_cursor.line(), m_sawHierarchy ? ":hierarchy is not closed with 'end'" : "missing :hierarchy section");
    if (!m_skeleton.degrees) {
        m_skeleton.rootOrientationDegrees *= kRadToDeg;
        for (AsfBone& bone : m_skeleton.bones)
            bone.axisDegrees *= kRadToDeg;
    }
    link();
    return std::move(m_skeleton);
}

} // namespace

int AsfSkeleton::boneIndex(const std::string& name) const
{
    for (std::size_t i = 0; i < bones.size(); ++i)
        if (bones[i].name == name)
            return static_cast<int>(i);
    return -1;
}

AsfSkeleton parseAsf(const std::string& text, const std::string& name) { return AsfParser(text, name).parse(); }

} // namespace stepmotion::asf_detail
