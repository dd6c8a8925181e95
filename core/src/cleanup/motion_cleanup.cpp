// cleanGeneratedMotion (motion_cleanup.h): decode, rebuild with fixed bone lengths
// (bone_rebuild.cpp), keep a body standing on both feet from gliding (root_anchor.cpp),
// put the clip on the floor, lock planted feet (foot_lock.cpp), and make
// sure nothing went under the floor on the way. Double precision throughout, floats only in
// and out.

#include "cleanup/bone_rebuild.h"
#include "cleanup/foot_lock.h"
#include "cleanup/root_anchor.h"

#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/cleanup/motion_cleanup.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace stepmotion {

namespace {

using detail::jointAt;
using detail::Positions;

double lowestPoint(const Positions& p)
{
    double lowest = std::numeric_limits<double>::infinity();
    for (std::size_t i = 1; i < p.size(); i += 3)
        lowest = std::min(lowest, p[i]);
    return lowest;
}

void lift(Positions& p, double dy)
{
    for (std::size_t i = 1; i < p.size(); i += 3)
        p[i] += dy;
}

/// The floor height of the clip: the lowest height a foot joint has on a frame where it is
/// planted; the lowest joint when nothing is planted.
double floorHeight(const Positions& p, const detail::ContactRuns& runs)
{
    double floor = std::numeric_limits<double>::infinity();
    for (std::size_t channel = 0; channel < runs.size(); ++channel)
        for (const detail::ContactRun& run : runs[channel])
            for (int t = run.first; t <= run.last; ++t)
                floor = std::min(floor, jointAt(p, t, detail::kContactJoints[channel]).y);
    return std::isfinite(floor) ? floor : lowestPoint(p);
}

/// Lifts the clip until nothing is more than `tolerance` below y = 0.
void keepAboveFloor(Positions& p, double tolerance)
{
    const double lowest = lowestPoint(p);
    if (lowest < -tolerance)
        lift(p, -tolerance - lowest);
}

} // namespace

JointClip cleanGeneratedMotion(const FeatureClip& features, const MotionCleanupOptions& options)
{
    JointClip joints = decodeFeatures(features);
    const int frames = joints.frames;
    if (frames == 0 || (!options.fixBoneLengths && !options.anchorRoot && !options.lockFeet && !options.floor))
        return joints;

    Positions p(joints.xyz.begin(), joints.xyz.end());
    if (options.fixBoneLengths)
        detail::rebuildWithFixedBones(p, frames);
    const detail::ContactRuns runs =
        detail::contactRuns(features, options.contactThreshold, std::max(1, options.minContactFrames));
    if (options.anchorRoot)
        detail::anchorRootToPlantedFeet(p, frames, runs, options.anchorMaxSlide);
    if (options.floor) {
        const double floor = floorHeight(p, runs);
        if (floor != 0.0)
            lift(p, -floor);
        keepAboveFloor(p, options.floorTolerance);
    }
    if (options.lockFeet)
        detail::lockFeet(p, frames, runs, {options.blendFrames, options.stepFrames, options.stepLift});
    if (options.floor)
        keepAboveFloor(p, options.floorTolerance);

    std::transform(p.begin(), p.end(), joints.xyz.begin(), [](double v) { return static_cast<float>(v); });
    return joints;
}

} // namespace stepmotion
