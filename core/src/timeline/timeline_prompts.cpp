// The timeline benchmark's prompt file (reader and validation) and checking a prompt's steps on
// a generated clip.

#include "stepmotion/core/timeline/timeline_prompts.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/generation/generator.h"
#include "stepmotion/core/runtime/resource_paths.h"

#include "formats/json_context.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace stepmotion {

namespace {

using json_detail::Json;
using json_detail::JsonContext;

const char* const kKinds[] = {"single", "sequential", "spatial"};
constexpr double kTouchSeconds = 0.05; // a step "begins where another ends" within this

std::string checkNames()
{
    std::string out;
    for (const StepCheck c : allStepChecks())
        out += (out.empty() ? "" : ", ") + std::string(stepCheckName(c));
    return out;
}

std::string secondsText(double s)
{
    std::ostringstream out;
    out << s;
    return out.str();
}

/// A prompt's own fields: id, kind, pair, mirror and seconds.
void readPromptFields(const Json& j, const JsonContext& ctx, const std::string& prefix, TimelinePrompt& p)
{
    p.id = ctx.string(j, "id", prefix);
    if (p.id.empty())
        ctx.fail(prefix + "id", "must not be empty");
    p.kind = ctx.string(j, "kind", prefix);
    if (std::find(std::begin(kKinds), std::end(kKinds), p.kind) == std::end(kKinds))
        ctx.fail(prefix + "kind", "'" + p.kind + "' is not single, sequential or spatial");
    p.pair = ctx.optionalString(j, "pair", prefix, "");
    p.mirror = ctx.optionalString(j, "mirror", prefix, "");
    if (!p.pair.empty() && p.kind != "sequential")
        ctx.fail(prefix + "pair", "only sequential prompts have a pair (this one is " + p.kind + ")");
    const double maxSeconds = kMaxTimelineFrames / kFps;
    ctx.required(j, "seconds", prefix);
    p.seconds = ctx.number(j, "seconds", prefix, 0, -1e9, 1e9);
    if (!(p.seconds > 0) || p.seconds > maxSeconds)
        ctx.fail(prefix + "seconds", "must be in (0, " + secondsText(maxSeconds) + "] (found " + secondsText(p.seconds) + ")");
}

/// A prompt's steps and the check of each. The steps without their "check" are an ordinary
/// step list: its reader applies (and names) the step rules the app and `stepmotion generate` use.
void readPromptSteps(const Json& j, const JsonContext& ctx, const std::string& prefix, TimelinePrompt& p)
{
    const Json& steps = ctx.array(j, "steps", prefix, true);
    Json list = {{"version", kStepListVersion}, {"source", "user"}, {"coarse", j.value("coarse", Json(""))}, {"steps", Json::array()}};
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const std::string stepPrefix = prefix + "steps[" + std::to_string(i) + "].";
        if (!steps[i].is_object())
            ctx.fail(stepPrefix.substr(0, stepPrefix.size() - 1), "must be an object");
        const std::string name = ctx.string(steps[i], "check", stepPrefix);
        const auto check = stepCheckFromName(name);
        if (!check)
            ctx.fail(stepPrefix + "check", "unknown check '" + name + "' (known: " + checkNames() + ")");
        p.checks.push_back(*check);
        Json step = steps[i];
        step.erase("check");
        list["steps"].push_back(step);
    }
    p.steps = parseStepList(list.dump(), ctx.name + ": " + prefix.substr(0, prefix.size() - 1));
}

/// The steps fit the prompt: none ends past its seconds, and their number and timing are what
/// its kind means (one step; steps one after another; steps at the same time).
void checkStepsFitPrompt(const TimelinePrompt& p, const JsonContext& ctx, const std::string& prefix)
{
    const auto& s = p.steps.steps;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i].end > p.seconds + 1e-9)
            ctx.fail(prefix + "steps[" + std::to_string(i) + "].end",
                     secondsText(s[i].end) + " s is past the prompt's seconds (" + secondsText(p.seconds) + ")");
    if (p.kind == "single" && s.size() != 1)
        ctx.fail(prefix + "steps", "a single prompt has exactly one step (found " + std::to_string(s.size()) + ")");
    if (p.kind != "single" && s.size() < 2)
        ctx.fail(prefix + "steps", "a " + p.kind + " prompt has at least two steps");
    if (p.kind == "sequential")
        for (std::size_t i = 1; i < s.size(); ++i)
            if (s[i].start < s[i - 1].end - 1e-9)
                ctx.fail(prefix + "steps[" + std::to_string(i) + "].start",
                         "a sequential step starts after the previous one ends (" + secondsText(s[i].start) + " < "
                             + secondsText(s[i - 1].end) + ")");
    if (p.kind == "spatial") {
        bool overlap = false;
        for (std::size_t a = 0; a < s.size(); ++a)
            for (std::size_t b = a + 1; b < s.size(); ++b)
                overlap = overlap || (s[a].start < s[b].end && s[b].start < s[a].end);
        if (!overlap)
            ctx.fail(prefix + "steps", "a spatial prompt needs two steps at the same time");
    }
}

TimelinePrompt parsePrompt(const Json& j, const JsonContext& ctx, const std::string& prefix)
{
    if (!j.is_object())
        ctx.fail(prefix.substr(0, prefix.size() - 1), "must be an object");
    ctx.rejectUnknownKeys(j, {"id", "kind", "pair", "mirror", "coarse", "seconds", "steps"}, prefix);
    TimelinePrompt p;
    readPromptFields(j, ctx, prefix, p);
    readPromptSteps(j, ctx, prefix, p);
    checkStepsFitPrompt(p, ctx, prefix);
    return p;
}

// Pairs and mirrors refer to other prompts: checked once all are read.
void checkLinks(const TimelinePromptSet& set, const JsonContext& ctx)
{
    std::map<std::string, std::size_t> byId;
    std::map<std::string, std::vector<std::size_t>> byPair;
    for (std::size_t i = 0; i < set.prompts.size(); ++i) {
        byId[set.prompts[i].id] = i;
        if (!set.prompts[i].pair.empty())
            byPair[set.prompts[i].pair].push_back(i);
    }
    for (const auto& [key, members] : byPair) {
        const std::string field = "prompts[" + std::to_string(members.front()) + "].pair";
        if (members.size() != 2)
            ctx.fail(field, "'" + key + "' is shared by " + std::to_string(members.size())
                                + " prompts; a pair links exactly two (both orders)");
        auto reversed = set.prompts[members[1]].checks;
        std::reverse(reversed.begin(), reversed.end());
        if (set.prompts[members[0]].checks != reversed)
            ctx.fail(field, "'" + key + "': the checks of " + set.prompts[members[0]].id + " and "
                                + set.prompts[members[1]].id + " are not in reverse order of each other");
    }
    for (std::size_t i = 0; i < set.prompts.size(); ++i) {
        const TimelinePrompt& p = set.prompts[i];
        if (p.mirror.empty())
            continue;
        const std::string field = "prompts[" + std::to_string(i) + "].mirror";
        const auto it = byId.find(p.mirror);
        if (it == byId.end())
            ctx.fail(field, "no prompt has the id '" + p.mirror + "'");
        const TimelinePrompt& m = set.prompts[it->second];
        if (m.mirror != p.id)
            ctx.fail(field, "'" + p.mirror + "' does not name '" + p.id + "' as its mirror");
        bool mirrored = m.checks.size() == p.checks.size();
        for (std::size_t k = 0; mirrored && k < p.checks.size(); ++k)
            mirrored = m.checks[k] == mirrorStepCheck(p.checks[k]);
        if (!mirrored)
            ctx.fail(field, "the checks of '" + p.mirror + "' are not the left/right mirror of this prompt's");
    }
}

bool isSteadyState(StepCheck c)
{
    switch (c) {
    case StepCheck::StandStill:
    case StepCheck::WalkForward:
    case StepCheck::WalkBackward:
    case StepCheck::Run:
    case StepCheck::SidestepLeft:
    case StepCheck::SidestepRight: return true;
    default: return false;
    }
}

} // namespace

TimelinePromptSet parseTimelinePrompts(const std::string& json, const std::string& name)
{
    const JsonContext ctx{name};
    const Json prompts = ctx.versionedPrompts(json);
    TimelinePromptSet set;
    std::map<std::string, std::size_t> ids;
    for (std::size_t i = 0; i < prompts.size(); ++i) {
        const std::string prefix = "prompts[" + std::to_string(i) + "].";
        set.prompts.push_back(parsePrompt(prompts[i], ctx, prefix));
        if (!ids.emplace(set.prompts.back().id, i).second)
            ctx.fail(prefix + "id", "'" + set.prompts.back().id + "' used twice");
    }
    checkLinks(set, ctx);
    return set;
}

TimelinePromptSet loadTimelinePrompts(const std::string& path)
{
    return parseTimelinePrompts(readWholeFile(path), path);
}

std::string bundledTimelinePromptsPath() { return resourcePath("benchmarks/timeline.json"); }

std::string describeTimelinePrompts(const TimelinePromptSet& set)
{
    std::ostringstream out;
    out << set.prompts.size() << " prompts";
    const char* separator = ": ";
    for (const char* kind : kKinds) {
        const auto n = std::count_if(set.prompts.begin(), set.prompts.end(), [&](const auto& p) { return p.kind == kind; });
        if (n > 0) {
            out << separator << kind << ' ' << n;
            separator = ", ";
        }
    }
    return out.str();
}

std::pair<double, double> measuredSpan(const TimelinePrompt& prompt, std::size_t index,
                                       const TimelineCheckOptions& options)
{
    const Step& step = prompt.steps.steps.at(index);
    double start = step.start;
    if (isSteadyState(prompt.checks.at(index)) && options.transitionSeconds > 0) {
        const auto& steps = prompt.steps.steps;
        const bool follows = std::any_of(steps.begin(), steps.end(), [&](const Step& other) {
            return other.start < step.start && std::abs(other.end - step.start) <= kTouchSeconds;
        });
        if (follows)
            start += std::min(options.transitionSeconds, 0.25 * (step.end - step.start));
    }
    return {start, step.end};
}

std::vector<StepCheckResult> checkTimelinePrompt(const JointClip& joints, const TimelinePrompt& prompt,
                                                 const TimelineCheckOptions& options)
{
    if (prompt.checks.size() != prompt.steps.steps.size())
        throw Error("timeline prompt " + prompt.id + ": " + std::to_string(prompt.checks.size()) + " checks for "
                    + std::to_string(prompt.steps.steps.size()) + " steps");
    std::vector<StepCheckResult> results;
    for (std::size_t i = 0; i < prompt.checks.size(); ++i) {
        const auto [start, end] = measuredSpan(prompt, i, options);
        results.push_back(checkStep(joints, start, end, prompt.checks[i]));
    }
    return results;
}

} // namespace stepmotion
