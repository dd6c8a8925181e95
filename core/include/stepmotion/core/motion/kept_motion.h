#pragma once
// Frames of an existing motion that a generation keeps: the rest of a take while one span is
// regenerated, or a loaded clip that new steps continue. The sampler replaces its clean-motion
// estimate by the kept features where their weight is 1 at every denoising step (so the model
// sees them as context and the new frames join them), and generate() then corrects the root
// path of the new frames so that kept frames after them stay where they were.

#include "stepmotion/core/motion/motion.h"

#include <vector>

namespace stepmotion {

struct KeptMotion {
    FeatureClip motion;        // de-normalised features, as long as the clip to generate
    std::vector<float> weight; // one per frame in [0, 1]: 1 = keep exactly, 0 = generate freely
};

/// Keeps every frame of `take` outside [start, end] seconds; the weight ramps from 0 at the
/// span's edges to 1 over blendSeconds outside them, so velocities stay continuous. Throws
/// stepmotion::Error for a span that is empty or lies outside the take.
KeptMotion keepOutsideSpan(const FeatureClip& take, double start, double end, double blendSeconds = 0.25);

/// Keeps all of `motion` as the first frames of a clip of `totalFrames` frames, the rest to
/// generate. Throws stepmotion::Error unless totalFrames > motion.frames.
KeptMotion keepPrefix(const FeatureClip& motion, int totalFrames);

/// Makes the decoded root path of `generated` (same length as kept.motion) equal the kept
/// motion's on every kept frame (weight 1) that follows generated ones: each run of generated
/// frames gets its turn and travel adjusted, spread by (1 - weight), so that it ends facing and
/// standing where the kept frames after it start. Joints of those kept frames then decode to
/// the kept positions. Throws stepmotion::Error for mismatched lengths.
void matchRootPath(FeatureClip& generated, const KeptMotion& kept);

} // namespace stepmotion
