#pragma once
// Internal: where the foot lock (foot_lock.h) holds a foot still. A planted run becomes one
// plant where the leg can hold it; where the body travels further than a leg spans while the
// label stays on (a generated figure gliding on planted feet), the rest of the run becomes
// further plants with a step between each two, so the figure steps instead of skating.

#include "cleanup/foot_lock.h"

#include <vector>

namespace stepmotion::detail {

/// One leg's joints and the contact channels of its ankle and foot.
struct Leg {
    int hip, knee, ankle, foot;
    int ankleChannel, footChannel;
};
inline constexpr Leg kLegs[2] = {{LeftHip, LeftKnee, LeftAnkle, LeftFoot, 0, 1},
                                 {RightHip, RightKnee, RightAnkle, RightFoot, 2, 3}};

/// A stretch of frames on which one joint is held at one horizontal place.
struct Plant {
    int first = 0;
    int last = 0;
    Vec3 target{0.0};  // y = 0
    bool stepIn = false; // the frames before it, back to the previous plant of its run, are an added step
};

/// The plants of one planted run of the leg's foot joint (`toe`) or ankle, in time order.
/// The first is the run's slowest frame grown while the hip reaches it; where the run goes
/// on beyond reach, each further plant begins `stepFrames` frames after the one before (or
/// ends that many before the one after) and is grown while the hip reaches it. 0 step frames
/// gives the one plant only. The plants after a step have stepIn set. Where an added step
/// would fall on a frame that is `busy` (the other foot's added steps), the plant before it
/// ends earlier (the one after it starts later) so the feet step in turn, unless that leaves
/// the plant no frame.
std::vector<Plant> runPlants(const Positions& p, const Leg& leg, bool toe, const ContactRun& run, int stepFrames,
                             const std::vector<bool>& busy);

/// Per frame of the clip, whether it lies in an added step between two of `plants` (sorted).
std::vector<bool> stepFramesOf(const std::vector<Plant>& plants, int frames);

} // namespace stepmotion::detail
