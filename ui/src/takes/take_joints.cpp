#include "stepmotion/ui/takes/take_joints.h"

#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/cleanup/motion_cleanup.h"

namespace stepmotion::ui {

JointClip takeJoints(const Take& take, bool cleanUp)
{
    return cleanUp ? cleanGeneratedMotion(take.features) : decodeFeatures(take.features);
}

} // namespace stepmotion::ui
