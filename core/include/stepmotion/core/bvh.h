#pragma once
// BVH motion capture files: any hierarchy, any channel order, 3- or 6-channel joints,
// End Sites, any frame rate. Joints are stored in file order, which is topological
// (every parent comes before its children).

#include "stepmotion/core/motion.h"

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

/// World positions of every joint (file units, the file's up axis) for every frame.
JointClip bvhForwardKinematics(const BvhClip& clip);

/// Resamples to `fps`: rotations are interpolated with quaternion slerp, positions linearly.
/// The output covers the same duration; frame 0 is unchanged.
BvhClip resampleBvh(const BvhClip& clip, double fps);

/// Serialises a clip (hierarchy + motion) as BVH text.
std::string formatBvh(const BvhClip& clip);

} // namespace stepmotion
