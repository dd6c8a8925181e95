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
// Rotation channels keep the rig's own order; where the translation goes is RigChannels'
// choice (in the rig's own layout, joints with position channels other than the moving one
// keep constant translations: Bandai). Read back with readBvh + retarget and the same
// rig map, directly read joints come back exactly from rigid sources (within 1.2 cm from
// the non-rigid 3dsMax CMU rig) and the interpolated pelvis and spine3 within 6 cm
// (measured in tests/core/export/tst_rig_export.cpp).

#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/bvh/bvh_writer.h"
#include "stepmotion/core/motion/motion.h"
#include "stepmotion/core/import/retarget.h"

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

/// Which joints of the written rig carry translation channels, and so the pelvis motion.
enum class RigChannels {
    /// Only the root joint has position channels (Xposition Yposition Zposition, then its
    /// rotation channels), and the motion is put on it; every other joint has its rotation
    /// channels only and its rest translation as OFFSET. Every reader agrees on this form
    /// (Blender, three.js, MotionBuilder, Assimp), and FBX/glTF are built from it: importers
    /// that connect a child bone to its parent's tail (Blender does so for Bandai's Hips
    /// under the static joint_Root) would ignore translation keys below the root.
    RootMotion,
    /// The rig's own channel layout as its sample files have it. Bandai: 6 channels on every
    /// joint whose position values repeat the OFFSET, the motion on Hips under a static
    /// joint_Root. Readers disagree on it: Blender replaces OFFSET by the position channels
    /// (right), three.js adds them (doubles every bone). Same as RootMotion for CMU.
    RigLayout,
};

/// "root" → RootMotion, "rig" → RigLayout; throws Error listing both otherwise.
RigChannels rigChannelsFromName(const std::string& name);

/// joints (T x 22 x 3, metres, Y up, T >= 1) → a BVH clip on `rig` in `unit`, at joints.fps,
/// in the channel layout `channels` says. Both layouts give the same world positions.
/// Throws Error for an invalid clip, or when the rig map reads a point the solver cannot
/// place (an interpolation between joints that are not parent and child).
BvhClip jointsToRig(const JointClip& joints, const ExportRig& rig, LengthUnit unit,
                    RigChannels channels = RigChannels::RootMotion);

} // namespace stepmotion
