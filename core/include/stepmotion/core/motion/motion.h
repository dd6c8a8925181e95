#pragma once
// Plain motion containers shared by every part of StepMotion. Frame-major, contiguous floats,
// so they map 1:1 onto .npy arrays and tensors.

#include "stepmotion/core/motion/skeleton.h"

#include <cstddef>
#include <vector>

namespace stepmotion {

constexpr int kFeatureDim = 263; // HumanML3D's per-frame feature vector for 22 joints

/// A clip's duration: the time from its first frame to its last, (frames - 1) / fps (0 for
/// one frame), as Blender, three.js, Assimp and `stepmotion export` report it. The one
/// definition every duration shown to a user goes through (170 frames at 20 fps = 8.45 s).
/// A step timeline is another quantity: frame i holds [i, i + 1) / fps of it, so N frames
/// cover N / fps seconds of steps.
constexpr double clipDurationSeconds(int frames, double fps) { return frames > 1 && fps > 0 ? (frames - 1) / fps : 0.0; }

/// World joint positions: frames x joints x 3, metres, Y up.
struct JointClip {
    int frames = 0;
    int joints = kJointCount;
    double fps = kFps;
    std::vector<float> xyz; // frames * joints * 3

    JointClip() = default;
    JointClip(int frameCount, int jointCount, double framesPerSecond = kFps)
        : frames(frameCount), joints(jointCount), fps(framesPerSecond),
          xyz(static_cast<std::size_t>(frameCount) * jointCount * 3, 0.0f) {}

    float* at(int frame, int joint) { return xyz.data() + (static_cast<std::size_t>(frame) * joints + joint) * 3; }
    const float* at(int frame, int joint) const { return xyz.data() + (static_cast<std::size_t>(frame) * joints + joint) * 3; }
    double durationSeconds() const { return clipDurationSeconds(frames, fps); }
    /// Seconds of step timeline the frames cover (frames / fps; see clipDurationSeconds).
    double timelineSeconds() const { return fps > 0 ? frames / fps : 0.0; }
};

/// HumanML3D features: frames x 263 (see feature_codec.h for the layout).
struct FeatureClip {
    int frames = 0;
    std::vector<float> values; // frames * kFeatureDim

    FeatureClip() = default;
    explicit FeatureClip(int frameCount)
        : frames(frameCount), values(static_cast<std::size_t>(frameCount) * kFeatureDim, 0.0f) {}

    float* row(int frame) { return values.data() + static_cast<std::size_t>(frame) * kFeatureDim; }
    const float* row(int frame) const { return values.data() + static_cast<std::size_t>(frame) * kFeatureDim; }
};

} // namespace stepmotion
