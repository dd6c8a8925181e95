#pragma once
// Internal: the root-anchoring step of cleanGeneratedMotion (motion_cleanup.h): the whole body
// moved horizontally so that a figure standing on both feet does not glide.

#include "cleanup/foot_lock.h"

namespace stepmotion::detail {

/// On each frame where both feet are planted (per `runs`, on this frame and the one before),
/// the body is moved back by the slide of the planted foot joint that moved least since the
/// previous frame: fully for a slide up to maxSlide / 2, fading to nothing at maxSlide (a
/// foot that moves that fast is stepping, whatever its label says). The per-frame moves are
/// smoothed over a few frames, so the body never jerks, and add up over the clip.
void anchorRootToPlantedFeet(Positions& p, int frames, const ContactRuns& runs, double maxSlide);

} // namespace stepmotion::detail
