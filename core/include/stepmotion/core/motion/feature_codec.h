#pragma once
// HumanML3D's 263-d motion representation for the 22-joint skeleton, following the
// processing in HumanML3D's motion_representation notebook (our own implementation):
//   [0]        root angular velocity about Y (rad/frame, as HumanML3D stores it)
//   [1,2]      root linear velocity on X/Z in the root's facing frame
//   [3]        root height
//   [4,67)     21 root-relative joint positions (ric), facing +Z
//   [67,193)   21 joint rotations, continuous 6-D
//   [193,259)  22 local joint velocities
//   [259,263)  foot contacts: left ankle, left foot, right ankle, right foot
// Encoding T frames of joints gives T-1 feature frames.

#include "stepmotion/core/motion/motion.h"

namespace stepmotion {

struct FeatureEncodeOptions {
    double footVelocityThreshold = 0.002; // squared displacement per frame (m^2), HumanML3D's feet_thre
    bool uniformSkeleton = true;          // re-proportion to the reference skeleton first
};

/// joints (T x 22 x 3, metres, Y up) → features (T-1 x 263). Puts the motion on the floor,
/// starts it at the origin facing +Z. Throws stepmotion::Error for fewer than 2 frames or
/// a joint count other than 22.
FeatureClip encodeFeatures(const JointClip& joints, const FeatureEncodeOptions& options = {});

/// features (T x 263) → joints (T x 22 x 3) from the root and ric blocks (recover_from_ric).
JointClip decodeFeatures(const FeatureClip& features);

/// HumanML3D's uniform_skeleton: keeps every bone's direction, sets its length to the
/// reference skeleton's, scales the root trajectory by the leg-length ratio.
JointClip uniformSkeleton(const JointClip& joints);

/// Left/right mirror of joint positions (x → -x, left and right joints swapped).
JointClip mirrorJoints(const JointClip& joints);

/// Left/right mirror in feature space (HumanML3D's swap_left_right applied to features).
FeatureClip mirrorFeatures(const FeatureClip& features);

} // namespace stepmotion
