#include "stepmotion/ui/kept_generation.h"

#include "stepmotion/core/error.h"
#include "stepmotion/core/feature_codec.h"
#include "stepmotion/core/kept_motion.h"
#include "stepmotion/core/motion_io.h"
#include "stepmotion/core/skeleton.h"

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

GenerationRequest continueRequest(GenerationRequest request, const FeatureClip& motion)
{
    if (request.steps.steps.empty())
        throw Error("continuing a motion needs timed steps: their end says how long the new part is");
    const double offset = motion.frames / kFps;
    double last = 0;
    for (Step& step : request.steps.steps) {
        step.start += offset;
        step.end += offset;
        last = std::max(last, step.end);
    }
    const int frames = static_cast<int>(std::ceil(last * kFps - 1e-9));
    if (frames > kMaxTimelineFrames)
        throw Error(QStringLiteral("the motion's %1 s and the steps after it make %2 s, more than the %3 s a "
                                   "request may be")
                        .arg(offset, 0, 'f', 2)
                        .arg(last, 0, 'f', 2)
                        .arg(kMaxTimelineFrames / kFps, 0, 'f', 0)
                        .toStdString());
    request.keep = keepPrefix(motion, frames);
    request.frames = frames;
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
