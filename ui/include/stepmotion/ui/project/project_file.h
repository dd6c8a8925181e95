#pragma once
// StepMotion Studio projects (.stepmotion): the edited steps, the generation settings and
// every take, in one self-contained JSON file (UTF-8, written atomically):
//   {"version": 1,
//    "steps": {<the step-list JSON of steps.h, version included>},
//    "settings": {"seed": 7, "variants": 1, "guidance": 2.5, "sampling_steps": 50,
//                 "sampler": "ddim", "composition": "own-words"},
//    "takes": [{"name": "take 1 · seed 7", "starred": false, "created": "2026-11-24T21:00:00.000Z",
//               "seed": 7, "variant": 0, "guidance": 2.5, "sampling_steps": 50, "sampler": "ddim",
//               "composition": "joint",
//               "steps": {<step-list JSON>}, "frames": 60,
//               "features": "<base64 of frames x 263 little-endian float32>"}]}
// Features are stored inline (base64) rather than as sibling files so that a project is one
// file that can be copied, mailed or autosaved atomically; a 10 s take is about 280 kB.
// Every field is required except "composition" (see stepCompositionName: "own-words" |
// "per-step" | "joint"), which files written before it existed lack: settings then read
// kDefaultComposition and takes joint (how they were made); and "sampler" ("ddim" | "dpm-solver++"), whose absence
// means ddim, the only sampler before it. Unknown fields are ignored (newer writers may add some).

#include "stepmotion/ui/takes/take_list_model.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace stepmotion::ui {

/// The newest project version this build reads, and the one it writes.
constexpr int kProjectVersion = 1;

/// The step editor's generation settings.
struct GenerationSettings {
    uint64_t seed = 0;
    int variants = 1;        // >= 1
    double guidance = 2.5;   // > 0
    int samplingSteps = 50;  // >= 1
    StepComposition composition = kDefaultComposition;
    Sampler sampler = Sampler::Ddim;

    bool operator==(const GenerationSettings& other) const;
};

struct Project {
    StepList steps;
    GenerationSettings settings;
    std::vector<Take> takes;
};

/// The project as JSON bytes. Throws stepmotion::Error naming the field when a step list
/// cannot be written (see stepListToJson).
QByteArray projectToJson(const Project& project);

/// Parses project JSON. `name` (usually the path) starts every error message, followed by
/// the field, e.g. "a.stepmotion: takes[1].features: 15780 values, expected 60 x 263".
/// Throws stepmotion::Error for invalid JSON (with its offset), a missing or newer version,
/// and any missing, mistyped or out-of-range field.
Project parseProject(const QByteArray& json, const QString& name);

/// Reads and parses `path`; errors name the file.
Project loadProject(const QString& path);

/// Writes projectToJson(project) to `path` atomically (temporary file + rename).
void saveProject(const QString& path, const Project& project);

} // namespace stepmotion::ui
