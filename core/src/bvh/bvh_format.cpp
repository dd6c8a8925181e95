// BvhClip → BVH text. Numbers use the shortest form that reads back to the same double
// (std::to_chars), so format → parse is exact and files stay compact.

#include "stepmotion/core/bvh/bvh.h"

#include "bvh/bvh_maths.h"
#include "stepmotion/core/runtime/error.h"

#include <charconv>

namespace stepmotion {

namespace {

void appendNumber(std::string& out, double v)
{
    char buffer[32];
    // -0 reads back as 0 anyway; some tools print it as "-0" and flag it as noise.
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v == 0.0 ? 0.0 : v);
    out.append(buffer, result.ptr);
}

void appendOffset(std::string& out, const std::string& indent, const std::array<double, 3>& offset)
{
    out += indent;
    out += "OFFSET";
    for (double v : offset) {
        out += ' ';
        appendNumber(out, v);
    }
    out += '\n';
}

void checkName(const std::string& name, std::size_t index)
{
    // The reader takes the rest of the line as the name, so only line breaks, braces and
    // surrounding or repeated blanks would fail to come back unchanged.
    bool ok = !name.empty() && name.front() != ' ' && name.back() != ' ' && name.find("  ") == std::string::npos;
    for (char c : name)
        ok = ok && c != '{' && c != '}' && static_cast<unsigned char>(c) >= 0x20;
    if (!ok)
        throw Error("formatBvh: joint " + std::to_string(index) + " has a name that cannot be written: '" + name + "'");
}

class HierarchyWriter {
public:
    HierarchyWriter(const BvhClip& clip, std::string& out) : m_clip(clip), m_out(out), m_children(clip.joints.size()) {
        for (std::size_t j = 0; j < clip.joints.size(); ++j)
            if (clip.joints[j].parent >= 0)
                m_children[static_cast<std::size_t>(clip.joints[j].parent)].push_back(j);
    }

    /// Writes the hierarchy and returns the joints in the order written (depth first).
    std::vector<std::size_t> write()
    {
        for (std::size_t j = 0; j < m_clip.joints.size(); ++j)
            if (m_clip.joints[j].parent < 0)
                writeJoint(j, 0);
        return m_order;
    }

private:
    void writeJoint(std::size_t j, std::size_t depth)
    {
        // Depth equals the number of ancestors, which validateClip bounds by the joint count.
        const BvhJoint& joint = m_clip.joints[j];
        checkName(joint.name, j);
        m_order.push_back(j);
        const std::string indent(depth, '\t');
        m_out += indent + (joint.parent < 0 ? "ROOT " : "JOINT ") + joint.name + "\n" + indent + "{\n";
        appendOffset(m_out, indent + "\t", joint.offset);
        m_out += indent + "\tCHANNELS " + std::to_string(joint.channels.size());
        for (BvhChannel c : joint.channels)
            m_out += " " + bvh_detail::channelName(c);
        m_out += '\n';
        for (std::size_t child : m_children[j])
            writeJoint(child, depth + 1);
        if (joint.hasEndSite) {
            m_out += indent + "\tEnd Site\n" + indent + "\t{\n";
            appendOffset(m_out, indent + "\t\t", joint.endSiteOffset);
            m_out += indent + "\t}\n";
        }
        m_out += indent + "}\n";
    }

    const BvhClip& m_clip;
    std::string& m_out;
    std::vector<std::vector<std::size_t>> m_children;
    std::vector<std::size_t> m_order;
};

} // namespace

std::string formatBvh(const BvhClip& clip)
{
    bvh_detail::validateClip(clip, "formatBvh");
    if (clip.joints.empty())
        throw Error("formatBvh: the clip has no joints");
    std::string out = "HIERARCHY\n";
    // Joints are written depth first; a clip built in another topological order gets its
    // motion columns permuted to match, so the text always reads back consistently.
    const std::vector<std::size_t> order = HierarchyWriter(clip, out).write();
    out += "MOTION\nFrames: " + std::to_string(clip.frames) + "\nFrame Time: ";
    appendNumber(out, clip.frameTime);
    out += '\n';
    out.reserve(out.size() + clip.values.size() * 12);
    for (int f = 0; f < clip.frames; ++f) {
        const double* values = clip.frame(f);
        bool first = true;
        for (std::size_t j : order) {
            const BvhJoint& joint = clip.joints[j];
            for (std::size_t c = 0; c < joint.channels.size(); ++c) {
                if (!first)
                    out += ' ';
                first = false;
                appendNumber(out, values[static_cast<std::size_t>(joint.firstChannel) + c]);
            }
        }
        out += '\n';
    }
    return out;
}

} // namespace stepmotion
