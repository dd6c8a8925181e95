// The timeline benchmark: generation over a prompt set, physical checks, and its reports.

#include "stepmotion/core/timeline_benchmark.h"

#include "timeline_report.h"

#include "stepmotion/core/error.h"
#include "stepmotion/core/feature_codec.h"
#include "stepmotion/core/motion_cleanup.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

namespace stepmotion {
namespace {

using detail::percentCell;

const char* const kKinds[] = {"single", "sequential", "spatial"};

std::string directoryName(const std::string& dir)
{
    std::string d = dir;
    while (d.size() > 1 && d.back() == '/')
        d.pop_back();
    const auto slash = d.find_last_of('/');
    return slash == std::string::npos ? d : d.substr(slash + 1);
}

std::string numberCell(const MeanInterval& m, int decimals, double scale = 1.0)
{
    if (std::isnan(m.mean))
        return "-";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f ± %.*f", decimals, m.mean * scale, decimals, m.ci95 * scale);
    return buffer;
}

// Per prompt: the fraction of its step outcomes passed (over all seeds).
std::vector<double> promptRates(const TimelineSystemResult& system, std::size_t prompts)
{
    std::vector<double> passed(prompts, 0.0), count(prompts, 0.0);
    for (const auto& o : system.outcomes) {
        passed[o.prompt] += o.result.passed ? 1.0 : 0.0;
        count[o.prompt] += 1.0;
    }
    for (std::size_t p = 0; p < prompts; ++p)
        passed[p] = count[p] > 0 ? passed[p] / count[p] : std::nan("");
    return passed;
}

// Per (prompt, seed): 1 when every step passed.
std::vector<double> wholePromptSuccess(const TimelineSystemResult& system)
{
    std::map<std::pair<std::size_t, uint64_t>, bool> all;
    for (const auto& o : system.outcomes) {
        auto [it, inserted] = all.emplace(std::make_pair(o.prompt, o.seed), true);
        it->second = it->second && o.result.passed;
    }
    std::vector<double> out;
    for (const auto& [key, ok] : all)
        out.push_back(ok ? 1.0 : 0.0);
    return out;
}

struct PairGaps {
    double worst = std::nan("");
    double mean = std::nan("");
    std::string worstPair;
};

PairGaps pairGaps(const TimelineBenchResult& result, const TimelineSystemResult& system)
{
    const auto rates = promptRates(system, result.prompts.prompts.size());
    std::map<std::string, std::vector<std::size_t>> pairs;
    for (std::size_t p = 0; p < result.prompts.prompts.size(); ++p)
        if (!result.prompts.prompts[p].pair.empty())
            pairs[result.prompts.prompts[p].pair].push_back(p);
    PairGaps gaps;
    double sum = 0;
    int n = 0;
    for (const auto& [key, members] : pairs) {
        if (members.size() != 2)
            continue;
        const double gap = std::abs(rates[members[0]] - rates[members[1]]);
        sum += gap;
        ++n;
        if (std::isnan(gaps.worst) || gap > gaps.worst) {
            gaps.worst = gap;
            gaps.worstPair = key;
        }
    }
    if (n > 0)
        gaps.mean = sum / n;
    return gaps;
}

} // namespace

namespace detail {

std::string percentCell(const MeanInterval& m)
{
    if (std::isnan(m.mean))
        return "-";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.1f%% ± %.1f", 100 * m.mean, 100 * m.ci95);
    return buffer;
}

} // namespace detail

namespace {

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
        throw Error("--system '" + spec + "': expected NAME=DIR[,joint|,per-step][,fixed-grid][,raw]"
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
        if (option == "joint" || option == "per-step")
            system.composition = stepCompositionFromName(option);
        else if (option == "fixed-grid")
            system.shiftPatchGrid = false;
        else if (option == "raw")
            system.cleanup = false;
        else if (option == "ddim" || option == "dpm-solver++")
            system.sampler = samplerFromName(option);
        else if (option.rfind("steps=", 0) == 0)
            system.samplingSteps = stepsOption(spec, option.substr(6));
        else
            throw Error("--system '" + spec + "': unknown option '" + option
                        + "' (known: joint, per-step, fixed-grid, raw, ddim, dpm-solver++, steps=N)");
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
           + (system.cleanup ? ", cleaned)" : ", raw)");
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
    return system.cleanup ? cleanGeneratedMotion(features) : decodeFeatures(features);
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

MeanInterval stepSatisfaction(const TimelineBenchResult& result, std::size_t system, const std::string& kind)
{
    std::vector<double> values;
    for (const auto& o : result.systems.at(system).outcomes)
        if (kind.empty() || result.prompts.prompts[o.prompt].kind == kind)
            values.push_back(o.result.passed ? 1.0 : 0.0);
    return meanInterval(values);
}

std::string formatTimelineTables(const TimelineBenchResult& result)
{
    std::string out;
    out += "| system | single | sequential | spatial | all steps | whole prompts | order gap: worst (pair) | mean gap |\n";
    out += "|---|---|---|---|---|---|---|---|\n";
    for (std::size_t s = 0; s < result.systems.size(); ++s) {
        const auto& system = result.systems[s];
        out += "| " + timelineSystemName(system.system);
        for (const char* kind : kKinds)
            out += " | " + percentCell(stepSatisfaction(result, s, kind));
        out += " | " + percentCell(stepSatisfaction(result, s)) + " | "
               + percentCell(meanInterval(wholePromptSuccess(system)));
        const PairGaps gaps = pairGaps(result, system);
        char buffer[160];
        if (std::isnan(gaps.worst))
            std::snprintf(buffer, sizeof buffer, " | - | - |\n");
        else
            std::snprintf(buffer, sizeof buffer, " | %.0f pts (%s) | %.0f pts |\n", 100 * gaps.worst,
                          gaps.worstPair.c_str(), 100 * gaps.mean);
        out += buffer;
    }
    // Per check: which requests fail.
    out += "\n| check | steps |";
    for (const auto& system : result.systems)
        out += " " + timelineSystemName(system.system) + " |";
    out += "\n|---|---|";
    for (std::size_t s = 0; s < result.systems.size(); ++s)
        out += "---|";
    out += "\n";
    for (const StepCheck check : allStepChecks()) {
        std::vector<std::vector<double>> values(result.systems.size());
        for (std::size_t s = 0; s < result.systems.size(); ++s)
            for (const auto& o : result.systems[s].outcomes)
                if (o.result.check == check)
                    values[s].push_back(o.result.passed ? 1.0 : 0.0);
        if (values.empty() || values.front().empty())
            continue;
        out += "| " + std::string(stepCheckName(check)) + " | " + std::to_string(values.front().size()) + " |";
        for (const auto& v : values)
            out += " " + percentCell(meanInterval(v)) + " |";
        out += "\n";
    }
    // Physical plausibility of the same clips.
    out += "\n| system | clips | mean jerk (m/s³) | seam phase ratio (pooled) | foot skating | bone sd, worst (mm) | "
           "floor penetration (cm) | airborne (m) |\n|---|---|---|---|---|---|---|---|\n";
    for (const auto& system : result.systems) {
        const PhysicalSummary p = summarisePhysical(system.physical);
        char ratio[32];
        std::snprintf(ratio, sizeof ratio, "%.3f", p.pooledSeamPhaseRatio);
        out += "| " + timelineSystemName(system.system) + " | " + std::to_string(p.clips) + " | "
               + numberCell(p.meanJerk, 1) + " | " + ratio + " | " + numberCell(p.footSkating, 3) + " | "
               + numberCell(p.boneLengthStdMax, 2, 1000.0) + " | " + numberCell(p.floorPenetration, 2, 100.0) + " | "
               + numberCell(p.airborneHeight, 3) + " |\n";
    }
    // Long timelines: are the joins between the model's windows worse than the rest?
    bool anyJoins = false;
    for (const auto& system : result.systems)
        anyJoins = anyJoins || !system.joins.empty();
    if (anyJoins) {
        out += "\n| system | long clips | joins | jerk at joins (m/s³) | jerk elsewhere | ratio | skating at joins | "
               "skating elsewhere | ratio |\n|---|---|---|---|---|---|---|---|---|\n";
        for (const auto& system : result.systems) {
            if (system.joins.empty())
                continue;
            std::vector<double> jj, rj, js, rs;
            int joins = 0;
            for (const auto& f : system.joins) {
                jj.push_back(f.joinJerk);
                rj.push_back(f.restJerk);
                js.push_back(f.joinSkating);
                rs.push_back(f.restSkating);
                joins += f.joins;
            }
            const MeanInterval a = meanInterval(jj), b = meanInterval(rj), c = meanInterval(js), d = meanInterval(rs);
            char buffer[96];
            std::snprintf(buffer, sizeof buffer, " | %.2f | ", a.mean / b.mean);
            out += "| " + timelineSystemName(system.system) + " | " + std::to_string(system.joins.size()) + " | "
                   + std::to_string(joins) + " | " + numberCell(a, 1) + " | " + numberCell(b, 1) + buffer
                   + numberCell(c, 3) + " | " + numberCell(d, 3);
            std::snprintf(buffer, sizeof buffer, " | %.2f |\n", d.mean > 0 ? c.mean / d.mean : std::nan(""));
            out += buffer;
        }
        // Do the steps' checks hold where windows meet as well as inside one window?
        out += "\n| system | steps of long clips inside one window | steps touching a join |\n|---|---|---|\n";
        for (const auto& system : result.systems) {
            std::vector<double> inside, across;
            for (const auto& o : system.outcomes)
                if (o.longClip)
                    (o.acrossJoin ? across : inside).push_back(o.result.passed ? 1.0 : 0.0);
            if (inside.empty() && across.empty())
                continue;
            out += "| " + timelineSystemName(system.system) + " | " + percentCell(meanInterval(inside)) + " (" +
                   std::to_string(inside.size()) + ") | " + percentCell(meanInterval(across)) + " (" +
                   std::to_string(across.size()) + ") |\n";
        }
        // Do the same steps pass when no join is near?
        out += detail::windowControlTables(result);
    }
    return out;
}

std::string formatTimelineJson(const TimelineBenchResult& result)
{
    using nlohmann::json;
    const auto interval = [](const MeanInterval& m) {
        return json{{"mean", std::isnan(m.mean) ? json(nullptr) : json(m.mean)},
                    {"ci95", std::isnan(m.ci95) ? json(nullptr) : json(m.ci95)}};
    };
    json doc;
    doc["prompts"] = result.promptsPath;
    doc["prompt_count"] = result.prompts.prompts.size();
    doc["seeds"] = result.seeds;
    json systems = json::array();
    for (std::size_t s = 0; s < result.systems.size(); ++s) {
        const auto& system = result.systems[s];
        json row;
        row["name"] = timelineSystemName(system.system);
        row["model"] = system.system.modelDir;
        row["composition"] = stepCompositionName(system.system.composition);
        row["shift_patch_grid"] = system.system.shiftPatchGrid;
        row["cleanup"] = system.system.cleanup;
        row["sampler"] = samplerName(system.system.sampler);
        row["sampling_steps"] = system.system.samplingSteps > 0 ? system.system.samplingSteps : result.samplingSteps;
        row["seconds"] = system.seconds;
        json kinds;
        for (const char* kind : kKinds)
            kinds[kind] = interval(stepSatisfaction(result, s, kind));
        kinds["all"] = interval(stepSatisfaction(result, s));
        row["step_satisfaction"] = kinds;
        row["whole_prompts"] = interval(meanInterval(wholePromptSuccess(system)));
        const PairGaps gaps = pairGaps(result, system);
        row["order_gap"] = {{"worst", std::isnan(gaps.worst) ? json(nullptr) : json(gaps.worst)},
                            {"worst_pair", gaps.worstPair},
                            {"mean", std::isnan(gaps.mean) ? json(nullptr) : json(gaps.mean)}};
        const PhysicalSummary p = summarisePhysical(system.physical);
        row["physical"] = {{"clips", p.clips},
                           {"mean_jerk", interval(p.meanJerk)},
                           {"seam_phase_ratio_pooled", p.pooledSeamPhaseRatio},
                           {"foot_skating", interval(p.footSkating)},
                           {"bone_length_sd_max_m", interval(p.boneLengthStdMax)},
                           {"floor_penetration_m", interval(p.floorPenetration)},
                           {"airborne_height_m", interval(p.airborneHeight)}};
        json outcomes = json::array();
        for (const auto& o : system.outcomes)
            outcomes.push_back({{"prompt", result.prompts.prompts[o.prompt].id},
                                {"step", o.step},
                                {"seed", o.seed},
                                {"check", std::string(stepCheckName(o.result.check))},
                                {"passed", o.result.passed},
                                {"long_clip", o.longClip},
                                {"across_join", o.acrossJoin},
                                {"one_window_passed", o.oneWindow ? json(o.oneWindow->passed) : json(nullptr)},
                                {"measure", o.result.measure}});
        row["outcomes"] = std::move(outcomes);
        systems.push_back(std::move(row));
    }
    doc["systems"] = std::move(systems);
    return doc.dump(1) + "\n";
}

} // namespace stepmotion
