// Arm detectors. Each frame the hand is given a level (down, on the hip, waist, chest,
// shoulder, head, above the head) from its height above the pelvis in torso lengths, with
// hysteresis and a minimum hold; level changes become "Raise ..."/"Lower ..." steps that
// last until the next change. Waves are zigzags of the hand while it is at chest level or
// higher; elbow bends and extensions are reported when the level does not change.

#include "describer/describer_signals.h"

#include <algorithm>
#include <cmath>

namespace stepmotion::describer {
namespace {

enum Level { Down, Hip, Waist, Chest, Shoulder, HeadHeight, Overhead };

struct ArmSignals {
    std::vector<double> height;    // above the pelvis, in torso lengths (about 1 at the shoulder)
    std::vector<double> overhead;  // m above (head + margin); >= 0 means above the head
    std::vector<double> elbow;     // flexion, deg
    std::vector<double> handSpeed; // m/s relative to the pelvis
    std::vector<double> lateral;   // hand outwards of the shoulder, m
    std::vector<double> forward;   // hand in front of the shoulder, m
    std::vector<char> akimbo;      // elbow out to the side and hand beside the pelvis
};

ArmSignals armSignals(const Signals& s, const DescriberOptions& o, Side side)
{
    const Limbs m = limbsOf(side);
    const double outward = side == Side::Left ? 1.0 : -1.0;
    ArmSignals a;
    // Heights are scaled by the torso's length, not its current vertical extent, which
    // vanishes when the person bends over.
    std::vector<double> torso;
    for (int t = 0; t < s.frames; ++t)
        torso.push_back(norm(s.l(t, m.shoulder) - s.l(t, Pelvis)));
    const double span = std::max(0.1, median(torso));
    std::vector<double> wx, wy, wz;
    for (int t = 0; t < s.frames; ++t) {
        const V3 w = s.l(t, m.wrist), sh = s.l(t, m.shoulder), p = s.l(t, Pelvis);
        a.height.push_back((w.y - p.y) / span);
        a.overhead.push_back(w.y - s.l(t, Head).y - o.overheadMarginM);
        a.elbow.push_back(flexionDeg(sh, s.l(t, m.elbow), w));
        a.lateral.push_back(outward * (w.x - sh.x));
        a.forward.push_back(w.z - sh.z);
        a.akimbo.push_back(outward * (s.l(t, m.elbow).x - sh.x) >= o.hipHandElbowOutM
                           && std::abs(w.z - p.z) <= o.hipHandMaxForwardM);
        wx.push_back(w.x);
        wy.push_back(w.y);
        wz.push_back(w.z);
    }
    const auto vx = derivative(wx, s.fps), vy = derivative(wy, s.fps), vz = derivative(wz, s.fps);
    for (std::size_t t = 0; t < vx.size(); ++t)
        a.handSpeed.push_back(std::sqrt(vx[t] * vx[t] + vy[t] * vy[t] + vz[t] * vz[t]));
    return a;
}

Level classify(double height, double overhead, double elbow, bool akimbo, const DescriberOptions& o)
{
    if (overhead >= 0)
        return Overhead;
    if (height >= o.headHandLevel)
        return HeadHeight;
    if (height >= o.shoulderHandLevel)
        return Shoulder;
    if (height >= o.chestHandLevel)
        return Chest;
    if (height >= o.restHandLevel)
        return Waist;
    return akimbo && elbow >= o.hipHandElbowDeg && height >= -0.15 ? Hip : Down;
}

// Levels held too briefly were only passed through: they join the next level held long
// enough (the hand was on its way there). The first and last runs are cut by the clip's
// ends, so any length counts for them: a clip that starts mid-raise still shows the raise.
void foldShortRuns(std::vector<std::pair<Interval, Level>>& runs, int minHold)
{
    std::vector<std::pair<Interval, Level>> kept;
    int pendingBegin = -1;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const bool stable = i == 0 || i + 1 == runs.size() || runs[i].first.length() >= minHold;
        if (!stable) {
            if (pendingBegin < 0)
                pendingBegin = runs[i].first.begin;
            continue;
        }
        auto run = runs[i];
        if (pendingBegin >= 0)
            run.first.begin = pendingBegin;
        pendingBegin = -1;
        if (!kept.empty() && kept.back().second == run.second)
            kept.back().first.end = run.first.end;
        else
            kept.push_back(run);
    }
    runs = std::move(kept);
}

// Hysteresis: a level is entered only when the hand is past its threshold by the margin.
std::vector<std::pair<Interval, Level>> levelRuns(const Signals& s, const DescriberOptions& o, const ArmSignals& a)
{
    const double m = o.armLevelMargin;
    const double mMetres = m * 0.5; // the pelvis-shoulder span is about half a metre
    const double mElbow = 10;
    std::vector<std::pair<Interval, Level>> runs;
    Level cur = classify(a.height[0], a.overhead[0], a.elbow[0], a.akimbo[0], o);
    for (int t = 0; t < s.frames; ++t) {
        const auto i = static_cast<std::size_t>(t);
        const Level up = classify(a.height[i] - m, a.overhead[i] - mMetres, a.elbow[i] - mElbow, a.akimbo[i], o);
        const Level down = classify(a.height[i] + m, a.overhead[i] + mMetres, a.elbow[i] + mElbow, a.akimbo[i], o);
        if (up > cur)
            cur = up;
        else if (down < cur)
            cur = down;
        if (!runs.empty() && runs.back().second == cur)
            runs.back().first.end = t + 1;
        else
            runs.push_back({{t, t + 1}, cur});
    }
    foldShortRuns(runs, s.framesFor(o.minArmHoldS));
    return runs;
}

struct Wording {
    std::string verb, rest, bothRest;
    bool hand = false; // the sentence names the hand, so the hand is tagged too
};

Wording levelWording(Level level, const char* verb, const ArmSignals& a, int t, Side side, const DescriberOptions& o)
{
    const std::string me = std::string("your ") + sideWord(side);
    const auto i = static_cast<std::size_t>(t);
    const bool straight = a.elbow[i] < o.elbowStraightDeg + 10;
    const bool forward = a.forward[i] >= a.lateral[i];
    const bool hold = std::string(verb) == "Keep";
    const std::string at = hold ? " at " : " to ";
    switch (level) {
    case Overhead: return {verb, me + " arm above your head", "both arms above your head"};
    case HeadHeight: return {verb, me + " hand" + at + "head height", "both hands" + at + "head height", true};
    case Shoulder:
        if (straight && forward)
            return {verb, me + " arm forward" + at + "shoulder height", "both arms forward" + at + "shoulder height"};
        if (straight)
            return {verb, me + " arm out to the side" + at + "shoulder height", "both arms out to the sides" + at + "shoulder height"};
        return {verb, me + " hand" + at + "shoulder height", "both hands" + at + "shoulder height", true};
    case Chest: return {verb, me + " hand" + at + "your chest", "both hands" + at + "your chest", true};
    case Waist: return {verb, me + " hand" + at + "your waist", "both hands" + at + "your waist", true};
    case Hip: return {hold ? "Keep" : "Put", me + " hand on your hip", "your hands on your hips", true};
    case Down: break;
    }
    return {verb, me + " arm to your side", "both arms to your sides"};
}

Snippet armSnippet(Interval span, const char* rule, const Wording& w, Side side, double value)
{
    std::vector<BodyPart> parts{armPart(side)};
    std::vector<BodyPart> both{BodyPart::LeftArm, BodyPart::RightArm};
    if (w.hand) {
        parts.push_back(handPart(side));
        both.insert(both.end(), {BodyPart::LeftHand, BodyPart::RightHand});
    }
    Snippet sn = makeSnippet(span, rule, w.verb, w.rest, parts);
    sn.bothRest = w.bothRest;
    sn.bothParts = both;
    sn.side = side;
    sn.value = value;
    return sn;
}

// Zigzags of the hand on either horizontal axis; where both axes swing together (circles)
// the busier axis gives the count.
std::vector<std::pair<Interval, int>> handOscillations(const Signals& s, const DescriberOptions& o, const ArmSignals& a,
                                                       Interval gate)
{
    std::vector<std::pair<Interval, int>> found[2];
    int axis = 0;
    for (const auto* x : {&a.lateral, &a.forward}) {
        std::vector<int> strokes;
        const auto iv = oscillations(zigzagExtrema(*x, gate, o.waveAmplitudeM), s.framesFor(o.waveMaxHalfPeriodS),
                                     o.minWaveReversals + 1, strokes);
        for (std::size_t i = 0; i < iv.size(); ++i)
            found[axis].push_back({iv[i], strokes[i]});
        ++axis;
    }
    std::vector<Interval> all;
    for (const auto& f : found)
        for (const auto& [iv, n] : f)
            all.push_back(iv);
    std::vector<std::pair<Interval, int>> out;
    for (const Interval& group : joinClose(all, 0)) {
        int best = 0;
        for (const auto& f : found) {
            int sum = 0;
            for (const auto& [iv, n] : f)
                sum += overlaps(iv, group) ? n : 0;
            best = std::max(best, sum);
        }
        out.push_back({group, best});
    }
    return out;
}

std::vector<Snippet> waves(const Signals& s, const DescriberOptions& o, const BodyContext& c, const ArmSignals& a,
                           const std::vector<std::pair<Interval, Level>>& runs, Side side)
{
    std::vector<char> raised(static_cast<std::size_t>(s.frames), 0);
    for (const auto& [iv, level] : runs) {
        for (int t = iv.begin; t < iv.end; ++t)
            raised[static_cast<std::size_t>(t)] = level >= Chest;
    }
    const std::vector<double> rate = derivative(a.height, s.fps);
    std::vector<Snippet> out;
    for (Interval gate : maskIntervals(raised, s.framesFor(0.5))) {
        // Only the settled part: the swing of raising or lowering the arm is not a wave.
        while (gate.length() > 0 && rate[static_cast<std::size_t>(gate.begin)] > o.waveSettledRatePerS)
            ++gate.begin;
        while (gate.length() > 0 && rate[static_cast<std::size_t>(gate.end - 1)] < -o.waveSettledRatePerS)
            --gate.end;
        for (const auto& [iv, strokes] : handOscillations(s, o, a, gate)) {
            if (overlapsAny(iv, c.runs))
                continue; // running arms pump at chest height
            const std::string me = std::string("your ") + sideWord(side);
            Snippet sn = armSnippet(iv, "arm.wave", {"Wave", me + " hand", "both hands", true}, side, 0);
            sn.count = (strokes + 1) / 2;
            sn.value = sn.count;
            sn.unit = "count";
            sn.countable = true;
            out.push_back(sn);
        }
    }
    return out;
}

struct Transition {
    int onset, arrival; // the hand starts moving at onset and settles at arrival
    Level from, to;
    int runEnd;         // the new level lasts until here
};

std::vector<Transition> transitions(const DescriberOptions& o, const ArmSignals& a,
                                    const std::vector<std::pair<Interval, Level>>& runs)
{
    std::vector<Transition> out;
    for (std::size_t i = 1; i < runs.size(); ++i) {
        // Search no further than halfway into the neighbouring runs, so that consecutive
        // transitions of a busy arm do not overlap.
        const Interval before = runs[i - 1].first;
        const Interval after = runs[i].first;
        const int earliest = i == 1 ? 0 : before.begin + before.length() / 2;
        const int latest = i + 1 == runs.size() ? after.end - 1 : after.begin + after.length() / 2;
        const int t = after.begin;
        int onset = t;
        while (onset > earliest && a.handSpeed[static_cast<std::size_t>(onset - 1)] >= o.armMoveSpeedMps)
            --onset;
        int arrival = t;
        while (arrival < latest && a.handSpeed[static_cast<std::size_t>(arrival)] >= o.armMoveSpeedMps)
            ++arrival;
        out.push_back({onset, arrival + 1, runs[i - 1].second, runs[i].second, runs[i].first.end});
    }
    return out;
}

Level levelAt(const std::vector<std::pair<Interval, Level>>& runs, int t)
{
    for (const auto& [iv, level] : runs) {
        if (t >= iv.begin && t < iv.end)
            return level;
    }
    return Down;
}

// Arm swing while walking or pumping while running is part of the gait, not a step of its own.
bool gaitSwing(Interval span, Level top, const BodyContext& c)
{
    return (top <= Shoulder && overlapsAny(span, c.runs)) || (top <= Waist && coveredFraction(span, c.locomotion) > 0.5);
}

bool startsInside(int frame, const std::vector<Snippet>& set)
{
    return std::any_of(set.begin(), set.end(), [frame](const Snippet& w) { return frame >= w.span.begin && frame < w.span.end; });
}

// Index of the last transition in a quick back-and-forth between the same two levels starting
// at k (dribbling, hammering): such a series is one "up and down" step, not many.
std::size_t alternationEnd(const Signals& s, const DescriberOptions& o, const std::vector<Transition>& trans, std::size_t k)
{
    std::size_t j = k;
    while (j + 1 < trans.size() && trans[j + 1].from == trans[j].to && trans[j + 1].to == trans[j].from
           && trans[j + 1].onset - trans[j].onset <= s.framesFor(o.pumpMaxHalfPeriodS))
        ++j;
    return j;
}

void levelSteps(const Signals& s, const DescriberOptions& o, const BodyContext& c, const ArmSignals& a,
                const std::vector<std::pair<Interval, Level>>& runs, const std::vector<Transition>& trans,
                const std::vector<Snippet>& waved, Side side, std::vector<Snippet>& out)
{
    const Interval first = runs.front().first;
    int keepEnd = trans.empty() ? first.end : trans.front().onset;
    for (const Snippet& w : waved)
        keepEnd = std::min(keepEnd, std::max(0, w.span.begin));
    if (runs.front().second != Down && keepEnd >= s.framesFor(0.5) && !gaitSwing(first, runs.front().second, c)) {
        const Wording w = levelWording(runs.front().second, "Keep", a, keepEnd / 2, side, o);
        out.push_back(armSnippet({0, keepEnd}, "arm.hold", w, side, a.height[static_cast<std::size_t>(keepEnd / 2)]));
    }
    for (std::size_t k = 0; k < trans.size(); ++k) {
        const Transition& tr = trans[k];
        const std::size_t last = alternationEnd(s, o, trans, k);
        if (last >= k + 3 && gaitSwing({tr.onset, trans[last].arrival}, std::max(tr.from, tr.to), c)) {
            k = last; // pumping arms while running
            continue;
        }
        if (last >= k + 3) {
            const std::string me = std::string("your ") + sideWord(side);
            Snippet sn = armSnippet({tr.onset, trans[last].arrival}, "arm.pump",
                                    {"Move", me + " hand up and down", "both hands up and down", true}, side, 0);
            sn.count = static_cast<int>(last - k + 1) / 2;
            sn.value = sn.count;
            sn.unit = "count";
            sn.countable = true;
            out.push_back(sn);
            k = last;
            continue;
        }
        if ((tr.to != Down && startsInside(tr.onset, waved)) || gaitSwing({tr.onset, tr.arrival}, std::max(tr.from, tr.to), c))
            continue; // the hand bobs while waving, or swings with the gait
        // A raised hand is described until it moves again; a lowering ends where the hand settles.
        const bool up = tr.to > tr.from;
        int end = up ? (k + 1 < trans.size() ? trans[k + 1].onset : tr.runEnd) : tr.arrival;
        for (const Snippet& w : waved) {
            if (w.span.begin > tr.onset && w.span.begin < end)
                end = w.span.begin; // the wave takes over from here
        }
        end = std::max(end, tr.arrival);
        const int probe = std::min(s.frames - 1, (tr.arrival + std::max(end, tr.arrival)) / 2);
        out.push_back(armSnippet({tr.onset, end}, up ? "arm.raise" : "arm.lower",
                                 levelWording(tr.to, up ? "Raise" : "Lower", a, probe, side, o), side,
                                 a.height[static_cast<std::size_t>(probe)]));
    }
}

void elbowSteps(const Signals& s, const DescriberOptions& o, const ArmSignals& a, const std::vector<std::pair<Interval, Level>>& runs,
                const std::vector<Interval>& busy, Side side, std::vector<Snippet>& out)
{
    const std::string me = std::string("your ") + sideWord(side);
    for (const Interval& iv : hysteresis(a.elbow, o.elbowBentDeg, o.elbowStraightDeg, s.framesFor(o.minArmHoldS))) {
        if (iv.begin > 0) {
            int peak = iv.begin;
            while (peak + 1 < iv.end && a.elbow[static_cast<std::size_t>(peak + 1)] > a.elbow[static_cast<std::size_t>(peak)])
                ++peak;
            const Interval span{extendOnset(a.elbow, iv.begin, o.elbowStraightDeg / 2, 0), peak + 1};
            if (!overlapsAny(span, busy))
                out.push_back(armSnippet(span, "arm.bend", {"Bend", me + " elbow", "your elbows"}, side, a.elbow[static_cast<std::size_t>(peak)]));
        }
        if (iv.end >= s.frames - 1)
            continue;
        const Interval span{holdEnd(a.elbow, iv, o.elbowStraightDeg), iv.end};
        if (overlapsAny(span, busy))
            continue;
        const Level level = levelAt(runs, iv.end);
        const auto i = static_cast<std::size_t>(iv.end);
        Wording w{"Straighten", me + " arm", "both arms"};
        if (level == Overhead)
            w = {"Extend", me + " arm up", "both arms up"};
        else if (level >= Shoulder && a.forward[i] >= a.lateral[i])
            w = {"Extend", me + " arm forward", "both arms forward"};
        else if (level >= Shoulder)
            w = {"Extend", me + " arm out to the side", "both arms out to the sides"};
        out.push_back(armSnippet(span, "arm.extend", w, side, a.elbow[i]));
    }
}

} // namespace

void describeArms(const Signals& s, const DescriberOptions& o, const BodyContext& c, std::vector<Snippet>& out)
{
    for (Side side : {Side::Left, Side::Right}) {
        const ArmSignals a = armSignals(s, o, side);
        const auto runs = levelRuns(s, o, a);
        const std::vector<Snippet> waved = waves(s, o, c, a, runs, side);
        const std::vector<Transition> trans = transitions(o, a, runs);
        levelSteps(s, o, c, a, runs, trans, waved, side, out);
        std::vector<Interval> busy = c.locomotion;
        const int slack = s.framesFor(0.3);
        for (const Transition& tr : trans)
            busy.push_back({tr.onset - slack, tr.arrival + slack});
        for (const Snippet& w : waved)
            busy.push_back(w.span);
        elbowSteps(s, o, a, runs, busy, side, out);
        out.insert(out.end(), waved.begin(), waved.end());
    }
}

} // namespace stepmotion::describer
