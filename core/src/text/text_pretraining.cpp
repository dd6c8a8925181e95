// Masked-language-model pre-training of the text encoder (BERT's recipe on our own corpus):
// 15% of the tokens of each sentence are chosen; 80% of those become the mask id, 10% a random
// piece, 10% stay; the encoder + tied MLM head predict the originals. The tokenizer's <s> piece,
// which encode() never emits, serves as the mask id.

#include "text/mlm_head.h"
#include "text/text_encoder_weights.h"
#include "training/training_inputs.h"
#include "training/training_loop.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/text/text_pretraining.h"

#include <torch/torch.h>

#include <chrono>
#include <functional>
#include <memory>
#include <random>

namespace stepmotion {
namespace {

using namespace model;

constexpr int kFirstRealPiece = 4; // after <pad>, <unk>, <s>, </s>

struct MaskedBatch {
    torch::Tensor input;   // [B, L] ids with masking applied
    torch::Tensor targets; // [B, L] original ids at chosen positions, -100 elsewhere
};

MaskedBatch maskBatch(const std::vector<const std::vector<int>*>& rows, int maxTokens, int maskId, int vocab,
                      double fraction, std::mt19937_64& rng)
{
    std::size_t longest = 1;
    for (const auto* row : rows)
        longest = std::max(longest, std::min(row->size(), static_cast<std::size_t>(maxTokens)));
    const auto b = static_cast<int64_t>(rows.size());
    const auto l = static_cast<int64_t>(longest);
    MaskedBatch out{torch::zeros({b, l}, torch::kLong), torch::full({b, l}, -100, torch::kLong)};
    auto input = out.input.accessor<int64_t, 2>();
    auto targets = out.targets.accessor<int64_t, 2>();
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<int> randomPiece(kFirstRealPiece, vocab - 1);
    for (int64_t i = 0; i < b; ++i) {
        const auto& ids = *rows[static_cast<std::size_t>(i)];
        const auto n = static_cast<int64_t>(std::min(ids.size(), longest));
        bool chosenAny = false;
        for (int64_t j = 0; j < n; ++j)
            input[i][j] = ids[static_cast<std::size_t>(j)];
        for (int64_t j = 0; j < n; ++j) {
            // Every sentence gets at least one target, so short step texts still teach.
            const bool chosen = unit(rng) < fraction || (!chosenAny && j == n - 1);
            if (!chosen)
                continue;
            chosenAny = true;
            targets[i][j] = input[i][j];
            const double r = unit(rng);
            if (r < 0.8)
                input[i][j] = maskId;
            else if (r < 0.9)
                input[i][j] = randomPiece(rng);
        }
    }
    return out;
}

void validateOptions(const TextPretrainOptions& options)
{
    if (options.outPath.empty() || options.tokenizerPath.empty())
        throw Error("text pre-training needs a tokenizer model and an output path");
    if (options.steps < 1 || options.batchSize < 1 || options.logEvery < 1 || !(options.learningRate > 0)
        || !(options.maskFraction > 0 && options.maskFraction < 1))
        throw Error("text pre-training: steps, batch size and log interval must be >= 1, the mask fraction in (0, 1)");
}

// The sentences given, or for a token cache alone the cache's: the whole corpus.
std::vector<std::string> corpusSentences(const TextPretrainOptions& options, const TextTokens& text)
{
    std::vector<std::string> sentences = options.sentences;
    if (sentences.empty() && text.cache)
        sentences = text.cache->sentences();
    if (sentences.empty())
        throw Error("text pre-training: the corpus is empty");
    return sentences;
}

ModelConfig encoderConfig(const TextPretrainOptions& options, int vocab)
{
    ModelConfig config = options.configPath.empty()
        ? defaultConfig(Variant::Full)
        : configFromJson(readWholeFile(options.configPath), options.configPath);
    config.vocabSize = vocab;
    config.validate(options.configPath.empty() ? "default config" : options.configPath);
    return config;
}

std::vector<std::vector<int>> encodeCorpus(const std::vector<std::string>& sentences, const TokenizeFunction& encode)
{
    std::vector<std::vector<int>> corpus;
    corpus.reserve(sentences.size());
    for (const auto& sentence : sentences)
        if (auto ids = encode(sentence); !ids.empty())
            corpus.push_back(std::move(ids));
    if (corpus.empty())
        throw Error("text pre-training: no sentence produced any tokens");
    return corpus;
}

TrainingLoopSettings loopSettings(const TextPretrainOptions& options, std::chrono::steady_clock::time_point started)
{
    TrainingLoopSettings loop;
    loop.started = started;
    loop.steps = options.steps;
    loop.warmupSteps = options.warmupSteps;
    loop.peakLearningRate = options.learningRate;
    loop.reportEvery = options.logEvery;
    loop.samplesPerStep = options.batchSize;
    return loop;
}

// The encoder's and the masked-language head's parameters, trained together.
std::vector<torch::Tensor> trainedParameters(TextEncoder& encoder, MlmHead& head)
{
    std::vector<torch::Tensor> parameters = encoder->parameters();
    for (const auto& p : head->parameters())
        parameters.push_back(p);
    return parameters;
}

} // namespace

TextPretrainProgress pretrainTextEncoder(const TextPretrainOptions& options,
                                         const std::function<void(const TextPretrainProgress&)>& progress)
{
    validateOptions(options);
    const torch::Device device = trainingDevice(options.device);
    const auto started = std::chrono::steady_clock::now();

    const TextTokens text = loadTextTokens(options.tokenizerPath, options.tokenCachePath);
    const auto& encode = text.tokenize;
    const int maskId = text.bosId;
    const ModelConfig config = encoderConfig(options, text.vocabSize);
    const std::vector<std::vector<int>> corpus = encodeCorpus(corpusSentences(options, text), encode);

    torch::manual_seed(options.seed);
    TextEncoder encoder(config.vocabSize, config.maxTokens, config.textDim, config.textLayers, config.textHeads,
                        config.ffnMultiplier, config.dropout);
    MlmHead head(encoder);
    encoder->to(device);
    head->to(device);
    const std::vector<torch::Tensor> parameters = trainedParameters(encoder, head);
    torch::optim::AdamW optimiser(parameters, torch::optim::AdamWOptions(options.learningRate).weight_decay(0.01));
    std::mt19937_64 rng(options.seed);
    std::uniform_int_distribution<std::size_t> pick(0, corpus.size() - 1);

    const TrainingLoopSettings loop = loopSettings(options, started);
    TextPretrainProgress report;
    report.totalSteps = options.steps;
    double correct = 0, targets = 0; // masked pieces predicted right, of all masked, since the last report
    encoder->train();
    head->train();
    const auto lossAt = [&](int) {
        std::vector<const std::vector<int>*> rows;
        for (int i = 0; i < options.batchSize; ++i)
            rows.push_back(&corpus[pick(rng)]);
        const MaskedBatch batch = maskBatch(rows, config.maxTokens, maskId, config.vocabSize, options.maskFraction, rng);
        const auto target = batch.targets.to(device);
        const auto logits = head->forward(encoder->forward(batch.input.to(device)).tokens); // [B, L, V]
        {
            torch::NoGradGuard noGrad;
            const auto chosen = target.ne(-100);
            correct += logits.argmax(-1).eq(target).logical_and(chosen).sum().item<double>();
            targets += chosen.sum().item<double>();
        }
        return torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}), target.reshape({-1}),
                                                    torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100));
    };
    const auto onReport = [&](const TrainingLoopReport& r) {
        report.step = r.step;
        report.loss = r.loss;
        report.accuracy = targets > 0 ? correct / targets : 0.0;
        report.elapsedSeconds = r.elapsedSeconds;
        if (progress)
            progress(report);
        correct = targets = 0;
    };
    runTrainingLoop(loop, optimiser, parameters, lossAt, {}, onReport);
    encoder->eval();
    saveTextEncoder(options.outPath, encoder, config);
    return report;
}

} // namespace stepmotion
