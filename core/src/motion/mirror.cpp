// Left/right mirroring (HumanML3D's swap_left_right) of joint positions and of 263-d features.
// Mirroring is the reflection M = diag(-1, 1, 1) plus the left/right joint swap. In feature
// space every block follows from that: turns about +Y change sign, vectors flip x, joint
// rotations R become M R M, and the foot contact pairs trade places.

#include "motion/feature_math.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/feature_codec.h"

#include <algorithm>
#include <string>

namespace stepmotion {

namespace {

constexpr int kRicOffset = 4;
constexpr int kRotOffset = kRicOffset + (kJointCount - 1) * 3;
constexpr int kVelOffset = kRotOffset + (kJointCount - 1) * 6;
constexpr int kContactOffset = kVelOffset + kJointCount * 3;

// (M R M) for M = diag(-1, 1, 1) negates R(i, k) where exactly one of i, k is 0 (the x row
// or column). The 6-D form holds column 0 then column 1.
constexpr float kRot6dSign[6] = {1.0f, -1.0f, -1.0f, -1.0f, 1.0f, 1.0f};

void mirrorVec3(const float* in, float* out)
{
    out[0] = -in[0];
    out[1] = in[1];
    out[2] = in[2];
}

void mirrorFeatureRow(const float* in, float* out)
{
    const auto& swap = skeleton::mirrorMap();
    out[0] = -in[0]; // turn rate about +Y
    out[1] = -in[1]; // sideways root velocity
    out[2] = in[2];
    out[3] = in[3];
    for (int j = 1; j < kJointCount; ++j) {
        const int m = swap[static_cast<std::size_t>(j)];
        mirrorVec3(in + kRicOffset + (m - 1) * 3, out + kRicOffset + (j - 1) * 3);
        for (int k = 0; k < 6; ++k)
            out[kRotOffset + (j - 1) * 6 + k] = kRot6dSign[k] * in[kRotOffset + (m - 1) * 6 + k];
    }
    for (int j = 0; j < kJointCount; ++j) {
        const int m = swap[static_cast<std::size_t>(j)];
        mirrorVec3(in + kVelOffset + m * 3, out + kVelOffset + j * 3);
    }
    // left ankle, left foot <-> right ankle, right foot
    out[kContactOffset + 0] = in[kContactOffset + 2];
    out[kContactOffset + 1] = in[kContactOffset + 3];
    out[kContactOffset + 2] = in[kContactOffset + 0];
    out[kContactOffset + 3] = in[kContactOffset + 1];
}

} // namespace

JointClip mirrorJoints(const JointClip& joints)
{
    detail::checkJointClip(joints, "mirror", 0);
    const auto& swap = skeleton::mirrorMap();
    JointClip out(joints.frames, kJointCount, joints.fps);
    for (int t = 0; t < joints.frames; ++t) {
        for (int j = 0; j < kJointCount; ++j)
            mirrorVec3(joints.at(t, swap[static_cast<std::size_t>(j)]), out.at(t, j));
    }
    return out;
}

FeatureClip mirrorFeatures(const FeatureClip& features)
{
    const std::size_t expected = static_cast<std::size_t>(std::max(features.frames, 0)) * kFeatureDim;
    if (features.frames < 0 || features.values.size() != expected)
        throw Error("mirror: feature buffer holds " + std::to_string(features.values.size())
                    + " values for " + std::to_string(features.frames) + " frames, expected frames x 263");
    FeatureClip out(features.frames);
    for (int t = 0; t < features.frames; ++t)
        mirrorFeatureRow(features.row(t), out.row(t));
    return out;
}

} // namespace stepmotion
