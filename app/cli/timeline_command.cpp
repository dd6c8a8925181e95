// stepmotion eval --timeline ...: the timeline benchmark (physical checks of every step of a
// held-out prompt set) for one or more models and sampling settings.

#include "cli_args.h"
#include "generation_args.h"
#include "commands.h"
#include "output_path.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/runtime/resource_paths.h"
#include "stepmotion/core/runtime/thread_config.h"
#include "stepmotion/core/timeline/timeline_benchmark.h"

#include <cstdio>
#include <string>
#include <vector>

namespace stepmotion::cli {
namespace {

const char* const kUsage =
    "usage: stepmotion eval --timeline bundled|PROMPTS.json [--model DIR ...] [--system NAME=DIR[,joint|,own-words]\n"
    "         [,fixed-grid][,raw|,no-anchor|,no-steps][,ddim|,dpm-solver++][,steps=N] ...] [--composition per-step|own-words|joint]\n"
    "         [--fixed-patch-grid] [--raw] [--sampler ddim|dpm-solver++] [--seeds 3] [--seed 1]\n"
    "         [--sampling-steps 50] [--guidance 2.5] [--transition 0.5] [--no-window-control]\n"
    "         [--threads N] [--out results.json] [--table results.md]\n"
    "  every model generates every prompt with each seed; each step is judged by its physical check\n"
    "  on the joints (cleaned as users get them unless --raw). --model rows use --composition,\n"
    "  --fixed-patch-grid and --sampler; --system rows carry their own settings. Without any, the bundled\n"
    "  model, with --composition, --fixed-patch-grid, --raw and --sampler as a --model row.\n"
    "  no-anchor and no-steps turn off the clean-up's root anchoring and the foot lock's added steps, to measure them.\n"
    "  Each step of a prompt longer than the model's window is generated once more inside one window,\n"
    "  with the whole steps next to it, to tell joins from hard steps (--no-window-control skips it)";

// The rows to compare: each --model (with the sampling flags), each --system (with its own
// options), or the bundled model with the sampling flags when neither is named.
std::vector<TimelineSystem> timelineSystems(const Args& args)
{
    const auto modelRow = [&args](const std::string& dir) {
        TimelineSystem system;
        system.modelDir = dir;
        system.composition = compositionOption(args);
        system.shiftPatchGrid = !args.flag("fixed-patch-grid");
        system.cleanup = !args.flag("raw");
        system.sampler = samplerOption(args);
        return system;
    };
    const bool rowFlags = args.has("composition") || args.flag("fixed-patch-grid") || args.flag("raw") || args.has("sampler");
    if (rowFlags && args.values("model").empty() && !args.values("system").empty())
        throw Error("--composition, --fixed-patch-grid, --raw and --sampler set --model rows; a --system row carries its "
                    "own (NAME=DIR,own-words,dpm-solver++,...)");
    std::vector<TimelineSystem> systems;
    for (const auto& dir : args.values("model"))
        systems.push_back(modelRow(dir));
    for (const auto& spec : args.values("system"))
        systems.push_back(parseTimelineSystem(spec));
    if (systems.empty())
        systems.push_back(modelRow(resourcePath("models/default")));
    return systems;
}

} // namespace

int runEvalTimeline(int argc, char** argv)
{
    if (helpRequested(argc, argv, 2))
        return printHelp(kUsage);
    const Args args(argc, argv, 2, {"fixed-patch-grid", "raw", "no-window-control"});
    args.requireKnown({"timeline", "model", "system", "composition", "fixed-patch-grid", "raw", "sampler", "seeds", "seed",
                       "sampling-steps", "guidance", "transition", "no-window-control", "threads", "out", "table"});
    if (!args.positional().empty())
        throw Error("unexpected argument '" + args.positional()[0] + "'\n" + kUsage);
    // Checked before the benchmark's minutes of generation, not when its results are written.
    if (args.has("out"))
        requireWritableFile(args.value("out"), "--out", {".json"});
    if (args.has("table"))
        requireWritableFile(args.value("table"), "--table", {".md"});
    TimelineBenchOptions o;
    const std::string prompts = args.value("timeline");
    o.promptsPath = prompts == "bundled" ? std::string() : prompts;
    o.systems = timelineSystems(args);
    o.seeds = args.intValue("seeds", o.seeds, 1, 1000);
    o.firstSeed = static_cast<uint64_t>(args.intValue("seed", 1, 0, 2147483647));
    o.samplingSteps = args.intValue("sampling-steps", o.samplingSteps, 1, 1000);
    o.guidanceScale = args.doubleValue("guidance", o.guidanceScale, 0.0, 100.0);
    o.windowControl = !args.flag("no-window-control");
    o.checks.transitionSeconds = args.doubleValue("transition", o.checks.transitionSeconds, 0.0, 10.0);
    configureThreads(args.intValue("threads", hardwareThreads(), 1, 1024));
    const auto result = runTimelineBenchmark(o, [&](const TimelineProgress& p) {
        if (p.done == p.total || p.done % 20 == 0)
            std::fprintf(stderr, "%s: generated %zu/%zu\n", timelineSystemName(o.systems[p.system]).c_str(), p.done,
                         p.total);
    });
    const std::string tables = formatTimelineTables(result);
    std::printf("%s", tables.c_str());
    std::printf("\n%s: %s, %d seed(s) from %llu, %d sampling steps, guidance %.2f, transition allowance %.2f s\n",
                result.promptsPath.c_str(), describeTimelinePrompts(result.prompts).c_str(), o.seeds,
                static_cast<unsigned long long>(o.firstSeed), o.samplingSteps, o.guidanceScale,
                o.checks.transitionSeconds);
    for (const auto& system : result.systems)
        std::printf("%s: %.1f s\n", timelineSystemName(system.system).c_str(), system.seconds);
    if (args.has("out"))
        writeFileAtomically(args.value("out"), formatTimelineJson(result));
    if (args.has("table"))
        writeFileAtomically(args.value("table"), tables);
    return 0;
}

} // namespace stepmotion::cli
