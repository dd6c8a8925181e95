#pragma once
// Internals of the step describer shared by its source files: smoothed per-frame signals in
// the character's facing frame, interval helpers, and the Snippet each detector emits before
// the snippets are merged and worded.

#include "stepmotion/core/describer/step_describer.h"

#include <glm/glm.hpp>

#include <array>
#include <string>
#include <vector>

namespace stepmotion::describer {

using V3 = glm::dvec3; // dot and cross are glm's; a declared V3 is not zeroed: write V3 v(0.0)
inline double norm(V3 a) { return glm::length(a); }
V3 normalized(V3 a); // the zero vector stays zero
/// Angle between two vectors in degrees (0 when either is zero).
double angleDeg(V3 a, V3 b);
/// An angle in degrees wrapped into [-180, 180].
double wrapDeg(double a);
constexpr double kRadToDeg = 57.29577951308232;

/// Frames [begin, end).
struct Interval {
    int begin = 0;
    int end = 0;
    int length() const { return end - begin; }
};

enum class Side { None, Left, Right };
const char* sideWord(Side side); // "left", "right", ""
Side otherSide(Side side);

/// Joint indices of one side's limbs.
struct Limbs {
    int hip, knee, ankle, foot, collar, shoulder, elbow, wrist;
};
Limbs limbsOf(Side side);

/// Per-frame quantities every detector reads. "Local" is the facing frame: x towards the
/// character's left, y up (height above the floor), z forward; origin under the pelvis.
struct Signals {
    int frames = 0;
    double fps = kFps;
    std::vector<V3> world;              // smoothed positions, frames x 22
    std::vector<V3> local;              // the same in the facing frame
    std::vector<double> yaw;            // facing angle about +Y, unwrapped, rad (+ = turned left)
    std::vector<double> yawRateDeg;     // deg/s, + = turning left
    std::vector<double> speed;          // root horizontal speed, m/s
    std::vector<double> velForward;     // m/s in the facing frame
    std::vector<double> velLeft;
    std::array<std::vector<double>, 2> footClearance; // left, right: m above the foot's resting height
    std::vector<double> pelvisHeight;   // m above the floor
    std::vector<double> maxJointSpeed;  // fastest joint, m/s (world)
    double legLength = 0.8;             // hip to ankle, m
    double standingPelvisHeight = 0.9;  // m above the floor

    const V3& w(int t, int j) const { return world[static_cast<std::size_t>(t) * kJointCount + static_cast<std::size_t>(j)]; }
    const V3& l(int t, int j) const { return local[static_cast<std::size_t>(t) * kJointCount + static_cast<std::size_t>(j)]; }
    int framesFor(double seconds) const;
    double seconds(int frame) const { return frame / fps; }
    const std::vector<double>& clearance(Side side) const { return footClearance[side == Side::Left ? 0 : 1]; }
};

Signals computeSignals(const JointClip& joints, const DescriberOptions& options);

/// Centred moving average of width 2*halfWidth+1 applied twice; windows shrink at the ends.
std::vector<double> smoothed(const std::vector<double>& x, int halfWidth);
/// Central-difference derivative per second.
std::vector<double> derivative(const std::vector<double>& x, double fps);
double percentile(std::vector<double> values, double p);
double median(std::vector<double> values);

/// Intervals where x rises to >= on and until it falls below off, at least minFrames long.
std::vector<Interval> hysteresis(const std::vector<double>& x, double on, double off, int minFrames);
/// Intervals where mask is set, at least minFrames long.
std::vector<Interval> maskIntervals(const std::vector<char>& mask, int minFrames);
/// Joins intervals whose gap is at most maxGap frames.
std::vector<Interval> joinClose(std::vector<Interval> intervals, int maxGap);
bool overlaps(const Interval& a, const Interval& b, int slack = 0);
bool overlapsAny(const Interval& a, const std::vector<Interval>& set, int slack = 0);
/// Frames of `a` covered by `set`, as a fraction of a's length.
double coveredFraction(const Interval& a, const std::vector<Interval>& set);

/// Moves `begin` back while x keeps decreasing backwards and stays above `floorLevel`: the
/// frame the movement into a state began, not the frame a threshold was crossed.
int extendOnset(const std::vector<double>& x, int begin, double floorLevel, int limit);
/// The mirror of extendOnset for the end of an interval.
int extendOffset(const std::vector<double>& x, int end, double floorLevel, int limit);

/// One past the last frame of `iv` where x is still within 30% of its peak (measured down to
/// offLevel): where holding a posture ends and the return movement begins.
int holdEnd(const std::vector<double>& x, Interval iv, double offLevel);

/// Turning points of a zigzag whose swings are at least minAmplitude, inside [a.begin, a.end).
std::vector<int> zigzagExtrema(const std::vector<double>& x, Interval a, double minAmplitude);
/// Runs of extrema no more than maxGap frames apart, as [first extremum, last extremum + 1).
/// `strokes` receives each run's number of swings.
std::vector<Interval> oscillations(const std::vector<int>& extrema, int maxGap, int minStrokes,
                                   std::vector<int>& strokes);

/// What a detector found, before merging and wording.
struct Snippet {
    Interval span;
    std::vector<BodyPart> parts;
    std::string rule;       // "arm.raise", "locomotion.walk", ...
    std::string verb;       // imperative, capitalised: "Raise"
    std::string rest;       // "your left arm above your head"
    std::string bothRest;   // wording when merged with the other side; empty = never merged
    std::vector<BodyPart> bothParts;
    Side side = Side::None;
    int count = 1;          // repetitions ("twice") when countable
    bool countable = false;
    double value = 0;
    std::string unit;
};

Snippet makeSnippet(Interval span, std::string rule, std::string verb, std::string rest,
                    std::vector<BodyPart> parts);
/// "forward", "backward", "to the left", "to the right" for a horizontal direction in the
/// facing frame (left, forward components), with sideways/backward limits in degrees.
const char* directionPhrase(double left, double forward, double sidewaysDeg, double backwardDeg);
BodyPart armPart(Side side);
BodyPart handPart(Side side);
BodyPart legPart(Side side);
/// Flexion of the middle joint of a-b-c in degrees: 0 when straight.
double flexionDeg(V3 a, V3 b, V3 c);

/// Whole-body intervals other detectors consult to avoid describing the same thing twice.
struct BodyContext {
    std::vector<Interval> locomotion, runs, turns, jumps, crouches, kneeBends;
};

BodyContext describeWholeBody(const Signals& s, const DescriberOptions& o, std::vector<Snippet>& out);
void describeTorso(const Signals& s, const DescriberOptions& o, const BodyContext& c, std::vector<Snippet>& out);
void describeHead(const Signals& s, const DescriberOptions& o, std::vector<Snippet>& out);
void describeArms(const Signals& s, const DescriberOptions& o, const BodyContext& c, std::vector<Snippet>& out);
void describeLegs(const Signals& s, const DescriberOptions& o, const BodyContext& c, std::vector<Snippet>& out);
/// Hands, feet and the head moving while no snippet in `out` covers them (run after the
/// other detectors; describe_limb_moves.cpp).
void describeLimbMoves(const Signals& s, const DescriberOptions& o, std::vector<Snippet>& out);
/// "Stand still." over quiet stretches that no other snippet covers; a fallback when empty.
void describeStillness(const Signals& s, const DescriberOptions& o, std::vector<Snippet>& out);

/// Merging and wording (step_describer_text.cpp).
void mergeBothSides(std::vector<Snippet>& snippets, int syncFrames);
void mergeRepeats(std::vector<Snippet>& snippets, int gapFrames);
std::string sentence(const Snippet& s);
std::string thirdPersonClause(const Snippet& s);
std::string countWords(int count); // "twice", "three times", ...
std::string coarseSentence(const std::vector<Snippet>& snippets);

} // namespace stepmotion::describer
