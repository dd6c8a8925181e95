// stepmotion data build --source SRC --out DIR: builds the HumanML3D-layout training set
// from the public sources (see core's dataset_builder.h), with a progress bar on stderr.

#include "cli_args.h"
#include "commands.h"

#include "stepmotion/core/dataset_builder.h"
#include "stepmotion/core/error.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace stepmotion::cli {
namespace {

const char* const kUsage =
    "usage: stepmotion data build --source SRC --out DIR [--threads N] [--no-mirror] [--only LIST]\n"
    "  LIST: comma-separated sources among cmu, bandai-1, bandai-2\n"
    "       stepmotion data stats DIR [--split S] [--fine-texts DIR] [--bpmsd F] [--bpmp F] [--warnings]";

void drawProgress(int done, int total)
{
    // Redraw only when the percentage moves, so a log file gets ~100 updates, not thousands.
    if (total > 0 && done != total && done * 100 / total == (done - 1) * 100 / total)
        return;
    constexpr int kWidth = 40;
    const int filled = total > 0 ? done * kWidth / total : kWidth;
    std::fprintf(stderr, "\r[%-*s] %3d%% %d/%d takes", kWidth, std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 total > 0 ? done * 100 / total : 100, done, total);
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

int parseThreads(const std::string& text)
{
    try {
        std::size_t used = 0;
        const int n = std::stoi(text, &used);
        if (used == text.size() && n >= 1 && n <= 64)
            return n;
    } catch (const std::exception&) {
    }
    throw Error("--threads must be an integer from 1 to 64 (got '" + text + "')");
}

} // namespace

int runDataStats(int argc, char** argv); // stats_command.cpp

int runData(int argc, char** argv)
{
    if (argc >= 3 && std::string(argv[2]) == "stats")
        return runDataStats(argc, argv);
    if (argc < 3 || std::string(argv[2]) != "build")
        throw Error(kUsage);
    const Args args(argc, argv, 3, {"no-mirror"});
    args.requireKnown({"source", "out", "threads", "no-mirror", "only"});
    if (!args.positional().empty() || !args.has("source") || !args.has("out"))
        throw Error(kUsage);
    DatasetBuildOptions options;
    options.sourceDir = args.value("source");
    options.outDir = args.value("out");
    options.threads = parseThreads(args.value("threads", "2"));
    options.mirror = !args.flag("no-mirror");
    if (args.has("only"))
        options.onlySources = splitList(args.value("only"));
    options.progress = drawProgress;

    const auto started = std::chrono::steady_clock::now();
    const DatasetBuildSummary summary = buildDataset(options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << formatDatasetSummary(summary);
    std::printf("built %s in %.1f s\n", options.outDir.c_str(), seconds);
    return 0;
}

} // namespace stepmotion::cli
