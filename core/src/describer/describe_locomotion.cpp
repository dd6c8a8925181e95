// Whole-body detectors: walking/running in a direction, turning, jumping, crouching and
// bending the knees. Their intervals are also handed to the limb detectors, so that the
// steps of a walk are not described one by one.

#include "describer/describer_signals.h"

#include <algorithm>
#include <cmath>

namespace stepmotion::describer {
namespace {

double meanOver(const std::vector<double>& x, Interval iv)
{
    double sum = 0;
    for (int t = iv.begin; t < iv.end; ++t)
        sum += x[static_cast<std::size_t>(t)];
    return iv.length() > 0 ? sum / iv.length() : 0;
}

double pathLength(const Signals& s, Interval iv)
{
    double d = 0;
    for (int t = iv.begin + 1; t < iv.end; ++t) {
        const V3 step = s.w(t, Pelvis) - s.w(t - 1, Pelvis);
        d += std::hypot(step.x, step.z);
    }
    return d;
}

// Direction classes per frame, with runs shorter than minRun folded into their neighbour.
std::vector<std::pair<Interval, int>> directionRuns(const Signals& s, const DescriberOptions& o, Interval iv, int minRun)
{
    std::vector<std::pair<Interval, int>> runs;
    for (int t = iv.begin; t < iv.end; ++t) {
        const double a = std::atan2(s.velLeft[static_cast<std::size_t>(t)], s.velForward[static_cast<std::size_t>(t)]) * kRadToDeg;
        const int dir = std::abs(a) <= o.sidewaysAngleDeg ? 0 : std::abs(a) >= o.backwardAngleDeg ? 1 : a > 0 ? 2 : 3;
        if (!runs.empty() && runs.back().second == dir)
            runs.back().first.end = t + 1;
        else
            runs.push_back({{t, t + 1}, dir});
    }
    for (std::size_t i = 0; i < runs.size();) {
        if (runs.size() > 1 && runs[i].first.length() < minRun) {
            const std::size_t into = i > 0 ? i - 1 : i + 1;
            runs[into].first.begin = std::min(runs[into].first.begin, runs[i].first.begin);
            runs[into].first.end = std::max(runs[into].first.end, runs[i].first.end);
            runs.erase(runs.begin() + static_cast<std::ptrdiff_t>(i));
            i = 0; // neighbours may now merge: restart (runs are few)
            continue;
        }
        if (i > 0 && runs[i].second == runs[i - 1].second) {
            runs[i - 1].first.end = runs[i].first.end;
            runs.erase(runs.begin() + static_cast<std::ptrdiff_t>(i));
            continue;
        }
        ++i;
    }
    return runs;
}

// Foot lifts that start inside `iv`.
int countLifts(const std::vector<double>& clearance, Interval iv, const DescriberOptions& o)
{
    int n = 0;
    for (const Interval& lift : hysteresis(clearance, o.footLiftOnM, o.footLiftOffM, 2))
        n += lift.begin >= iv.begin && lift.begin < iv.end;
    return n;
}

Snippet locomotionSnippet(const Signals& s, const DescriberOptions& o, Interval iv, int dir)
{
    const double speed = meanOver(s.speed, iv);
    int airborne = 0;
    for (int t = iv.begin; t < iv.end; ++t)
        airborne += std::min(s.footClearance[0][static_cast<std::size_t>(t)], s.footClearance[1][static_cast<std::size_t>(t)]) >= o.footLiftOnM;
    const double flight = static_cast<double>(airborne) / std::max(1, iv.length());
    int lifts = 0;
    for (Side side : {Side::Left, Side::Right})
        lifts += countLifts(s.clearance(side), iv, o);
    const double cadence = lifts / std::max(1e-9, iv.length() / s.fps);
    const bool run = speed >= o.runSpeedMps
                     || (speed >= o.runMinSpeedMps && (flight >= o.runFlightFraction || cadence >= o.jogCadenceStepsPerS));
    static const char* const kDirections[] = {"forward", "backward", "sideways to the left", "sideways to the right"};
    std::string verb = run ? "Run" : "Walk";
    std::string rule = run ? "locomotion.run" : "locomotion.walk";
    std::string adverb;
    if (run && speed >= o.fastRunSpeedMps)
        adverb = " quickly";
    else if (run && speed < o.runSpeedMps + 0.3) {
        verb = "Jog";
        rule = "locomotion.jog";
    } else if (!run && speed < o.slowWalkSpeedMps)
        adverb = " slowly";
    else if (!run && speed >= o.quickWalkSpeedMps)
        adverb = " quickly";
    // Walking and running are done with the legs: the step names them besides the whole body.
    Snippet sn = makeSnippet(iv, rule, verb, std::string(kDirections[dir]) + adverb,
                             {BodyPart::WholeBody, BodyPart::LeftLeg, BodyPart::RightLeg});
    sn.value = speed;
    sn.unit = "m/s";
    return sn;
}

void describeLocomotion(const Signals& s, const DescriberOptions& o, BodyContext& c, std::vector<Snippet>& out)
{
    // A clip shorter than the minimum (a 0.65 s dash) may still be all locomotion.
    const int minFrames = std::min(s.framesFor(o.minLocomotionS), std::max(s.framesFor(0.3), s.frames * 4 / 5));
    for (const Interval& iv : hysteresis(s.speed, o.moveOnSpeedMps, o.moveOffSpeedMps, minFrames)) {
        if (pathLength(s, iv) < o.minLocomotionDistanceM)
            continue;
        c.locomotion.push_back(iv);
        for (const auto& [run, dir] : directionRuns(s, o, iv, s.framesFor(o.minLocomotionS / 2))) {
            out.push_back(locomotionSnippet(s, o, run, dir));
            if (out.back().rule != "locomotion.walk")
                c.runs.push_back(run);
        }
    }
}

// Direction both feet point to (circular mean), in radians like the facing yaw.
double feetYaw(const Signals& s, int t)
{
    V3 sum(0.0);
    for (Side side : {Side::Left, Side::Right}) {
        const Limbs m = limbsOf(side);
        sum = sum + normalized(s.w(t, m.foot) - s.w(t, m.ankle));
    }
    return std::atan2(sum.x, sum.z);
}

// A real turn changes where the person goes (while walking) or where the feet point (in
// place); hips swinging round during a kick or a twist do neither.
bool turnIsReal(const Signals& s, const BodyContext& c, Interval iv, double angleDeg)
{
    const int pad = s.framesFor(0.3);
    const int a = std::max(0, iv.begin - pad);
    const int b = std::min(s.frames - 1, iv.end - 1 + pad);
    const auto heading = [&](int t) {
        const auto i = static_cast<std::size_t>(t);
        return s.yaw[i] + std::atan2(s.velLeft[i], s.velForward[i]);
    };
    const bool walking = coveredFraction(iv, c.locomotion) >= 0.5;
    const double d = walking ? wrapDeg((heading(b) - heading(a)) * kRadToDeg) : wrapDeg((feetYaw(s, b) - feetYaw(s, a)) * kRadToDeg);
    return d * angleDeg > 0 && std::abs(d) >= 0.4 * std::min(std::abs(angleDeg), 180.0);
}

void describeTurns(const Signals& s, const DescriberOptions& o, BodyContext& c, std::vector<Snippet>& out)
{
    std::vector<double> negative(s.yawRateDeg.size());
    for (std::size_t t = 0; t < negative.size(); ++t)
        negative[t] = -s.yawRateDeg[t];
    for (int sign : {1, -1}) {
        const auto& rate = sign > 0 ? s.yawRateDeg : negative;
        const auto turns = joinClose(hysteresis(rate, o.turnOnRateDegPerS, o.turnOffRateDegPerS, s.framesFor(0.2)), s.framesFor(0.3));
        for (const Interval& iv : turns) {
            // The angle includes the slow start and end that the thresholds cut off.
            const int from = extendOnset(rate, iv.begin, 1.0, 0);
            const int to = extendOffset(rate, iv.end, 1.0, s.frames);
            const double angle = (s.yaw[static_cast<std::size_t>(to - 1)] - s.yaw[static_cast<std::size_t>(from)]) * kRadToDeg;
            if (std::abs(angle) < o.minTurnDeg || !turnIsReal(s, c, iv, angle))
                continue;
            c.turns.push_back(iv);
            const int rounded = std::max(45, static_cast<int>(std::lround(std::abs(angle) / 45.0)) * 45);
            Snippet sn = makeSnippet(iv, "turn", "Turn", "your body " + std::to_string(rounded) + " degrees to the "
                                     + (angle > 0 ? "left" : "right"), {BodyPart::WholeBody});
            sn.value = angle;
            sn.unit = "deg";
            out.push_back(sn);
        }
    }
}

void describeJumps(const Signals& s, const DescriberOptions& o, BodyContext& c, std::vector<Snippet>& out)
{
    std::vector<double> lower(static_cast<std::size_t>(s.frames));
    for (std::size_t t = 0; t < lower.size(); ++t)
        lower[t] = std::min(s.footClearance[0][t], s.footClearance[1][t]);
    for (const Interval& air : hysteresis(lower, o.jumpFootClearanceM, 0.6 * o.jumpFootClearanceM, s.framesFor(o.minAirborneS))) {
        if (overlapsAny(air, c.runs))
            continue;
        c.jumps.push_back(air);
        const V3 d = s.w(air.end - 1, Pelvis) - s.w(air.begin, Pelvis);
        const double yaw = s.yaw[static_cast<std::size_t>(air.begin)];
        const double left = d.x * std::cos(yaw) - d.z * std::sin(yaw);
        const double forward = d.x * std::sin(yaw) + d.z * std::cos(yaw);
        const bool travels = std::hypot(left, forward) >= o.jumpDistanceM;
        const Interval span{std::max(0, air.begin - s.framesFor(0.25)), std::min(s.frames, air.end + s.framesFor(0.2))};
        Snippet sn = makeSnippet(span, "jump", "Jump", travels ? directionPhrase(left, forward, 45, 135) : "up",
                                 {BodyPart::WholeBody, BodyPart::LeftLeg, BodyPart::RightLeg});
        sn.countable = true;
        double peak = 0;
        for (int t = air.begin; t < air.end; ++t)
            peak = std::max(peak, lower[static_cast<std::size_t>(t)]);
        sn.value = peak;
        sn.unit = "m";
        out.push_back(sn);
    }
}

void describeCrouches(const Signals& s, const DescriberOptions& o, BodyContext& c, std::vector<Snippet>& out)
{
    std::vector<double> drop(static_cast<std::size_t>(s.frames)), bend(drop.size());
    for (int t = 0; t < s.frames; ++t) {
        const double d = 1.0 - s.pelvisHeight[static_cast<std::size_t>(t)] / s.standingPelvisHeight;
        double knees = 180;
        for (Side side : {Side::Left, Side::Right}) {
            const Limbs m = limbsOf(side);
            knees = std::min(knees, flexionDeg(s.w(t, m.hip), s.w(t, m.knee), s.w(t, m.ankle)));
        }
        drop[static_cast<std::size_t>(t)] = d;
        // Both conditions at once: a pelvis drop and two bent knees (not a lunge or a sway).
        bend[static_cast<std::size_t>(t)] = std::min(d / (1.0 - o.kneeBendOnRatio), knees / o.kneeBendDeg);
    }
    const int minFrames = s.framesFor(o.minPostureS);
    const double onDrop = 1.0 - o.crouchOnRatio;
    const double offDrop = 1.0 - o.crouchOffRatio;
    for (const Interval& iv : hysteresis(drop, onDrop, offDrop, minFrames)) {
        c.crouches.push_back(iv);
        const int begin = extendOnset(drop, iv.begin, 1.0 - o.kneeBendOffRatio, 0);
        const int hold = holdEnd(drop, iv, offDrop);
        // Crouching and standing up are done by bending and straightening both legs.
        const std::vector<BodyPart> parts{BodyPart::WholeBody, BodyPart::LeftLeg, BodyPart::RightLeg};
        out.push_back(makeSnippet({begin, hold}, "crouch", "Crouch", "down", parts));
        if (iv.end < s.frames - 1) {
            const int end = extendOffset(drop, iv.end, 1.0 - o.kneeBendOffRatio, s.frames);
            out.push_back(makeSnippet({hold, end}, "crouch.up", "Stand", "up", parts));
        }
    }
    const double off = (1.0 - o.kneeBendOffRatio) / (1.0 - o.kneeBendOnRatio);
    for (const Interval& iv : hysteresis(bend, 1.0, off, minFrames)) {
        if (overlapsAny(iv, c.crouches) || overlapsAny(iv, c.jumps, s.framesFor(0.3))
            || coveredFraction(iv, c.locomotion) > 0.3)
            continue;
        c.kneeBends.push_back(iv);
        out.push_back(makeSnippet(iv, "knees.bend", "Bend", "your knees", {BodyPart::LeftLeg, BodyPart::RightLeg}));
    }
}

// The run-up and landing of a jump move the root as fast as walking: a "walk" made mostly of
// jumps is dropped, so the jumps speak for themselves.
void dropJumpStrides(const Signals& s, BodyContext& c, std::vector<Snippet>& out)
{
    std::vector<Interval> padded;
    for (const Interval& j : c.jumps)
        padded.push_back({j.begin - s.framesFor(0.4), j.end + s.framesFor(0.4)});
    const auto jumpy = [&](const Interval& iv) { return coveredFraction(iv, padded) >= 0.5; };
    out.erase(std::remove_if(out.begin(), out.end(),
                             [&](const Snippet& sn) { return sn.rule == "locomotion.walk" && jumpy(sn.span); }),
              out.end());
    c.locomotion.erase(std::remove_if(c.locomotion.begin(), c.locomotion.end(), jumpy), c.locomotion.end());
}

} // namespace

BodyContext describeWholeBody(const Signals& s, const DescriberOptions& o, std::vector<Snippet>& out)
{
    BodyContext c;
    describeLocomotion(s, o, c, out);
    describeTurns(s, o, c, out);
    describeJumps(s, o, c, out);
    dropJumpStrides(s, c, out);
    describeCrouches(s, o, c, out);
    return c;
}

} // namespace stepmotion::describer
