// Masked-language-model pre-training of the text encoder (BERT's recipe on our own corpus):
// 15% of the tokens of each sentence are chosen; 80% of those become the mask id, 10% a random
// piece, 10% stay; the encoder + tied MLM head predict the originals. The tokenizer's <s> piece,
// which encode() never emits, serves as the mask id.

#include "mlm_head.h"
#include "text_encoder_weights.h"
#include "training_inputs.h"
#include "training_schedule.h"

#include "stepmotion/core/atomic_file.h"
#include "stepmotion/core/error.h"
#include "stepmotion/core/training.h"

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

} // namespace

TextPretrainProgress pretrainTextEncoder(const TextPretrainOptions& options,
                                         const std::function<void(const TextPretrainProgress&)>& progress)
{
    if (options.outPath.empty() || options.tokenizerPath.empty())
        throw Error("text pre-training needs a tokenizer model and an output path");
    if (options.steps < 1 || options.batchSize < 1 || options.logEvery < 1 || !(options.learningRate > 0)
        || !(options.maskFraction > 0 && options.maskFraction < 1))
        throw Error("text pre-training: steps, batch size and log interval must be >= 1, the mask fraction in (0, 1)");
    const torch::Device device = trainingDevice(options.device);
    const auto started = std::chrono::steady_clock::now();

    const TextTokens text = loadTextTokens(options.tokenizerPath, options.tokenCachePath);
    const auto& encode = text.tokenize;
    const int vocab = text.vocabSize;
    const int maskId = text.bosId;
    std::vector<std::string> sentences = options.sentences;
    if (sentences.empty() && text.cache) // a token cache alone is the whole corpus
        sentences = text.cache->sentences();
    if (sentences.empty())
        throw Error("text pre-training: the corpus is empty");
    ModelConfig config = options.configPath.empty()
        ? defaultConfig(Variant::Full)
        : configFromJson(readWholeFile(options.configPath), options.configPath);
    config.vocabSize = vocab;
    config.validate(options.configPath.empty() ? "default config" : options.configPath);

    std::vector<std::vector<int>> corpus;
    corpus.reserve(sentences.size());
    for (const auto& sentence : sentences)
        if (auto ids = encode(sentence); !ids.empty())
            corpus.push_back(std::move(ids));
    if (corpus.empty())
        throw Error("text pre-training: no sentence produced any tokens");

    torch::manual_seed(options.seed);
    TextEncoder encoder(config.vocabSize, config.maxTokens, config.textDim, config.textLayers, config.textHeads,
                        config.ffnMultiplier, config.dropout);
    MlmHead head(encoder);
    encoder->to(device);
    head->to(device);
    std::vector<torch::Tensor> parameters = encoder->parameters();
    for (const auto& p : head->parameters())
        parameters.push_back(p);
    torch::optim::AdamW optimiser(parameters, torch::optim::AdamWOptions(options.learningRate).weight_decay(0.01));
    std::mt19937_64 rng(options.seed);
    std::uniform_int_distribution<std::size_t> pick(0, corpus.size() - 1);

    TextPretrainProgress report;
    report.totalSteps = options.steps;
    double lossSum = 0, correct = 0, targets = 0;
    int count = 0;
    encoder->train();
    head->train();
    for (int step = 0; step < options.steps; ++step) {
        for (auto& group : optimiser.param_groups())
            static_cast<torch::optim::AdamWOptions&>(group.options())
                .lr(warmupCosine(step, options.warmupSteps, options.steps, options.learningRate));
        std::vector<const std::vector<int>*> rows;
        for (int i = 0; i < options.batchSize; ++i)
            rows.push_back(&corpus[pick(rng)]);
        const MaskedBatch batch = maskBatch(rows, config.maxTokens, maskId, config.vocabSize,
                                            options.maskFraction, rng);
        const auto input = batch.input.to(device);
        const auto target = batch.targets.to(device);
        const auto logits = head->forward(encoder->forward(input).tokens); // [B, L, V]
        const auto loss = torch::nn::functional::cross_entropy(
            logits.reshape({-1, logits.size(-1)}), target.reshape({-1}),
            torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100));
        optimiser.zero_grad();
        loss.backward();
        torch::nn::utils::clip_grad_norm_(parameters, 1.0);
        optimiser.step();
        {
            torch::NoGradGuard noGrad;
            const auto chosen = target.ne(-100);
            correct += logits.argmax(-1).eq(target).logical_and(chosen).sum().item<double>();
            targets += chosen.sum().item<double>();
        }
        lossSum += loss.item<double>();
        ++count;
        if ((step + 1) % options.logEvery == 0 || step + 1 == options.steps) {
            report.step = step + 1;
            report.loss = lossSum / count;
            report.accuracy = targets > 0 ? correct / targets : 0.0;
            report.elapsedSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            if (progress)
                progress(report);
            lossSum = correct = targets = 0;
            count = 0;
        }
    }
    encoder->eval();
    saveTextEncoder(options.outPath, encoder, config);
    return report;
}

} // namespace stepmotion
