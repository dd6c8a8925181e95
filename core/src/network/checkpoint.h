#pragma once
// Model checkpoints: a directory holding config.json (ModelConfig) and model.pt (a torch archive
// of every named parameter and buffer plus a copy of the config). Loading checks that the two
// configs agree and that every tensor exists with the expected shape.

#include "network/fine_motion_diffuse.h"

#include <string>

namespace stepmotion::model {

constexpr const char* kConfigFileName = "config.json";
constexpr const char* kWeightsFileName = "model.pt";

/// Writes `dir`/config.json and `dir`/model.pt atomically (the directory must exist).
/// Throws stepmotion::Error naming the file on failure.
void saveCheckpoint(const std::string& dir, FineMotionDiffuse& model);

/// Builds the model from `dir`/config.json and fills it from `dir`/model.pt. Throws
/// stepmotion::Error naming the file for: a missing or unreadable file, a truncated or foreign
/// archive, a config differing from the one stored in the archive (listing the fields), and a
/// missing, unexpected or wrongly shaped tensor (naming it and both shapes). Never crashes.
FineMotionDiffuse loadCheckpoint(const std::string& dir);

} // namespace stepmotion::model
