#pragma once
// Requests that keep part of an existing motion (core's KeptMotion): regenerating one span of a
// take while every other frame stays, and continuing a motion with new steps after its last
// frame (core's continueRequest). Pure functions over core types, so the main window only picks the take or clip. GL-free.

#include "stepmotion/core/generation/generator.h"
#include "stepmotion/core/generation/kept_requests.h" // continueRequest
#include "stepmotion/ui/player/motion_scene.h"

#include <QString>

namespace stepmotion::ui {

/// Blend outside a regenerated span over which kept frames ramp in (velocities stay continuous).
constexpr double kSpanBlendSeconds = 0.25;

/// `request` (its steps and settings) regenerating [start, end] seconds of `take`: keeps every
/// other frame (keepOutsideSpan with kSpanBlendSeconds), as long as the take. An end at or past
/// the take's last frame means "to the end" (the steps' end is a frame later than the last frame's
/// time). Throws stepmotion::Error for a span that does not start inside the take.
GenerationRequest spanRequest(GenerationRequest request, const FeatureClip& take, double start, double end);

/// The features of a clip shown in the player, to continue it: a features .npy exactly as stored,
/// anything else its joints at 20 fps encoded (encodeFeatures: on the floor, starting at the
/// origin facing +Z, one frame fewer). Throws stepmotion::Error naming the file when it fails.
FeatureClip featuresOfMotion(const LoadedMotion& motion);

/// Name suffixes that say where a take came from: " · redo 2.00–3.50 s of “take 3 · seed 7”",
/// " · continues “walk.bvh”".
QString spanTakeSuffix(const QString& source, double start, double end);
QString continuedTakeSuffix(const QString& source);

} // namespace stepmotion::ui
