#pragma once
// Retargeting any supported BVH rig onto the 22-joint skeleton. Each rig is described by a
// data file (resources/rigs/*.json): how to recognise it, its length unit, and for every
// one of the 22 joints which rig joint(s) give its position. No rig has code of its own.

#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/motion/motion.h"

#include <string>
#include <vector>

namespace stepmotion {

/// One of the 22 joints: position = lerp(world(from), world(to), t); `to` empty means t = 0.
/// A rig joint name ending in "/end" ("lFoot/end") means that joint's End Site.
struct RigJointSource {
    std::string from;
    std::string to;
    double t = 0.0;
};

struct RigMap {
    std::string name;                         // "cgspeed_daz", "bandai", ...
    std::string description;
    std::vector<std::string> detectJoints;    // all must be present for the rig to match
    double metresPerUnit = 0.01;              // 0 means: estimate from the leg length (hip-knee-ankle = HumanML3D's 0.82 m)
    std::vector<double> unitChoices;          // with metresPerUnit 0: pick the choice closest to that
                                              // estimate (e.g. [1, 0.01] for files in m or cm)
    std::vector<RigJointSource> joints;       // kJointCount entries, in joint order
};

/// Parses a rig map JSON file; errors name the file and field.
RigMap loadRigMap(const std::string& path);

/// All rig maps found in a directory (*.json), sorted by name.
std::vector<RigMap> loadRigMaps(const std::string& directory);

/// The first rig map whose detectJoints are all present in the clip, or throws
/// stepmotion::Error listing the rigs tried and the clip's root joint.
const RigMap& detectRig(const BvhClip& clip, const std::vector<RigMap>& rigs, const std::string& clipName);

/// World positions of the 22 joints in metres, Y up, at the clip's own frame rate.
JointClip retarget(const BvhClip& clip, const RigMap& rig);

} // namespace stepmotion
