// The timeline benchmark's reports: Markdown tables and JSON of its figures.

#include "stepmotion/core/timeline/timeline_benchmark.h"

#include "timeline/timeline_report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace stepmotion {
namespace {

using detail::percentCell;

const char* const kKinds[] = {"single", "sequential", "spatial"};

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

MeanInterval stepSatisfaction(const TimelineBenchResult& result, std::size_t system, const std::string& kind)
{
    std::vector<double> values;
    for (const auto& o : result.systems.at(system).outcomes)
        if (kind.empty() || result.prompts.prompts[o.prompt].kind == kind)
            values.push_back(o.result.passed ? 1.0 : 0.0);
    return meanInterval(values);
}

namespace {

// Step satisfaction by kind of request, whole prompts and the gap between the orders of a pair.
std::string satisfactionTable(const TimelineBenchResult& result)
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
    return out;
}

// Per check: which requests fail.
std::string checkTable(const TimelineBenchResult& result)
{
    std::string out = "\n| check | steps |";
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
    return out;
}

// Physical plausibility of the same clips.
std::string physicalTable(const TimelineBenchResult& result)
{
    std::string out = "\n| system | clips | mean jerk (m/s³) | seam phase ratio (pooled) | foot skating | bone sd, worst (mm) | "
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
    return out;
}

// Long timelines: are the joins between the model's windows worse than the rest?
std::string joinTable(const TimelineBenchResult& result)
{
    std::string out = "\n| system | long clips | joins | jerk at joins (m/s³) | jerk elsewhere | ratio | skating at joins | "
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
    return out;
}

// Do the steps' checks hold where windows meet as well as inside one window?
std::string joinStepsTable(const TimelineBenchResult& result)
{
    std::string out = "\n| system | steps of long clips inside one window | steps touching a join |\n|---|---|---|\n";
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
    return out;
}

} // namespace

std::string formatTimelineTables(const TimelineBenchResult& result)
{
    std::string out = satisfactionTable(result) + checkTable(result) + physicalTable(result);
    const bool anyJoins = std::any_of(result.systems.begin(), result.systems.end(),
                                      [](const auto& system) { return !system.joins.empty(); });
    if (anyJoins) // and do the same steps pass when no join is near?
        out += joinTable(result) + joinStepsTable(result) + detail::windowControlTables(result);
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
