// Prompt-set JSON, prompt groups and the prompt-set evaluation's tables (torch-free).

#include "stepmotion/core/evaluation/composite_prompts.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/evaluation/eval_report.h"

#include "formats/json_context.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

namespace stepmotion {

namespace {

using json_detail::Json;
using json_detail::JsonContext;
using OrderedJson = nlohmann::ordered_json;

const char* const kKinds[] = {"basic", "spatial", "chronological"};

Prompt parsePrompt(const Json& j, const JsonContext& ctx, const std::string& prefix)
{
    if (!j.is_object())
        ctx.fail(prefix.substr(0, prefix.size() - 1), "must be an object");
    ctx.rejectUnknownKeys(j, {"id", "kind", "tags", "steps"}, prefix);
    Prompt p;
    p.id = ctx.string(j, "id", prefix);
    if (p.id.empty())
        ctx.fail(prefix + "id", "must not be empty");
    p.kind = ctx.string(j, "kind", prefix);
    if (std::find(std::begin(kKinds), std::end(kKinds), p.kind) == std::end(kKinds))
        ctx.fail(prefix + "kind", "'" + p.kind + "' is not basic, spatial or chronological");
    p.tags = ctx.optionalStrings(j, "tags", prefix);
    const Json& steps = ctx.required(j, "steps", prefix);
    if (!steps.is_object())
        ctx.fail(prefix + "steps", "must be a step-list object");
    // The step-list reader names its own fields; its document name carries the path to it.
    p.steps = parseStepList(steps.dump(), ctx.name + ": " + prefix + "steps");
    return p;
}

Json numberOrNull(double v) { return std::isnan(v) ? Json(nullptr) : Json(v); }

Json intervalJson(const std::vector<double>& values)
{
    const MeanInterval m = meanInterval(values);
    Json list = Json::array();
    for (const double v : values)
        list.push_back(numberOrNull(v));
    return {{"mean", numberOrNull(m.mean)}, {"ci95", numberOrNull(m.ci95)}, {"values", list}};
}

// Per-repeat values of one group's field; NaN for a repeat lacking the group.
std::vector<double> groupValues(const PromptSetRow& row, const std::string& group, double PromptGroupMetrics::*field)
{
    std::vector<double> out;
    for (const auto& groups : row.repeats) {
        const auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.group == group; });
        out.push_back(it == groups.end() ? std::nan("") : (*it).*field);
    }
    return out;
}

std::vector<double> gapValues(const PromptSetRow& row)
{
    const auto basic = groupValues(row, "basic-seen", &PromptGroupMetrics::stepSatisfaction);
    const auto unseen = groupValues(row, "composite-unseen", &PromptGroupMetrics::stepSatisfaction);
    std::vector<double> out;
    for (std::size_t r = 0; r < basic.size(); ++r)
        out.push_back(basic[r] - unseen[r]);
    return out;
}

} // namespace

std::string promptSetToJson(const PromptSet& set)
{
    OrderedJson prompts = OrderedJson::array();
    for (const auto& p : set.prompts)
        prompts.push_back({{"id", p.id}, {"kind", p.kind}, {"tags", p.tags},
                           {"steps", OrderedJson::parse(stepListToJson(p.steps))}});
    const OrderedJson out = {{"version", 1}, {"prompts", prompts}};
    return out.dump(2) + "\n";
}

PromptSet parsePromptSet(const std::string& json, const std::string& name)
{
    const JsonContext ctx{name};
    const Json prompts = ctx.versionedPrompts(json);
    PromptSet set;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < prompts.size(); ++i) {
        const std::string prefix = "prompts[" + std::to_string(i) + "].";
        set.prompts.push_back(parsePrompt(prompts[i], ctx, prefix));
        if (!ids.insert(set.prompts.back().id).second)
            ctx.fail(prefix + "id", "'" + set.prompts.back().id + "' used twice");
    }
    return set;
}

PromptSet loadPromptSet(const std::string& path) { return parsePromptSet(readWholeFile(path), path); }

std::vector<std::string> promptGroups(const Prompt& prompt)
{
    const bool unseen = std::find(prompt.tags.begin(), prompt.tags.end(), "unseen") != prompt.tags.end();
    const std::string kind = prompt.kind == "chronological" ? "chrono" : prompt.kind;
    std::vector<std::string> out{kind + (unseen ? "-unseen" : "-seen")};
    if (unseen && prompt.kind != "basic")
        out.push_back("composite-unseen");
    return out;
}

std::string describePromptSet(const PromptSet& set)
{
    std::map<std::string, int> counts;
    for (const auto& p : set.prompts)
        for (const auto& g : promptGroups(p))
            ++counts[g];
    std::ostringstream out;
    out << set.prompts.size() << " prompts:";
    for (const auto& [group, n] : counts)
        out << ' ' << group << ' ' << n << ',';
    std::string text = out.str();
    text.back() = '\n';
    return text;
}

std::string formatPromptSetTables(const std::vector<PromptSetRow>& rows, int promptTexts)
{
    std::ostringstream out;
    out << "| Model | Group | Prompts | Step satisfaction ↑ | Matched cosine ↑ | Top-3 of " << promptTexts
        << " texts ↑ |\n|---|---|---|---|---|---|\n";
    for (const auto& row : rows) {
        if (row.repeats.empty())
            continue;
        for (const auto& g : row.repeats.front()) {
            out << "| " << row.model << " | " << g.group << " | " << g.prompts << " | "
                << formatIntervalCell(groupValues(row, g.group, &PromptGroupMetrics::stepSatisfaction), 3) << " | "
                << formatIntervalCell(groupValues(row, g.group, &PromptGroupMetrics::matchedCosine), 3) << " | "
                << formatIntervalCell(groupValues(row, g.group, &PromptGroupMetrics::top3), 3) << " |\n";
        }
    }
    out << "\n| Model | Basic-seen step satisfaction | Composite-unseen step satisfaction | Gap ↓ |\n|---|---|---|---|\n";
    for (const auto& row : rows)
        out << "| " << row.model << " | "
            << formatIntervalCell(groupValues(row, "basic-seen", &PromptGroupMetrics::stepSatisfaction), 3) << " | "
            << formatIntervalCell(groupValues(row, "composite-unseen", &PromptGroupMetrics::stepSatisfaction), 3)
            << " | " << formatIntervalCell(gapValues(row), 3) << " |\n";
    return out.str();
}

std::string formatPromptSetJson(const std::vector<PromptSetRow>& rows, const std::string& extra)
{
    Json out = Json::object();
    if (!extra.empty())
        out["run"] = Json::parse(extra);
    out["scores"] = "step_satisfaction: describer check; matched_cosine: evaluator cosine of each motion with its "
                    "own prompt text; top3: own text among the 3 nearest of all prompt texts (groups are too small "
                    "for R-precision at batch 32)";
    out["rows"] = Json::array();
    for (const auto& row : rows) {
        Json groups = Json::array();
        if (!row.repeats.empty())
            for (const auto& g : row.repeats.front())
                groups.push_back({{"group", g.group},
                                  {"prompts", g.prompts},
                                  {"step_satisfaction", intervalJson(groupValues(row, g.group, &PromptGroupMetrics::stepSatisfaction))},
                                  {"matched_cosine", intervalJson(groupValues(row, g.group, &PromptGroupMetrics::matchedCosine))},
                                  {"top3", intervalJson(groupValues(row, g.group, &PromptGroupMetrics::top3))}});
        out["rows"].push_back({{"model", row.model}, {"repeats", row.repeats.size()}, {"groups", groups},
                               {"gap", intervalJson(gapValues(row))}});
    }
    return out.dump(2) + "\n";
}

} // namespace stepmotion
