#pragma once
// Internal to the timeline checks: the per-frame quantities of one step's span that the checks
// compare against their thresholds (see timeline_checks.h for the conventions). Independent of
// the step describer's signals on purpose: the checks must not share its judgement.

#include "stepmotion/core/motion/motion.h"

#include <glm/glm.hpp>

#include <array>
#include <vector>

namespace stepmotion::timeline_detail {

using Vec3 = glm::dvec3;

enum SideIndex { kLeft = 0, kRight = 1 };

/// Frames first..last (inclusive) of a clip, measured.
struct SpanSignals {
    int first = 0;
    int last = -1;
    double seconds = 0;                    // (last - first) / fps

    // Locomotion: pelvis (x, z) smoothed over 5 frames.
    double path = 0;                       // m, summed frame-to-frame travel
    double forward = 0;                    // m, end - start along the start facing
    double leftward = 0;                   // m, end - start along the start left axis
    double maxDistance = 0;                // m, furthest pelvis distance from its start
    std::vector<double> heading;           // rad, unwrapped, + = turned left (one per frame)

    // Feet (m above the floor, see timeline_checks.h).
    std::array<std::vector<double>, 2> ankleLift;  // the step lift
    std::array<std::vector<double>, 2> footLift;   // min(ankle, toe): the whole foot
    std::array<std::vector<double>, 2> ankleReach; // ankle ahead of the pelvis along that frame's facing
    std::vector<double> pelvisHeight;              // pelvis above the floor (toe ground)

    // Arms.
    std::array<std::vector<double>, 2> wristOverShoulder; // wrist y - shoulder y
    std::array<std::vector<double>, 2> wristOverHead;     // wrist y - head y
    std::array<std::vector<double>, 2> wristLateral;      // wrist - shoulder along that frame's left axis

    int frames() const { return last - first + 1; }
};

/// The span's signals. Expects a validated clip and 0 <= first < last < joints.frames.
SpanSignals measureSpan(const JointClip& joints, int first, int last);

/// Number of episodes where `lift` rises above `on`, each ending when it falls below `off`; the
/// frame of each episode's peak goes to `peaks` when given.
int liftEpisodes(const std::vector<double>& lift, double on, double off, std::vector<int>* peaks = nullptr);

/// Direction changes of `x` whose swing (extreme to extreme) is at least `minSwing`: a
/// hysteresis peak counter, so jitter below `minSwing` is not counted.
int swings(const std::vector<double>& x, double minSwing);

/// Share of `x`'s entries in [from, to) that are >= `threshold` (0 for an empty range).
double shareAtLeast(const std::vector<double>& x, double threshold, int from, int to);

double maxOf(const std::vector<double>& x);
double meanOf(const std::vector<double>& x, int from, int to);

} // namespace stepmotion::timeline_detail
