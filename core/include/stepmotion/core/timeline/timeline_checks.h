#pragma once
// Physical tests of what a step's words ask, measured on the joints inside the step's time span
// (issue 15: the timeline benchmark). Each StepCheck names one request ("walk forward", "raise
// your left arm") and checkStep says whether a clip does it in [start, end], with the figures it
// measured. The checks read joint positions only and share no code with the rule-based step
// describer, which wrote the training steps and so cannot judge a model trained on them.
//
// Conventions (README "Motion conventions"): Y up, metres, a character at rest faces +Z with
// its left towards +X. Per frame the body's left axis is the horizontal mean of right->left hip
// and right->left shoulder; facing = left x up (so +X x +Y = +Z at rest); heading = atan2(f.x,
// f.z), which grows when the body turns towards its left (counter-clockwise seen from above,
// positive yaw about +Y). "Forward" and "left" of a step are the facing at the span's start.
//
// Ground: a foot joint's lift at frame t is its height above the lowest of both sides' same
// joint within +-0.5 s (whole clip), so slow vertical drift of generated motion does not read as
// a jump. A foot's lift is the lower of its ankle's and toe's (the whole foot off the floor);
// a step lift is the ankle's alone (the heel rises in every stride).
//
// Thresholds (the constants below) were set by measuring real mocap: CMU walks, runs, jumps,
// backward and sideways dribbles, dribbles with 90-degree turns (06_10 / 06_11), start-walk-stop
// 131_01, karate kicks 135_04 / 135_11, and Bandai Namco's labelled walk, run, walk-turn-left/right,
// raise-up-left/right/both-hands, wave-left/right/both-hands, bye-bye and kick takes. Each
// constant's comment gives the measured ranges; tst_timeline_checks asserts and prints them.

#include "stepmotion/core/motion/motion.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stepmotion {

/// What a step asks, as something that can be measured. Names (stepCheckName) are stable
/// snake_case strings used in timeline.json and in reports.
enum class StepCheck {
    WalkForward,      // walk_forward
    WalkBackward,     // walk_backward
    Run,              // run
    StandStill,       // stand_still
    TurnLeft,         // turn_left
    TurnRight,        // turn_right
    RaiseLeftArm,     // raise_left_arm
    RaiseRightArm,    // raise_right_arm
    RaiseBothArms,    // raise_both_arms
    LowerLeftArm,     // lower_left_arm
    LowerRightArm,    // lower_right_arm
    WaveLeftHand,     // wave_left_hand
    WaveRightHand,    // wave_right_hand
    Squat,            // squat
    Jump,             // jump
    KickLeft,         // kick_left
    KickRight,        // kick_right
    LeftArmUpWhile,   // left_arm_up_while: the left arm held above the head through the span
    RightArmUpWhile,  // right_arm_up_while
    SidestepLeft,     // sidestep_left
    SidestepRight,    // sidestep_right
};

/// Every check, in enum order.
const std::vector<StepCheck>& allStepChecks();

/// The stable snake_case name ("walk_forward").
std::string_view stepCheckName(StepCheck check);

/// The check named `name` (exact, lower case), or nothing.
std::optional<StepCheck> stepCheckFromName(std::string_view name);

/// The same request on the other side (raise_left_arm <-> raise_right_arm, turn_left <->
/// turn_right, sidestep_left <-> sidestep_right, ...); unsided checks map to themselves.
StepCheck mirrorStepCheck(StepCheck check);

// ------------------------------------------------------------------------------ thresholds
// The figures in brackets are what the real clips measure over their whole length (walks: CMU
// 05_01, 02_01, 07_01, 07_04, 08_04, 08_11 and Bandai walks; runs: CMU 02_03, 09_01, 09_05 and
// Bandai runs and dashes; standing: Bandai raise/wave clips and CMU 131_01's first and last
// second; jumps: CMU 02_04, 13_39..13_41).
// Locomotion. Speed = path length of the pelvis (x, z), smoothed over 5 frames, / span seconds.
constexpr double kWalkSpeedMin = 0.5;          // m/s [walks 0.87-1.29, backwards 1.06-1.28]
constexpr double kWalkSpeedMax = 2.0;          // m/s [runs 2.28-3.62]
constexpr double kBackwardSpeedMin = 0.3;      // m/s: walking backwards may be slower
constexpr double kRunSpeedMin = 2.0;           // m/s: faster than any walk ...
constexpr double kRunFlightSpeedMin = 1.5;     // ... or this fast with a flight phase:
constexpr double kFlightLiftMin = 0.1;         // m, both feet at once [walks <= 0.08, runs 0.10-0.15]
constexpr double kDirectionShare = 0.5;        // displacement along the asked direction / path
                                               // [straight walks 0.95-1.0; 90-degree turns 0.54]
constexpr double kStepLiftOn = 0.05;           // m: an ankle this high above its ground is a step
constexpr double kStepLiftOff = 0.03;          // m: ... which ends below this (hysteresis)
constexpr int kWalkAlternationsMin = 1;        // left and right steps alternate [walks 4-15]
constexpr double kSidestepMin = 0.3;           // m of sideways displacement [sideways dribbles 3.4-3.6]
// Standing still: the legs hold the body in place (the arms may do anything).
constexpr double kStillTravelMax = 0.25;       // m: pelvis never further than this from its start
                                               // [standing 0.01-0.10]
constexpr double kStillSpeedMax = 0.15;        // m/s mean pelvis speed [standing 0.01-0.12]
constexpr double kStillFootLiftMax = 0.05;     // m: neither foot (ankle and toe) off the floor
                                               // [standing 0.000-0.041, walks 0.08-0.14]
// Turning: heading at the span's end minus heading at its start (3-frame means), unwrapped.
constexpr double kTurnMinDeg = 45.0;           // [straight walks -38..+11; Bandai walk-turn-left
                                               // +97..+101, -right -94..-99; CMU 06_10 +359 (four
                                               // 90-degree left turns), 06_11 -364]
// Arms (wrist heights against the same frame's shoulder and head joints).
constexpr double kRaisedAboveShoulder = 0.1;   // m: a raised wrist [Bandai raise-up-hand +0.19,
                                               // waving +0.42; hanging -0.44, walking <= -0.25]
constexpr double kRaisedShare = 0.5;           // of the frames in the span's second half
constexpr double kLoweredBelowShoulder = 0.2;  // m: mean over the span's last quarter [hanging
                                               // -0.32..-0.44, running -0.23..-0.25]
constexpr double kHeldUpShare = 0.6;           // arm-up-while: share of the span's frames with the
                                               // wrist above the head joint [Bandai one-hand waves
                                               // 85-88% over the whole clip]
constexpr double kWaveHandOverShoulder = -0.1; // wave: the wrist at least this high against the
                                               // shoulder (Bandai's bye-bye waves at shoulder height
                                               // +-0.03 m; walking arm swing stays below -0.25,
                                               // running's reaches -0.14) ...
constexpr double kWaveRaisedShare = 0.5;       // ... in this share of the span ...
constexpr double kWaveSwingMin = 0.05;         // ... with lateral swings of at least this (m) ...
constexpr int kWaveSwingsMin = 3;              // ... this many times (a swing = one direction)
                                               // [Bandai one-hand waves 14-18 in 6-7 s]
// Squat, jump, kick.
constexpr double kSquatDropMin = 0.3;          // m: pelvis drop (above its ground) in the span
                                               // [walks 0.04-0.10, runs 0.16-0.19, the crouch
                                               // before a jump 0.28-0.33, CMU 131_01's squat
                                               // 0.38-0.45]
constexpr double kJumpLiftMin = 0.2;           // m: both feet (ankle and toe) off at one frame
                                               // [walks <= 0.08, runs 0.10-0.15, jumps 0.32-0.45]
constexpr double kKickLiftMin = 0.3;           // m: the kicking ankle's lift ... [walks <= 0.11 at
                                               // their best kick frame; kicks 0.87-1.49]
constexpr double kKickReachMin = 0.3;          // m: ... and its reach ahead of the pelvis along
                                               // the facing at the same frame [kicks 0.32-0.80]

/// One measured figure: a stable snake_case name with its unit ("speed_mps", "heading_deg").
struct StepMeasure {
    std::string name;
    double value = 0;
};

struct StepCheckResult {
    StepCheck check = StepCheck::StandStill;
    bool passed = false;
    int firstFrame = 0;               // the frames measured, inclusive; lastFrame < firstFrame
    int lastFrame = -1;               // when the span holds fewer than 2 frames of the clip
    std::vector<StepMeasure> values;  // the figures the verdict rests on
    std::string measure;              // e.g. "root travel 1.42 m, speed 0.95 m/s, ..."

    /// The value named `name`, or NaN.
    double value(std::string_view name) const;
};

/// Tests whether `joints` does what `check` asks in [start, end] seconds: frames
/// round(start * fps) .. round(end * fps), clamped to the clip. A span with fewer than 2 frames
/// inside the clip fails with measure "span outside the clip". Pass rules per check:
/// - walk_forward: speed in [kWalkSpeedMin, kWalkSpeedMax], forward displacement >=
///   kDirectionShare x path, left/right step lifts alternating at least kWalkAlternationsMin times.
/// - walk_backward: the same with the displacement backwards and speed >= kBackwardSpeedMin.
/// - run: forward as walk_forward, speed >= kRunSpeedMin, or >= kRunFlightSpeedMin with a frame
///   where both feet are off the floor.
/// - stand_still: pelvis within kStillTravelMax of its start, mean speed <= kStillSpeedMax, no
///   foot lifted above kStillFootLiftMax.
/// - turn_left / turn_right: heading change >= kTurnMinDeg / <= -kTurnMinDeg.
/// - sidestep_left / _right: displacement towards that side >= kSidestepMin and >=
///   kDirectionShare x path, at least one step lift, and the heading kept (|change| < kTurnMinDeg).
/// - raise_<side>_arm: that wrist >= kRaisedAboveShoulder above its shoulder in >= kRaisedShare
///   of the span's second half, and the other wrist not (raise_both_arms: both).
/// - lower_<side>_arm: that wrist, averaged over the span's last quarter, >= kLoweredBelowShoulder
///   below its shoulder.
/// - wave_<side>_hand: that wrist no lower than kWaveHandOverShoulder against its shoulder in >=
///   kWaveRaisedShare of the span, swinging sideways (body left axis) while up by >= kWaveSwingMin
///   at least kWaveSwingsMin times; the other hand must not meet the same test.
/// - <side>_arm_up_while: that wrist above the head joint in >= kHeldUpShare of the span's
///   frames, and the other wrist not.
/// - squat: pelvis height (above the floor) falls by >= kSquatDropMin from its highest in the span
///   before its lowest frame, with a foot on the floor at the lowest frame.
/// - jump: both feet >= kJumpLiftMin off the floor at one frame.
/// - kick_<side>: that ankle >= kKickLiftMin up and >= kKickReachMin ahead of the pelvis at one
///   frame, and lifted higher than the other ankle ever is in the span.
/// Throws stepmotion::Error for a clip without 22 joints, a buffer of the wrong size, a
/// non-positive fps, non-finite times or end < start.
StepCheckResult checkStep(const JointClip& joints, double start, double end, StepCheck check);

} // namespace stepmotion
