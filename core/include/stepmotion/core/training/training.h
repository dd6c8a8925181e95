#pragma once
// Training FineMotionDiffuse (`stepmotion train`; its text encoder's pre-training is in
// text/text_pretraining.h). Plain types only: torch stays inside core.
//
// A training output directory is a complete model directory that MotionGenerator::load and
// `stepmotion generate --model` read as it is: config.json + model.pt (the EMA weights),
// tokenizer.model, Mean.npy, Std.npy; beside them train_log.csv and training_state.pt (the
// raw weights, optimiser moments and step, for --resume).

#include "stepmotion/core/dataset/dataset_reader.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stepmotion {

struct TrainOptions {
    std::string dataDir;        // HumanML3D layout (ours or a real HumanML3D)
    DatasetReadOptions dataOptions; // FineHumanML3D / FineMotion extras for a real HumanML3D
    std::string configPath;     // model config JSON; empty = the default size, full variant
    std::string variant;        // overrides the config's blocks: coarse-only, fine-only, full, ...
    std::string tokenizerPath;  // sentencepiece .model; copied into outDir
    std::string tokenCachePath; // optional token_cache.h file: texts are looked up, sentencepiece never runs
    std::string textEncoderInit; // text_encoder.pt from pretrain-text; empty = random init
    std::string outDir;
    int steps = 20000;          // optimiser steps in total (a resumed run continues to this)
    int batchSize = 64;
    double learningRate = 2e-4; // peak, after warm-up; cosine decay to 1% of it
    int warmupSteps = 500;
    double weightDecay = 0.01;
    double emaDecay = 0.999;
    int checkpointEvery = 1000; // steps; a checkpoint is also written at the end
    int logEvery = 50;          // steps between CSV rows and progress calls
    double maxMinutes = 0;      // stop (with a checkpoint) after this wall time; 0 = no limit
    bool resume = false;        // continue from outDir/training_state.pt
    std::string device = "cpu"; // "cpu" or "cuda" (needs a CUDA LibTorch)
    uint64_t seed = 1;
    double coarseDropout = 0.15; // per sample: train without the coarse sentence (steps only)
    double stepsDropout = 0.1;   // per sample: train without the steps (coarse sentence only)
    /// Fine-tuning: start from this model directory's weights (config.json + model.pt), with its
    /// config (unless configPath is given) and its Mean.npy/Std.npy (so the weights keep meaning
    /// what they learnt). Empty = fresh weights and the dataset's statistics.
    std::string initModel;
    double paraphraseChance = 0; // per step: train on another wording of a describer sentence
    double chainChance = 0;      // per sample: two clips' windows in a row with their steps re-timed
    bool standStillSteps = false; // add "Stand still." on the legs where a clip rests >= 1 s
    double balanceSteps = 0;     // clips sampled by (1 / clips holding their rarest step text)^this; 0 = uniform
    double captionSteps = 0;     // per window: its steps are one step in a caption's words, with this chance
};

struct TrainProgress {
    int step = 0;               // optimiser steps done
    int totalSteps = 0;
    double loss = 0;            // mean training loss since the last report
    double learningRate = 0;
    double samplesPerSecond = 0;
    double elapsedSeconds = 0;
    double validationLoss = -1; // at checkpoints when a val split exists, else -1
};

struct TrainSummary {
    int step = 0;               // steps done when training stopped
    int64_t parameters = 0;
    int trainClips = 0;
    int validationClips = 0;
    double seconds = 0;
    double finalLoss = 0;
    double finalValidationLoss = -1;
    bool cancelled = false;
};

/// Trains (or resumes) and writes outDir (created when missing). Throws stepmotion::Error
/// naming the file or option at fault. `cancel` is polled each step; a cancelled run still
/// writes a checkpoint.
TrainSummary trainModel(const TrainOptions& options, const std::function<void(const TrainProgress&)>& progress = {},
                        const std::function<bool()>& cancel = {});

} // namespace stepmotion
