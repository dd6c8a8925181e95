#pragma once
// Turning 22-joint positions into a standard BVH: a single root (pelvis) with 6 channels,
// 3 rotation channels (Zrotation Xrotation Yrotation) on every other joint, End Sites on
// the leaves, a T-pose rest hierarchy, rotations solved by inverse kinematics from the
// positions so that forward kinematics of the file gives the positions back.

#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/motion/motion.h"

namespace stepmotion {

enum class LengthUnit { Metres, Centimetres };

struct BvhWriteOptions {
    LengthUnit unit = LengthUnit::Metres;
};

/// joints (T x 22 x 3, metres, Y up) → BVH clip at joints.fps.
BvhClip jointsToBvh(const JointClip& joints, const BvhWriteOptions& options = {});

/// Convenience: jointsToBvh + formatBvh + atomic write. Errors name the file.
void writeBvh(const std::string& path, const JointClip& joints, const BvhWriteOptions& options = {});

} // namespace stepmotion
