// The timeline benchmark: generation over a prompt set and physical checks (its reports: timeline_report.cpp).

#include "stepmotion/core/timeline/timeline_benchmark.h"

#include "timeline/timeline_report.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/cleanup/motion_cleanup.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>

namespace stepmotion {
namespace {

std::string directoryName(const std::string& dir)
{
    std::string d = dir;
    while (d.size() > 1 && d.back() == '/')
        d.pop_back();
    const auto slash = d.find_last_of('/');
    return slash == std::string::npos ? d : d.substr(slash + 1);
}

int stepsOption(const std::string& spec, const std::string& value)
{
    int steps = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), steps);
    if (ec != std::errc() || end != value.data() + value.size() || steps < 1 || steps > 1000)
        throw Error("--system '" + spec + "': steps=" + value + " is not a step count from 1 to 1000");
    return steps;
}

} // namespace

TimelineSystem parseTimelineSystem(const std::string& spec)
{
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
        throw Error("--system '" + spec + "': expected NAME=DIR[,joint|,per-step|,own-words][,fixed-grid][,raw|,no-anchor|,no-steps]"
                    "[,ddim|,dpm-solver++][,steps=N]");
    TimelineSystem system;
    system.name = spec.substr(0, eq);
    std::string rest = spec.substr(eq + 1);
    const auto comma = rest.find(',');
    system.modelDir = rest.substr(0, comma);
    std::string options = comma == std::string::npos ? std::string() : rest.substr(comma + 1);
    while (!options.empty()) {
        const auto next = options.find(',');
        const std::string option = options.substr(0, next);
        options = next == std::string::npos ? std::string() : options.substr(next + 1);
        if (option == "joint" || option == "per-step" || option == "own-words")
            system.composition = stepCompositionFromName(option);
        else if (option == "fixed-grid")
            system.shiftPatchGrid = false;
        else if (option == "raw")
            system.cleanup = false;
        else if (option == "no-anchor")
            system.anchorRoot = false;
        else if (option == "no-steps")
            system.addSteps = false;
        else if (option == "ddim" || option == "dpm-solver++")
            system.sampler = samplerFromName(option);
        else if (option.rfind("steps=", 0) == 0)
            system.samplingSteps = stepsOption(spec, option.substr(6));
        else
            throw Error("--system '" + spec + "': unknown option '" + option
                        + "' (known: joint, per-step, own-words, fixed-grid, raw, no-anchor, no-steps, ddim, dpm-solver++, steps=N)");
    }
    return system;
}

std::string timelineSystemName(const TimelineSystem& system)
{
    if (!system.name.empty())
        return system.name;
    std::string sampling;
    if (system.sampler != Sampler::Ddim || system.samplingSteps > 0)
        sampling = ", " + samplerName(system.sampler)
                   + (system.samplingSteps > 0 ? " " + std::to_string(system.samplingSteps) + " steps" : std::string());
    return directoryName(system.modelDir) + " (" + stepCompositionName(system.composition) + ", "
           + (system.shiftPatchGrid ? "moving grid" : "fixed grid") + sampling
           + (!system.cleanup      ? ", raw)"
              : !system.anchorRoot ? ", cleaned without root anchoring)"
              : !system.addSteps   ? ", cleaned without added steps)"
                                   : ", cleaned)");
}

namespace {

JointClip generateJoints(const MotionGenerator& generator, const TimelineSystem& system,
                         const TimelineBenchOptions& options, const TimelinePrompt& prompt, uint64_t seed)
{
    GenerationRequest request;
    request.steps = prompt.steps;
    request.frames = std::clamp(static_cast<int>(std::lround(prompt.seconds * kFps)), 1, kMaxTimelineFrames);
    request.seed = seed;
    request.samplingSteps = system.samplingSteps > 0 ? system.samplingSteps : options.samplingSteps;
    request.sampler = system.sampler;
    request.guidanceScale = options.guidanceScale;
    request.composition = system.composition;
    request.shiftPatchGrid = system.shiftPatchGrid;
    const FeatureClip features = generator.generate(request).motions.front();
    MotionCleanupOptions cleanup;
    cleanup.anchorRoot = system.anchorRoot;
    if (!system.addSteps)
        cleanup.stepFrames = 0;
    return system.cleanup ? cleanGeneratedMotion(features, cleanup) : decodeFeatures(features);
}

/// Generates prompt `p` with `seed` and appends its outcomes, physical figures and joins to
/// `row`; for a long clip with windowControl, each step is generated once more in one window.
void runPrompt(const MotionGenerator& generator, const TimelineBenchOptions& options, const TimelinePrompt& prompt,
               std::size_t p, uint64_t seed, TimelineSystemResult& row)
{
    const JointClip joints = generateJoints(generator, row.system, options, prompt, seed);
    const auto checks = checkTimelinePrompt(joints, prompt, options.checks);
    const bool longClip = joints.frames > generator.maxFrames();
    const auto windows = generator.contextWindows(joints.frames);
    const double windowSeconds = generator.maxFrames() / static_cast<double>(kFps);
    for (std::size_t i = 0; i < checks.size(); ++i) {
        const Step& step = prompt.steps.steps[i];
        const bool across = longClip && spanTouchesJoin(static_cast<int>(std::floor(step.start * kFps)),
                                                        static_cast<int>(std::ceil(step.end * kFps)), windows);
        TimelineStepOutcome outcome{p, i, seed, checks[i], longClip, across, std::nullopt};
        const auto control = longClip && options.windowControl ? oneWindowControl(prompt, i, windowSeconds)
                                                               : std::nullopt;
        if (control)
            outcome.oneWindow = checkTimelinePrompt(generateJoints(generator, row.system, options, control->prompt, seed),
                                                    control->prompt, options.checks)[control->step];
        row.outcomes.push_back(std::move(outcome));
    }
    if (joints.frames >= 4)
        row.physical.push_back(measurePhysical(joints));
    if (longClip)
        row.joins.push_back(measureJoins(joints, windows));
}

} // namespace

TimelineBenchResult runTimelineBenchmark(const TimelineBenchOptions& options,
                                         const std::function<void(const TimelineProgress&)>& progress)
{
    if (options.seeds < 1)
        throw Error("timeline benchmark: seeds must be at least 1");
    if (options.systems.empty())
        throw Error("timeline benchmark: no model to run (give --model or --system)");
    TimelineBenchResult result;
    result.promptsPath = options.promptsPath.empty() ? bundledTimelinePromptsPath() : options.promptsPath;
    result.prompts = loadTimelinePrompts(result.promptsPath);
    result.seeds = options.seeds;
    result.samplingSteps = options.samplingSteps;
    const auto& prompts = result.prompts.prompts;
    for (std::size_t s = 0; s < options.systems.size(); ++s) {
        TimelineSystemResult row;
        row.system = options.systems[s];
        const MotionGenerator generator = MotionGenerator::load(row.system.modelDir);
        const auto started = std::chrono::steady_clock::now();
        const std::size_t total = prompts.size() * static_cast<std::size_t>(options.seeds);
        std::size_t done = 0;
        for (std::size_t p = 0; p < prompts.size(); ++p)
            for (int k = 0; k < options.seeds; ++k) {
                runPrompt(generator, options, prompts[p], p, options.firstSeed + static_cast<uint64_t>(k), row);
                if (progress)
                    progress({s, options.systems.size(), ++done, total});
            }
        row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        result.systems.push_back(std::move(row));
    }
    return result;
}

bool spanTouchesJoin(int first, int end, const std::vector<std::pair<int, int>>& windows)
{
    for (std::size_t i = 0; i + 1 < windows.size(); ++i) {
        const int joinFirst = windows[i + 1].first, joinEnd = windows[i].second;
        if (joinFirst < joinEnd && first < joinEnd && joinFirst < end)
            return true;
    }
    return false;
}

TimelineJoinFigures measureJoins(const JointClip& joints, const std::vector<std::pair<int, int>>& windows)
{
    if (windows.size() < 2)
        throw Error("measureJoins: a clip in one window has no joins");
    std::vector<char> atJoin(static_cast<std::size_t>(joints.frames), 0);
    for (std::size_t i = 0; i + 1 < windows.size(); ++i)
        for (int t = std::max(windows[i + 1].first, 0); t < std::min(windows[i].second, joints.frames); ++t)
            atJoin[static_cast<std::size_t>(t)] = 1;
    double jerk[2] = {0, 0}, jerkWeight[2] = {0, 0}, skating[2] = {0, 0}, skatingWeight[2] = {0, 0};
    int first = 0;
    while (first < joints.frames) {
        int end = first;
        while (end < joints.frames && atJoin[static_cast<std::size_t>(end)] == atJoin[static_cast<std::size_t>(first)])
            ++end;
        const int part = atJoin[static_cast<std::size_t>(first)];
        const int n = end - first;
        if (n >= 4) {
            JointClip piece(n, joints.joints, joints.fps);
            std::copy(joints.at(first, 0), joints.at(first, 0) + static_cast<std::size_t>(n) * joints.joints * 3,
                      piece.xyz.begin());
            const PhysicalMetrics m = measurePhysical(piece);
            jerk[part] += m.meanJerk * (n - 3);
            jerkWeight[part] += n - 3;
            skating[part] += m.footSkating * (n - 1);
            skatingWeight[part] += n - 1;
        }
        first = end;
    }
    TimelineJoinFigures f;
    const auto mean = [](double sum, double weight) { return weight > 0 ? sum / weight : std::nan(""); };
    f.joinJerk = mean(jerk[1], jerkWeight[1]);
    f.restJerk = mean(jerk[0], jerkWeight[0]);
    f.joinSkating = mean(skating[1], skatingWeight[1]);
    f.restSkating = mean(skating[0], skatingWeight[0]);
    f.joins = static_cast<int>(windows.size()) - 1;
    return f;
}

} // namespace stepmotion
