#include "stepmotion/core/generation/kept_requests.h"

#include "stepmotion/core/motion/kept_motion.h"
#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace stepmotion {

GenerationRequest continueRequest(GenerationRequest request, const FeatureClip& motion, double newSeconds)
{
    if (request.steps.steps.empty() && !(newSeconds > 0))
        throw Error("continuing a motion needs timed steps: their end says how long the new part is");
    const double offset = motion.frames / kFps;
    double last = 0;
    for (Step& step : request.steps.steps) {
        step.start += offset;
        step.end += offset;
        last = std::max(last, step.end);
    }
    const double total = newSeconds > 0 ? offset + newSeconds : last;
    const int frames = static_cast<int>(std::ceil(total * kFps - 1e-9));
    if (frames > kMaxTimelineFrames) {
        char message[200];
        std::snprintf(message, sizeof message,
                      "the motion's %.2f s and the steps after it make %.2f s, more than the %.0f s a request may be",
                      offset, total, kMaxTimelineFrames / kFps);
        throw Error(message);
    }
    request.keep = keepPrefix(motion, frames);
    request.frames = frames;
    return request;
}

} // namespace stepmotion
