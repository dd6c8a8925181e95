#pragma once
// Internal: the rotation helpers glm lacks for the feature codec, and the steps of
// HumanML3D's processing that several codec files share. Vectors and quaternions are glm's:
// q * p is the Hamilton product, q * v rotates a column vector (q v q*), glm::conjugate
// inverts a unit quaternion.

#include "stepmotion/core/motion/motion.h"

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace stepmotion::detail {

using Vec3 = glm::dvec3; // dot and cross are glm's; a declared Vec3 is not zeroed: write Vec3 v(0.0)
// Built as Quat(w, x, y, z) but stored and indexed x, y, z, w: use .w/.x/.y/.z, never q[i].
// Quat{} is all zeros, not the identity: that is Quat(1, 0, 0, 0).
using Quat = glm::dquat;

inline double norm(Vec3 a) { return glm::length(a); }

/// Shortest-arc rotation taking direction a onto direction b (neither needs to be unit).
/// Antiparallel inputs get a half turn about an axis perpendicular to a, where HumanML3D
/// would produce NaN.
Quat qbetween(Vec3 a, Vec3 b);

/// Rotation matrix columns 0 and 1 of q, concatenated: HumanML3D's continuous 6-D form.
void quatToCont6d(Quat q, float* out6);

/// Pure rotation about +Y (w >= 0) that turns the horizontal `forward` onto +Z. Equal to
/// qbetween(forward, +Z), but stays about +Y when `forward` points exactly along -Z.
inline Quat facingToPlusZ(Vec3 forward)
{
    const double heading = std::atan2(forward.x, forward.z);
    return Quat(std::cos(0.5 * heading), 0.0, -std::sin(0.5 * heading), 0.0);
}

// ---- dense motion buffers: frames x 22 x 3 doubles --------------------------------------

using Positions = std::vector<double>;

inline Vec3 jointAt(const Positions& p, int frame, int joint)
{
    const double* v = p.data() + (static_cast<std::size_t>(frame) * kJointCount + joint) * 3;
    return {v[0], v[1], v[2]};
}

inline void setJoint(Positions& p, int frame, int joint, Vec3 v)
{
    double* d = p.data() + (static_cast<std::size_t>(frame) * kJointCount + joint) * 3;
    d[0] = v.x;
    d[1] = v.y;
    d[2] = v.z;
}

/// Throws stepmotion::Error, prefixed with `who`, unless `clip` has 22 joints, at least
/// `minFrames` frames, a buffer of matching size and only finite coordinates.
void checkJointClip(const JointClip& clip, const std::string& who, int minFrames);

/// Keeps bone directions, sets lengths to the reference skeleton's and scales the root
/// trajectory by the leg-length ratio measured on frame 0 (HumanML3D's uniform_skeleton).
void uniformSkeletonInPlace(Positions& positions, int frames);

/// Per-frame root rotations of HumanML3D's IK with smooth_forward=True: facing from hips
/// and shoulders, Gaussian-smoothed over time (sigma 20 frames), turned onto +Z; frame 0
/// is the identity, as upstream sets it (the clip already faces +Z there).
std::vector<Quat> smoothedRootRotations(const Positions& positions, int frames);

/// HumanML3D's per-chain IK: local rotation of every joint (index 0 holds the root rotation
/// given). Writes frames x 22 quaternions into `local`.
void localRotations(const Positions& positions, int frames, const std::vector<Quat>& root,
                    std::vector<Quat>& local);

} // namespace stepmotion::detail
