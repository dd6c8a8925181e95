#pragma once
// Retargeting a 22-joint clip onto another rig's BVH hierarchy for export (the reverse of
// retarget.h). A target rig is two resources: its skeleton (resources/rigs/NAME_skeleton.bvh:
// the hierarchy with rest offsets in metres and one rest frame, made from the header and
// first frame of a sample file of that rig) and the rig map that reads the rig back
// (resources/rigs/*.json). The rig map says where on the rig each of the 22 joints lies;
// the solver turns that around:
//  - every point the map reads is carried by the nearest ancestor joint the map names
//    ("lThigh" hangs from the unnamed "lButtock", so hip carries it); joints the map does not
//    name (fingers, eyes, toes' tips) keep their rest rotation;
//  - a joint carrying one point gets the smallest rotation, relative to its rest pose under
//    its parent, that aims that point (so twist follows the parent); a joint carrying several
//    (hips, chest) gets the least-squares rotation of those the map reads directly (joint
//    origins, End Sites); the topmost such joint also gets the translation (the pelvis motion);
//  - the rig keeps its own proportions for what the map does not read (scaled uniformly so
//    its legs have the clip's mean length), while the offsets of every point the map reads
//    directly (a joint origin or End Site) are fitted to the clip: the mean, over frames, of
//    the clip's point in its carrier's solved frame. Points the map interpolates between two
//    joints (Bandai's pelvis, spine3) follow the fitted offsets and are not exact.
// Channels keep the rig's own order; joints with position channels other than the moving
// one keep constant translations (Bandai). Read back with readBvh + retarget and the same
// rig map, directly read joints come back exactly from rigid sources (within 1.2 cm from
// the non-rigid 3dsMax CMU rig) and the interpolated pelvis and spine3 within 6 cm
// (measured in tests/core/tst_rig_export.cpp).

#include "stepmotion/core/bvh.h"
#include "stepmotion/core/bvh_writer.h"
#include "stepmotion/core/motion.h"
#include "stepmotion/core/retarget.h"

#include <string>
#include <vector>

namespace stepmotion {

/// A target rig: rest hierarchy (metres, one rest frame) and the rig map that reads it.
struct ExportRig {
    std::string name;        // "bandai", "cmu"
    BvhClip skeleton;        // frames == 1: the rest pose
    RigMap map;
    bool centimetresOnly = false; // its rig map reads files as centimetres only (Bandai)
};

/// Export rig names other than "smpl22": {"bandai", "cmu"}.
const std::vector<std::string>& exportRigNames();

/// Loads a rig by name from `directory` (default: resourcePath("rigs")). Throws Error naming
/// the rig for an unknown name, or naming the file for a missing or malformed resource.
ExportRig loadExportRig(const std::string& name, const std::string& directory = {});

/// joints (T x 22 x 3, metres, Y up, T >= 1) → a BVH clip on `rig` in `unit`, at joints.fps.
/// Throws Error for an invalid clip, or when the rig map reads a point the solver cannot
/// place (an interpolation between joints that are not parent and child).
BvhClip jointsToRig(const JointClip& joints, const ExportRig& rig, LengthUnit unit);

} // namespace stepmotion
