// HumanML3D's uniform_skeleton: re-proportion any 22-joint motion to the reference skeleton.
// Upstream does IK (per-chain shortest-arc rotations from the rest directions) followed by FK
// with the reference offsets; since each chain's accumulated rotation is exactly the arc from
// the rest direction to the actual bone, that is the same as keeping every bone's direction
// and giving it the reference length, which is what is computed here.

#include "motion/feature_math.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/feature_codec.h"

#include <string>

namespace stepmotion {

namespace detail {

namespace {

// Leg length as upstream measures it: the largest |component| of the offset vectors of the
// right knee and right ankle. Offsets are rest directions (unit, axis-aligned) times bone
// lengths, so this is the right thigh plus the right shin.
double legLength(const std::array<double, kJointCount>& lengths)
{
    return lengths[RightKnee] + lengths[RightAnkle];
}

} // namespace

void uniformSkeletonInPlace(Positions& positions, int frames)
{
    const auto& parents = skeleton::parents();
    const auto& target = skeleton::referenceBoneLengths();

    std::array<double, kJointCount> source{};
    for (int j = 1; j < kJointCount; ++j)
        source[static_cast<std::size_t>(j)] =
            norm(jointAt(positions, 0, j) - jointAt(positions, 0, parents[static_cast<std::size_t>(j)]));
    const double sourceLeg = legLength(source);
    if (!(sourceLeg > 0.0))
        throw Error("uniform skeleton: the right leg has zero length on frame 0");
    const double scale = legLength(target) / sourceLeg;

    const auto& rest = skeleton::restDirections();
    std::array<Vec3, kJointCount> fresh{};
    for (int t = 0; t < frames; ++t) {
        fresh[0] = scale * jointAt(positions, t, 0);
        for (int j = 1; j < kJointCount; ++j) {
            const int p = parents[static_cast<std::size_t>(j)];
            Vec3 bone = jointAt(positions, t, j) - jointAt(positions, t, p);
            double n = norm(bone);
            if (!(n > 0.0)) { // no direction to keep: fall back to the rest direction
                const auto& r = rest[static_cast<std::size_t>(j)];
                bone = {r[0], r[1], r[2]};
                n = 1.0;
            }
            fresh[static_cast<std::size_t>(j)] =
                fresh[static_cast<std::size_t>(p)] + (target[static_cast<std::size_t>(j)] / n) * bone;
        }
        for (int j = 0; j < kJointCount; ++j)
            setJoint(positions, t, j, fresh[static_cast<std::size_t>(j)]);
    }
}

} // namespace detail

JointClip uniformSkeleton(const JointClip& joints)
{
    if (joints.joints != kJointCount)
        throw Error("uniform skeleton: expected " + std::to_string(kJointCount) + " joints, got "
                    + std::to_string(joints.joints));
    if (joints.frames < 1)
        throw Error("uniform skeleton: the clip has no frames");
    if (joints.xyz.size() != static_cast<std::size_t>(joints.frames) * kJointCount * 3)
        throw Error("uniform skeleton: joint buffer holds " + std::to_string(joints.xyz.size())
                    + " values, expected frames x 22 x 3 = "
                    + std::to_string(static_cast<std::size_t>(joints.frames) * kJointCount * 3));

    detail::Positions p(joints.xyz.begin(), joints.xyz.end());
    detail::uniformSkeletonInPlace(p, joints.frames);
    JointClip out(joints.frames, kJointCount, joints.fps);
    for (std::size_t i = 0; i < p.size(); ++i)
        out.xyz[i] = static_cast<float>(p[i]);
    return out;
}

} // namespace stepmotion
