#include "stepmotion/core/motion/skeleton.h"

namespace stepmotion::skeleton {

const std::array<int, kJointCount>& parents()
{
    static const std::array<int, kJointCount> kParents = {
        -1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 12, 13, 14, 16, 17, 18, 19};
    return kParents;
}

const std::array<std::string_view, kJointCount>& names()
{
    static const std::array<std::string_view, kJointCount> kNames = {
        "pelvis", "left_hip", "right_hip", "spine1", "left_knee", "right_knee", "spine2",
        "left_ankle", "right_ankle", "spine3", "left_foot", "right_foot", "neck",
        "left_collar", "right_collar", "head", "left_shoulder", "right_shoulder",
        "left_elbow", "right_elbow", "left_wrist", "right_wrist"};
    return kNames;
}

int jointIndex(std::string_view name)
{
    const auto& all = names();
    for (int i = 0; i < kJointCount; ++i) {
        if (all[static_cast<std::size_t>(i)] == name)
            return i;
    }
    return -1;
}

const std::array<int, kJointCount>& mirrorMap()
{
    static const std::array<int, kJointCount> kMirror = {
        0, 2, 1, 3, 5, 4, 6, 8, 7, 9, 11, 10, 12, 14, 13, 15, 17, 16, 19, 18, 21, 20};
    return kMirror;
}

const std::vector<std::vector<int>>& kinematicChains()
{
    static const std::vector<std::vector<int>> kChains = {
        {0, 2, 5, 8, 11}, {0, 1, 4, 7, 10}, {0, 3, 6, 9, 12, 15}, {9, 14, 17, 19, 21}, {9, 13, 16, 18, 20}};
    return kChains;
}

const std::array<std::array<double, 3>, kJointCount>& restDirections()
{
    static const std::array<std::array<double, 3>, kJointCount> kDirs = {{
        {0, 0, 0}, {1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, -1, 0}, {0, 1, 0}, {0, -1, 0},
        {0, -1, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, 1}, {0, 1, 0}, {1, 0, 0}, {-1, 0, 0}, {0, 0, 1},
        {0, -1, 0}, {0, -1, 0}, {0, -1, 0}, {0, -1, 0}, {0, -1, 0}, {0, -1, 0}}};
    return kDirs;
}

const std::array<double, kJointCount>& referenceBoneLengths()
{
    // Measured from HumanML3D's joints/000021.npy frame 0 (tests/core/motion/tst_skeleton.cpp re-derives
    // them from the shared sample when it is present).
    static const std::array<double, kJointCount> kLengths = {
        0.0, 0.10307393575260745, 0.10988341731359684, 0.13156824130931077, 0.3936232668624135,
        0.390188114541695, 0.14319021331683535, 0.43243308784436374, 0.42564352546036327,
        0.057364735143330216, 0.14338185326794975, 0.14941903134348114, 0.21936005376632126,
        0.13748673607616194, 0.1433828654655169, 0.10303921946937832, 0.13161404204261845,
        0.1229844377158008, 0.25683988652070733, 0.263091726718483, 0.26601196057534227,
        0.26987646323572506};
    return kLengths;
}

} // namespace stepmotion::skeleton
