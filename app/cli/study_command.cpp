// stepmotion study init|prepare|report|export-csv|simulate: human-evaluation studies from the
// command line. The work is in core's study*.h; this file reads arguments and prints.

#include "cli_args.h"
#include "commands.h"
#include "study_cli.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/study/study.h"
#include "stepmotion/core/study/study_report.h"
#include "stepmotion/core/study/study_responses.h"
#include "stepmotion/core/runtime/thread_config.h"
#include "stepmotion/core/formats/atomic_file.h"

#include <cstdio>
#include <filesystem>
#include <iostream>

#include <unistd.h>

namespace stepmotion::cli {
namespace {

const char* const kUsage =
    "usage: stepmotion study init DIR --prompts P.json --system ID=MODEL_DIR [--system ...] [--ground-truth]\n"
    "                        [--seeds 1,2] [--title T] [--attention-checks 2] [--force]\n"
    "       stepmotion study prepare DIR [--threads N]\n"
    "       stepmotion study report DIR [--out REPORT_DIR] [--include-failed-raters]\n"
    "       stepmotion study export-csv DIR --out F.csv\n"
    "       stepmotion study simulate DIR --rater ID --answers N [--seed S] [--careless] [--abort-after K]";

std::string studyDirArg(const Args& args)
{
    if (args.positional().size() != 1)
        throw Error(std::string("expected one study folder\n") + kUsage);
    return args.positional().front();
}

StudyDesign loadDesignOf(const std::string& dir)
{
    const std::string path = studyDesignPath(dir);
    if (!std::filesystem::exists(path))
        throw fileError(dir, "not a study folder (no study.json; create one with `stepmotion study init`)");
    return loadStudyDesign(path);
}

int runInit(int argc, char** argv)
{
    const Args args(argc, argv, 3, {"ground-truth", "force"});
    args.requireKnown({"prompts", "system", "ground-truth", "seeds", "title", "attention-checks", "force"});
    const std::string dir = studyDirArg(args);
    if (!args.has("prompts") || args.values("system").empty())
        throw Error(std::string("--prompts and at least one --system are required\n") + kUsage);
    StudyDesign design;
    design.title = args.value("title");
    design.prompts = loadStudyPrompts(args.value("prompts"));
    design.systems = parseSystemArgs(args.values("system"));
    if (args.flag("ground-truth"))
        design.systems.push_back({"gt", "Ground truth", "", true});
    if (args.has("seeds"))
        design.seeds = parseSeedList(args.value("seeds"));
    design.attentionChecks = args.intValue("attention-checks", design.attentionChecks, 0, 1000);
    const std::string path = studyDesignPath(dir);
    if (std::filesystem::exists(path) && !args.flag("force"))
        throw fileError(path, "already exists (use --force to replace the design)");
    std::filesystem::create_directories(dir);
    saveStudyDesign(design, path);
    std::cout << "wrote " << path << ": " << design.prompts.size() << " prompts, " << design.systems.size()
              << " systems, " << design.seeds.size() << " seeds, " << studyClips(dir, design).size() << " clips, "
              << planTrials(design, "preview", 1).size() << " trials per rater\n";
    return 0;
}

int runPrepare(int argc, char** argv)
{
    const Args args(argc, argv, 3, {});
    args.requireKnown({"threads"});
    const std::string dir = studyDirArg(args);
    const StudyDesign design = loadDesignOf(dir);
    configureThreads(args.intValue("threads", hardwareThreads(), 1, 1024));
    // Models load on first use: systems whose clips all exist cost nothing.
    const ClipSource source = modelClipSource(dir, design);
    const bool terminal = isatty(fileno(stderr)) != 0;
    const PrepareResult result = prepareStudyClips(dir, design, source, [terminal](const PrepareProgress& p) {
        if (!p.current.empty())
            std::fprintf(stderr, "%sclip %d/%d %s%s", terminal ? "\r\033[K" : "", p.done + 1, p.total,
                         p.current.c_str(), terminal ? "" : "\n");
    });
    std::fprintf(stderr, "%s", terminal ? "\r\033[K" : "");
    std::cout << "clips: " << result.generated << " generated, " << result.skipped << " already present, "
              << missingStudyClips(dir, design).size() << " missing\n";
    return 0;
}

void printWarnings(const LoadedResponses& loaded)
{
    for (const std::string& w : loaded.warnings)
        std::cerr << "warning: " << w << "\n";
}

int runReport(int argc, char** argv)
{
    const Args args(argc, argv, 3, {"include-failed-raters"});
    args.requireKnown({"out", "include-failed-raters"});
    const std::string dir = studyDirArg(args);
    const StudyDesign design = loadDesignOf(dir);
    const LoadedResponses loaded = loadStudyResponses(dir);
    printWarnings(loaded);
    StudyReportOptions options;
    options.excludeFailedAttention = !args.flag("include-failed-raters");
    const StudyReport report = buildStudyReport(design, loaded.responses, options);
    const std::string markdown = formatStudyReportMarkdown(report);
    std::cout << markdown;
    const std::filesystem::path out = args.value("out", (std::filesystem::path(dir) / "report").string());
    writeStudyReportCsv(report, out.string());
    writeFileAtomically((out / "report.md").string(), markdown);
    writeFileAtomically((out / "chart_pairs.svg").string(),
                        renderBarChartSvg("Win rate of A (Wilson 95%)", pairChartBars(report), "win rate", 1.0));
    std::vector<ChartBar> likert = likertChartBars(report, "faithfulness");
    for (ChartBar& bar : likert)
        bar.label += " (faith.)";
    for (ChartBar bar : likertChartBars(report, "naturalness")) {
        bar.label += " (nat.)";
        likert.push_back(bar);
    }
    writeFileAtomically((out / "chart_likert.svg").string(),
                        renderBarChartSvg("Likert means (bootstrap 95%)", likert, "rating", 5.0));
    writeFileAtomically((out / "chart_steps.svg").string(),
                        renderBarChartSvg("Steps performed (Wilson 95%)", stepChartBars(report), "rate", 1.0));
    std::cerr << "wrote " << out.string() << "/{report.md, pairs.csv, likert.csv, steps.csv, raters.csv, "
              << "chart_pairs.svg, chart_likert.svg, chart_steps.svg}\n";
    return 0;
}

int runExportCsv(int argc, char** argv)
{
    const Args args(argc, argv, 3, {});
    args.requireKnown({"out"});
    const std::string dir = studyDirArg(args);
    loadDesignOf(dir);
    if (!args.has("out"))
        throw Error(std::string("--out F.csv is required\n") + kUsage);
    const LoadedResponses loaded = loadStudyResponses(dir);
    printWarnings(loaded);
    writeResponsesCsv(loaded.responses, args.value("out"));
    std::cout << "wrote " << loaded.responses.size() << " responses to " << args.value("out") << "\n";
    return 0;
}

} // namespace

int runStudy(int argc, char** argv)
{
    const std::string sub = argc > 2 ? argv[2] : "";
    if (sub == "simulate")
        return runStudySimulate(argc, argv); // its own usage, also for --help
    if (helpRequested(argc, argv, 2))
        return printHelp(kUsage);
    if (sub == "init")
        return runInit(argc, argv);
    if (sub == "prepare")
        return runPrepare(argc, argv);
    if (sub == "report")
        return runReport(argc, argv);
    if (sub == "export-csv")
        return runExportCsv(argc, argv);
    if (sub == "simulate")
        return runStudySimulate(argc, argv);
    throw Error(std::string(sub.empty() ? "missing subcommand" : "unknown subcommand '" + sub + "'") + "\n" + kUsage);
}

} // namespace stepmotion::cli
