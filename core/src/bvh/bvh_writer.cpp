// 22-joint positions → BVH. The rest pose is a T-pose whose bone lengths are the clip's
// mean lengths. Rotations come from inverse kinematics, joint by joint from the pelvis out:
//  - a joint with one child gets the smallest rotation, relative to its parent, that points
//    the rest bone at the child (so twist follows the parent and never flips);
//  - a joint with several children (pelvis: hips + spine1; spine3: neck + collars) gets the
//    rotation of the frame spanned by its centre child and its left−right pair. The rest
//    shape of such a cluster is measured from the clip in that same frame, so a cluster that
//    is rigid in the clip (as on a real skeleton) is reproduced exactly;
//  - leaves (head, wrists, feet) keep their parent's orientation.
// Each bone is aimed from the already reconstructed parent position, so small misfits do
// not accumulate down a chain.

#include "stepmotion/core/bvh/bvh_writer.h"

#include "bvh/bvh_maths.h"
#include "motion/swing_rotation.h"
#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"

#include <glm/glm.hpp>

#include <cmath>
#include <string>

namespace stepmotion {
namespace {

using glm::dmat3;
using glm::dvec3;

constexpr int kRotationAxes[3] = {2, 0, 1}; // Zrotation Xrotation Yrotation, as the header promises
constexpr double kDegenerate = 1e-9;        // metres: shorter vectors give no direction
// Written values are rounded: 1e-5 degree moves a 2 m chain by under 1e-6 m.
constexpr int kAngleDecimals = 5;
constexpr int kLengthDecimals = 6;

/// Rest direction of each bone (parent → joint): HumanML3D's restDirections, except that the
/// arms point sideways (a T-pose, as BVH tools expect) and the head sits above the neck.
std::array<dvec3, kJointCount> tPoseDirections()
{
    std::array<dvec3, kJointCount> dirs{};
    for (int j = 0; j < kJointCount; ++j) {
        const auto& d = skeleton::restDirections()[static_cast<std::size_t>(j)];
        dirs[static_cast<std::size_t>(j)] = dvec3(d[0], d[1], d[2]);
    }
    for (int j : {LeftShoulder, LeftElbow, LeftWrist})
        dirs[static_cast<std::size_t>(j)] = dvec3(1, 0, 0);
    for (int j : {RightShoulder, RightElbow, RightWrist})
        dirs[static_cast<std::size_t>(j)] = dvec3(-1, 0, 0);
    dirs[Head] = dvec3(0, 1, 0);
    return dirs;
}

/// The hierarchy as the writer needs it: children, depth-first order, and for joints with
/// several children their centre child and left/right pair.
struct Topology {
    std::array<std::vector<int>, kJointCount> children;
    std::vector<int> order; // depth first, children in joint order
    std::array<int, kJointCount> centre{};
    std::array<int, kJointCount> left{};
    std::array<int, kJointCount> right{};

    Topology()
    {
        const auto& parents = skeleton::parents();
        for (int j = 1; j < kJointCount; ++j)
            children[static_cast<std::size_t>(parents[static_cast<std::size_t>(j)])].push_back(j);
        std::vector<int> stack{Pelvis};
        while (!stack.empty()) {
            const int j = stack.back();
            stack.pop_back();
            order.push_back(j);
            const auto& c = children[static_cast<std::size_t>(j)];
            stack.insert(stack.end(), c.rbegin(), c.rend());
        }
        centre.fill(-1);
        left.fill(-1);
        right.fill(-1);
        for (int j = 0; j < kJointCount; ++j) {
            for (int c : children[static_cast<std::size_t>(j)]) {
                const std::string_view name = skeleton::names()[static_cast<std::size_t>(c)];
                if (skeleton::mirrorMap()[static_cast<std::size_t>(c)] == c)
                    centre[static_cast<std::size_t>(j)] = c;
                else
                    (name.substr(0, 5) == "left_" ? left : right)[static_cast<std::size_t>(j)] = c;
            }
        }
    }
    bool isCluster(int j) const { return children[static_cast<std::size_t>(j)].size() > 1; }
};

const Topology& topology()
{
    static const Topology kTopology;
    return kTopology;
}

dvec3 point(const JointClip& clip, int frame, int joint)
{
    const float* p = clip.at(frame, joint);
    return dvec3(p[0], p[1], p[2]);
}

/// Orthonormal frame (columns x, y, z) with y along `up` and x along `across` made
/// orthogonal to it. False when either is too short or they are parallel.
bool clusterFrame(const dvec3& up, const dvec3& across, dmat3& frame)
{
    const double upLength = glm::length(up);
    if (upLength < kDegenerate)
        return false;
    const dvec3 y = up / upLength;
    const dvec3 side = across - glm::dot(across, y) * y;
    const double sideLength = glm::length(side);
    if (sideLength < kDegenerate || sideLength < 1e-6 * glm::length(across))
        return false;
    const dvec3 x = side / sideLength;
    frame = dmat3(x, y, glm::cross(x, y));
    return true;
}

/// Frame of cluster joint j in frame f, from the clip's children and `origin` (the joint).
bool clusterFrameAt(const JointClip& clip, int f, int j, const dvec3& origin, dmat3& frame)
{
    const Topology& t = topology();
    const auto s = static_cast<std::size_t>(j);
    return clusterFrame(point(clip, f, t.centre[s]) - origin, point(clip, f, t.left[s]) - point(clip, f, t.right[s]), frame);
}

/// Rest offsets (metres, parent frame = world at rest) of every joint; see the file comment.
std::array<dvec3, kJointCount> restOffsets(const JointClip& clip)
{
    const Topology& t = topology();
    const auto dirs = tPoseDirections();
    const auto& parents = skeleton::parents();
    std::array<dvec3, kJointCount> offsets{};
    for (int j = 1; j < kJointCount; ++j) {
        const int p = parents[static_cast<std::size_t>(j)];
        dvec3 sum(0.0);
        double length = 0.0;
        int clusterFrames = 0;
        for (int f = 0; f < clip.frames; ++f) {
            const dvec3 bone = point(clip, f, j) - point(clip, f, p);
            length += glm::length(bone);
            dmat3 frame;
            if (t.isCluster(p) && clusterFrameAt(clip, f, p, point(clip, f, p), frame)) {
                sum += glm::transpose(frame) * bone;
                ++clusterFrames;
            }
        }
        offsets[static_cast<std::size_t>(j)] = clusterFrames > 0 ? sum / static_cast<double>(clusterFrames)
                                                                  : dirs[static_cast<std::size_t>(j)] * (length / clip.frames);
    }
    return offsets;
}

double quantize(double v, int decimals) { return bvh_detail::roundToDecimals(v, decimals); }

void validate(const JointClip& joints)
{
    if (joints.joints != kJointCount)
        throw Error("jointsToBvh: expected " + std::to_string(kJointCount) + " joints, got " + std::to_string(joints.joints));
    if (joints.frames < 1)
        throw Error("jointsToBvh: the clip has no frames");
    if (!(joints.fps > 0.0) || !std::isfinite(joints.fps))
        throw Error("jointsToBvh: frame rate must be positive, got " + std::to_string(joints.fps));
    if (joints.xyz.size() != static_cast<std::size_t>(joints.frames) * kJointCount * 3)
        throw Error("jointsToBvh: position array holds " + std::to_string(joints.xyz.size()) + " values, expected frames x 22 x 3");
    for (float v : joints.xyz) {
        if (!std::isfinite(v))
            throw Error("jointsToBvh: positions contain a non-finite value");
    }
}

/// The 22-joint hierarchy in depth-first order with rest offsets (scaled to the unit);
/// `slot[j]` receives the BVH joint index of skeleton joint j.
std::vector<BvhJoint> buildHierarchy(const std::array<dvec3, kJointCount>& offsets, double unit,
                                     std::array<int, kJointCount>& slot)
{
    const Topology& t = topology();
    const auto dirs = tPoseDirections();
    const auto& parents = skeleton::parents();
    std::vector<BvhJoint> joints;
    int channel = 0;
    for (int j : t.order) {
        BvhJoint joint;
        joint.name = std::string(skeleton::names()[static_cast<std::size_t>(j)]);
        const int p = parents[static_cast<std::size_t>(j)];
        joint.parent = p < 0 ? -1 : slot[static_cast<std::size_t>(p)];
        const dvec3 o = offsets[static_cast<std::size_t>(j)] * unit;
        joint.offset = {quantize(o.x, kLengthDecimals), quantize(o.y, kLengthDecimals), quantize(o.z, kLengthDecimals)};
        if (p < 0)
            joint.channels = {BvhChannel::Xposition, BvhChannel::Yposition, BvhChannel::Zposition};
        joint.channels.insert(joint.channels.end(), {BvhChannel::Zrotation, BvhChannel::Xrotation, BvhChannel::Yrotation});
        joint.firstChannel = channel;
        channel += static_cast<int>(joint.channels.size());
        if (t.children[static_cast<std::size_t>(j)].empty()) {
            // A short stub along the last bone so viewers draw the hand, foot and head.
            const dvec3 e = dirs[static_cast<std::size_t>(j)] * (0.5 * glm::length(o));
            joint.hasEndSite = true;
            joint.endSiteOffset = {quantize(e.x, kLengthDecimals), quantize(e.y, kLengthDecimals), quantize(e.z, kLengthDecimals)};
        }
        slot[static_cast<std::size_t>(j)] = static_cast<int>(joints.size());
        joints.push_back(std::move(joint));
    }
    return joints;
}

/// Solves one frame: world rotations of all joints, then writes the channel values.
/// `local` carries each joint's previous local rotation (used when a bone degenerates) and
/// `euler` the previous angles (so angle curves stay continuous).
void solveFrame(const JointClip& clip, int f, const std::array<dvec3, kJointCount>& offsets, double unit,
                const std::vector<BvhJoint>& bvhJoints, const std::array<int, kJointCount>& slot,
                std::array<dmat3, kJointCount>& local, std::array<dvec3, kJointCount>& euler,
                double* values)
{
    const Topology& t = topology();
    const auto& parents = skeleton::parents();
    std::array<dmat3, kJointCount> world{};
    std::array<dvec3, kJointCount> position{};
    for (int j : t.order) {
        const auto s = static_cast<std::size_t>(j);
        const int p = parents[s];
        const dmat3 parentWorld = p < 0 ? dmat3(1.0) : world[static_cast<std::size_t>(p)];
        position[s] = p < 0 ? point(clip, f, j) : position[static_cast<std::size_t>(p)] + parentWorld * offsets[s];

        dmat3 frame;
        if (t.isCluster(j)) {
            // The rest cluster frame is the identity by construction (see restOffsets).
            if (clusterFrameAt(clip, f, j, position[s], frame))
                local[s] = glm::transpose(parentWorld) * frame;
        } else if (t.children[s].size() == 1) {
            const int c = t.children[s].front();
            const dvec3 target = glm::transpose(parentWorld) * (point(clip, f, c) - position[s]);
            if (glm::length(target) > kDegenerate)
                local[s] = detail::swingRotation(glm::normalize(offsets[static_cast<std::size_t>(c)]), glm::normalize(target));
        }
        world[s] = parentWorld * local[s];

        euler[s] = bvh_detail::matrixToEuler(local[s], kRotationAxes, euler[s]);
        const BvhJoint& joint = bvhJoints[static_cast<std::size_t>(slot[s])];
        double* out = values + joint.firstChannel;
        if (p < 0) {
            for (int a = 0; a < 3; ++a)
                *out++ = quantize(position[s][a] * unit, kLengthDecimals);
        }
        for (int a = 0; a < 3; ++a)
            out[a] = quantize(euler[s][a], kAngleDecimals);
    }
}

} // namespace

BvhClip jointsToBvh(const JointClip& joints, const BvhWriteOptions& options)
{
    validate(joints);
    const double unit = options.unit == LengthUnit::Centimetres ? 100.0 : 1.0;
    const auto offsets = restOffsets(joints);

    BvhClip clip;
    std::array<int, kJointCount> slot{};
    clip.joints = buildHierarchy(offsets, unit, slot);
    clip.frames = joints.frames;
    clip.frameTime = 1.0 / joints.fps;
    clip.channelCount = 6 + 3 * (kJointCount - 1);
    clip.values.assign(static_cast<std::size_t>(clip.frames) * static_cast<std::size_t>(clip.channelCount), 0.0);

    std::array<dmat3, kJointCount> local;
    local.fill(dmat3(1.0));
    std::array<dvec3, kJointCount> euler;
    euler.fill(dvec3(0.0));
    for (int f = 0; f < joints.frames; ++f)
        solveFrame(joints, f, offsets, unit, clip.joints, slot, local, euler, clip.frame(f));
    return clip;
}

void writeBvh(const std::string& path, const JointClip& joints, const BvhWriteOptions& options)
{
    std::string text;
    try {
        text = formatBvh(jointsToBvh(joints, options));
    } catch (const Error& e) {
        throw fileError(path, e.what());
    }
    writeFileAtomically(path, text);
}

} // namespace stepmotion
