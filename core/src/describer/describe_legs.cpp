// Leg detectors. Every time a foot leaves the floor (its clearance above its resting height
// passes a threshold) the swing is classified: a kick (fast, high, knee extended), a knee lift,
// a slow straight-leg raise, a step in a direction, bringing the feet together, or a plain
// foot lift. Swings inside walking, turning or jumping are left to those descriptions.

#include "describer/describer_signals.h"

#include <algorithm>
#include <cmath>

namespace stepmotion::describer {
namespace {

struct Swing {
    Interval air;
    int peak = 0;           // frame of the highest clearance
    double clearance = 0;   // m
    double footSpeed = 0;   // fastest ankle speed relative to the pelvis, m/s
    double kneeFlex = 180;  // least knee flexion around the peak, deg
    double thigh = 0;       // highest thigh elevation with the knee in front, deg
    V3 offset{0.0};            // ankle relative to the hip at the peak, facing frame (x outwards)
};

Swing measureSwing(const Signals& s, Interval air, Side side, const std::vector<double>& ankleSpeed)
{
    const Limbs m = limbsOf(side);
    const double outward = side == Side::Left ? 1.0 : -1.0;
    const auto& clear = s.clearance(side);
    Swing w;
    w.air = air;
    w.peak = air.begin;
    for (int t = air.begin; t < air.end; ++t) {
        const auto i = static_cast<std::size_t>(t);
        if (clear[i] > clear[static_cast<std::size_t>(w.peak)])
            w.peak = t;
        w.footSpeed = std::max(w.footSpeed, ankleSpeed[i]);
        const V3 thigh = s.l(t, m.knee) - s.l(t, m.hip);
        if (thigh.z > 0)
            w.thigh = std::max(w.thigh, angleDeg(thigh, V3{0, -1, 0}));
    }
    w.clearance = clear[static_cast<std::size_t>(w.peak)];
    for (int t = std::max(air.begin, w.peak - 2); t < std::min(air.end, w.peak + 3); ++t)
        w.kneeFlex = std::min(w.kneeFlex, flexionDeg(s.l(t, m.hip), s.l(t, m.knee), s.l(t, m.ankle)));
    w.offset = s.l(w.peak, m.ankle) - s.l(w.peak, m.hip);
    w.offset.x *= outward;
    return w;
}

std::vector<double> ankleSpeedOf(const Signals& s, Side side)
{
    const int ankle = limbsOf(side).ankle;
    std::vector<double> speed(static_cast<std::size_t>(s.frames), 0.0);
    for (int t = 0; t < s.frames; ++t) {
        const int a = std::max(0, t - 1);
        const int b = std::min(s.frames - 1, t + 1);
        if (b > a)
            speed[static_cast<std::size_t>(t)] = norm(s.l(b, ankle) - s.l(a, ankle)) * s.fps / (b - a);
    }
    return speed;
}

std::string legDirection(const Swing& w, const char* forward, const char* back, const char* side)
{
    if (w.offset.z >= std::abs(w.offset.x))
        return forward;
    if (-w.offset.z >= std::abs(w.offset.x))
        return back;
    return side;
}

Snippet legSnippet(Interval span, const char* rule, const std::string& verb, const std::string& rest, Side side, double value)
{
    Snippet sn = makeSnippet(span, rule, verb, rest, {legPart(side)});
    sn.side = side;
    sn.value = value;
    sn.unit = "m";
    sn.countable = true;
    return sn;
}

// A swing that is neither a kick, a knee lift nor a leg raise: where did the foot land?
void footPlacement(const Signals& s, const DescriberOptions& o, const Swing& w, Side side, Interval span, std::vector<Snippet>& out)
{
    const Limbs m = limbsOf(side);
    const Limbs other = limbsOf(otherSide(side));
    const int from = std::max(0, w.air.begin - 1);
    const int to = std::min(s.frames - 1, w.air.end);
    const V3 d = s.w(to, m.ankle) - s.w(from, m.ankle);
    const double yaw = s.yaw[static_cast<std::size_t>(from)];
    const double left = d.x * std::cos(yaw) - d.z * std::sin(yaw);
    const double forward = d.x * std::sin(yaw) + d.z * std::cos(yaw);
    const double distance = std::hypot(left, forward);
    const std::string me = std::string("your ") + sideWord(side);
    if (distance >= o.minStepM) {
        const V3 apart = s.w(to, other.ankle) - s.w(to, m.ankle);
        const V3 towards = s.w(from, other.ankle) - s.w(from, m.ankle);
        if (std::hypot(apart.x, apart.z) < o.feetTogetherM && d.x * towards.x + d.z * towards.z > 0) {
            out.push_back(legSnippet(span, "leg.close", "Bring", me + " foot next to your " + sideWord(otherSide(side)) + " foot",
                                     side, distance));
            return;
        }
        const std::string dir = directionPhrase(left, forward, 50, 130);
        out.push_back(legSnippet(span, "leg.step", "Step", (dir == "backward" ? std::string("back") : dir) + " with " + me + " foot",
                                 side, distance));
    } else if (w.clearance >= 0.1) {
        out.push_back(legSnippet(span, "leg.lift", "Lift", me + " foot", side, w.clearance));
    }
}

void describeLeg(const Signals& s, const DescriberOptions& o, const BodyContext& c, Side side, std::vector<Snippet>& out)
{
    const Limbs m = limbsOf(side);
    const std::vector<double> ankleSpeed = ankleSpeedOf(s, side);
    const std::string me = std::string("your ") + sideWord(side);
    const int pad = s.framesFor(0.15);
    for (const Interval& air : hysteresis(s.clearance(side), o.footLiftOnM, o.footLiftOffM, 2)) {
        const Swing w = measureSwing(s, air, side, ankleSpeed);
        const Interval span{std::max(0, air.begin - pad), std::min(s.frames, air.end + pad)};
        const bool running = overlapsAny(air, c.runs);
        if (!running && w.footSpeed >= o.kickFootSpeedMps && w.clearance >= o.kickHeightM && w.kneeFlex <= 45) {
            const double hipHeight = s.l(w.peak, m.hip).y;
            const bool high = w.offset.z > 0 && s.l(w.peak, m.ankle).y >= o.highKickHipRatio * hipHeight;
            const std::string dir = high ? "high" : legDirection(w, "forward", "backward", "to the side");
            out.push_back(legSnippet(span, "leg.kick", "Kick", dir + " with " + me + " leg", side, s.l(w.peak, m.ankle).y));
            continue;
        }
        if (running || coveredFraction(air, c.locomotion) > 0.3 || overlapsAny(air, c.turns)
            || overlapsAny(air, c.jumps, s.framesFor(0.2)))
            continue;
        if (w.thigh >= o.kneeLiftDeg && w.kneeFlex >= 60) {
            const bool hipHigh = s.l(w.peak, m.knee).y >= s.l(w.peak, m.hip).y - 0.05;
            out.push_back(legSnippet(span, "leg.knee", "Lift", me + " knee" + (hipHigh ? " to hip height" : ""), side, w.thigh));
            out.back().unit = "deg";
        } else if (w.clearance >= o.legRaiseHeightM && w.kneeFlex <= 40) {
            out.push_back(legSnippet(span, "leg.raise", "Raise", me + " leg " + legDirection(w, "forward", "behind you", "to the side"),
                                     side, w.clearance));
        } else {
            footPlacement(s, o, w, side, span, out);
        }
    }
}

// One knee bending while its foot stays on the floor: a lunge, a weight shift, a dip.
void kneeBend(const Signals& s, const DescriberOptions& o, const BodyContext& c, Side side, std::vector<Snippet>& out)
{
    const Limbs m = limbsOf(side);
    std::vector<double> flex;
    for (int t = 0; t < s.frames; ++t)
        flex.push_back(flexionDeg(s.l(t, m.hip), s.l(t, m.knee), s.l(t, m.ankle)));
    const auto& clear = s.clearance(side);
    for (const Interval& iv : hysteresis(flex, o.singleKneeBendOnDeg, o.singleKneeBendOffDeg, s.framesFor(o.minPostureS))) {
        int planted = 0;
        for (int t = iv.begin; t < iv.end; ++t)
            planted += clear[static_cast<std::size_t>(t)] < o.footLiftOnM;
        if (planted < 0.7 * iv.length() || coveredFraction(iv, c.locomotion) > 0.3 || overlapsAny(iv, c.jumps)
            || overlapsAny(iv, c.crouches) || overlapsAny(iv, c.kneeBends))
            continue;
        const Interval span{extendOnset(flex, iv.begin, o.singleKneeBendOffDeg / 2, 0), iv.end};
        Snippet sn = makeSnippet(span, "leg.bend", "Bend", std::string("your ") + sideWord(side) + " knee", {legPart(side)});
        sn.bothRest = "your knees";
        sn.bothParts = {BodyPart::LeftLeg, BodyPart::RightLeg};
        sn.side = side;
        for (int t = iv.begin; t < iv.end; ++t)
            sn.value = std::max(sn.value, flex[static_cast<std::size_t>(t)]);
        sn.unit = "deg";
        out.push_back(sn);
    }
}

} // namespace

void describeLegs(const Signals& s, const DescriberOptions& o, const BodyContext& c, std::vector<Snippet>& out)
{
    for (Side side : {Side::Left, Side::Right}) {
        describeLeg(s, o, c, side, out);
        kneeBend(s, o, c, side, out);
    }
}

} // namespace stepmotion::describer
