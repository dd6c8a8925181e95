#include "stepmotion/ui/generation_work.h"

#include "stepmotion/core/skeleton.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace stepmotion::ui {

int modelWindowCount(int frames)
{
    if (frames <= kMaxFrames)
        return 1;
    const int overlap = std::min(static_cast<int>(std::lround(kWindowOverlapSeconds * kFps)), kMaxFrames / 2);
    return static_cast<int>(std::ceil(double(frames - overlap) / double(kMaxFrames - overlap)));
}

int requestFrames(const GenerationRequest& request)
{
    if (request.frames > 0)
        return request.frames;
    return request.keep ? request.keep->motion.frames : framesForSteps(request.steps);
}

QString generationWork(const GenerationRequest& request)
{
    const int windows = modelWindowCount(requestFrames(request));
    const int steps = static_cast<int>(request.steps.steps.size());
    const QString w = windows == 1 ? QCoreApplication::translate("GenerationWork", "1 window")
                                   : QCoreApplication::translate("GenerationWork", "%1 windows").arg(windows);
    const QString s = steps == 1 ? QCoreApplication::translate("GenerationWork", "1 step")
                                 : QCoreApplication::translate("GenerationWork", "%1 steps").arg(steps);
    return w + QStringLiteral(", ") + s;
}

} // namespace stepmotion::ui
