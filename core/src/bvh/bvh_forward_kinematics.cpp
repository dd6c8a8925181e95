// World joint positions from a BvhClip. Per frame this touches only two preallocated
// arrays (world rotations and positions of every joint), so a 2,000-frame take costs a
// few hundred microseconds and no allocation beyond the output.

#include "stepmotion/core/bvh/bvh.h"

#include "bvh/bvh_maths.h"

namespace stepmotion {

using namespace bvh_detail;

bool bvhTranslationReplacesOffset(const BvhClip& clip) { return translationReplacesOffset(clip); }

JointClip bvhForwardKinematics(const BvhClip& clip)
{
    validateClip(clip, "bvhForwardKinematics");
    const std::vector<JointLayout> layouts = jointLayouts(clip);
    const bool replace = translationReplacesOffset(clip);
    const std::size_t jointCount = clip.joints.size();
    JointClip out(clip.frames, static_cast<int>(jointCount), clip.fps());

    std::vector<Mat3> worldRotation(jointCount);
    std::vector<Vec3> worldPosition(jointCount);
    for (int f = 0; f < clip.frames; ++f) {
        const double* values = clip.frame(f);
        for (std::size_t j = 0; j < jointCount; ++j) {
            const BvhJoint& joint = clip.joints[j];
            const JointLayout& layout = layouts[j];
            Vec3 local = toVec3(joint.offset);
            if (layout.hasPosition) {
                for (int a = 0; a < 3; ++a) {
                    const double v = values[layout.posIndex[a]];
                    local[a] = replace ? v : local[a] + v;
                }
            }
            Mat3 rotation(1.0);
            if (layout.hasRotation) {
                const Vec3 degrees(values[layout.rotIndex[0]], values[layout.rotIndex[1]], values[layout.rotIndex[2]]);
                rotation = eulerToMatrix(layout.rotAxis, degrees);
            }
            if (joint.parent < 0) {
                worldPosition[j] = local;
                worldRotation[j] = rotation;
            } else {
                const auto p = static_cast<std::size_t>(joint.parent);
                worldPosition[j] = worldPosition[p] + worldRotation[p] * local;
                worldRotation[j] = worldRotation[p] * rotation;
            }
            float* xyz = out.at(f, static_cast<int>(j));
            for (int a = 0; a < 3; ++a)
                xyz[a] = static_cast<float>(worldPosition[j][a]);
        }
    }
    return out;
}

} // namespace stepmotion
