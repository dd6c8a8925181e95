// ASF/AMC → BvhClip. With C a bone's ASF axis and M its AMC rotation, a bone's frame in
// the world is F = F_parent · C_parent⁻¹ · C · M (CMU's own viewer composes it this way);
// re-expressed in world-aligned rest axes, G = F · C⁻¹ = G_parent · (C · M · C⁻¹), which is a
// BVH joint whose OFFSET is the parent bone's direction × length and whose rotation is
// C · M · C⁻¹, written as Z-Y-X Euler angles continuous from frame to frame.

#include "stepmotion/core/import/asf_amc.h"

#include "import/asf_skeleton.h"
#include "bvh/bvh_maths.h"
#include "bvh/bvh_text.h"
#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"

#include <cmath>
#include <filesystem>
#include <unordered_map>

namespace stepmotion {
namespace {

using asf_detail::AsfBone;
using asf_detail::AsfSkeleton;
using asf_detail::Dof;
using bvh_detail::Mat3;
using bvh_detail::NumberStatus;
using bvh_detail::Vec3;

constexpr double kCentimetresPerInch = 2.54;
constexpr int kZyx[3] = {2, 1, 0}; // channel order Zrotation Yrotation Xrotation: R = Rz·Ry·Rx
const Mat3 kIdentity(1.0);

Mat3 axisMatrix(int axis, double degrees) { return bvh_detail::axisRotation(axis, degrees * bvh_detail::kDegToRad); }

/// The ASF `axis`: rotations about the axes in `order`, the first applied first.
Mat3 axisFrame(const Vec3& degrees, const std::array<int, 3>& order)
{
    Mat3 c = kIdentity;
    for (const int a : order)
        c = axisMatrix(a, degrees[a]) * c;
    return c;
}

int dofAxis(Dof d) { return static_cast<int>(d) % 3; }
bool isRotation(Dof d) { return d == Dof::Rx || d == Dof::Ry || d == Dof::Rz; }

/// One ASF bone (or the root) as a BVH joint, with what the converter needs per frame.
struct JointPlan {
    std::vector<Dof> dofs; // the order of this bone's values on its .amc line
    Mat3 axis = kIdentity; // C
    int joint = 0;         // index into BvhClip::joints
};

class AmcConverter {
public:
    AmcConverter(const AsfSkeleton& skeleton, const std::string& asfName, double fps)
        : m_skeleton(skeleton), m_asfName(asfName), m_scale(kCentimetresPerInch / skeleton.lengthUnit)
    {
        if (!(fps > 0) || !std::isfinite(fps))
            throw Error("readAsfAmc: the frame rate must be a positive number, got " + std::to_string(fps));
        m_clip.frameTime = 1.0 / fps;
        buildHierarchy();
    }

    BvhClip convert(const std::string& amcText, const std::string& amcName);

private:
    void addJoint(const std::string& name, int parent, const Vec3& offset, bool root);
    void buildHierarchy();
    void readBoneLine(const std::vector<std::string_view>& tokens, const std::string& amcName, long line);
    void finishFrame(const std::string& amcName);

    const AsfSkeleton& m_skeleton;
    const std::string& m_asfName;
    double m_scale; // centimetres per ASF length unit
    BvhClip m_clip;
    std::vector<JointPlan> m_plans;                    // [0] root, then bone b at m_planOfBone[b]
    std::unordered_map<std::string, int> m_planByName; // .amc line name → plan
    // The frame being read: each plan's values and whether its line was seen.
    std::vector<std::array<double, 6>> m_values;
    std::vector<bool> m_seen;
    bool m_degrees = true;
    long m_frameNumber = 0;
    long m_frameLine = 0;
};

void AmcConverter::addJoint(const std::string& name, int parent, const Vec3& offset, bool root)
{
    BvhJoint joint;
    joint.name = name;
    joint.parent = parent;
    joint.offset = {offset.x, offset.y, offset.z};
    joint.firstChannel = m_clip.channelCount;
    if (root)
        joint.channels = {BvhChannel::Xposition, BvhChannel::Yposition, BvhChannel::Zposition};
    for (const BvhChannel c : {BvhChannel::Zrotation, BvhChannel::Yrotation, BvhChannel::Xrotation})
        joint.channels.push_back(c);
    m_clip.channelCount += static_cast<int>(joint.channels.size());
    m_clip.joints.push_back(std::move(joint));
}

void AmcConverter::buildHierarchy()
{
    JointPlan root;
    root.dofs = m_skeleton.rootOrder;
    root.axis = axisFrame(m_skeleton.rootOrientationDegrees, m_skeleton.rootAxisOrder);
    m_plans.push_back(root);
    m_planByName.emplace("root", 0);
    addJoint("root", -1, Vec3(0.0), true);

    // Depth first in hierarchy order, parents before children (BvhClip's order), no recursion.
    struct Pending {
        int bone;
        int parentJoint;
    };
    std::vector<Pending> stack;
    for (auto it = m_skeleton.rootChildren.rbegin(); it != m_skeleton.rootChildren.rend(); ++it)
        stack.push_back({*it, 0});
    while (!stack.empty()) {
        const Pending next = stack.back();
        stack.pop_back();
        const AsfBone& bone = m_skeleton.bones[static_cast<std::size_t>(next.bone)];
        Vec3 offset(0.0); // children of the root start at the root
        if (bone.parent >= 0) {
            const AsfBone& parent = m_skeleton.bones[static_cast<std::size_t>(bone.parent)];
            offset = parent.direction * parent.length * m_scale;
        }
        JointPlan plan;
        plan.dofs = bone.dofs;
        plan.axis = axisFrame(bone.axisDegrees, bone.axisOrder);
        plan.joint = static_cast<int>(m_clip.joints.size());
        m_planByName.emplace(bone.name, static_cast<int>(m_plans.size()));
        m_plans.push_back(plan);
        addJoint(bone.name, next.parentJoint, offset, false);
        if (bone.children.empty()) {
            BvhJoint& joint = m_clip.joints.back();
            joint.hasEndSite = true;
            const Vec3 end = bone.direction * bone.length * m_scale;
            joint.endSiteOffset = {end.x, end.y, end.z};
        }
        for (auto it = bone.children.rbegin(); it != bone.children.rend(); ++it)
            stack.push_back({*it, plan.joint});
    }
    m_values.assign(m_plans.size(), {});
    m_seen.assign(m_plans.size(), false);
}

void AmcConverter::readBoneLine(const std::vector<std::string_view>& tokens, const std::string& amcName, long line)
{
    if (m_frameLine == 0)
        throw lineError(amcName, line, "values for " + bvh_detail::quoted(tokens[0]) + " before the first frame number");
    const auto it = m_planByName.find(std::string(tokens[0]));
    if (it == m_planByName.end())
        throw lineError(amcName, line, "bone " + bvh_detail::quoted(tokens[0]) + " is not in the skeleton " + m_asfName);
    const auto p = static_cast<std::size_t>(it->second);
    if (m_seen[p])
        throw lineError(amcName, line, "frame " + std::to_string(m_frameNumber) + " gives " + bvh_detail::quoted(tokens[0]) + " twice");
    const std::size_t expected = m_plans[p].dofs.size();
    if (tokens.size() - 1 != expected)
        throw lineError(amcName, line, bvh_detail::quoted(tokens[0]) + " has " + std::to_string(tokens.size() - 1) + " values, its DOFs in " +
                                           m_asfName + " need " + std::to_string(expected));
    for (std::size_t i = 0; i < expected; ++i) {
        double v = 0;
        const NumberStatus status = bvh_detail::parseNumber(tokens[i + 1], v);
        if (status != NumberStatus::Ok)
            throw lineError(amcName, line, "value " + std::to_string(i + 1) + " of " + bvh_detail::quoted(tokens[0]) + " is " +
                                               (status == NumberStatus::NotFinite ? "not finite: " : "not a number: ") +
                                               bvh_detail::quoted(tokens[i + 1]));
        m_values[p][i] = v;
    }
    m_seen[p] = true;
}

void AmcConverter::finishFrame(const std::string& amcName)
{
    const double toDegrees = m_degrees ? 1.0 : bvh_detail::kRadToDeg;
    const std::size_t base = m_clip.values.size();
    m_clip.values.resize(base + static_cast<std::size_t>(m_clip.channelCount));
    double* out = m_clip.values.data() + base;
    const double* previous = m_clip.frames > 0 ? out - m_clip.channelCount : nullptr;
    for (std::size_t p = 0; p < m_plans.size(); ++p) {
        const JointPlan& plan = m_plans[p];
        if (!m_seen[p] && !plan.dofs.empty())
            throw lineError(amcName, m_frameLine, "frame " + std::to_string(m_frameNumber) + " lacks the values of " +
                                                      bvh_detail::quoted(m_clip.joints[static_cast<std::size_t>(plan.joint)].name));
        const BvhJoint& joint = m_clip.joints[static_cast<std::size_t>(plan.joint)];
        Mat3 m = kIdentity;
        for (std::size_t i = 0; i < plan.dofs.size(); ++i) {
            const Dof d = plan.dofs[i];
            if (isRotation(d))
                m = axisMatrix(dofAxis(d), m_values[p][i] * toDegrees) * m;
            else
                out[joint.firstChannel + dofAxis(d)] = m_values[p][i] * m_scale;
        }
        const int firstRotation = joint.firstChannel + (joint.parent < 0 ? 3 : 0);
        const Vec3 reference = previous ? Vec3(previous[firstRotation], previous[firstRotation + 1], previous[firstRotation + 2])
                                        : Vec3(0.0);
        const Mat3 rotation = plan.axis * m * glm::transpose(plan.axis);
        const Vec3 euler = bvh_detail::matrixToEuler(rotation, kZyx, reference);
        for (int a = 0; a < 3; ++a)
            out[firstRotation + a] = euler[a];
        m_seen[p] = false;
    }
    ++m_clip.frames;
}

BvhClip AmcConverter::convert(const std::string& amcText, const std::string& amcName)
{
    m_degrees = m_skeleton.degrees;
    bvh_detail::LineCursor cursor(amcText);
    std::string_view line;
    std::vector<std::string_view> tokens;
    while (cursor.next(line)) {
        if (const auto hash = line.find('#'); hash != std::string_view::npos)
            line = line.substr(0, hash);
        tokens.clear();
        bvh_detail::forEachToken(line, [&](std::string_view t) { tokens.push_back(t); return true; });
        if (tokens.empty())
            continue;
        if (tokens[0].front() == ':') {
            const std::string keyword(tokens[0]);
            if (m_frameLine != 0)
                throw lineError(amcName, cursor.line(), "keyword " + bvh_detail::quoted(keyword) + " after the first frame");
            if (keyword == ":DEGREES" || keyword == ":RADIANS")
                m_degrees = keyword == ":DEGREES";
            else if (keyword != ":FULLY-SPECIFIED")
                throw lineError(amcName, cursor.line(), "unknown keyword " + bvh_detail::quoted(keyword) +
                                                            " (expected :FULLY-SPECIFIED, :DEGREES or :RADIANS)");
            continue;
        }
        const std::string_view t = tokens[0];
        const bool isFrameNumber = tokens.size() == 1 && t.find_first_not_of("0123456789") == std::string_view::npos;
        if (!isFrameNumber) {
            readBoneLine(tokens, amcName, cursor.line());
            continue;
        }
        if (t.size() > 9)
            throw lineError(amcName, cursor.line(), "frame number " + bvh_detail::quoted(t) + " is too large");
        const long number = std::stol(std::string(t));
        if (m_frameLine != 0) {
            finishFrame(amcName);
            if (number != m_frameNumber + 1)
                throw lineError(amcName, cursor.line(), "frame " + std::to_string(number) + " follows frame " +
                                                            std::to_string(m_frameNumber) + " (frames must be consecutive)");
        }
        m_frameNumber = number;
        m_frameLine = cursor.line();
    }
    if (m_frameLine == 0)
        throw lineError(amcName, cursor.line(), "no frames (expected a frame number line, then one line per bone)");
    finishFrame(amcName);
    return std::move(m_clip);
}

bool isFile(const std::filesystem::path& p)
{
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec);
}

} // namespace

std::string findAsfForAmc(const std::string& amcPath, const std::string& explicitAsf)
{
    if (!explicitAsf.empty()) {
        if (!isFile(explicitAsf))
            throw fileError(explicitAsf, "ASF skeleton not found (named for " + amcPath + ")");
        return explicitAsf;
    }
    namespace fs = std::filesystem;
    const fs::path amc(amcPath);
    const std::string stem = amc.stem().string();
    std::vector<std::string> names{stem};
    if (const auto underscore = stem.find('_'); underscore != std::string::npos && underscore > 0)
        names.push_back(stem.substr(0, underscore)); // CMU: 01_02.amc uses 01.asf
    std::string tried;
    for (const std::string& name : names) {
        for (const char* ext : {".asf", ".ASF"}) {
            const fs::path candidate = amc.parent_path() / (name + ext);
            if (isFile(candidate))
                return candidate.string();
            if (ext[1] == 'a')
                tried += (tried.empty() ? "" : ", ") + candidate.string();
        }
    }
    throw fileError(amcPath, "no ASF skeleton found for this AMC motion (tried " + tried +
                                 "); name it explicitly (stepmotion: --asf FILE)");
}

BvhClip parseAsfAmc(const std::string& asfText, const std::string& asfName, const std::string& amcText,
                    const std::string& amcName, double fps)
{
    const AsfSkeleton skeleton = asf_detail::parseAsf(asfText, asfName);
    return AmcConverter(skeleton, asfName, fps).convert(amcText, amcName);
}

BvhClip readAsfAmc(const std::string& amcPath, const AsfAmcOptions& options)
{
    std::error_code ec;
    if (std::filesystem::is_directory(amcPath, ec))
        throw fileError(amcPath, "is a directory, not an AMC file");
    const std::string amcText = readWholeFile(amcPath); // a missing .amc is reported as such first
    const std::string asfPath = findAsfForAmc(amcPath, options.asfPath);
    return parseAsfAmc(readWholeFile(asfPath), asfPath, amcText, amcPath, options.fps);
}

} // namespace stepmotion
