#include "stepmotion/ui/generation/generation_work.h"

#include "stepmotion/core/motion/skeleton.h"
#include "stepmotion/core/motion/window_tiling.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace stepmotion::ui {

int modelWindowCount(int frames)
{
    const long overlap = std::lround(kContextOverlapSeconds * kFps);
    return static_cast<int>(tileFrames(0, frames, kMaxFrames, overlap).size());
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
