#pragma once
// A dataset split held in memory for training: each clip's normalised features and every text
// tokenized once up front, then sampled into padded batches with random crops. Works on the
// project's build and on a real HumanML3D (+FineHumanML3D/FineMotion) alike, through
// readDatasetIndex.

#include "condition_batch.h"
#include "diffusion_loss.h"

#include "stepmotion/core/dataset_reader.h"
#include "stepmotion/core/generator.h"

#include <random>
#include <string>
#include <vector>

namespace stepmotion::model {

struct TrainingCaption {
    std::vector<int> ids;
    int firstFrame = 0; // the caption's span in frames; [0, frames) for a whole-clip caption
    int endFrame = 0;
};

struct TrainingClip {
    std::string id;
    int frames = 0;
    std::vector<float> features;                 // frames x featureDim, normalised
    std::vector<TrainingCaption> captions;
    std::vector<TokenizedStepList> stepLists;    // coarse left empty; steps sorted by start
};

/// What a sampled item keeps of its texts (the trainer derives it from the model's blocks).
struct SamplingPolicy {
    double coarseDropout = 0.15; // drop the sentence, keep the steps
    double stepsDropout = 0.1;   // drop the steps, keep the sentence
};

class TrainingSet {
public:
    /// Reads every clip's features (a clip whose file is unreadable is an error naming it),
    /// normalises them with mean/std (featureDim values each) and tokenizes all texts.
    TrainingSet(const DatasetIndex& index, const std::vector<float>& mean, const std::vector<float>& stddev,
                const TokenizeFunction& tokenize, const ModelConfig& config);

    int size() const { return static_cast<int>(m_clips.size()); }
    const std::vector<TrainingClip>& clips() const { return m_clips; }

    /// batchSize random items: a random clip, caption and step list; windows longer than
    /// maxFrames are cropped at a random start and the steps shifted into the window.
    TrainingBatch sample(std::mt19937_64& rng, int batchSize, const SamplingPolicy& policy) const;

    /// Clips [first, first + count): first caption, first step list, first window. The same
    /// every time, for validation losses.
    TrainingBatch fixedBatch(int first, int count) const;

private:
    struct Item {
        const TrainingClip* clip = nullptr;
        int windowStart = 0;
        int windowFrames = 0;
        const TrainingCaption* caption = nullptr;    // null = no sentence
        const TokenizedStepList* steps = nullptr;    // null = no steps
    };
    TrainingBatch assemble(const std::vector<Item>& items) const;

    ModelConfig m_config;
    std::vector<TrainingClip> m_clips;
};

/// Steps of `list` that overlap [start, start + seconds), shifted to start at 0 and cut to the
/// window; steps overlapping less than 0.1 s are dropped; at most maxSteps, earliest first.
TokenizedStepList stepsInWindow(const TokenizedStepList& list, double start, double seconds, int maxSteps);

} // namespace stepmotion::model
