// One-window controls for the steps of long timelines: does a step's check fail because its
// clip spans several model windows, or because of what the step asks?

#include "timeline/timeline_report.h"

#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace stepmotion {
namespace {

constexpr double kTimeEpsilon = 1e-6; // seconds; step times come from JSON as written

bool inside(const Step& s, double from, double to)
{
    return s.start >= from - kTimeEpsilon && s.end <= to + kTimeEpsilon;
}

std::vector<std::size_t> stepsInside(const TimelinePrompt& prompt, double from, double to)
{
    std::vector<std::size_t> out;
    for (std::size_t j = 0; j < prompt.steps.steps.size(); ++j)
        if (inside(prompt.steps.steps[j], from, to))
            out.push_back(j);
    return out;
}

} // namespace

std::optional<WindowControl> oneWindowControl(const TimelinePrompt& prompt, std::size_t step, double windowSeconds)
{
    const auto& steps = prompt.steps.steps;
    if (step >= steps.size())
        throw Error("oneWindowControl: prompt '" + prompt.id + "' has no step " + std::to_string(step));
    const Step& target = steps[step];
    if (target.end - target.start > windowSeconds + kTimeEpsilon)
        return std::nullopt;
    std::vector<std::size_t> chosen = stepsInside(prompt, target.end - windowSeconds, target.end);
    const bool follows = std::any_of(chosen.begin(), chosen.end(),
                                     [&](std::size_t j) { return steps[j].end <= target.start + kTimeEpsilon && j != step; });
    if (!follows)
        chosen = stepsInside(prompt, target.start, target.start + windowSeconds);
    double origin = target.start, last = target.end;
    for (const std::size_t j : chosen) {
        origin = std::min(origin, steps[j].start);
        last = std::max(last, steps[j].end);
    }
    WindowControl control;
    control.prompt.id = prompt.id + "@step" + std::to_string(step);
    control.prompt.kind = chosen.size() == 1 ? "single" : prompt.kind;
    control.prompt.seconds = last - origin;
    control.prompt.steps.coarse = prompt.steps.coarse;
    control.prompt.steps.source = prompt.steps.source;
    for (const std::size_t j : chosen) {
        if (j == step)
            control.step = control.prompt.steps.steps.size();
        Step s = steps[j];
        s.start -= origin;
        s.end -= origin;
        control.prompt.steps.steps.push_back(s);
        control.prompt.checks.push_back(prompt.checks[j]);
    }
    return control;
}

namespace detail {
namespace {

struct Tally {
    std::vector<double> inLong, inControl; // 1 passed, 0 failed
    int same = 0;

    void add(bool longPassed, bool controlPassed)
    {
        inLong.push_back(longPassed ? 1.0 : 0.0);
        inControl.push_back(controlPassed ? 1.0 : 0.0);
        same += longPassed == controlPassed;
    }
};

std::string row(const std::string& name, const Tally& t)
{
    const auto n = t.inLong.size();
    char same[48];
    std::snprintf(same, sizeof same, "%d (%.1f%%)", t.same, 100.0 * t.same / static_cast<double>(n));
    return "| " + name + " | " + std::to_string(n) + " | " + percentCell(meanInterval(t.inLong)) + " | "
           + percentCell(meanInterval(t.inControl)) + " | " + same + " |\n";
}

} // namespace

std::string windowControlTables(const TimelineBenchResult& result)
{
    std::string out;
    for (const auto& system : result.systems) {
        Tally all;
        std::map<StepCheck, Tally> perCheck; // in allStepChecks() order, as the per-check table
        for (const auto& o : system.outcomes) {
            if (!o.oneWindow)
                continue;
            all.add(o.result.passed, o.oneWindow->passed);
            perCheck[o.result.check].add(o.result.passed, o.oneWindow->passed);
        }
        if (all.inLong.empty())
            continue;
        out += "\n| " + timelineSystemName(system.system)
               + ": steps of long clips | steps | passed in the long clip | passed in one window | same verdict |\n"
                 "|---|---|---|---|---|\n";
        out += row("all", all);
        for (const auto& [check, tally] : perCheck)
            out += row(std::string(stepCheckName(check)), tally);
    }
    return out;
}

} // namespace detail
} // namespace stepmotion
