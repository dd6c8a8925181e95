#pragma once
// BVH motion capture files: any hierarchy, any channel order, 3- or 6-channel joints,
// End Sites, any frame rate. Joints are stored in file order, which is topological
// (every parent comes before its children).

#include "stepmotion/core/motion/motion.h"

#include <array>
#include <string>
#include <vector>

namespace stepmotion {

enum class BvhChannel { Xposition, Yposition, Zposition, Xrotation, Yrotation, Zrotation };

struct BvhJoint {
    std::string name;
    int parent = -1;                       // index into BvhClip::joints, -1 for the root
    std::array<double, 3> offset{};        // rest offset from the parent, file units
    std::vector<BvhChannel> channels;      // in file order
    int firstChannel = 0;                  // index of channels[0] within a frame's values
    bool hasEndSite = false;
    std::array<double, 3> endSiteOffset{}; // only when hasEndSite
};

struct BvhClip {
    std::vector<BvhJoint> joints;
    int frames = 0;
    double frameTime = 1.0 / kFps;  // seconds
    int channelCount = 0;           // values per frame
    std::vector<double> values;     // frames * channelCount, degrees for rotations

    double fps() const { return frameTime > 0 ? 1.0 / frameTime : 0.0; }
    const double* frame(int f) const { return values.data() + static_cast<std::size_t>(f) * channelCount; }
    double* frame(int f) { return values.data() + static_cast<std::size_t>(f) * channelCount; }
    int jointIndex(const std::string& name) const; // -1 when absent
};

/// Reads a BVH file. Malformed input throws stepmotion::Error "FILE:LINE: what is wrong".
BvhClip readBvh(const std::string& path);

/// Parses BVH text; `name` is used in error messages.
BvhClip parseBvh(const std::string& text, const std::string& name);

/// How translation channels combine with OFFSET. When any non-root joint has position
/// channels (Bandai / MotionBuilder exports), every position channel holds the joint's full
/// local translation and replaces its OFFSET. Otherwise (Biovision convention: only the
/// root moves) the root's position channels are added to its OFFSET (Reallusion rigs
/// store a 105 cm OFFSET with small root channels). Equal when the root OFFSET is zero.
bool bvhTranslationReplacesOffset(const BvhClip& clip);

/// World positions of every joint (file units, the file's up axis) for every frame:
/// world = parent_world * T(translation) * R, R = R_c1 * R_c2 * R_c3 in channel order.
/// End Sites are not included. Throws Error for an inconsistent clip.
JointClip bvhForwardKinematics(const BvhClip& clip);

/// Resamples to `fps`: rotations are interpolated with quaternion slerp (shortest arc) and
/// written back as Euler angles in each joint's channel order, continuous with the source
/// angles; positions linearly. Output frame i is at t = i / fps while t <= the source
/// duration (frames - 1) * frameTime, so frame 0 is unchanged and frames that fall on a
/// source frame are copied exactly. A source rate within 1e-4 of a whole number (Frame Time
/// 0.0333333) is taken as that number. Throws Error for fps <= 0 or an inconsistent clip.
BvhClip resampleBvh(const BvhClip& clip, double fps);

/// Serialises a clip (hierarchy + motion) as BVH text.
std::string formatBvh(const BvhClip& clip);

} // namespace stepmotion
