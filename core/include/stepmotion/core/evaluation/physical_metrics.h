#pragma once
// Physical plausibility of a joint clip: frame-level artefacts that embedding metrics (FID,
// R-Precision) do not see — judder, stutter at the denoiser's patch seams, sliding feet,
// stretching bones, feet through the floor and implausible jumps. The same code scores ground
// truth and generated motion, so the figures compare directly. Torch-free.

#include "stepmotion/core/evaluation/eval_metrics.h"
#include "stepmotion/core/motion/motion.h"

#include <vector>

namespace stepmotion {

struct PhysicalMetricOptions {
    int patchFrames = 4;              // period of the seam phases (the denoiser's patch length)
    double footHeightMax = 0.05;      // metres: a foot below this at both frames counts as on the ground
    double footSlideMin = 0.025;      // metres per frame pair: horizontal travel above this is a slide
};

/// One clip's figures. y = 0 is the floor; finite differences use the clip's fps.
struct PhysicalMetrics {
    /// m/s^3: mean over joints and frames t = 0..T-4 of
    /// |p[t+3] - 3 p[t+2] + 3 p[t+1] - p[t]| * fps^3.
    double meanJerk = 0;
    /// m/s^2, one entry per phase k = 0..patchFrames-1: the mean over joints of
    /// |p[i+2] - 2 p[i+1] + p[i]| * fps^2 over the accelerations whose first frame i has
    /// i mod patchFrames == k (so with 4-frame patches phases 2 and 3 straddle a seam).
    /// NaN for a phase that holds no acceleration (clips shorter than patchFrames + 2).
    std::vector<double> phaseAcceleration;
    /// max / min of the non-NaN phaseAcceleration entries: 1.0 = no periodicity. 1.0 when
    /// nothing accelerates at all, +infinity when only the smallest phase is still.
    double seamPhaseRatio = 1;
    /// Fraction of foot-frame pairs (left_foot and right_foot, frames t and t+1; 2 (T-1) pairs)
    /// in which the foot is below footHeightMax at both frames and moves more than footSlideMin
    /// horizontally (x, z) between them.
    double footSkating = 0;
    /// Metres: per bone (each joint but the pelvis against skeleton::parents()), the population
    /// standard deviation of its length over the clip; the worst bone and the mean over the 21.
    double boneLengthStdMax = 0;
    double boneLengthStdMean = 0;
    /// Metres: max(0, -lowest y of any joint in any frame).
    double floorPenetration = 0;
    /// Metres above the floor (y = 0): the highest, over frames, of the lower foot, where each
    /// side's height is the lower of its foot and ankle joints — how far both feet leave the
    /// ground at the peak of a jump (about the foot joints' resting height in a walk).
    double airborneHeight = 0;
};

/// Scores a 22-joint clip. Throws stepmotion::Error for fewer than 4 frames (no third
/// difference), a joint count other than 22, a buffer that does not hold frames x 22 x 3
/// values, fps <= 0, or patchFrames < 1 / negative thresholds.
PhysicalMetrics measurePhysical(const JointClip& joints, const PhysicalMetricOptions& options = {});

/// Mean and 95% CI (meanInterval, one value per clip) of each figure over a set of clips.
struct PhysicalSummary {
    int clips = 0;
    MeanInterval meanJerk, seamPhaseRatio, footSkating, boneLengthStdMax, boneLengthStdMean,
        floorPenetration, airborneHeight;
    /// Per phase, the mean over clips of their phaseAcceleration (NaN phases ignored), and
    /// max / min of those means: a seam figure for the whole set that short or still clips,
    /// whose own ratios are noisy, cannot dominate. Same conventions as seamPhaseRatio.
    std::vector<double> pooledPhaseAcceleration;
    double pooledSeamPhaseRatio = 1;
};

/// Summarises clips scored with the same patchFrames (throws stepmotion::Error when their
/// phase counts differ). An empty list gives NaN everywhere and no phases.
PhysicalSummary summarisePhysical(const std::vector<PhysicalMetrics>& clips);

/// max / min of the non-NaN entries, with the conventions of PhysicalMetrics::seamPhaseRatio
/// (NaN when no entry is a number).
double phaseRatio(const std::vector<double>& phaseMeans);

} // namespace stepmotion
