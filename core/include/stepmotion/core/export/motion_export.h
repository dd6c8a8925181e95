#pragma once
// Exporting a 22-joint clip into interchange formats for DCC tools and game engines:
// BVH, FBX (binary or ASCII) and glTF 2.0 (.gltf + .bin, or .glb) through Assimp, and
// plain joint .npy. Every skeletal format carries the same rig: the 22 joints named as in
// skeleton::names(), a T-pose rest hierarchy, one animation with a rotation key per joint
// and frame and root translation keys, Y up, the character facing +Z. FBX and glTF also carry
// a tiny marker mesh (one triangle per joint, skinned with weight 1 to it) so that the joints
// are written as a skeleton (FBX LimbNodes + skin + bind pose, a glTF skin), which engines
// need to import the hierarchy as a rig.

#include "stepmotion/core/bvh/bvh_writer.h"
#include "stepmotion/core/motion/motion.h"
#include "stepmotion/core/export/rig_export.h"

#include <string>
#include <vector>

namespace stepmotion {

enum class ExportFormat { Bvh, Fbx, FbxAscii, Gltf, Glb, Npy };

struct ExportOptions {
    ExportFormat format = ExportFormat::Bvh;
    /// Output frame rate. Other than the clip's own rate, frames are resampled (slerp of the
    /// joint rotations): frame i sits at t = i / fps while t <= (frames - 1) / clip.fps.
    double fps = kFps;
    /// Length unit of BVH and FBX files (FBX records it as UnitScaleFactor: 1 = cm,
    /// 100 = m). glTF is metres by definition and .npy always metres: both ignore it.
    LengthUnit unit = LengthUnit::Metres;
    /// Target hierarchy: "smpl22" (our 22 joints), or "bandai" / "cmu" (the Bandai Namco and
    /// cgspeed CMU rigs, retargeted by jointsToRig in rig_export.h). Any other name throws
    /// Error; so does a Bandai BVH in metres (its rig map reads centimetres).
    std::string rig = "smpl22";
    /// BVH only: translation on the root alone (default: every reader agrees), or the rig's
    /// own channel layout (Bandai's 6 channels on every joint; see RigChannels). smpl22 and
    /// cmu have one layout. FBX and glTF always carry the motion on the top-most joint.
    RigChannels bvhChannels = RigChannels::RootMotion;
};

/// "bvh", "fbx", "fbxa", "gltf", "glb", "npy" (case-insensitive) → format; throws Error
/// listing the accepted names otherwise.
ExportFormat formatFromName(const std::string& name);

/// The usual file extension of a format, with its dot (".fbx" for both FBX flavours).
std::string formatExtension(ExportFormat format);

/// Writes `clip` (metres, Y up) to `path`. The file appears atomically: it is written
/// under a temporary name in the same directory and renamed into place (a .gltf and its
/// .bin are renamed one after the other). Throws Error naming the file for an empty or
/// non-finite clip, bad options, or when the file cannot be written.
void exportMotion(const JointClip& clip, const std::string& path, const ExportOptions& options);

/// Reads any skeletal file Assimp understands (FBX, glTF, GLB, BVH, ...) holding our 22
/// named joints and evaluates its first animation over the node hierarchy: one frame per key
/// (the key count most channels share), evenly spaced from the first to the last key time,
/// keys interpolated (lerp / slerp) where a channel has others. Positions are in metres for
/// FBX (UnitScaleFactor applied) and glTF, in file units for BVH. fps = 1 / key spacing.
/// Throws Error naming the file when it cannot be read, has no animation, or lacks one of
/// the 22 joints.
JointClip importWithAssimp(const std::string& path);

/// The same evaluation for any named nodes (a rig's joints): clip.joints = names.size(), in
/// that order, positions in metres for FBX and glTF. Throws Error naming the file when one of
/// the names is not a node of the file.
JointClip importNodesWithAssimp(const std::string& path, const std::vector<std::string>& names);

/// Frame count and duration of the first animation of a file as Assimp re-imports it:
/// for checking exports exactly. keys = the key count most channels share (Assimp's FBX
/// importer adds keys to a channel whose Euler curve wraps past 180 degrees).
struct AnimationSummary {
    int keys = 0;
    double durationTicks = 0;  // aiAnimation::mDuration
    double ticksPerSecond = 0; // aiAnimation::mTicksPerSecond (0 when the file leaves it unset)
    int channels = 0;
    double unitScaleFactor = 0; // FBX metadata UnitScaleFactor, 0 when absent
    int skinBones = 0;          // most bones any mesh is skinned to (0 when no skin)
    /// Nodes whose translation keys move (by more than 1e-6 file units), in channel order.
    std::vector<std::string> translatedNodes;
};
AnimationSummary inspectWithAssimp(const std::string& path);

} // namespace stepmotion
