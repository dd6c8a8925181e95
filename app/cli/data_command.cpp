// stepmotion data build --source SRC --out DIR: builds the HumanML3D-layout training set
// from the public sources (see core's dataset_builder.h), with a progress bar on stderr.
// stepmotion data encode DIR: new_joints -> new_joint_vecs (dataset_encode.h).

#include "cli_args.h"
#include "commands.h"
#include "output_path.h"

#include "stepmotion/core/dataset/dataset_builder.h"
#include "stepmotion/core/dataset/dataset_encode.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/text/token_cache.h"
#include "stepmotion/core/text/tokenizer.h"
#include "stepmotion/core/text/text_pretraining.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace stepmotion::cli {
namespace {

const char* const kUsage =
    "usage: stepmotion data build --source SRC --out DIR [--threads N] [--no-mirror] [--only LIST]\n"
    "  LIST: comma-separated sources among cmu, bandai-1, bandai-2\n"
    "       stepmotion data encode DIR [--threads N] [--overwrite]   (new_joints -> new_joint_vecs)\n"
    "       stepmotion data tokenize --tokenizer M --out CACHE.jsonl [--data DIR] [--finemotion DIR]\n"
    "       stepmotion data stats DIR [--split S] [--fine-texts DIR] [--bpmsd F] [--bpmp F] [--warnings]\n"
    "       stepmotion data composite-prompts --data DIR --out prompts.json [--per-kind 24] [--seed 1]\n"
    "       stepmotion data check-steps DIR [--split train] [--checks MAP.json]   (timeline checks on the data)";

void drawProgress(int done, int total, const char* unit)
{
    // Redraw only when the percentage moves, so a log file gets ~100 updates, not thousands.
    if (total > 0 && done != total && done * 100 / total == (done - 1) * 100 / total)
        return;
    constexpr int kWidth = 40;
    const int filled = total > 0 ? done * kWidth / total : kWidth;
    std::fprintf(stderr, "\r[%-*s] %3d%% %d/%d %s", kWidth, std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 total > 0 ? done * 100 / total : 100, done, total, unit);
    if (done == total)
        std::fputc('\n', stderr);
    std::fflush(stderr);
}

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string item; std::getline(in, item, ',');) {
        if (item != "cmu" && item != "bandai-1" && item != "bandai-2")
            throw Error("--only: unknown source '" + item + "' (cmu, bandai-1, bandai-2)");
        out.push_back(item);
    }
    return out;
}

int runDataEncode(int argc, char** argv)
{
    const Args args(argc, argv, 3, {"overwrite"});
    args.requireKnown({"threads", "overwrite"});
    if (args.positional().size() != 1)
        throw Error(kUsage);
    DatasetEncodeOptions options;
    options.threads = args.intValue("threads", 2, 1, 64);
    options.overwrite = args.flag("overwrite");
    const auto started = std::chrono::steady_clock::now();
    const DatasetEncodeResult result = encodeDatasetFeatures(args.positional()[0], options, [](int done, int total) {
        drawProgress(done, total, "clips");
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (const auto& failure : result.failures)
        std::fprintf(stderr, "%s\n", failure.c_str());
    std::printf("%s: %d clips encoded (%d mirrored from their originals), %d already had features, %zu failed, "
                "%.1f s\n",
                args.positional()[0].c_str(), result.encoded, result.mirrored, result.skipped, result.failures.size(),
                seconds);
    return result.failures.empty() ? 0 : 1;
}

int runDataTokenize(int argc, char** argv)
{
    const Args args(argc, argv, 3, {});
    args.requireKnown({"tokenizer", "out", "data", "finemotion"});
    if (!args.positional().empty() || !args.has("tokenizer") || !args.has("out")
        || !(args.has("data") || args.has("finemotion")))
        throw Error(kUsage);
    std::vector<std::string> sentences;
    if (args.has("data"))
        sentences = datasetSentences(args.value("data"));
    if (args.has("finemotion"))
        for (auto& s : fineMotionSentences(args.value("finemotion")))
            sentences.push_back(std::move(s));
    const Tokenizer tokenizer = Tokenizer::load(args.value("tokenizer"));
    writeTokenCache(args.value("out"), tokenizer, sentences);
    std::printf("%s: %zu sentences tokenized with %s\n", args.value("out").c_str(), sentences.size(),
                args.value("tokenizer").c_str());
    return 0;
}

} // namespace

int runDataStats(int argc, char** argv); // stats_command.cpp
int runDataCompositePrompts(int argc, char** argv); // composite_command.cpp
int runDataCheckSteps(int argc, char** argv); // check_steps_command.cpp

int runData(int argc, char** argv)
{
    if (argc >= 3 && std::string(argv[2]) == "stats")
        return runDataStats(argc, argv);
    if (argc >= 3 && std::string(argv[2]) == "composite-prompts")
        return runDataCompositePrompts(argc, argv);
    if (argc >= 3 && std::string(argv[2]) == "check-steps")
        return runDataCheckSteps(argc, argv);
    if (helpRequested(argc, argv, 2))
        return printHelp(kUsage); // data, data build, data encode, data tokenize
    if (argc >= 3 && std::string(argv[2]) == "encode")
        return runDataEncode(argc, argv);
    if (argc >= 3 && std::string(argv[2]) == "tokenize")
        return runDataTokenize(argc, argv);
    if (argc < 3 || std::string(argv[2]) != "build")
        throw Error(kUsage);
    const Args args(argc, argv, 3, {"no-mirror"});
    args.requireKnown({"source", "out", "threads", "no-mirror", "only"});
    if (!args.positional().empty() || !args.has("source") || !args.has("out"))
        throw Error(kUsage);
    DatasetBuildOptions options;
    options.sourceDir = args.value("source");
    options.outDir = args.value("out");
    requireWritableFolder(options.outDir, "--out");
    options.threads = args.intValue("threads", 2, 1, 64);
    options.mirror = !args.flag("no-mirror");
    if (args.has("only"))
        options.onlySources = splitList(args.value("only"));
    options.progress = [](int done, int total) { drawProgress(done, total, "takes"); };

    const auto started = std::chrono::steady_clock::now();
    const DatasetBuildSummary summary = buildDataset(options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << formatDatasetSummary(summary);
    std::printf("built %s in %.1f s\n", options.outDir.c_str(), seconds);
    return 0;
}

} // namespace stepmotion::cli
