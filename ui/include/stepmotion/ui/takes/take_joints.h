#pragma once
// The one place where Studio turns a take (generated features) into the joints it shows and
// exports: the player, File > Export selected take... and File > Export starred takes... all
// go through takeJoints(), so what is seen is what is written. Dataset clips and opened files
// never pass here: they are shown as they are. GL-free.

#include "stepmotion/core/motion/motion.h"
#include "stepmotion/ui/takes/take_list_model.h"

namespace stepmotion::ui {

/// The joints of `take`: its features decoded and, when `cleanUp` (Motion > Clean up
/// generated motion, on by default), cleaned for animators by cleanGeneratedMotion
/// (motion_cleanup.h: fixed bone lengths, planted feet, nothing under the floor). Throws
/// stepmotion::Error for features that do not hold frames x 263 values.
JointClip takeJoints(const Take& take, bool cleanUp);

} // namespace stepmotion::ui
