// Wording and merging of describer snippets: left+right pairs become "both", repeated
// countable actions become "three times", and the imperative sentences and the third-person
// coarse sentence are assembled here.

#include "describer/describer_signals.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace stepmotion::describer {

Snippet makeSnippet(Interval span, std::string rule, std::string verb, std::string rest, std::vector<BodyPart> parts)
{
    Snippet s;
    s.span = span;
    s.rule = std::move(rule);
    s.verb = std::move(verb);
    s.rest = std::move(rest);
    s.parts = std::move(parts);
    return s;
}

const char* directionPhrase(double left, double forward, double sidewaysDeg, double backwardDeg)
{
    const double a = std::abs(std::atan2(left, forward) * kRadToDeg);
    if (a <= sidewaysDeg)
        return "forward";
    if (a >= backwardDeg)
        return "backward";
    return left > 0 ? "to the left" : "to the right";
}

BodyPart armPart(Side side) { return side == Side::Left ? BodyPart::LeftArm : BodyPart::RightArm; }
BodyPart handPart(Side side) { return side == Side::Left ? BodyPart::LeftHand : BodyPart::RightHand; }
BodyPart legPart(Side side) { return side == Side::Left ? BodyPart::LeftLeg : BodyPart::RightLeg; }

double flexionDeg(V3 a, V3 b, V3 c)
{
    return 180.0 - angleDeg(a - b, c - b);
}

void mergeBothSides(std::vector<Snippet>& snippets, int syncFrames)
{
    for (std::size_t i = 0; i < snippets.size(); ++i) {
        Snippet& a = snippets[i];
        if (a.side == Side::None || a.bothRest.empty())
            continue;
        for (std::size_t j = i + 1; j < snippets.size(); ++j) {
            const Snippet& b = snippets[j];
            if (b.side != otherSide(a.side) || b.rule != a.rule || b.bothRest != a.bothRest
                || std::abs(a.span.begin - b.span.begin) > syncFrames || std::abs(a.span.end - b.span.end) > 2 * syncFrames)
                continue;
            a.span = {std::min(a.span.begin, b.span.begin), std::max(a.span.end, b.span.end)};
            a.parts = a.bothParts;
            a.rest = a.bothRest;
            a.count = (a.count + b.count + 1) / 2;
            a.value = 0.5 * (a.value + b.value);
            a.side = Side::None;
            snippets.erase(snippets.begin() + static_cast<std::ptrdiff_t>(j));
            break;
        }
    }
}

namespace {

bool sharePart(const Snippet& a, const Snippet& b)
{
    return std::any_of(a.parts.begin(), a.parts.end(),
                       [&](BodyPart p) { return std::find(b.parts.begin(), b.parts.end(), p) != b.parts.end(); });
}

// Another step on the same body part starts between the two: they are not a repetition.
bool interrupted(const std::vector<Snippet>& snippets, std::size_t i, std::size_t j)
{
    for (std::size_t k = i + 1; k < j; ++k) {
        if (snippets[k].span.begin > snippets[i].span.begin && sharePart(snippets[k], snippets[i]))
            return true;
    }
    return false;
}

} // namespace

void mergeRepeats(std::vector<Snippet>& snippets, int gapFrames)
{
    std::stable_sort(snippets.begin(), snippets.end(),
                     [](const Snippet& a, const Snippet& b) { return a.span.begin < b.span.begin; });
    for (std::size_t i = 0; i < snippets.size(); ++i) {
        for (std::size_t j = i + 1; j < snippets.size(); ++j) {
            Snippet& a = snippets[i];
            const Snippet& b = snippets[j];
            if (b.span.begin - a.span.end > gapFrames)
                break; // sorted by start: nothing later can be closer
            if (b.rule != a.rule || b.verb != a.verb || b.rest != a.rest || b.parts != a.parts || interrupted(snippets, i, j))
                continue;
            if (a.countable)
                a.count += b.count;
            if (a.unit == "count")
                a.value = a.count;
            a.span.end = std::max(a.span.end, b.span.end);
            snippets.erase(snippets.begin() + static_cast<std::ptrdiff_t>(j));
            --j;
        }
    }
}

std::string countWords(int count)
{
    static const char* const kWords[] = {"", "once", "twice", "three times", "four times", "five times",
                                         "six times", "seven times", "eight times", "nine times", "ten times"};
    if (count >= 0 && count <= 10)
        return kWords[count];
    return std::to_string(count) + " times";
}

namespace {

std::string countSuffix(const Snippet& s)
{
    return s.countable && s.count >= 2 ? " " + countWords(s.count) : std::string();
}

std::string thirdPersonVerb(std::string verb)
{
    for (char& c : verb)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto ends = [&](const char* tail) {
        const std::string t = tail;
        return verb.size() >= t.size() && verb.compare(verb.size() - t.size(), t.size(), t) == 0;
    };
    if (ends("ch") || ends("sh") || ends("s") || ends("x") || ends("z"))
        return verb + "es";
    return verb + "s";
}

std::string replaceWord(std::string text, const std::string& from, const std::string& to)
{
    std::size_t pos = 0;
    while ((pos = text.find(from, pos)) != std::string::npos) {
        const bool startOk = pos == 0 || text[pos - 1] == ' ';
        const bool endOk = pos + from.size() == text.size() || text[pos + from.size()] == ' ';
        if (startOk && endOk) {
            text.replace(pos, from.size(), to);
            pos += to.size();
        } else {
            pos += from.size();
        }
    }
    return text;
}

int priority(const Snippet& s)
{
    static const std::map<std::string, int> kFirst = {
        {"locomotion.walk", 0}, {"locomotion.jog", 0}, {"locomotion.run", 0}, {"jump", 1}, {"turn", 1},
        {"crouch", 2}, {"leg.kick", 2}, {"arm.wave", 2}, {"still", 9}, {"idle", 9},
        // Residual movements only when nothing more telling happened.
        {"arm.move", 7}, {"arm.swing", 7}, {"leg.move", 7}, {"leg.swing", 7}, {"head.move", 7}};
    const auto it = kFirst.find(s.rule);
    return it == kFirst.end() ? 5 : it->second;
}

} // namespace

std::string sentence(const Snippet& s)
{
    return s.verb + (s.rest.empty() ? "" : " " + s.rest) + countSuffix(s) + ".";
}

std::string thirdPersonClause(const Snippet& s)
{
    return thirdPersonVerb(s.verb) + (s.rest.empty() ? "" : " " + replaceWord(s.rest, "your", "their")) + countSuffix(s);
}

std::string coarseSentence(const std::vector<Snippet>& snippets)
{
    // The most telling snippets, at most one per rule, told in time order.
    std::vector<const Snippet*> ranked;
    for (const Snippet& s : snippets)
        ranked.push_back(&s);
    std::stable_sort(ranked.begin(), ranked.end(), [](const Snippet* a, const Snippet* b) {
        if (priority(*a) != priority(*b))
            return priority(*a) < priority(*b);
        return a->span.length() > b->span.length();
    });
    std::vector<const Snippet*> chosen;
    std::set<std::string> rules;
    for (const Snippet* s : ranked) {
        if (chosen.size() == 3 || (priority(*s) == 9 && !chosen.empty()))
            break;
        if (rules.insert(s->rule).second)
            chosen.push_back(s);
    }
    std::stable_sort(chosen.begin(), chosen.end(), [](const Snippet* a, const Snippet* b) { return a->span.begin < b->span.begin; });
    if (chosen.empty())
        return {};
    std::string out = "a person";
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        out += i == 0 ? " " : (i + 1 == chosen.size() ? " and " : ", ");
        out += thirdPersonClause(*chosen[i]);
    }
    return out + ".";
}

} // namespace stepmotion::describer
