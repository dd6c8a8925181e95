// stepmotion train ...: trains FineMotionDiffuse on a HumanML3D-layout directory.
// stepmotion pretrain-text ...: MLM pre-training of the text encoder on a sentence corpus.

#include "cli_args.h"
#include "commands.h"
#include "output_path.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/runtime/thread_config.h"
#include "stepmotion/core/text/text_pretraining.h"
#include "stepmotion/core/training/training.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <string>

namespace stepmotion::cli {
namespace {

const char* const kTrainUsage =
    "usage: stepmotion train --data DIR --tokenizer FILE.model --out DIR\n"
    "         [--config FILE.json] [--variant full|coarse-only|fine-only|full-no-step-attention|\n"
    "                                     full-no-cross-attention|full-time-aligned]\n"
    "         [--token-cache FILE] [--init-text text_encoder.pt] [--steps 20000] [--batch 64] [--lr 2e-4] [--warmup 500]\n"
    "         [--weight-decay 0.01] [--ema 0.999] [--checkpoint-every 1000] [--log-every 50]\n"
    "         [--max-minutes M] [--resume] [--device cpu|cuda] [--threads N] [--seed 1]\n"
    "         [--fine-texts DIR] [--bpmsd FILE.json] [--bpmp FILE.json]   (real HumanML3D extras)\n"
    "         [--init-model DIR] [--paraphrase P] [--chain P] [--stand-still] [--balance-steps A] [--caption-steps P]\n"
    "  --init-model fine-tunes from a model directory (its config, weights and Mean/Std);\n"
    "  --paraphrase P trains each describer step on another wording with chance P, --chain P joins\n"
    "  two clips' windows in a row with chance P, --stand-still adds \"Stand still.\" steps on the\n"
    "  legs where a clip rests, --balance-steps A samples a clip by (1 / clips holding its rarest\n"
    "  step text)^A (0 = uniform, 1 = each rarest text about equally often), --caption-steps P makes\n"
    "  a window's steps, with chance P, one step in the words of a caption covering it\n"
    "  OUT becomes a model directory (config.json, model.pt = EMA weights, tokenizer.model,\n"
    "  Mean.npy, Std.npy) plus train_log.csv and training_state.pt for --resume";

const char* const kPretrainUsage =
    "usage: stepmotion pretrain-text --tokenizer FILE.model --out text_encoder.pt\n"
    "         [--data DIR] [--finemotion DIR] [--text FILE] [--token-cache FILE]\n"
    "         (at least one corpus source; a token cache alone is the whole corpus)\n"
    "         [--config FILE.json] [--steps 5000] [--batch 256] [--lr 5e-4] [--device cpu|cuda]\n"
    "         [--threads N] [--seed 1]";

std::string duration(double seconds)
{
    const int s = static_cast<int>(seconds);
    char text[32];
    if (s >= 3600)
        std::snprintf(text, sizeof text, "%dh%02dm", s / 3600, (s / 60) % 60);
    else
        std::snprintf(text, sizeof text, "%dm%02ds", s / 60, s % 60);
    return text;
}

// One status line, rewritten in place on a terminal and printed as rows otherwise (logs).
void printTrainProgress(const TrainProgress& p)
{
    const bool terminal = isatty(fileno(stderr)) != 0;
    const int width = 24;
    const int filled = p.totalSteps > 0 ? width * p.step / p.totalSteps : 0;
    const double eta = p.step > 0 ? p.elapsedSeconds * (p.totalSteps - p.step) / p.step : 0;
    std::fprintf(stderr, "%s[%s%s] step %d/%d  loss %.4f  lr %.2e  %.0f samples/s  %s elapsed, ~%s left",
                 terminal ? "\r" : "", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), '.').c_str(), p.step, p.totalSteps, p.loss,
                 p.learningRate, p.samplesPerSecond, duration(p.elapsedSeconds).c_str(), duration(eta).c_str());
    if (p.validationLoss >= 0)
        std::fprintf(stderr, "  val %.4f (checkpoint)", p.validationLoss);
    std::fprintf(stderr, "%s", !terminal || p.validationLoss >= 0 ? "\n" : "");
    std::fflush(stderr);
}

DatasetReadOptions readOptions(const Args& args)
{
    DatasetReadOptions options;
    options.fineTextsDir = args.value("fine-texts");
    options.bpmsdJson = args.value("bpmsd");
    options.bpmpJson = args.value("bpmp");
    return options;
}

} // namespace

int runTrain(int argc, char** argv)
{
    if (helpRequested(argc, argv, 2))
        return printHelp(kTrainUsage);
    const Args args(argc, argv, 2, {"resume", "stand-still"});
    args.requireKnown({"data", "tokenizer", "token-cache", "out", "config", "variant", "init-text", "steps", "batch", "lr", "warmup",
                       "weight-decay", "ema", "checkpoint-every", "log-every", "max-minutes", "resume", "device",
                       "threads", "seed", "fine-texts", "bpmsd", "bpmp", "init-model", "paraphrase", "chain", "balance-steps", "caption-steps",
                       "stand-still"});
    if (!args.positional().empty())
        throw Error("unexpected argument '" + args.positional()[0] + "'\n" + kTrainUsage);
    TrainOptions o;
    o.dataDir = args.value("data");
    o.tokenizerPath = args.value("tokenizer");
    o.outDir = args.value("out");
    if (o.dataDir.empty() || o.tokenizerPath.empty() || o.outDir.empty())
        throw Error(kTrainUsage);
    requireWritableFolder(o.outDir, "--out");
    o.tokenCachePath = args.value("token-cache");
    o.dataOptions = readOptions(args);
    o.configPath = args.value("config");
    o.variant = args.value("variant");
    o.textEncoderInit = args.value("init-text");
    o.steps = args.intValue("steps", o.steps, 1, 100000000);
    o.batchSize = args.intValue("batch", o.batchSize, 1, 65536);
    o.learningRate = args.doubleValue("lr", o.learningRate, 1e-9, 1.0);
    o.warmupSteps = args.intValue("warmup", o.warmupSteps, 0, 100000000);
    o.weightDecay = args.doubleValue("weight-decay", o.weightDecay, 0.0, 10.0);
    o.emaDecay = args.doubleValue("ema", o.emaDecay, 0.0, 0.999999);
    o.checkpointEvery = args.intValue("checkpoint-every", o.checkpointEvery, 1, 100000000);
    o.logEvery = args.intValue("log-every", o.logEvery, 1, 100000000);
    o.maxMinutes = args.doubleValue("max-minutes", 0.0, 0.0, 1e7);
    o.resume = args.flag("resume");
    o.initModel = args.value("init-model");
    o.paraphraseChance = args.doubleValue("paraphrase", 0.0, 0.0, 1.0);
    o.chainChance = args.doubleValue("chain", 0.0, 0.0, 1.0);
    o.standStillSteps = args.flag("stand-still");
    o.balanceSteps = args.doubleValue("balance-steps", 0.0, 0.0, 1.0);
    o.captionSteps = args.doubleValue("caption-steps", 0.0, 0.0, 1.0);
    o.device = args.value("device", "cpu");
    o.seed = static_cast<uint64_t>(args.intValue("seed", 1, 0, 2147483647));
    configureThreads(args.intValue("threads", hardwareThreads(), 1, 1024));
    std::fprintf(stderr, "training on %s (%s), threads: %s\n", o.dataDir.c_str(), o.device.c_str(),
                 threadReport().describe().c_str());
    const TrainSummary s = trainModel(o, printTrainProgress);
    std::printf("%s: %lld parameters, %d train / %d val clips, step %d, %.1f min, last loss %.4f", o.outDir.c_str(),
                static_cast<long long>(s.parameters), s.trainClips, s.validationClips, s.step, s.seconds / 60,
                s.finalLoss);
    if (s.finalValidationLoss >= 0)
        std::printf(", val loss %.4f", s.finalValidationLoss);
    std::printf("%s\n", s.step < o.steps ? " (stopped early; continue with --resume)" : "");
    return 0;
}

int runPretrainText(int argc, char** argv)
{
    if (helpRequested(argc, argv, 2))
        return printHelp(kPretrainUsage);
    const Args args(argc, argv, 2, {});
    args.requireKnown({"tokenizer", "token-cache", "out", "data", "finemotion", "text", "config", "steps", "batch", "lr", "device",
                       "threads", "seed"});
    if (!args.positional().empty())
        throw Error("unexpected argument '" + args.positional()[0] + "'\n" + kPretrainUsage);
    TextPretrainOptions o;
    o.tokenizerPath = args.value("tokenizer");
    o.outPath = args.value("out");
    if (o.tokenizerPath.empty() || o.outPath.empty()
        || !(args.has("data") || args.has("finemotion") || args.has("text") || args.has("token-cache")))
        throw Error(kPretrainUsage);
    requireWritableFile(o.outPath, "--out", {".pt"});
    std::set<std::string> sentences;
    if (args.has("data"))
        for (auto& s : datasetSentences(args.value("data")))
            sentences.insert(std::move(s));
    if (args.has("finemotion"))
        for (auto& s : fineMotionSentences(args.value("finemotion")))
            sentences.insert(std::move(s));
    if (args.has("text")) {
        const std::string path = args.value("text");
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw fileError(path, "cannot open the text file");
        for (std::string line; std::getline(in, line);)
            if (line.find_first_not_of(" \t\r") != std::string::npos)
                sentences.insert(line);
    }
    o.sentences.assign(sentences.begin(), sentences.end());
    o.tokenCachePath = args.value("token-cache");
    o.configPath = args.value("config");
    o.steps = args.intValue("steps", o.steps, 1, 100000000);
    o.batchSize = args.intValue("batch", o.batchSize, 1, 65536);
    o.learningRate = args.doubleValue("lr", o.learningRate, 1e-9, 1.0);
    o.device = args.value("device", "cpu");
    o.seed = static_cast<uint64_t>(args.intValue("seed", 1, 0, 2147483647));
    configureThreads(args.intValue("threads", hardwareThreads(), 1, 1024));
    std::fprintf(stderr, "MLM pre-training on %s (%s)\n",
                 o.sentences.empty() ? "the token cache" : (std::to_string(o.sentences.size()) + " sentences").c_str(),
                 o.device.c_str());
    const TextPretrainProgress last = pretrainTextEncoder(o, [](const TextPretrainProgress& p) {
        std::fprintf(stderr, "step %d/%d  masked-token loss %.4f  accuracy %.3f  %s\n", p.step, p.totalSteps, p.loss,
                     p.accuracy, duration(p.elapsedSeconds).c_str());
    });
    std::printf("%s: %d steps, masked-token loss %.4f, accuracy %.3f, %.1f min\n", o.outPath.c_str(), last.step,
                last.loss, last.accuracy, last.elapsedSeconds / 60);
    return 0;
}

} // namespace stepmotion::cli
