#include "stepmotion/ui/generation/kept_generation.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/motion/kept_motion.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/motion/skeleton.h"

#include <QFileInfo>

#include <algorithm>
#include <cmath>

namespace stepmotion::ui {

GenerationRequest spanRequest(GenerationRequest request, const FeatureClip& take, double start, double end)
{
    const double last = (take.frames - 1) / kFps;
    request.keep = keepOutsideSpan(take, start, std::min(end, last), kSpanBlendSeconds);
    request.frames = take.frames;
    return request;
}

FeatureClip featuresOfMotion(const LoadedMotion& motion)
{
    if (QFileInfo(motion.path).suffix().compare(QStringLiteral("npy"), Qt::CaseInsensitive) == 0)
        return loadFeatureClip(motion.path.toStdString());
    const JointClip& joints = motion.joints;
    return encodeFeatures(std::abs(joints.fps - kFps) < 1e-6 ? joints : resampleJointClip(joints, kFps));
}

QString spanTakeSuffix(const QString& source, double start, double end)
{
    return QStringLiteral(" \u00b7 redo %1\u2013%2 s of \u201c%3\u201d").arg(start, 0, 'f', 2).arg(end, 0, 'f', 2).arg(source);
}

QString continuedTakeSuffix(const QString& source)
{
    return QStringLiteral(" \u00b7 continues \u201c%1\u201d").arg(source);
}

} // namespace stepmotion::ui
