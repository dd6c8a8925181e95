// stepmotion data composite-prompts ...: the composite-motion prompt set (composite_prompts.h).
// stepmotion eval --prompts FILE ...: step satisfaction and evaluator scores per prompt group.

#include "cli_args.h"
#include "commands.h"
#include "output_path.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/evaluation/composite_prompts.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/runtime/thread_config.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

namespace stepmotion::cli {
namespace {

const char* const kPromptsUsage =
    "usage: stepmotion data composite-prompts --data DIR --out prompts.json [--per-kind 24] [--vocabulary 32]\n"
    "         [--min-count 5] [--seed 1]\n"
    "  basic, spatial and chronological prompts from the train split's step texts, tagged seen/unseen";

const char* const kEvalPromptsUsage =
    "usage: stepmotion eval --prompts prompts.json --evaluator DIR --model DIR [--model DIR ...]\n"
    "         [--repeats 3] [--sampling-steps 50] [--guidance 2.5] [--seed 1] [--threads N] [--out results.json]";

std::string modelName(const std::string& dir)
{
    const std::filesystem::path p = std::filesystem::path(dir).lexically_normal();
    const std::string name = (p.has_filename() ? p.filename() : p.parent_path().filename()).string();
    return name.empty() ? dir : name;
}

} // namespace

int runDataCompositePrompts(int argc, char** argv)
{
    if (helpRequested(argc, argv, 3))
        return printHelp(kPromptsUsage);
    const Args args(argc, argv, 3, {});
    args.requireKnown({"data", "out", "per-kind", "vocabulary", "min-count", "seed"});
    if (!args.positional().empty() || !args.has("data") || !args.has("out"))
        throw Error(kPromptsUsage);
    CompositePromptOptions o;
    o.perKind = args.intValue("per-kind", o.perKind, 1, 10000);
    o.vocabulary = args.intValue("vocabulary", o.vocabulary, 2, 100000);
    o.minCount = args.intValue("min-count", o.minCount, 1, 100000000);
    o.seed = static_cast<uint64_t>(args.intValue("seed", 1, 0, 2147483647));
    const PromptSet set = buildCompositePrompts(args.value("data"), o);
    writeFileAtomically(args.value("out"), promptSetToJson(set));
    std::printf("%s: %s", args.value("out").c_str(), describePromptSet(set).c_str());
    return 0;
}

int runEvalPrompts(int argc, char** argv)
{
    if (helpRequested(argc, argv, 2))
        return printHelp(kEvalPromptsUsage);
    const Args args(argc, argv, 2, {});
    args.requireKnown({"prompts", "evaluator", "model", "repeats", "sampling-steps", "guidance", "seed", "threads", "out"});
    const std::vector<std::string> modelDirs = args.values("model");
    if (!args.positional().empty() || !args.has("evaluator") || modelDirs.empty())
        throw Error(kEvalPromptsUsage);
    if (args.has("out"))
        requireWritableFile(args.value("out"), "--out", {".json"});
    PromptSetEvalOptions o;
    o.repeats = args.intValue("repeats", o.repeats, 1, 1000);
    o.samplingSteps = args.intValue("sampling-steps", o.samplingSteps, 1, 1000);
    o.guidanceScale = args.doubleValue("guidance", o.guidanceScale, 0.0, 100.0);
    o.seed = static_cast<uint64_t>(args.intValue("seed", 1, 0, 2147483647));
    configureThreads(args.intValue("threads", hardwareThreads(), 1, 1024));
    const PromptSet set = loadPromptSet(args.value("prompts"));
    const TextMotionEvaluator evaluator = TextMotionEvaluator::load(args.value("evaluator"));
    std::vector<MotionGenerator> generators; // all loaded first: a bad directory fails before any work
    for (const auto& dir : modelDirs)
        generators.push_back(MotionGenerator::load(dir));
    std::vector<NamedGenerator> named;
    for (std::size_t i = 0; i < generators.size(); ++i)
        named.push_back({modelName(modelDirs[i]), &generators[i]});
    const auto started = std::chrono::steady_clock::now();
    const auto rows = evaluatePromptSet(set, evaluator, named, o, [&](int model, int repeat, int done, int total) {
        if (done == total || done % 16 == 0)
            std::fprintf(stderr, "%s repeat %d/%d: generated %d/%d\n", named[std::size_t(model)].name.c_str(),
                         repeat + 1, o.repeats, done, total);
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("%s", formatPromptSetTables(rows, static_cast<int>(set.prompts.size())).c_str());
    std::printf("\n%s: %s%d repeat(s), %d sampling steps, %.1f s. Step satisfaction: describer check; matched "
                "cosine and top-3 (own text among the 3 nearest of all prompt texts) from the evaluator, as groups "
                "are too small for R-precision at batch 32.\n",
                args.value("prompts").c_str(), describePromptSet(set).c_str(), o.repeats, o.samplingSteps, seconds);
    if (args.has("out")) {
        const nlohmann::json run = {{"prompts", args.value("prompts")}, {"models", modelDirs},
                                    {"evaluator", args.value("evaluator")}, {"repeats", o.repeats},
                                    {"sampling_steps", o.samplingSteps}, {"guidance", o.guidanceScale},
                                    {"seconds", seconds}};
        writeFileAtomically(args.value("out"), formatPromptSetJson(rows, run.dump()));
    }
    return 0;
}

} // namespace stepmotion::cli
