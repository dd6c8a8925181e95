#pragma once
// The 22-joint SMPL/HumanML3D skeleton, in HumanML3D's joint order.
// Conventions everywhere in StepMotion: Y up, metres, 20 frames per second,
// a character at rest faces +Z with its left side towards +X.

#include <array>
#include <string_view>
#include <vector>

namespace stepmotion {

constexpr int kJointCount = 22;
constexpr double kFps = 20.0;
constexpr int kMaxFrames = 196; // HumanML3D's longest clip (9.8 s)

enum Joint : int {
    Pelvis = 0, LeftHip, RightHip, Spine1, LeftKnee, RightKnee, Spine2, LeftAnkle, RightAnkle,
    Spine3, LeftFoot, RightFoot, Neck, LeftCollar, RightCollar, Head, LeftShoulder,
    RightShoulder, LeftElbow, RightElbow, LeftWrist, RightWrist
};

namespace skeleton {

/// Parent of each joint (-1 for the pelvis); every parent index is smaller than its child's.
const std::array<int, kJointCount>& parents();

/// snake_case names ("left_hip"), in joint order.
const std::array<std::string_view, kJointCount>& names();

/// Index of a joint by its snake_case name, or -1.
int jointIndex(std::string_view name);

/// Left/right counterpart of each joint (centre joints map to themselves).
const std::array<int, kJointCount>& mirrorMap();

/// HumanML3D's kinematic chains (t2m_kinematic_chain): right leg, left leg, spine+head,
/// right arm, left arm; each starts at the joint it hangs from.
const std::vector<std::vector<int>>& kinematicChains();

/// HumanML3D's unit rest directions of each bone (t2m_raw_offsets), child relative to parent.
const std::array<std::array<double, 3>, kJointCount>& restDirections();

/// Bone lengths (metres) of HumanML3D's reference skeleton: the first frame of its
/// example clip 000021, to which every clip is uniformly re-proportioned. Index 0 is 0.
const std::array<double, kJointCount>& referenceBoneLengths();

} // namespace skeleton
} // namespace stepmotion
