#pragma once
// Rule-based, motion-grounded step describer: turns 22-joint positions into timed, body-part
// tagged imperative sentences in the style of FineMotion's snippets ("Raise your left arm to
// shoulder height.", "Walk forward quickly.", "Wave your right hand three times."). In the
// spirit of PoseScript/MotionScript posecodes: per-frame quantities are measured in the
// character's own facing frame, smoothed, thresholded with hysteresis into intervals, and
// the intervals become sentences. Deterministic; no learned parts.
//
// Covered: whole body (walk/run forward, backward, sideways with a speed class; turn with the
// angle rounded to 45 degrees; jump; crouch; bend the knees; stand still), torso (lean
// forward/back/sideways, bend forward, twist), head (nod, look down/up, tilt sideways; a pure
// head turn about the neck is not observable from joint positions), each arm (raise/lower to
// a level: above the head, head, shoulder, chest, waist, hand on the hip; extend/bend the
// elbow; wave with a count) and each leg (step in a direction, kick, lift the knee, raise the
// leg, bring the foot back beside the other). Walking, running, jumping and crouching also
// tag both legs. A hand, foot or the head that moves while no other step covers it gets a
// residual step ("Move your left hand up.", "Swing your arms." while walking).

#include "stepmotion/core/motion/motion.h"
#include "stepmotion/core/steps/steps.h"

#include <string>
#include <vector>

namespace stepmotion {

/// Every threshold the describer uses, with its unit in the name. The defaults were tuned
/// on HumanML3D samples, CMU and Bandai Namco takes (see tests/core/describer/tst_step_describer.cpp).
struct DescriberOptions {
    // Smoothing (centred moving average applied twice, i.e. a triangular window).
    double positionSmoothingS = 0.15;    // joint positions
    double facingSmoothingS = 0.3;       // facing direction (yaw)
    double velocitySmoothingS = 0.5;     // root velocity: averages over about one step
    double floorWindowS = 2.0;           // the floor is the lowest foot within this window

    // Whole body: locomotion.
    double moveOnSpeedMps = 0.35;        // root speed that starts a locomotion interval
    double moveOffSpeedMps = 0.2;        // ... and ends it
    double minLocomotionS = 0.8;         // shorter movements are single steps, not walking
    double minLocomotionDistanceM = 0.5;
    double slowWalkSpeedMps = 0.7;       // below: "slowly"
    double quickWalkSpeedMps = 1.6;      // above: "quickly"
    double runSpeedMps = 2.2;            // above: running even without a flight phase
    double runMinSpeedMps = 1.4;         // flight phases below this speed are hops, not running
    double runFlightFraction = 0.08;     // share of frames with both feet in the air that makes a run
    double jogCadenceStepsPerS = 2.4;    // above runMinSpeedMps, this many foot lifts a second = jogging
    double fastRunSpeedMps = 4.0;        // above: "run quickly"
    double sidewaysAngleDeg = 55;        // velocity this far from facing is sideways...
    double backwardAngleDeg = 125;       // ... and this far is backward

    // Whole body: turning, jumping, crouching, stillness.
    double turnSmoothingS = 0.6;         // extra smoothing of the yaw rate for turns
    double turnOnRateDegPerS = 25;       // yaw rate that starts a turn
    double turnOffRateDegPerS = 10;      // ... and ends it
    double minTurnDeg = 30;              // smaller turns are not reported
    double jumpFootClearanceM = 0.1;     // both feet at least this high = airborne
    double minAirborneS = 0.1;
    double jumpDistanceM = 0.3;          // horizontal travel that makes "jump forward"
    double crouchOnRatio = 0.72;         // pelvis height / standing pelvis height
    double crouchOffRatio = 0.8;
    double kneeBendOnRatio = 0.9;        // "bend your knees": a milder pelvis drop...
    double kneeBendOffRatio = 0.94;
    double kneeBendDeg = 30;             // ... with both knees flexed at least this much
    double minPostureS = 0.3;            // shortest crouch, knee bend, lean, twist, head pose
    double stillJointSpeedMps = 0.2;     // every joint slower than this = still
    double minStillS = 1.0;

    // Torso and head (angles relative to upright / to the torso).
    double leanOnDeg = 20;
    double leanOffDeg = 12;
    double bendOnDeg = 45;               // forward lean this deep is "bend forward"
    double leanBackOnDeg = 15;
    double leanSideOnDeg = 15;
    double twistOnDeg = 30;              // shoulders against hips, about the vertical
    double twistOffDeg = 18;
    double headPitchOnDeg = 25;          // look down / up, relative to the clip's neutral
    double headPitchOffDeg = 15;
    double headTiltOnDeg = 18;
    double headTiltOffDeg = 10;
    double nodAmplitudeDeg = 8;          // smallest pitch swing that counts as a nod
    double nodMaxHalfPeriodS = 0.6;

    // Arms. Hand height is normalised: 0 at the pelvis, 1 a torso length (pelvis to shoulder) above.
    double armLevelMargin = 0.06;        // hysteresis on the normalised hand height
    double restHandLevel = 0.2;          // below: arm down (or hand at the hip when the elbow is bent)
    double chestHandLevel = 0.5;
    double shoulderHandLevel = 0.8;
    double headHandLevel = 1.2;
    double overheadMarginM = 0.05;       // hand this far above the head joint = above the head
    double hipHandElbowDeg = 60;         // hand at pelvis height with this elbow flexion...
    double hipHandElbowOutM = 0.1;       // ... the elbow this far out from the shoulder...
    double hipHandMaxForwardM = 0.15;    // ... and the hand no further in front of the pelvis = on the hip
    double minArmHoldS = 0.25;           // a level must hold this long to count
    double armMoveSpeedMps = 0.3;        // hand speed (relative to the pelvis) that marks movement
    double pumpMaxHalfPeriodS = 1.0;     // up-down-up... level changes this quick are one "up and down" step
    double elbowBentDeg = 80;            // elbow flexion on/off for "bend"/"extend"
    double elbowStraightDeg = 35;
    double waveAmplitudeM = 0.05;        // smallest hand swing that counts as a wave stroke
    double waveMaxHalfPeriodS = 0.8;
    int minWaveReversals = 2;
    double waveSettledRatePerS = 1.0;    // hand height change (pelvis-shoulder spans per second)
                                         // below which a raised hand has settled and may wave

    // Legs.
    double footLiftOnM = 0.05;           // foot clearance above its resting height
    double footLiftOffM = 0.025;
    double minStepM = 0.12;              // horizontal foot travel that makes a step
    double kickFootSpeedMps = 2.0;       // foot speed relative to the pelvis
    double kickHeightM = 0.2;            // foot clearance at the kick's peak
    double highKickHipRatio = 0.75;      // ankle height / hip height for "kick high"
    double kneeLiftDeg = 55;             // thigh elevation from hanging
    double legRaiseHeightM = 0.25;       // straight-leg raise without speed
    double feetTogetherM = 0.3;          // ankles closer than this = feet together
    double singleKneeBendOnDeg = 40;     // one knee flexed this much on a planted foot...
    double singleKneeBendOffDeg = 25;    // ... until it straightens to this

    // Residual limb movement: a wrist or ankle moving relative to the pelvis (the head
    // relative to the neck) while no other step covers that part becomes "Move your left hand
    // up." / "Swing your arms." (arm swing while walking, small gestures, shifting a foot).
    double limbMoveOnSpeedMps = 0.25;    // effector speed relative to its anchor, facing frame
    double limbMoveOffSpeedMps = 0.15;
    double headMoveSpeedRatio = 0.4;     // the head's lever about the neck is short: its
                                         // speed and distance thresholds are scaled by this
    double legMoveSpeedRatio = 2.5;      // the ankle also moves when the pelvis sways over a
                                         // planted foot: legs need a faster, longer movement
    double minLimbMoveS = 0.2;
    double minLimbMoveM = 0.08;          // path length of the effector over the movement
    double limbMoveNetM = 0.08;          // net displacement below which a movement is a swing
    double limbMoveJoinS = 0.15;         // movements closer than this are one

    // Output shaping.
    double minStepS = 0.3;               // shorter steps are widened around their centre
    double repeatGapS = 0.6;             // identical countable steps closer than this are merged
    double bothSidesSyncS = 0.5;         // left/right steps starting this close become "both"
    double timeQuantumS = 0.05;          // start/end are rounded to this
};

/// One step plus why it was produced: the rule that fired and its main measurement.
struct DescribedStep {
    Step step;
    std::string rule;   // e.g. "locomotion.walk", "arm.raise", "leg.kick", "still"
    double value = 0;   // the rule's measurement, e.g. mean speed, turn angle, wave count
    std::string unit;   // "m/s", "deg", "count", "" when none
};

/// The describer's full output, ordered by start time (then body part, then text).
struct MotionDescription {
    std::vector<DescribedStep> steps;
    std::string coarse; // e.g. "a person walks forward quickly and waves their right hand."
    StepList toStepList() const;
};

/// Describes a clip of 22-joint positions (metres, Y up, any fps; HumanML3D joint order).
/// A clip with no detected movement yields a single "Stand still." step. Throws
/// stepmotion::Error for a joint count other than 22, no frames, or non-finite positions.
MotionDescription analyseMotion(const JointClip& joints, const DescriberOptions& options = {});

/// analyseMotion(...).toStepList(): source "describer".
StepList describeMotion(const JointClip& joints, const DescriberOptions& options = {});

} // namespace stepmotion
