// stepmotion bench generate [--model DIR] [--repeats N] [--threads N] [--steps N] [--frames N]:
// times full generation calls (batch 1 and 4) and prints median/min/max and peak memory.
// stepmotion bench peers [--model DIR] [--repeats N] [--threads N] [--frames N]: the same clip
// through the peers' denoiser shapes and StepMotion, with the ratios.

#include "cli_args.h"
#include "generation_args.h"
#include "commands.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/generation/generation_bench.h"
#include "stepmotion/core/peers/peer_bench.h"
#include "stepmotion/core/runtime/thread_config.h"

#include <cstdio>
#include <iostream>
#include <string>

namespace stepmotion::cli {
namespace {

const char* const kUsage =
    "usage: stepmotion bench generate [--model DIR] [--repeats N] [--threads N] [--steps N] [--frames N]\n"
    "         [--composition per-step|own-words|joint] [--fixed-patch-grid] [--sampler ddim|dpm-solver++]\n"
    "  times sampling with classifier-free guidance for batch 1 and 4 (one warm-up call\n"
    "  first); without --model a freshly initialised model of the default size is used.\n"
    "  Defaults: --repeats 5, --threads = hardware threads, --steps 50, --frames 196\n"
    "       stepmotion bench peers [--model DIR] [--repeats N] [--threads N] [--frames N]\n"
    "  one guided clip (batch 1) through LibTorch re-implementations of the MDM, MLD and\n"
    "  MotionLCM denoiser shapes (random weights, their papers' sizes; text encoding excluded)\n"
    "  and through StepMotion at 50 DDIM, 10 and 5 DPM-Solver++ steps; prints medians and ratios";

void printTiming(const GenerationTiming& t)
{
    std::printf("batch %d: median %.3f s, min %.3f s, max %.3f s over %zu runs (%.3f s per clip)\n", t.batch,
                t.median, t.min, t.max, t.seconds.size(), t.median / t.batch);
    std::fflush(stdout);
}

int runGenerateBench(const Args& args)
{
    args.requireKnown({"model", "repeats", "threads", "steps", "frames", "composition", "fixed-patch-grid", "sampler"});
    if (args.positional().size() != 1)
        throw Error(std::string("unexpected argument '") + args.positional()[1] + "'\n" + kUsage);
    GenerationBenchOptions options;
    options.modelDir = args.value("model");
    options.repeats = args.intValue("repeats", 5, 1, 1000);
    options.samplingSteps = args.intValue("steps", 50, 1, 1000);
    options.frames = args.intValue("frames", 196, 1, 10000);
    options.composition = compositionOption(args);
    options.shiftPatchGrid = !args.flag("fixed-patch-grid");
    options.sampler = samplerOption(args);
    configureThreads(args.intValue("threads", hardwareThreads(), 1, 1024));
    std::cout << "threads: " << threadReport().describe() << " (hardware threads: " << hardwareThreads() << ")\n";
    std::cout << "request: " << options.frames << " frames, " << options.samplingSteps
              << " " << samplerName(options.sampler) << " steps, guidance " << options.guidanceScale
              << " (cond+uncond batched), coarse sentence + 3 steps, "
              << stepCompositionName(options.composition) << " composition"
              << (options.shiftPatchGrid ? ", moving patch grid" : ", fixed patch grid") << "; 1 warm-up + "
              << options.repeats
              << " timed runs\n"
              << std::flush;
    const auto result = benchGeneration(options, printTiming);
    std::cout << "model: " << result.model << ", " << result.parameterCount << " parameters\n";
    std::printf("peak RSS: %.1f MiB\n", result.peakRssKiB / 1024.0);
    return 0;
}

void printPeer(const PeerTiming& row)
{
    std::printf("%-10s %3d %-12s %6.1fM params  median %7.3f s  (min %.3f, max %.3f)  %s\n", row.system.c_str(),
                row.samplingSteps, row.sampler.c_str(), row.parameters / 1e6, row.median, row.min, row.max,
                row.shape.c_str());
    std::fflush(stdout);
}

int runPeersBench(const Args& args)
{
    args.requireKnown({"model", "repeats", "threads", "frames"});
    if (args.positional().size() != 1)
        throw Error(std::string("unexpected argument '") + args.positional()[1] + "'\n" + kUsage);
    PeerBenchOptions options;
    options.modelDir = args.value("model");
    options.repeats = args.intValue("repeats", 5, 1, 1000);
    options.frames = args.intValue("frames", 196, 1, 196);
    configureThreads(args.intValue("threads", hardwareThreads(), 1, 1024));
    std::cout << "threads: " << threadReport().describe() << " (hardware threads: " << hardwareThreads() << ")\n"
              << "request: " << options.frames << " frames, batch 1, guidance " << options.guidanceScale
              << "; 1 warm-up + " << options.repeats << " timed clips per system\n"
              << "StepMotion: " << (options.modelDir.empty() ? "fresh default config (untrained)" : options.modelDir)
              << "\n"
              << std::flush;
    const std::vector<PeerTiming> rows = benchPeers(options, printPeer);
    std::cout << "\nseconds per clip relative to StepMotion (> 1: StepMotion is faster):\n";
    for (const PeerTiming& ours : rows) {
        if (ours.system != "StepMotion")
            continue;
        std::printf("  StepMotion %d %s:", ours.samplingSteps, ours.sampler.c_str());
        for (const PeerTiming& peer : rows)
            if (peer.system != "StepMotion")
                std::printf("  %s %.2fx", peer.system.c_str(), peer.median / ours.median);
        std::printf("\n");
    }
    return 0;
}

} // namespace

int runBench(int argc, char** argv)
{
    if (helpRequested(argc, argv, 2))
        return printHelp(kUsage);
    const Args args(argc, argv, 2, {"fixed-patch-grid"});
    if (!args.positional().empty() && args.positional()[0] == "peers")
        return runPeersBench(args);
    if (args.positional().empty() || args.positional()[0] != "generate")
        throw Error(std::string("expected a benchmark name (generate, peers)\n") + kUsage);
    return runGenerateBench(args);
}

} // namespace stepmotion::cli
