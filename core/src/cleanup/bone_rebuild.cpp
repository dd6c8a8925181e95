// Fixed bone lengths for generated motion (see bone_rebuild.h).

#include "cleanup/bone_rebuild.h"
#include "motion/limb_ik.h"

#include <algorithm>
#include <array>

namespace stepmotion::detail {

namespace {

constexpr double kTiny = 1e-9;

/// A branching joint with its centre child and left-right pair (as the BVH writer's clusters).
struct Cluster {
    int origin, centre, left, right;
};
constexpr Cluster kClusters[2] = {{Pelvis, Spine1, LeftHip, RightHip}, {Spine3, Neck, LeftCollar, RightCollar}};

/// Hip, knee and ankle of each leg.
struct LegChain {
    int hip, knee, ankle;
};
constexpr LegChain kLegChains[2] = {{LeftHip, LeftKnee, LeftAnkle}, {RightHip, RightKnee, RightAnkle}};

/// Columns x, y, z of an orthonormal frame.
struct Frame {
    Vec3 x{0.0}, y{0.0}, z{0.0};
    Vec3 toWorld(Vec3 v) const { return v.x * x + v.y * y + v.z * z; }
    Vec3 toLocal(Vec3 v) const { return {dot(v, x), dot(v, y), dot(v, z)}; }
};

/// The cluster's frame on frame t: y towards the centre child, x along left - right made
/// orthogonal to y. False when either is degenerate.
bool clusterFrame(const Positions& p, int t, const Cluster& c, Frame& frame)
{
    const Vec3 up = jointAt(p, t, c.centre) - jointAt(p, t, c.origin);
    const double upLength = norm(up);
    if (!(upLength > kTiny))
        return false;
    const Vec3 y = (1.0 / upLength) * up;
    const Vec3 across = jointAt(p, t, c.left) - jointAt(p, t, c.right);
    const Vec3 side = across - dot(across, y) * y;
    const double sideLength = norm(side);
    if (!(sideLength > kTiny) || sideLength < 1e-6 * norm(across))
        return false;
    const Vec3 x = (1.0 / sideLength) * side;
    frame = {x, y, cross(x, y)};
    return true;
}

double median(std::vector<double> values)
{
    if (values.empty())
        return 0.0;
    const std::size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
    const double upper = values[mid];
    if (values.size() % 2 == 1)
        return upper;
    const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
    return 0.5 * (lower + upper);
}

/// One cluster's rigid shape: each child's mean offset in the cluster frame, scaled to the
/// child's bone length. `valid` is false when no frame has a cluster frame.
struct ClusterShape {
    bool valid = false;
    std::array<Vec3, kJointCount> offset{};
};

ClusterShape clusterShape(const Positions& p, int frames, const Cluster& c, const std::array<double, kJointCount>& length)
{
    ClusterShape shape;
    int count = 0;
    for (int t = 0; t < frames; ++t) {
        Frame frame;
        if (!clusterFrame(p, t, c, frame))
            continue;
        for (int child : {c.centre, c.left, c.right})
            shape.offset[child] = shape.offset[child] + frame.toLocal(jointAt(p, t, child) - jointAt(p, t, c.origin));
        ++count;
    }
    if (count == 0)
        return shape;
    shape.valid = true;
    for (int child : {c.centre, c.left, c.right}) {
        const double n = norm(shape.offset[child]);
        shape.offset[child] = n > kTiny ? (length[child] / n) * shape.offset[child] : Vec3{};
    }
    return shape;
}

} // namespace

void rebuildWithFixedBones(Positions& p, int frames)
{
    const auto& parents = skeleton::parents();
    std::array<double, kJointCount> length{};
    for (int j = 1; j < kJointCount; ++j) {
        std::vector<double> lengths(static_cast<std::size_t>(frames));
        for (int t = 0; t < frames; ++t)
            lengths[static_cast<std::size_t>(t)] = norm(jointAt(p, t, j) - jointAt(p, t, parents[j]));
        length[j] = median(std::move(lengths));
    }
    std::array<ClusterShape, 2> shapes;
    for (std::size_t c = 0; c < 2; ++c)
        shapes[c] = clusterShape(p, frames, kClusters[c], length);
    std::array<Vec3, kJointCount> lastDir{};
    for (int j = 1; j < kJointCount; ++j) {
        const auto& rest = skeleton::restDirections()[static_cast<std::size_t>(j)];
        lastDir[j] = {rest[0], rest[1], rest[2]};
    }
    std::array<Frame, 2> lastFrame{};
    for (std::size_t c = 0; c < 2; ++c)
        lastFrame[c] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};

    const Positions decoded = p;
    for (int t = 0; t < frames; ++t) {
        for (std::size_t c = 0; c < 2; ++c) {
            Frame frame;
            if (clusterFrame(decoded, t, kClusters[c], frame))
                lastFrame[c] = frame;
        }
        for (int j = 1; j < kJointCount; ++j) { // parents come first (skeleton.h)
            const Vec3 bone = jointAt(decoded, t, j) - jointAt(decoded, t, parents[j]);
            const double n = norm(bone);
            if (n > kTiny)
                lastDir[j] = (1.0 / n) * bone;
            Vec3 place = jointAt(p, t, parents[j]) + length[j] * lastDir[j];
            for (std::size_t c = 0; c < 2; ++c) {
                const Cluster& cluster = kClusters[c];
                if (shapes[c].valid && (j == cluster.centre || j == cluster.left || j == cluster.right))
                    place = jointAt(p, t, cluster.origin) + lastFrame[c].toWorld(shapes[c].offset[j]);
            }
            setJoint(p, t, j, place);
            for (const LegChain& leg : kLegChains) {
                if (j != leg.ankle || !(length[leg.knee] > 1e-6) || !(length[leg.ankle] > 1e-6))
                    continue;
                const LimbPose pose = solveTwoBone(jointAt(p, t, leg.hip), length[leg.knee], length[leg.ankle],
                                                   jointAt(decoded, t, leg.ankle), jointAt(decoded, t, leg.knee),
                                                   bodyFacing(decoded, t));
                setJoint(p, t, leg.knee, pose.mid);
                setJoint(p, t, leg.ankle, pose.end);
            }
        }
    }
}

} // namespace stepmotion::detail
