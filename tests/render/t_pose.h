#pragma once
// A known pose for the render tests: HumanML3D's reference bone lengths in a T-pose (legs
// straight down, arms straight out along X, head straight up), feet on the ground at y = 0,
// pelvis above x = z = 0, facing +Z with the left side towards +X.

#include "stepmotion/core/motion/skeleton.h"

#include <algorithm>
#include <array>
#include <cstddef>

namespace stepmotion::test {

inline std::array<float, kJointCount * 3> referenceTPose()
{
    const auto& parents = skeleton::parents();
    // HumanML3D's rest directions hang the arms down; turn them out into a T.
    auto directions = skeleton::restDirections();
    for (int j : {LeftShoulder, LeftElbow, LeftWrist})
        directions[static_cast<std::size_t>(j)] = {1.0, 0.0, 0.0};
    for (int j : {RightShoulder, RightElbow, RightWrist})
        directions[static_cast<std::size_t>(j)] = {-1.0, 0.0, 0.0};
    directions[Head] = {0.0, 1.0, 0.0};
    const auto& lengths = skeleton::referenceBoneLengths();
    std::array<float, kJointCount * 3> xyz{};
    for (std::size_t j = 1; j < static_cast<std::size_t>(kJointCount); ++j) {
        const auto p = static_cast<std::size_t>(parents[j]);
        for (std::size_t k = 0; k < 3; ++k)
            xyz[j * 3 + k] = xyz[p * 3 + k] + static_cast<float>(directions[j][k] * lengths[j]);
    }
    float minY = 0.0f;
    for (std::size_t j = 0; j < static_cast<std::size_t>(kJointCount); ++j)
        minY = std::min(minY, xyz[j * 3 + 1]);
    for (std::size_t j = 0; j < static_cast<std::size_t>(kJointCount); ++j)
        xyz[j * 3 + 1] -= minY;
    return xyz;
}

} // namespace stepmotion::test
