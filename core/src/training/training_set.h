#pragma once
// A dataset split held in memory for training: each clip's normalised features and every text
// tokenized once up front, then sampled into padded batches with random crops. Works on the
// project's build and on a real HumanML3D (+FineHumanML3D/FineMotion) alike, through
// readDatasetIndex.

#include "conditioning/condition_batch.h"
#include "training/diffusion_loss.h"

#include "stepmotion/core/dataset/dataset_reader.h"
#include "stepmotion/core/generation/generator.h"

#include <optional>
#include <random>
#include <string>
#include <vector>

namespace stepmotion::model {

struct TrainingCaption {
    std::vector<int> ids;
    int firstFrame = 0; // the caption's span in frames; [0, frames) for a whole-clip caption
    int endFrame = 0;
};

/// Token ids of each wording of one step: [0] is the step's own text, the rest paraphrases.
using StepWordings = std::vector<std::vector<int>>;

struct TrainingClip {
    std::string id;
    int frames = 0;
    std::vector<float> features;                 // frames x featureDim, normalised
    std::vector<TrainingCaption> captions;
    std::vector<TokenizedStepList> stepLists;    // coarse left empty; steps sorted by start
    std::vector<std::vector<StepWordings>> stepWordings; // [list][step], parallel to stepLists
};

/// What the set adds to the dataset's texts when it is read.
struct TrainingTextOptions {
    bool paraphrases = false;     // other wordings of the describer's sentences (step_paraphrases.h)
    bool standStillSteps = false; // "Stand still." where the root rests and the feet are planted >= 1 s
};

/// What a sampled item keeps of its texts (the trainer derives it from the model's blocks).
struct SamplingPolicy {
    double coarseDropout = 0.15; // drop the sentence, keep the steps
    double stepsDropout = 0.1;   // drop the steps, keep the sentence
    double paraphraseChance = 0; // per step: use a random other wording, when it has one
    double chainChance = 0;      // per item: two clips' windows in a row (steps only, no sentence)
    double balanceSteps = 0;     // one-clip items drawn by balancedClipWeights (chains stay uniform); 0 = uniform
    double captionSteps = 0;     // per window: one step over it in a caption's words (people's, not the describer's)
};

/// One step over clip frames [windowStart, windowStart + windowFrames) whose text is `caption`
/// (clip times in seconds), for training steps in people's words rather than the describer's.
TokenizedStepList captionAsStep(const TrainingCaption& caption, int windowStart, int windowFrames, double fps);

/// For each clip, how many clips hold its rarest step text (its own wording, not paraphrases);
/// a clip without steps counts as one holding the commonest text.
std::vector<int> rarestStepTextCounts(const std::vector<TrainingClip>& clips);

/// Sampling weight of each clip: (1 / rarestStepTextCounts)^exponent, so rare actions are seen
/// more often than their share (exponent 0: all 1; 1: each rarest text about equally often).
std::vector<double> balancedClipWeights(const std::vector<int>& rarest, double exponent);

class TrainingSet {
public:
    /// Reads every clip's features (a clip whose file is unreadable is an error naming it),
    /// normalises them with mean/std (featureDim values each) and tokenizes all texts.
    TrainingSet(const DatasetIndex& index, const std::vector<float>& mean, const std::vector<float>& stddev,
                const TokenizeFunction& tokenize, const ModelConfig& config, const TrainingTextOptions& text = {});

    int size() const { return static_cast<int>(m_clips.size()); }
    const std::vector<TrainingClip>& clips() const { return m_clips; }

    /// batchSize random items: a random clip, caption and step list; windows longer than
    /// maxFrames are cropped at a random start and the steps shifted into the window. A chained
    /// item (policy.chainChance) is a window of one clip followed by a window of another,
    /// crossfaded over kChainOverlapFrames, with both step lists re-timed; most training clips
    /// hold one action, and chains teach the model sequences of different ones. With
    /// policy.captionSteps a window's steps are, by that chance, one step in the words of a
    /// caption that covers it (a one-clip item then has no sentence: it would say the same).
    TrainingBatch sample(std::mt19937_64& rng, int batchSize, const SamplingPolicy& policy) const;

    /// Clips [first, first + count): first caption, first step list, first window. The same
    /// every time, for validation losses.
    TrainingBatch fixedBatch(int first, int count) const;

    /// Frames two chained windows share (a linear crossfade of every feature).
    static constexpr int kChainOverlapFrames = 4;

private:
    struct Segment {
        const TrainingClip* clip = nullptr;
        int windowStart = 0;
        int windowFrames = 0;
        std::optional<TokenizedStepList> steps; // the chosen wordings, clip times; none = no steps
    };
    struct Item {
        std::vector<Segment> segments;            // 1, or 2 for a chain
        const TrainingCaption* caption = nullptr; // null = no sentence
    };
    TokenizedStepList chooseWordings(const TrainingClip& clip, std::size_t list, std::mt19937_64* rng,
                                     double chance) const;
    TrainingBatch assemble(const std::vector<Item>& items) const;
    Item chainedItem(std::mt19937_64& rng, const SamplingPolicy& policy) const;

    ModelConfig m_config;
    std::vector<TrainingClip> m_clips;
    std::vector<std::size_t> m_chainable; // clips with steps and at least 2 s long
    std::vector<int> m_rarest;            // rarestStepTextCounts(m_clips), for balanced sampling
};

/// Steps of `list` that overlap [start, start + seconds), shifted to start at 0 and cut to the
/// window; steps overlapping less than 0.1 s are dropped; at most maxSteps, earliest first.
TokenizedStepList stepsInWindow(const TokenizedStepList& list, double start, double seconds, int maxSteps);

} // namespace stepmotion::model
