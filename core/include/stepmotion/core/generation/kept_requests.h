#pragma once
// Requests that keep an existing motion (core's KeptMotion) and generate after it: the one
// way Studio's "Continue" and `stepmotion generate --continue` build their request.

#include "stepmotion/core/generation/generator.h"

namespace stepmotion {

/// `request` continuing `motion`: its steps shifted to start after the motion's last frame, the
/// clip as long as the motion plus `newSeconds` (> 0) or else plus the steps (keepPrefix).
/// Throws stepmotion::Error without timed steps and `newSeconds`, or when the whole is longer
/// than kMaxTimelineFrames.
GenerationRequest continueRequest(GenerationRequest request, const FeatureClip& motion, double newSeconds = 0);

} // namespace stepmotion
