#pragma once
// Clean-up of generated motion before it reaches animators: a model's 263-d features decode
// to joints whose bones stretch from frame to frame, whose feet slide while the features say
// they are planted, and which sink a few centimetres under the floor. cleanGeneratedMotion()
// turns such features into joints with
//   1. fixed bone lengths: every frame is rebuilt from the pelvis down the hierarchy with the
//      clip's median length for each bone, each bone keeping its decoded direction, except
//      that knee and ankle are placed by two-bone IK so the ankle stays where it was decoded
//      (a plain rebuild adds up the length errors along the leg and moves the feet by
//      centimetres), and that the hips-and-spine fan of the pelvis and the neck-and-collars
//      fan of spine3 keep one rigid shape (BVH and FBX can only rotate them, so a fan that
//      changes shape would come back from an export elsewhere). The clip's own medians
//      rather than skeleton::referenceBoneLengths():
//      they move the joints least, keep the predicted root height consistent with the legs,
//      and suit models trained on clips that were not re-proportioned;
//   2. no gliding on planted feet: on frames where both feet are planted, the whole body is
//      moved back horizontally by the slide of the planted foot joint that moved least (up
//      to anchorMaxSlide a frame, smoothed over a few frames). Generated figures asked to
//      stand still otherwise glide 0.2-0.4 m over 4 s with both feet labelled planted, and
//      the foot lock (4) can only hold the feet while the legs reach;
//   3. a floor: the clip is shifted vertically so that the lowest planted foot joint (the
//      lowest height an ankle or foot joint has on a frame its contact label marks as
//      planted) sits at y = 0, which is where HumanML3D's encoder puts the lowest point of a
//      real clip; a clip without planted frames puts its lowest joint there. If anything
//      else then still dips more than floorTolerance below 0 (a swinging toe), the whole
//      clip is lifted until it does not;
//   4. foot locks: a run of frames on which a foot joint's contact label is >= the threshold
//      (runs shorter than minContactFrames ignored) holds the joint at one horizontal place,
//      its mean over the held frames; heights are left as decoded (a heel rises while HumanML3D's
//      labels are still on). Only the part of a run the leg can reach is held (grown from the
//      run's slowest frame while the hip stays within reach): generated
//      clips often keep a label on while the body travels further than a leg spans, and
//      chasing that would straighten the knee and lift the foot. Where such a run goes on
//      beyond reach, the rest of it is held in further plants with a step of stepFrames
//      between each two, in which the foot rises by up to stepLift (half a sine; 8 cm is about
//      a real walk's toe clearance), so the figure steps along instead of skating; the second
//      foot's added steps are moved off the first's where its plant can be shortened, so the
//      feet step in turn. The toe (foot joint) leads;
//      the ankle is held on its own only where the heel alone is planted, and otherwise
//      moves with the toe so the foot keeps its decoded pitch. Between two holds the swing is
//      bent smoothly (a cubic over the whole gap) to land where the next hold is; before the
//      first and after the last the correction fades over blendFrames + 1 frames. Legs are
//      re-solved by two-bone IK (knee in the plane of the decoded knee, soft near a straight
//      leg), so bone lengths stay fixed.
// The upper body is only rebuilt (1) and shifted (2, 3). The result is a pure function of its
// input (no randomness, no threads). Studio and `stepmotion generate` apply it to generated
// takes; dataset clips and opened files are shown as they are.

#include "stepmotion/core/motion/motion.h"

namespace stepmotion {

struct MotionCleanupOptions {
    bool fixBoneLengths = true; // rebuild every frame with the clip's median bone lengths
    bool lockFeet = true;       // hold planted feet still (two-bone leg IK)
    bool anchorRoot = true;     // a body on both planted feet does not glide (2)
    bool floor = true;          // lowest planted foot joint at y = 0, nothing far below
    double contactThreshold = 0.5; // a decoded contact label >= this is "planted"
    int minContactFrames = 2;      // shorter planted runs are label flicker and ignored
    int blendFrames = 4;           // fade of the first and last hold (and of the toe's lead)
    int stepFrames = 7;            // frames of a step added where a planted run is beyond reach (4); 0: none
    double stepLift = 0.08;        // metres the foot rises at the middle of such a step
    double floorTolerance = 0.01;  // metres anything may stay below the floor after the shift
    double anchorMaxSlide = 0.025; // m per frame: a faster planted foot is stepping, not anchoring
};

/// Decodes `features` (T x 263, de-normalised, as a model or a features .npy gives them)
/// and cleans the joints as described above. T x 22 x 3 joints at 20 fps; an empty clip for
/// 0 frames. With every option off it equals decodeFeatures(). Throws stepmotion::Error,
/// as decodeFeatures does, for a buffer that does not hold frames x 263 values.
JointClip cleanGeneratedMotion(const FeatureClip& features, const MotionCleanupOptions& options = {});

} // namespace stepmotion
