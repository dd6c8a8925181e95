#pragma once
// Internal: two-bone inverse kinematics (hip-knee-ankle, shoulder-elbow-wrist) for the
// clean-up of generated motion (motion_cleanup.h), in double precision.

#include "motion/feature_math.h"

namespace stepmotion::detail {

/// Where the middle and end joint of a two-bone limb go.
struct LimbPose {
    Vec3 mid{0.0};
    Vec3 end{0.0};
};

/// The limb hanging from `root` with bone lengths `upper` and `lower` (both > 0) that brings
/// its end joint to `target`, or as close as it reaches: straight towards the target when too
/// far, folded when too near. The middle joint bends in the plane through root, target and
/// `midHint` (the middle joint's current place); `bendHint` picks the side when `midHint`
/// lies on the root-target line.
LimbPose solveTwoBone(Vec3 root, double upper, double lower, Vec3 target, Vec3 midHint, Vec3 bendHint);

/// The body's facing on frame t of `p`: horizontal, from the hips (rest faces +Z with the left
/// hip towards +X); +Z when the hips coincide.
Vec3 bodyFacing(const Positions& p, int t);

} // namespace stepmotion::detail
