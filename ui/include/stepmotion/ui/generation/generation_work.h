#pragma once
// What a generation request asks of the model, in words for the step editor's total line and
// the progress bar: how many model windows cover the clip and how many steps it follows.
// GL-free, Torch-free.

#include "stepmotion/core/generation/generator.h"

#include <QString>

namespace stepmotion::ui {

/// Model windows of kMaxFrames (9.8 s) a clip of `frames` frames is generated in: 1 up to
/// kMaxFrames, otherwise core's tiling (window_tiling.h) with kContextOverlapSeconds.
int modelWindowCount(int frames);

/// The clip length `request` generates: its frames, else its kept motion's, else framesForSteps.
int requestFrames(const GenerationRequest& request);

/// "1 window, 2 steps", "4 windows, 8 steps": the request's model windows and timed steps.
QString generationWork(const GenerationRequest& request);

} // namespace stepmotion::ui
