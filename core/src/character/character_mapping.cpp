// guessCharacterMapping: the 22 joints on a character, by name where naming conventions agree
// and by structure where they do not.
//  - Limbs by name. A name loses its namespace ("mixamorig:", "Armature|"), a "DEF-" prefix and
//    its side mark (Left/Right at either end, _l/.L/-r/" R" at the end, l_/r. at the start, or an
//    L/R/l/r before a capital as in CMU's LHipJoint and Daz's lThigh); what is left, without
//    separators, names the part: thigh/upleg/upperleg, leg/calf/shin/lowerleg, foot, toebase/
//    toe/toes/ball, shoulder/clavicle/collar, arm/upperarm/shldr, forearm/lowerarm, hand. Each
//    part is looked for below the one before it (the knee below the thigh...), nearest first, so
//    IK targets and helper bones elsewhere in the tree are never picked.
//  - The trunk by structure: the pelvis is the nearest common ancestor of the two thighs, the
//    chest (spine3) that of the two collars; spine1 is the first node from the pelvis towards
//    the chest, spine2 the middle one between spine1 and the chest (or halfway along spine1's
//    bone when there is none); the neck is the first node from the chest towards the head. The
//    head is found by name ("head", or the metarig's "spine.006").

#include "stepmotion/core/character/character.h"

#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace stepmotion {
namespace {

enum class Side { Centre, Left, Right };

struct NameParts {
    Side side = Side::Centre;
    std::string part; // lower case, no separators
};

bool isSeparator(char c) { return c == '_' || c == '.' || c == '-' || c == ' '; }

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

bool endsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

NameParts splitName(const std::string& full)
{
    std::string name = full;
    const std::size_t ns = name.find_last_of(":|");
    if (ns != std::string::npos)
        name = name.substr(ns + 1);
    if (startsWith(lower(name), "def-") || startsWith(lower(name), "def_"))
        name = name.substr(4);
    NameParts parts;
    std::string low = lower(name);
    auto take = [&](Side side, std::size_t from, std::size_t count) {
        parts.side = side;
        name.erase(from, count);
        low.erase(from, count);
    };
    if (startsWith(low, "left"))
        take(Side::Left, 0, 4);
    else if (startsWith(low, "right"))
        take(Side::Right, 0, 5);
    else if (endsWith(low, "left"))
        take(Side::Left, low.size() - 4, 4);
    else if (endsWith(low, "right"))
        take(Side::Right, low.size() - 5, 5);
    else if (low.size() > 2 && isSeparator(low[low.size() - 2]) && (low.back() == 'l' || low.back() == 'r'))
        take(low.back() == 'l' ? Side::Left : Side::Right, low.size() - 2, 2);
    else if (low.size() > 2 && isSeparator(low[1]) && (low[0] == 'l' || low[0] == 'r'))
        take(low[0] == 'l' ? Side::Left : Side::Right, 0, 2);
    else if (name.size() > 2 && (low[0] == 'l' || low[0] == 'r') && std::isupper(static_cast<unsigned char>(name[1])))
        take(low[0] == 'l' ? Side::Left : Side::Right, 0, 1);
    for (char c : low) {
        if (!isSeparator(c))
            parts.part.push_back(c);
    }
    return parts;
}

enum class Part { Thigh, Knee, Ankle, Toe, Collar, UpperArm, Forearm, Hand, Head, None };

Part partOf(const std::string& part)
{
    static const std::map<std::string, Part> kParts = {
        {"thigh", Part::Thigh},     {"upleg", Part::Thigh},       {"upperleg", Part::Thigh},   {"femur", Part::Thigh},
        {"leg", Part::Knee},        {"calf", Part::Knee},         {"shin", Part::Knee},        {"lowerleg", Part::Knee},
        {"knee", Part::Knee},       {"foot", Part::Ankle},        {"ankle", Part::Ankle},      {"toebase", Part::Toe},
        {"toe", Part::Toe},         {"toes", Part::Toe},          {"ball", Part::Toe},         {"toe0", Part::Toe},
        {"shoulder", Part::Collar}, {"clavicle", Part::Collar},   {"collar", Part::Collar},    {"arm", Part::UpperArm},
        {"upperarm", Part::UpperArm}, {"shldr", Part::UpperArm},  {"forearm", Part::Forearm},  {"lowerarm", Part::Forearm},
        {"hand", Part::Hand},       {"head", Part::Head},         {"spine006", Part::Head},
    };
    const auto it = kParts.find(part);
    return it == kParts.end() ? Part::None : it->second;
}

class Tree {
public:
    explicit Tree(const Character& c) : m_c(c)
    {
        for (const CharacterNode& n : c.nodes)
            m_parts.push_back(splitName(n.name));
    }

    int parent(int n) const { return m_c.nodes[static_cast<std::size_t>(n)].parent; }
    const std::string& name(int n) const { return m_c.nodes[static_cast<std::size_t>(n)].name; }
    int size() const { return static_cast<int>(m_c.nodes.size()); }

    bool matches(int n, Side side, Part part) const
    {
        const NameParts& p = m_parts[static_cast<std::size_t>(n)];
        return p.side == side && partOf(p.part) == part;
    }

    /// Steps from `ancestor` down to n, or -1 when n is not below it (0 for n itself).
    int depthBelow(int n, int ancestor) const
    {
        int steps = 0;
        for (int cur = n; cur >= 0; cur = parent(cur), ++steps) {
            if (cur == ancestor)
                return steps;
        }
        return -1;
    }

    /// The matching node nearest below `under` (any node when under < 0), or -1.
    int find(Side side, Part part, int under) const
    {
        int best = -1, bestDepth = 1 << 30;
        for (int n = 0; n < size(); ++n) {
            if (!matches(n, side, part))
                continue;
            const int depth = under < 0 ? 0 : depthBelow(n, under);
            if (depth > 0 && depth < bestDepth) {
                best = n;
                bestDepth = depth;
            } else if (under < 0 && best < 0) {
                best = n;
            }
        }
        return best;
    }

    int commonAncestor(int a, int b) const
    {
        for (int x = parent(a); x >= 0; x = parent(x)) {
            if (depthBelow(b, x) > 0)
                return x;
        }
        return -1;
    }

    /// The nodes strictly between `ancestor` and n, top down.
    std::vector<int> between(int ancestor, int n) const
    {
        std::vector<int> path;
        for (int cur = parent(n); cur >= 0 && cur != ancestor; cur = parent(cur))
            path.push_back(cur);
        std::reverse(path.begin(), path.end());
        return path;
    }

private:
    const Character& m_c;
    std::vector<NameParts> m_parts;
};

struct Mapper {
    const Tree& tree;
    CharacterMapping& out;

    void set(int joint, int node, const char* how)
    {
        if (node < 0)
            return;
        out.joints[static_cast<std::size_t>(joint)] = RigJointSource{tree.name(node), {}, 0.0};
        out.how[static_cast<std::size_t>(joint)] = how;
    }

    void setBetween(int joint, int from, int to, double t)
    {
        out.joints[static_cast<std::size_t>(joint)] = RigJointSource{tree.name(from), tree.name(to), t};
        out.how[static_cast<std::size_t>(joint)] = "structure";
    }

    /// A chain of parts, each looked for below the one before; returns the first node found.
    int chain(Side side, std::initializer_list<std::pair<Part, int>> parts, int under)
    {
        int first = -1;
        for (const auto& [part, joint] : parts) {
            // A part not found (an unusual name) is skipped: the next is looked for below the last found.
            const int node = tree.find(side, part, under);
            if (node < 0)
                continue;
            set(joint, node, "name");
            if (first < 0)
                first = node;
            under = node;
        }
        return first;
    }
};

} // namespace

std::vector<std::string> CharacterMapping::unmapped() const
{
    std::vector<std::string> missing;
    for (int j = 0; j < kJointCount; ++j) {
        if (joints[static_cast<std::size_t>(j)].from.empty())
            missing.emplace_back(skeleton::names()[static_cast<std::size_t>(j)]);
    }
    return missing;
}

std::string CharacterMapping::unmappedList() const
{
    std::string list;
    for (const std::string& name : unmapped())
        list += (list.empty() ? "" : ", ") + name;
    return list;
}

CharacterMapping guessCharacterMapping(const Character& character)
{
    CharacterMapping mapping;
    const Tree tree(character);
    Mapper m{tree, mapping};
    const int lThigh = m.chain(Side::Left, {{Part::Thigh, LeftHip}, {Part::Knee, LeftKnee}, {Part::Ankle, LeftAnkle}, {Part::Toe, LeftFoot}}, -1);
    const int rThigh = m.chain(Side::Right, {{Part::Thigh, RightHip}, {Part::Knee, RightKnee}, {Part::Ankle, RightAnkle}, {Part::Toe, RightFoot}}, -1);
    const int lCollar = m.chain(Side::Left, {{Part::Collar, LeftCollar}, {Part::UpperArm, LeftShoulder}, {Part::Forearm, LeftElbow}, {Part::Hand, LeftWrist}}, -1);
    const int rCollar = m.chain(Side::Right, {{Part::Collar, RightCollar}, {Part::UpperArm, RightShoulder}, {Part::Forearm, RightElbow}, {Part::Hand, RightWrist}}, -1);
    // A BVH rig without toe joints (Daz's) has the ball of the foot as the ankle's End Site.
    for (const auto& [ankle, toe] : {std::pair{LeftAnkle, LeftFoot}, std::pair{RightAnkle, RightFoot}}) {
        const std::string& ankleName = mapping.joints[static_cast<std::size_t>(ankle)].from;
        const int a = character.format == ExportFormat::Bvh && !ankleName.empty() ? character.bvh.jointIndex(ankleName) : -1;
        if (mapping.joints[static_cast<std::size_t>(toe)].from.empty() && a >= 0 &&
            character.bvh.joints[static_cast<std::size_t>(a)].hasEndSite) {
            mapping.joints[static_cast<std::size_t>(toe)] = RigJointSource{ankleName + "/end", {}, 0.0};
            mapping.how[static_cast<std::size_t>(toe)] = "structure";
        }
    }
    const int pelvis = lThigh >= 0 && rThigh >= 0 ? tree.commonAncestor(lThigh, rThigh) : -1;
    m.set(Pelvis, pelvis, "structure");
    const int chest = lCollar >= 0 && rCollar >= 0 ? tree.commonAncestor(lCollar, rCollar) : -1;
    const int head = tree.find(Side::Centre, Part::Head, chest);
    m.set(Head, head, "name");
    if (chest >= 0 && pelvis >= 0 && tree.depthBelow(chest, pelvis) > 0) {
        m.set(Spine3, chest, "structure");
        const std::vector<int> trunk = tree.between(pelvis, chest);
        if (trunk.empty()) {
            m.setBetween(Spine1, pelvis, chest, 1.0 / 3.0);
            m.setBetween(Spine2, pelvis, chest, 2.0 / 3.0);
        } else if (trunk.size() == 1) {
            m.set(Spine1, trunk[0], "structure");
            m.setBetween(Spine2, trunk[0], chest, 0.5);
        } else {
            m.set(Spine1, trunk[0], "structure");
            m.set(Spine2, trunk[trunk.size() / 2], "structure");
        }
    }
    if (head >= 0 && chest >= 0) {
        const std::vector<int> neck = tree.between(chest, head);
        if (!neck.empty())
            m.set(Neck, neck[0], "structure");
    }
    return mapping;
}

CharacterMapping mapCharacter(const Character& character)
{
    CharacterMapping mapping = guessCharacterMapping(character);
    if (mapping.unmapped().empty())
        return mapping;
    throw fileError(character.path,
                    "could not find these joints on the character: " + mapping.unmappedList() +
                        ". Write the automatic mapping with `stepmotion character FILE --write-mapping MAP.json`, "
                        "fill in the node names, and pass it with --rig-mapping MAP.json");
}

} // namespace stepmotion
