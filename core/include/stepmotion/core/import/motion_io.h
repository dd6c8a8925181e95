#pragma once
// Loading any motion file the project understands into 22-joint positions, and telling
// what a file holds. Used by the CLI (convert, info, export, describe) and by the app's
// importers. FBX, glTF and GLB are read through Assimp (importWithAssimp in
// motion_export.h): files with StepMotion's 22 named joints, as `stepmotion export` writes.

#include "stepmotion/core/motion/motion.h"

#include "stepmotion/core/import/asf_amc.h"
#include "stepmotion/core/formats/npy.h"

#include <string>

namespace stepmotion {

/// AsfAmc: an .amc read with its .asf skeleton (asf_amc.h).
enum class MotionFileKind { Joints, Features, Bvh, Fbx, Gltf, AsfAmc }; // Gltf: .gltf and .glb

struct MotionFileInfo {
    MotionFileKind kind = MotionFileKind::Joints;
    int frames = 0;          // as stored in the file
    int joints = 0;          // 22 for npy kinds; the rig's joint count for BVH
    double fps = kFps;
    std::string rig;         // BVH only: detected rig map name ("" when unknown)
    std::string skeleton;    // ASF/AMC only: the .asf that was read
    double durationSeconds() const { return clipDurationSeconds(frames, fps); }
};

/// What a file holds: .bvh, .amc, .fbx, .gltf, .glb by extension, .npy by shape (T x 22 x 3
/// joints, T x 263 features). Throws stepmotion::Error naming the file when it is none of
/// these, or (FBX/glTF) has no animation or lacks one of the 22 joints.
MotionFileInfo inspectMotionFile(const std::string& path, const AsfAmcOptions& amc = {});

/// 22-joint positions (metres, Y up, 20 fps) from a .bvh or an .amc with its .asf (any
/// supported rig: resampled to 20 fps, retargeted), an .fbx/.gltf/.glb with the 22 named
/// joints (resampled to 20 fps), a joints .npy or a features .npy (decoded).
JointClip loadJointClip(const std::string& path, const AsfAmcOptions& amc = {});

/// Positions linearly interpolated at t = i / fps for every t <= the clip's duration (the
/// same frame times as resampleBvh). `fps` > 0.
JointClip resampleJointClip(const JointClip& clip, double fps);

/// 263-d features from a .npy features file, or encoded from any other motion file.
FeatureClip loadFeatureClip(const std::string& path, const AsfAmcOptions& amc = {});

/// The rig-level clip of a .bvh (readBvh) or an .amc with its .asf (readAsfAmc, `amc` says
/// where the skeleton is and the frame rate): what rig detection and retargeting read.
/// Throws Error naming the file for any other type (an .asf alone holds no motion).
BvhClip readRigClip(const std::string& path, const AsfAmcOptions& amc = {});

/// Whether readRigClip reads this file type (.bvh, .amc).
bool isRigMotionFile(const std::string& path);

/// Saves joints as a T x 22 x 3 float32 .npy (atomic).
void saveJointsNpy(const std::string& path, const JointClip& joints);

/// Saves features as a T x 263 float32 .npy (atomic).
void saveFeaturesNpy(const std::string& path, const FeatureClip& features);

/// Validates and converts an npy array of shape T x 22 x 3 into a JointClip; `name` is
/// used in errors.
JointClip jointClipFromNpy(const NpyArray& array, const std::string& name);

} // namespace stepmotion
