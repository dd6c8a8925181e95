#pragma once
// Pre-training the text encoder with masked language modelling (`stepmotion pretrain-text`) and
// the sentence corpora it reads. Plain types only: torch stays inside core.

#include "stepmotion/core/dataset/dataset_reader.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stepmotion {

struct TextPretrainOptions {
    std::vector<std::string> sentences; // the corpus, one sentence per entry (empty: the token cache's)
    std::string tokenizerPath;
    std::string tokenCachePath; // optional token_cache.h file used instead of running the tokenizer
    std::string configPath;     // the text fields of this model config size the encoder
    std::string outPath;        // text_encoder.pt (atomically written)
    int steps = 5000;
    int batchSize = 256;
    double learningRate = 5e-4;
    int warmupSteps = 200;
    double maskFraction = 0.15; // BERT's 80/10/10 replacement of the chosen tokens
    int logEvery = 100;
    std::string device = "cpu";
    uint64_t seed = 1;
};

struct TextPretrainProgress {
    int step = 0;
    int totalSteps = 0;
    double loss = 0;            // mean masked-token cross-entropy since the last report
    double accuracy = 0;        // masked tokens predicted exactly, since the last report
    double elapsedSeconds = 0;
};

/// MLM pre-training of the text encoder. Returns the final report.
TextPretrainProgress pretrainTextEncoder(const TextPretrainOptions& options,
                                         const std::function<void(const TextPretrainProgress&)>& progress = {});

/// Every caption and step text of a dataset (all splits), trimmed and de-duplicated, sorted.
std::vector<std::string> datasetSentences(const std::string& dataDir, const DatasetReadOptions& options = {});

/// Sentences of FineMotion's BPMSD_auto/BPMSD_human/BPMP_human JSON files in `dir`.
std::vector<std::string> fineMotionSentences(const std::string& dir);

} // namespace stepmotion
