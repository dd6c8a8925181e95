#pragma once
// Internal model of a target rig for jointsToRig (see rig_export.h): the rest pose in
// metres, and for each of the 22 joints the rig joint whose frame carries it. Not part of
// the public API.

#include "stepmotion/core/export/rig_export.h"
#include "stepmotion/core/motion/skeleton.h"

#include <glm/glm.hpp>

#include <array>
#include <string>
#include <vector>

namespace stepmotion::rig_export_detail {

using glm::dmat3;
using glm::dvec3;

/// One of the 22 joints as a point fixed in the frame of rig joint `carrier`.
struct CarriedPoint {
    int carrier = -1;
    int origin = -1;      // the point is this joint's origin (its translation is fitted), or -1
    bool endSite = false; // the point is carrier's End Site (fitted)
    int lerpTo = -1;      // the point is t * translation[lerpTo] (a child of carrier), not fitted
    double t = 0.0;
};

struct RigModel {
    std::vector<int> parent;
    std::vector<dvec3> translation;   // rest local translation, metres
    std::vector<dmat3> restLocal;     // rest local rotation
    std::vector<dvec3> endSite;       // End Site offsets, metres (zero when none)
    std::vector<std::vector<int>> carried; // per rig joint: the skeleton joints it carries
    std::array<CarriedPoint, kJointCount> points{};
    int mover = -1;                   // the joint whose translation follows the pelvis
    /// Per rig joint: the skeleton joint at its origin (a joint origin, or a point lerped at
    /// t = 0 from it), or -1.
    std::vector<int> jointAt;
    /// Character export (character.h): each carrier is turned so its carried points lie in the
    /// directions the clip's joints lie from the carrier's own joint, and the mover goes to the
    /// target of the joint at its origin; bone lengths stay the rig's. Off (the Bandai/CMU
    /// export): carried points are aimed at the targets' positions from the solved origins.
    bool aimDirections = false;
};

/// Per-frame solution: local and world rotation and world origin of every rig joint, and
/// the mover's local translation.
struct RigPose {
    std::vector<dmat3> local;
    std::vector<dmat3> world;
    std::vector<dvec3> origin;
    dvec3 moverTranslation{0.0};
};

using Targets = std::array<dvec3, kJointCount>;

/// Builds the model from the rest skeleton and the rig map; throws Error for a map the
/// solver cannot invert.
RigModel buildModel(const ExportRig& rig);

/// The point of skeleton joint j in its carrier's frame.
dvec3 carriedPoint(const RigModel& model, int j);

/// The rest pose: every joint at its rest rotation, the mover at its rest translation.
RigPose restPose(const RigModel& model);

/// World position of skeleton joint j in a solved pose.
dvec3 worldPoint(const RigModel& model, const RigPose& pose, int j);

/// The joint a rig map point names: "lFoot/end" (an End Site) → "lFoot", others unchanged.
inline std::string jointOfPoint(const std::string& name)
{
    const std::string end = "/end";
    return name.size() > end.size() && name.compare(name.size() - end.size(), end.size(), end) == 0
               ? name.substr(0, name.size() - end.size())
               : name;
}

/// Hip → knee → ankle, both sides averaged (the same measure retarget.cpp uses); `at(j)` gives
/// skeleton joint j's position.
template <typename PointAt>
double legLength(PointAt at)
{
    return 0.5 * (glm::length(at(LeftKnee) - at(LeftHip)) + glm::length(at(LeftAnkle) - at(LeftKnee)) +
                  glm::length(at(RightKnee) - at(RightHip)) + glm::length(at(RightAnkle) - at(RightKnee)));
}

/// Solves every frame in order, each starting from the previous frame's rotations.
void solveFrames(const RigModel& model, const std::vector<Targets>& targets, std::vector<RigPose>& poses);

/// Solves one frame into `pose` (whose `local` holds the previous frame's rotations, used
/// where a bone degenerates to zero length).
void solvePose(const RigModel& model, const Targets& targets, RigPose& pose);

} // namespace stepmotion::rig_export_detail
