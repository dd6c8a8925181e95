#pragma once
// Plain motion containers shared by every part of StepMotion. Frame-major, contiguous floats,
// so they map 1:1 onto .npy arrays and tensors.

#include "stepmotion/core/skeleton.h"

#include <cstddef>
#include <vector>

namespace stepmotion {

constexpr int kFeatureDim = 263; // HumanML3D's per-frame feature vector for 22 joints

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
    double durationSeconds() const { return frames / fps; }
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
