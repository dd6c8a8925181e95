// Turns raw responses into the study's tables: rater screening first (attention checks), then
// the same pair/Likert/step tables for all prompts and for each tag, then agreement.

#include "stepmotion/core/study/study_report.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace stepmotion {
namespace {

using Responses = std::vector<const TrialResponse*>;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Tables {
    std::vector<PairResult> pairs;
    std::vector<LikertResult> likert;
    std::vector<StepResult> steps;
};

std::vector<PairResult> pairTable(const StudyDesign& d, const Responses& used)
{
    std::vector<PairResult> pairs;
    for (std::size_t i = 0; i < d.systems.size(); ++i) {
        for (std::size_t j = i + 1; j < d.systems.size(); ++j) {
            PairResult p;
            p.a = d.systems[i].id;
            p.b = d.systems[j].id;
            for (const TrialResponse* r : used) {
                const bool same = r->systemA == p.a && r->systemB == p.b;
                if (r->kind != TrialKind::Pairwise || !(same || (r->systemA == p.b && r->systemB == p.a)))
                    continue;
                if (r->preferred == p.a)
                    ++p.winsA;
                else if (r->preferred == p.b)
                    ++p.winsB;
                else
                    ++p.ties;
            }
            const int n = p.winsA + p.winsB + p.ties;
            if (n == 0)
                continue;
            p.winRateA = double(p.winsA) / n;
            p.wilsonA = wilsonInterval(p.winsA, n);
            p.pValue = signTestPValue(p.winsA, p.winsB);
            pairs.push_back(p);
        }
    }
    std::vector<double> pValues;
    for (const PairResult& p : pairs)
        pValues.push_back(p.pValue);
    const std::vector<double> holm = holmAdjust(pValues);
    for (std::size_t i = 0; i < pairs.size(); ++i)
        pairs[i].pHolm = holm[i];
    return pairs;
}

Tables computeTables(const StudyDesign& d, const Responses& used, const StudyReportOptions& options)
{
    Tables t;
    t.pairs = pairTable(d, used);
    for (const StudySystem& s : d.systems) {
        std::vector<double> faith, nat;
        StepResult steps;
        steps.system = s.id;
        for (const TrialResponse* r : used) {
            if (r->systemA != s.id)
                continue;
            if (r->kind == TrialKind::Likert) {
                faith.push_back(r->faithfulness);
                nat.push_back(r->naturalness);
            } else if (r->kind == TrialKind::StepCheck) {
                steps.asked += int(r->stepsPerformed.size());
                steps.performed += int(std::count(r->stepsPerformed.begin(), r->stepsPerformed.end(), true));
            }
        }
        if (!faith.empty()) {
            t.likert.push_back({s.id, "faithfulness",
                                bootstrapMeanCI(faith, options.bootstrapResamples, options.seed), int(faith.size())});
            t.likert.push_back({s.id, "naturalness",
                                bootstrapMeanCI(nat, options.bootstrapResamples, options.seed), int(nat.size())});
        }
        if (steps.asked > 0) {
            steps.rate = double(steps.performed) / steps.asked;
            steps.wilson = wilsonInterval(steps.performed, steps.asked);
            t.steps.push_back(steps);
        }
    }
    return t;
}

std::vector<RaterSummary> summariseRaters(const std::map<std::string, Responses>& byRater,
                                          const StudyReportOptions& options)
{
    std::vector<RaterSummary> raters;
    for (const auto& [id, list] : byRater) {
        RaterSummary s;
        s.rater = id;
        s.answered = int(list.size());
        for (const TrialResponse* r : list) {
            s.attentionChecks += r->attentionCheck ? 1 : 0;
            s.attentionPassed += attentionPassed(*r) ? 1 : 0;
        }
        const bool failed = s.attentionChecks > 0
                            && s.attentionPassed < options.attentionPassRate * s.attentionChecks - 1e-9;
        s.excluded = failed && options.excludeFailedAttention;
        raters.push_back(s);
    }
    return raters;
}

// The last answer of each rater to each trial: a trial answered twice counts once.
std::map<std::string, Responses> latestByRater(const std::vector<TrialResponse>& responses)
{
    std::map<std::string, std::map<std::string, const TrialResponse*>> latest;
    for (const TrialResponse& r : responses)
        latest[r.rater][r.trialKey] = &r;
    std::map<std::string, Responses> out;
    for (const auto& [rater, trials] : latest) {
        for (const auto& [key, r] : trials)
            out[rater].push_back(r);
    }
    return out;
}

bool belongsToDesign(const TrialResponse& r, const std::map<std::string, const StudyPrompt*>& prompts,
                     const std::set<std::string>& systems)
{
    return prompts.count(r.promptId) && systems.count(r.systemA) && (r.systemB.empty() || systems.count(r.systemB));
}

std::vector<std::string> tagGroups(const StudyDesign& d)
{
    std::set<std::string> single, combos;
    for (const StudyPrompt& p : d.prompts) {
        std::vector<std::string> tags = p.tags;
        std::sort(tags.begin(), tags.end());
        single.insert(tags.begin(), tags.end());
        if (tags.size() > 1) {
            std::string combo = tags.front();
            for (std::size_t i = 1; i < tags.size(); ++i)
                combo += "+" + tags[i];
            combos.insert(combo);
        }
    }
    std::vector<std::string> groups(single.begin(), single.end());
    groups.insert(groups.end(), combos.begin(), combos.end());
    return groups;
}

bool hasAllTags(const StudyPrompt& p, const std::string& group)
{
    std::size_t start = 0;
    while (start <= group.size()) {
        const std::size_t end = std::min(group.find('+', start), group.size());
        if (std::find(p.tags.begin(), p.tags.end(), group.substr(start, end - start)) == p.tags.end())
            return false;
        start = end + 1;
    }
    return true;
}

double pairwiseKappa(const std::map<std::string, Responses>& used, std::size_t raters)
{
    if (raters < 2)
        return kNaN;
    std::map<std::string, std::vector<int>> items; // trial key -> counts of A, B, tie
    for (const auto& [rater, list] : used) {
        for (const TrialResponse* r : list) {
            if (r->kind != TrialKind::Pairwise)
                continue;
            auto& counts = items.try_emplace(r->trialKey, std::vector<int>(3, 0)).first->second;
            ++counts[r->preferred == r->systemA ? 0 : r->preferred == r->systemB ? 1 : 2];
        }
    }
    std::vector<std::vector<int>> complete;
    for (const auto& [key, counts] : items) {
        if (std::size_t(counts[0] + counts[1] + counts[2]) == raters)
            complete.push_back(counts);
    }
    return complete.empty() ? kNaN : fleissKappa(complete);
}

double likertAlpha(const std::map<std::string, Responses>& used)
{
    std::map<std::string, std::vector<double>> units;
    for (const auto& [rater, list] : used) {
        for (const TrialResponse* r : list) {
            if (r->kind != TrialKind::Likert)
                continue;
            units[r->trialKey + "#f"].push_back(r->faithfulness);
            units[r->trialKey + "#n"].push_back(r->naturalness);
        }
    }
    std::vector<std::vector<double>> values;
    for (auto& [key, v] : units)
        values.push_back(std::move(v));
    return krippendorffAlpha(values, AlphaMetric::Interval);
}

} // namespace

StudyReport buildStudyReport(const StudyDesign& design, const std::vector<TrialResponse>& responses,
                             const StudyReportOptions& options)
{
    std::map<std::string, const StudyPrompt*> prompts;
    for (const StudyPrompt& p : design.prompts)
        prompts[p.id] = &p;
    std::set<std::string> systems;
    for (const StudySystem& s : design.systems)
        systems.insert(s.id);

    StudyReport report;
    report.title = design.title;
    const std::map<std::string, Responses> byRater = latestByRater(responses);
    report.raters = summariseRaters(byRater, options);

    std::map<std::string, Responses> usedByRater;
    Responses used;
    for (const RaterSummary& s : report.raters) {
        if (s.excluded)
            continue;
        Responses& mine = usedByRater[s.rater];
        for (const TrialResponse* r : byRater.at(s.rater)) {
            if (!r->attentionCheck && belongsToDesign(*r, prompts, systems)) {
                mine.push_back(r);
                used.push_back(r);
            }
        }
    }
    report.responsesUsed = int(used.size());
    Tables all = computeTables(design, used, options);
    report.pairs = std::move(all.pairs);
    report.likert = std::move(all.likert);
    report.steps = std::move(all.steps);
    for (const std::string& group : tagGroups(design)) {
        Responses subset;
        for (const TrialResponse* r : used) {
            if (hasAllTags(*prompts.at(r->promptId), group))
                subset.push_back(r);
        }
        Tables t = computeTables(design, subset, options);
        report.byTag.push_back({group, std::move(t.likert), std::move(t.steps), std::move(t.pairs)});
    }
    report.fleissKappaPairwise = pairwiseKappa(usedByRater, usedByRater.size());
    report.krippendorffAlphaLikert = likertAlpha(usedByRater);
    return report;
}

} // namespace stepmotion
