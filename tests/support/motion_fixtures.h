#pragma once
// Loading the shared HumanML3D sample arrays for tests. The raw joints/ arrays carry 52 joints
// (SMPL-H with hands), so the loader keeps the first 22, as HumanML3D's own processing does.

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/motion.h"
#include "stepmotion/core/formats/npy.h"

#include <QString>

#include <algorithm>

namespace stepmotion::test {

/// `frames` frames of features standing still: zeros but the root height, 0.9 m.
inline FeatureClip standingFeatures(int frames)
{
    FeatureClip clip(frames);
    for (int f = 0; f < frames; ++f)
        clip.row(f)[3] = 0.9f;
    return clip;
}

/// A frames x J x 3 array (J >= 22) as a 22-joint clip.
inline JointClip loadJoints(const QString& path)
{
    const NpyArray a = readNpy(path.toStdString());
    if (a.shape.size() != 3 || a.shape[2] != 3 || a.shape[1] < std::size_t(kJointCount))
        throw Error(path.toStdString() + ": not a frames x joints x 3 array");
    JointClip clip(int(a.shape[0]), kJointCount);
    for (int t = 0; t < clip.frames; ++t)
        std::copy_n(a.data.data() + std::size_t(t) * a.shape[1] * 3, kJointCount * 3, clip.at(t, 0));
    return clip;
}

/// A frames x 263 array as a feature clip.
inline FeatureClip loadFeatures(const QString& path)
{
    const NpyArray a = readNpy(path.toStdString());
    if (a.shape.size() != 2 || a.shape[1] != std::size_t(kFeatureDim))
        throw Error(path.toStdString() + ": not a frames x 263 array");
    FeatureClip clip(int(a.shape[0]));
    clip.values = a.data;
    return clip;
}

} // namespace stepmotion::test
