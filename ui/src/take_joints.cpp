#include "stepmotion/ui/take_joints.h"

#include "stepmotion/core/feature_codec.h"
#include "stepmotion/core/motion_cleanup.h"

namespace stepmotion::ui {

JointClip takeJoints(const Take& take, bool cleanUp)
{
    return cleanUp ? cleanGeneratedMotion(take.features) : decodeFeatures(take.features);
}

} // namespace stepmotion::ui
