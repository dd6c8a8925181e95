// Building the composite-motion prompt set from a dataset's train step lists: the frequent
// step texts become basic motions, pairs of them spatial or chronological composites, tagged
// seen/unseen by whether any train list already combines them that way.

#include "stepmotion/core/evaluation/composite_prompts.h"

#include "stepmotion/core/dataset/dataset_reader.h"
#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <sstream>

namespace stepmotion {

std::string normaliseStepText(const std::string& text)
{
    std::string out;
    bool space = false;
    for (const char ch : text) {
        if (std::isspace(static_cast<unsigned char>(ch))) {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    while (!out.empty() && (out.back() == '.' || out.back() == '!' || out.back() == ' '))
        out.pop_back();
    return out;
}

bool stepsOverlap(const Step& a, const Step& b) { return a.start < b.end && b.start < a.end; }

bool stepsInOrder(const Step& first, const Step& second)
{
    return first.start < second.start && first.end <= second.start + 0.25;
}

namespace {

// A basic motion: one frequent normalised step text.
struct BasicMotion {
    std::string key;
    std::string text;                  // its most frequent written form
    std::vector<std::string> parts;    // its most frequent body-part set, sorted names
    double seconds = 2.0;              // median duration clamped to [2, 3] s
    int count = 0;
};

struct TextStats {
    int count = 0;
    std::map<std::string, int> forms;
    std::map<std::vector<std::string>, int> partSets;
    std::vector<double> durations;
};

template <typename K>
K mostFrequent(const std::map<K, int>& counts)
{ // ties go to the smallest key: std::map iterates in key order
    return std::max_element(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second < b.second; })
        ->first;
}

std::vector<std::string> partNames(const Step& step)
{
    std::vector<std::string> out;
    for (const BodyPart p : step.bodyParts)
        out.emplace_back(bodyPartName(p));
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<BasicMotion> basicMotions(const DatasetIndex& index, const CompositePromptOptions& o)
{
    std::map<std::string, TextStats> stats;
    for (const auto& clip : index.clips)
        for (const auto& list : clip.stepLists)
            for (const Step& step : list.list.steps) {
                TextStats& s = stats[normaliseStepText(step.text)];
                ++s.count;
                ++s.forms[step.text];
                ++s.partSets[partNames(step)];
                s.durations.push_back(step.end - step.start);
            }
    std::vector<BasicMotion> out;
    for (auto& [key, s] : stats) {
        if (key.empty() || s.count < o.minCount)
            continue;
        std::sort(s.durations.begin(), s.durations.end());
        const double median = s.durations[s.durations.size() / 2];
        const double seconds = std::round(std::clamp(median, 2.0, 3.0) * 20.0) / 20.0;
        out.push_back({key, mostFrequent(s.forms), mostFrequent(s.partSets), seconds, s.count});
    }
    std::stable_sort(out.begin(), out.end(), [](const BasicMotion& a, const BasicMotion& b) { return a.count > b.count; });
    if (static_cast<int>(out.size()) > o.vocabulary)
        out.resize(static_cast<std::size_t>(o.vocabulary));
    return out;
}

// The sets of (a, b) vocabulary indices some train list pairs spatially (a < b) or in order.
struct SeenPairs {
    std::set<std::pair<int, int>> spatial, chronological;
};

SeenPairs seenPairs(const DatasetIndex& index, const std::vector<BasicMotion>& vocabulary)
{
    std::map<std::string, int> indexOf;
    for (std::size_t i = 0; i < vocabulary.size(); ++i)
        indexOf[vocabulary[i].key] = static_cast<int>(i);
    SeenPairs seen;
    for (const auto& clip : index.clips)
        for (const auto& list : clip.stepLists) {
            std::vector<std::pair<int, const Step*>> known;
            for (const Step& step : list.list.steps) {
                const auto it = indexOf.find(normaliseStepText(step.text));
                if (it != indexOf.end())
                    known.emplace_back(it->second, &step);
            }
            for (const auto& [a, sa] : known)
                for (const auto& [b, sb] : known) {
                    if (a == b)
                        continue;
                    if (a < b && stepsOverlap(*sa, *sb))
                        seen.spatial.emplace(a, b);
                    if (stepsInOrder(*sa, *sb))
                        seen.chronological.emplace(a, b);
                }
        }
    return seen;
}

// Body regions for the spatial rule: a hand belongs to its arm.
std::set<std::string> regions(const BasicMotion& m)
{
    std::set<std::string> out;
    for (const auto& part : m.parts)
        out.insert(part == "left_hand" ? "left_arm" : part == "right_hand" ? "right_arm" : part);
    return out;
}

bool disjoint(const std::set<std::string>& a, const std::set<std::string>& b)
{
    return std::none_of(a.begin(), a.end(), [&](const std::string& x) { return b.count(x) > 0; });
}

// Fisher-Yates with the raw engine output, so the order is the same on every standard library.
template <typename T>
void shuffleSeeded(std::vector<T>& items, std::mt19937_64& rng)
{
    for (std::size_t i = items.size(); i > 1; --i)
        std::swap(items[i - 1], items[static_cast<std::size_t>(rng() % i)]);
}

Step makeStep(const BasicMotion& m, double start, double end)
{
    Step step;
    step.start = start;
    step.end = end;
    step.text = m.text;
    for (const auto& name : m.parts)
        step.bodyParts.push_back(*bodyPartFromName(name));
    return step;
}

std::string withoutFinalStop(std::string text)
{
    while (!text.empty() && (text.back() == '.' || text.back() == '!' || text.back() == ' '))
        text.pop_back();
    return text;
}

std::string lowerFirst(std::string text)
{
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z')
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    return text;
}

std::string numbered(const std::string& kind, std::size_t i)
{
    std::ostringstream s;
    s << kind << '-' << (i + 1 < 10 ? "0" : "") << i + 1;
    return s.str();
}

using Pair = std::pair<int, int>;

// Half unseen, half seen; either class fills the other's shortfall.
std::vector<std::pair<Pair, bool>> pickPairs(std::vector<Pair> seen, std::vector<Pair> unseen, int count,
                                             std::mt19937_64& rng)
{
    shuffleSeeded(seen, rng);
    shuffleSeeded(unseen, rng);
    const std::size_t want = static_cast<std::size_t>(count);
    const std::size_t seenTake = std::min(seen.size(), want - std::min(unseen.size(), want / 2));
    const std::size_t unseenTake = std::min(unseen.size(), want - seenTake);
    std::vector<std::pair<Pair, bool>> out;
    for (std::size_t i = 0; i < seenTake; ++i)
        out.push_back({seen[i], true});
    for (std::size_t i = 0; i < unseenTake; ++i)
        out.push_back({unseen[i], false});
    return out;
}

Prompt composite(const std::string& kind, std::size_t i, const BasicMotion& a, const BasicMotion& b, bool seen)
{
    Prompt p;
    p.id = numbered(kind, i);
    p.kind = kind;
    p.tags = {seen ? "seen" : "unseen"};
    p.steps.source = "user";
    if (kind == "spatial") {
        const double end = std::max(a.seconds, b.seconds);
        p.steps.coarse = withoutFinalStop(a.text) + ", and at the same time " + lowerFirst(b.text);
        p.steps.steps = {makeStep(a, 0, end), makeStep(b, 0, end)};
    } else {
        p.steps.coarse = withoutFinalStop(a.text) + ", then " + lowerFirst(b.text);
        p.steps.steps = {makeStep(a, 0, a.seconds), makeStep(b, a.seconds, a.seconds + b.seconds)};
    }
    return p;
}

} // namespace

PromptSet buildCompositePrompts(const std::string& dataDir, const CompositePromptOptions& o)
{
    if (o.perKind < 1 || o.vocabulary < 2 || o.minCount < 1)
        throw Error("composite prompts: per-kind must be at least 1, vocabulary at least 2, min count at least 1");
    const DatasetIndex index = readDatasetIndex(dataDir, "train");
    const std::vector<BasicMotion> vocabulary = basicMotions(index, o);
    if (vocabulary.size() < 2)
        throw Error(dataDir + ": fewer than two step texts occur " + std::to_string(o.minCount) +
                    " or more times in the train split's step lists");
    const SeenPairs seen = seenPairs(index, vocabulary);
    std::vector<Pair> spatial[2], chronological[2]; // [unseen, seen]
    const int n = static_cast<int>(vocabulary.size());
    for (int a = 0; a < n; ++a)
        for (int b = 0; b < n; ++b) {
            if (a == b)
                continue;
            if (a < b && disjoint(regions(vocabulary[a]), regions(vocabulary[b])))
                spatial[seen.spatial.count({a, b})].emplace_back(a, b);
            chronological[seen.chronological.count({a, b})].emplace_back(a, b);
        }
    std::mt19937_64 rng(o.seed);
    PromptSet set;
    std::vector<int> order(vocabulary.size());
    for (int i = 0; i < n; ++i)
        order[static_cast<std::size_t>(i)] = i;
    shuffleSeeded(order, rng);
    for (std::size_t i = 0; i < std::min(order.size(), std::size_t(o.perKind)); ++i) {
        const BasicMotion& m = vocabulary[static_cast<std::size_t>(order[i])];
        Prompt p{numbered("basic", i), "basic", {"seen"}, {}};
        p.steps.source = "user";
        p.steps.coarse = m.text;
        p.steps.steps = {makeStep(m, 0, m.seconds)};
        set.prompts.push_back(std::move(p));
    }
    const auto addPairs = [&](const std::string& kind, const std::vector<Pair>* classes) {
        const auto picked = pickPairs(classes[1], classes[0], o.perKind, rng);
        for (std::size_t i = 0; i < picked.size(); ++i)
            set.prompts.push_back(composite(kind, i, vocabulary[std::size_t(picked[i].first.first)],
                                            vocabulary[std::size_t(picked[i].first.second)], picked[i].second));
    };
    addPairs("spatial", spatial);
    addPairs("chronological", chronological);
    return set;
}

} // namespace stepmotion
