#pragma once
// Internal: step 1 of cleanGeneratedMotion (motion_cleanup.h), the skeleton made rigid again.

#include "motion/feature_math.h"

namespace stepmotion::detail {

/// Rebuilds every frame of `p` (frames x 22 x 3) from the pelvis out with the clip's median
/// bone lengths, so every bone keeps one length over the clip:
///  - the two branching joints (pelvis: hips and spine; spine3: neck and collars) get one
///    rigid shape, the clip's mean shape in the frame spanned by the centre child and the
///    left-right pair, turned onto each frame's decoded frame. BVH and FBX hierarchies can
///    only rotate such a cluster, so a cluster that changes shape would come back from an
///    export elsewhere;
///  - knee and ankle are placed by two-bone IK (knee in its decoded plane) so the ankle stays
///    where it was decoded: a plain rebuild adds up the length errors of pelvis, hip, thigh
///    and shin and moves a planted foot by centimetres, through the floor too;
///  - every other bone keeps its decoded direction (IK on nearly straight arms turned length
///    noise into elbow swings). A bone of zero length keeps the direction it had on the
///    frame before (its rest direction on frame 0).
void rebuildWithFixedBones(Positions& p, int frames);

} // namespace stepmotion::detail
