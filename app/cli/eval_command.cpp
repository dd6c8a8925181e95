// stepmotion train-evaluator ...: contrastive text-motion evaluator for the metrics.
// stepmotion eval ...: R-Precision, FID, MM-Dist, Diversity (+ MultiModality, step
// satisfaction) of a model against the ground truth, as a markdown table and JSON.

#include "cli_args.h"
#include "generation_args.h"
#include "commands.h"
#include "output_path.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/evaluation/evaluation.h"
#include "stepmotion/core/runtime/thread_config.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <string>

namespace stepmotion::cli {
namespace {

const char* const kTrainEvaluatorUsage =
    "usage: stepmotion train-evaluator --data DIR --tokenizer FILE.model --out DIR\n"
    "         [--token-cache FILE] [--steps 3000] [--batch 64] [--lr 5e-4] [--max-minutes M]\n"
    "         [--threads N] [--seed 1]\n"
    "  OUT holds evaluator.json, evaluator.pt and tokenizer.model; the test split is scored at the end";

const char* const kEvalUsage =
    "usage: stepmotion eval --evaluator DIR --data DIR [--model DIR ...] [--name NAME] [--split test]\n"
    "         [--repeats 3] [--limit K] [--sampling-steps 50] [--guidance 2.5] [--mm-clips 0]\n"
    "         [--no-steps-check] [--seed 1] [--threads N] [--out results.json]\n"
    "         [--composition per-step|own-words|joint] [--fixed-patch-grid] [--sampler ddim|dpm-solver++]\n"
    "         (how the models sample, see generate)\n"
    "  without --model only the ground-truth row is computed; --name names the first model\n"
    "       stepmotion eval --prompts prompts.json --evaluator DIR --model DIR [--model DIR ...] ...\n"
    "  composite prompt groups instead of a dataset split (see `stepmotion eval --prompts`)\n"
    "       stepmotion eval --timeline bundled|PROMPTS.json [--model DIR ...] [--seeds 3] ...\n"
    "  the timeline benchmark: physical checks of every step (see `stepmotion eval --timeline`)";

} // namespace

int runEvalPrompts(int argc, char** argv); // composite_command.cpp
int runEvalTimeline(int argc, char** argv); // timeline_command.cpp

int runTrainEvaluator(int argc, char** argv)
{
    if (helpRequested(argc, argv, 2))
        return printHelp(kTrainEvaluatorUsage);
    const Args args(argc, argv, 2, {});
    args.requireKnown({"data", "tokenizer", "token-cache", "out", "steps", "batch", "lr", "max-minutes", "threads", "seed"});
    if (!args.positional().empty())
        throw Error("unexpected argument '" + args.positional()[0] + "'\n" + kTrainEvaluatorUsage);
    EvaluatorTrainOptions o;
    o.dataDir = args.value("data");
    o.tokenizerPath = args.value("tokenizer");
    o.outDir = args.value("out");
    if (o.dataDir.empty() || o.tokenizerPath.empty() || o.outDir.empty())
        throw Error(kTrainEvaluatorUsage);
    requireWritableFolder(o.outDir, "--out");
    o.tokenCachePath = args.value("token-cache");
    o.steps = args.intValue("steps", o.steps, 1, 100000000);
    o.batchSize = args.intValue("batch", o.batchSize, 2, 4096);
    o.learningRate = args.doubleValue("lr", o.learningRate, 1e-9, 1.0);
    o.maxMinutes = args.doubleValue("max-minutes", 0.0, 0.0, 1e7);
    o.seed = static_cast<uint64_t>(args.intValue("seed", 1, 0, 2147483647));
    configureThreads(args.intValue("threads", hardwareThreads(), 1, 1024));
    const EvaluatorTrainSummary s = trainEvaluator(o, [](const EvaluatorTrainProgress& p) {
        std::fprintf(stderr, "step %d/%d  InfoNCE %.4f  %.0f s\n", p.step, p.totalSteps, p.loss, p.elapsedSeconds);
    });
    std::printf("%s: %lld parameters, %d train clips, %d steps, %.1f min, last loss %.4f\n", o.outDir.c_str(),
                static_cast<long long>(s.parameters), s.trainClips, s.step, s.seconds / 60, s.finalLoss);
    if (s.scoredClips >= 32)
        std::printf("ground-truth R-precision on %d held-out clips (batches of 32): top-1 %.3f  top-2 %.3f  top-3 %.3f"
                    "  MM-Dist %.3f\n",
                    s.scoredClips, s.scores.top1, s.scores.top2, s.scores.top3, s.scores.mmDist);
    return 0;
}

int runEval(int argc, char** argv)
{
    // The flags of every eval form, so that the one dispatched to is read right whichever comes last.
    const Args args(argc, argv, 2, {"no-steps-check", "fixed-patch-grid", "raw", "no-window-control"});
    if (args.has("prompts"))
        return runEvalPrompts(argc, argv);
    if (args.has("timeline"))
        return runEvalTimeline(argc, argv);
    if (args.flag("help"))
        return printHelp(kEvalUsage);
    args.requireKnown({"model", "name", "evaluator", "data", "split", "repeats", "limit", "sampling-steps", "guidance",
                       "mm-clips", "no-steps-check", "seed", "threads", "out", "composition", "fixed-patch-grid",
                       "sampler"});
    if (!args.positional().empty())
        throw Error("unexpected argument '" + args.positional()[0] + "'\n" + kEvalUsage);
    EvalOptions o;
    const std::vector<std::string> models = args.values("model");
    if (!models.empty()) {
        o.modelDir = models.front();
        o.moreModelDirs.assign(models.begin() + 1, models.end());
    }
    o.modelName = args.value("name");
    o.evaluatorDir = args.value("evaluator");
    o.dataDir = args.value("data");
    if (o.evaluatorDir.empty() || o.dataDir.empty())
        throw Error(kEvalUsage);
    if (args.has("out")) // checked before the evaluation's minutes, not when its results are written
        requireWritableFile(args.value("out"), "--out", {".json"});
    o.split = args.value("split", "test");
    o.repeats = args.intValue("repeats", o.repeats, 1, 1000);
    o.limit = args.intValue("limit", 0, 0, 100000000);
    o.samplingSteps = args.intValue("sampling-steps", o.samplingSteps, 1, 1000);
    o.sampler = samplerOption(args);
    o.guidanceScale = args.doubleValue("guidance", o.guidanceScale, 0.0, 100.0);
    o.multimodalityClips = args.intValue("mm-clips", 0, 0, 100000);
    o.composition = compositionOption(args);
    o.shiftPatchGrid = !args.flag("fixed-patch-grid");
    o.stepSatisfaction = !args.flag("no-steps-check");
    o.seed = static_cast<uint64_t>(args.intValue("seed", 1, 0, 2147483647));
    configureThreads(args.intValue("threads", hardwareThreads(), 1, 1024));
    const auto started = std::chrono::steady_clock::now();
    const auto rows = runEvaluation(o, [](const EvalProgress& p) {
        if (p.done == p.total || p.done % 16 == 0)
            std::fprintf(stderr, "repeat %d/%d: generated %d/%d\n", p.repeat, p.repeats, p.done, p.total);
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("%s", formatEvalTable(rows).c_str());
    std::printf("\n%s split of %s, %d repeat(s), %d sampling steps, %.1f s\n", o.split.c_str(), o.dataDir.c_str(),
                o.repeats, o.samplingSteps, seconds);
    if (args.has("out")) {
        const nlohmann::json run = {{"models", models}, {"evaluator", o.evaluatorDir}, {"data", o.dataDir},
                                    {"split", o.split},       {"limit", o.limit},            {"repeats", o.repeats},
                                    {"sampling_steps", o.samplingSteps}, {"sampler", samplerName(o.sampler)},
                                    {"seconds", seconds},
                                    {"composition", stepCompositionName(o.composition)},
                                    {"shift_patch_grid", o.shiftPatchGrid}};
        writeFileAtomically(args.value("out"), formatEvalJson(rows, run.dump()));
    }
    return 0;
}

} // namespace stepmotion::cli
