// Torso (lean, bend, twist) and head (look down/up, tilt, nod) detectors. Torso angles are
// taken in the facing frame; head angles relative to the upper torso, so that bending
// forward is not also reported as looking down.

#include "describer/describer_signals.h"

#include <algorithm>
#include <cmath>

namespace stepmotion::describer {
namespace {

// Neutral values are the clip's median, clamped near a typical upright pose so that a clip
// spent entirely leaning still reports the lean.
double neutral(const std::vector<double>& x, double typical, double spread)
{
    return std::clamp(median(x), typical - spread, typical + spread);
}

std::vector<double> minus(const std::vector<double>& x, double offset, double sign = 1)
{
    std::vector<double> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        out[i] = sign * (x[i] - offset);
    return out;
}

double yawOfAcross(V3 across)
{
    return std::atan2(across.z, -across.x); // facing yaw of Y x across
}

void forwardLeans(const Signals& s, const DescriberOptions& o, const BodyContext& c, const std::vector<double>& pitch,
                  std::vector<Snippet>& out)
{
    for (const Interval& iv : hysteresis(pitch, o.leanOnDeg, o.leanOffDeg, s.framesFor(o.minPostureS))) {
        if (coveredFraction(iv, c.crouches) > 0.5)
            continue; // crouching leans forward by itself
        double peak = 0;
        for (int t = iv.begin; t < iv.end; ++t)
            peak = std::max(peak, pitch[static_cast<std::size_t>(t)]);
        const int begin = extendOnset(pitch, iv.begin, o.leanOffDeg / 2, 0);
        if (peak < o.bendOnDeg) {
            Snippet sn = makeSnippet({begin, iv.end}, "torso.lean", "Lean", "forward", {BodyPart::Torso});
            sn.value = peak;
            sn.unit = "deg";
            out.push_back(sn);
            continue;
        }
        const int hold = holdEnd(pitch, iv, o.leanOffDeg);
        Snippet sn = makeSnippet({begin, hold}, "torso.bend", "Bend", "forward", {BodyPart::Torso});
        sn.value = peak;
        sn.unit = "deg";
        out.push_back(sn);
        if (iv.end < s.frames - 1)
            out.push_back(makeSnippet({hold, extendOffset(pitch, iv.end, o.leanOffDeg / 2, s.frames)}, "torso.straighten",
                                      "Straighten", "up", {BodyPart::Torso}));
    }
}

void postures(const Signals& s, const std::vector<double>& x, double on, double off, const char* rule,
              const std::string& verb, const std::string& rest, BodyPart part, std::vector<Snippet>& out,
              const std::vector<Interval>& exclude = {})
{
    for (const Interval& iv : hysteresis(x, on, off, s.framesFor(0.3))) {
        if (coveredFraction(iv, exclude) > 0.5)
            continue;
        Snippet sn = makeSnippet({extendOnset(x, iv.begin, off / 2, 0), iv.end}, rule, verb, rest, {part});
        for (int t = iv.begin; t < iv.end; ++t)
            sn.value = std::max(sn.value, x[static_cast<std::size_t>(t)]);
        sn.unit = "deg";
        out.push_back(sn);
    }
}

} // namespace

void describeTorso(const Signals& s, const DescriberOptions& o, const BodyContext& c, std::vector<Snippet>& out)
{
    std::vector<double> pitch, roll, twist;
    for (int t = 0; t < s.frames; ++t) {
        const V3 spine = s.l(t, Neck) - s.l(t, Pelvis);
        pitch.push_back(std::atan2(spine.z, spine.y) * kRadToDeg);
        roll.push_back(std::atan2(spine.x, spine.y) * kRadToDeg);
        const double hips = yawOfAcross(s.l(t, RightHip) - s.l(t, LeftHip));
        const double shoulders = yawOfAcross(s.l(t, RightShoulder) - s.l(t, LeftShoulder));
        twist.push_back(wrapDeg((shoulders - hips) * kRadToDeg));
    }
    const double basePitch = neutral(pitch, 0, 8);
    const double ratio = o.leanOffDeg / o.leanOnDeg;
    forwardLeans(s, o, c, minus(pitch, basePitch), out);
    postures(s, minus(pitch, basePitch, -1), o.leanBackOnDeg, o.leanBackOnDeg * ratio, "torso.lean_back", "Lean",
             "back", BodyPart::Torso, out);
    const double baseRoll = neutral(roll, 0, 5);
    // Running sways and counter-rotates the trunk with every stride.
    postures(s, minus(roll, baseRoll), o.leanSideOnDeg, o.leanSideOnDeg * ratio, "torso.lean_side", "Lean",
             "to the left", BodyPart::Torso, out, c.runs);
    postures(s, minus(roll, baseRoll, -1), o.leanSideOnDeg, o.leanSideOnDeg * ratio, "torso.lean_side", "Lean",
             "to the right", BodyPart::Torso, out, c.runs);
    // The hip joints are close together, so their line has a pose-dependent offset at rest.
    const std::vector<double> tw = minus(twist, neutral(twist, 0, 15));
    postures(s, tw, o.twistOnDeg, o.twistOffDeg, "torso.twist", "Twist", "your upper body to the left",
             BodyPart::Torso, out, c.runs);
    postures(s, minus(tw, 0, -1), o.twistOnDeg, o.twistOffDeg, "torso.twist", "Twist", "your upper body to the right",
             BodyPart::Torso, out, c.runs);
}

void describeHead(const Signals& s, const DescriberOptions& o, std::vector<Snippet>& out)
{
    std::vector<double> pitch, tilt;
    for (int t = 0; t < s.frames; ++t) {
        const V3 up = normalized(s.l(t, Neck) - s.l(t, Spine3));
        const V3 forward = normalized(cross(up, s.l(t, RightShoulder) - s.l(t, LeftShoulder)));
        const V3 left = cross(up, forward);
        const V3 h = s.l(t, Head) - s.l(t, Neck);
        pitch.push_back(std::atan2(dot(h, forward), dot(h, up)) * kRadToDeg);
        tilt.push_back(std::atan2(dot(h, left), dot(h, up)) * kRadToDeg);
    }
    const std::vector<double> p = minus(pitch, neutral(pitch, 10, 10));
    std::vector<int> strokes;
    const auto nods = oscillations(zigzagExtrema(p, {0, s.frames}, o.nodAmplitudeDeg), s.framesFor(o.nodMaxHalfPeriodS),
                                   3, strokes);
    for (std::size_t i = 0; i < nods.size(); ++i) {
        Snippet sn = makeSnippet(nods[i], "head.nod", "Nod", "your head", {BodyPart::Head});
        sn.count = (strokes[i] + 1) / 2;
        sn.value = sn.count;
        sn.unit = "count";
        sn.countable = true;
        out.push_back(sn);
    }
    std::vector<Snippet> poses;
    postures(s, p, o.headPitchOnDeg, o.headPitchOffDeg, "head.down", "Look", "down", BodyPart::Head, poses);
    postures(s, minus(p, 0, -1), o.headPitchOnDeg, o.headPitchOffDeg, "head.up", "Look", "up", BodyPart::Head, poses);
    const std::vector<double> tl = minus(tilt, neutral(tilt, 0, 5));
    postures(s, tl, o.headTiltOnDeg, o.headTiltOffDeg, "head.tilt", "Tilt", "your head to the left", BodyPart::Head, poses);
    postures(s, minus(tl, 0, -1), o.headTiltOnDeg, o.headTiltOffDeg, "head.tilt", "Tilt", "your head to the right",
             BodyPart::Head, poses);
    for (const Snippet& sn : poses) {
        if (coveredFraction(sn.span, nods) < 0.5)
            out.push_back(sn);
    }
}

} // namespace stepmotion::describer
