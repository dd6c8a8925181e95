#pragma once
// Internal: the foot-lock step of cleanGeneratedMotion (motion_cleanup.h): planted runs read
// off the features' contact labels, and the legs re-solved so planted foot joints hold still.

#include "motion/feature_math.h"

#include <array>
#include <vector>

namespace stepmotion::detail {

/// Frames first..last (inclusive) on which one contact channel is planted.
struct ContactRun {
    int first = 0;
    int last = 0;
};

/// The feature contact channels in HumanML3D's order and the joint each one labels.
constexpr std::array<int, 4> kContactJoints = {LeftAnkle, LeftFoot, RightAnkle, RightFoot};

using ContactRuns = std::array<std::vector<ContactRun>, 4>;

/// v with its height dropped (y = 0): the locks and the root anchor work on the floor plane.
inline Vec3 horizontal(Vec3 v) { return {v.x, 0.0, v.z}; }

/// Runs of frames whose label (features [259 + channel]) is >= `threshold`, at least
/// `minFrames` long, per channel.
ContactRuns contactRuns(const FeatureClip& features, double threshold, int minFrames);

struct FootLockOptions {
    int blendFrames = 4;   // fade of the first and last hold
    int stepFrames = 7;    // frames of a step added where a run goes on beyond the leg's reach; 0: none
    double stepLift = 0.08; // metres the foot rises at the middle of such a step
};

/// The foot-lock step (motion_cleanup.h, step 4): holds each planted run still horizontally
/// where the leg reaches (foot_plants.h: a run beyond reach is held in several plants with
/// steps between them), bends the swing between holds, lifts the foot in the added steps,
/// fades the first and last hold over blendFrames + 1 frames, and re-solves hip-knee-ankle by
/// two-bone IK with the foot bone pointing at the toe's goal. Moves only knees, ankles and
/// feet and keeps bone lengths.
void lockFeet(Positions& p, int frames, const ContactRuns& runs, const FootLockOptions& options);

} // namespace stepmotion::detail
