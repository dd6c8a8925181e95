// Residual limb movement: a hand, a foot or the head moving relative to the body while no
// other step already covers that part ("Move your left hand up.", "Swing your arms."). The
// specific detectors only report named actions (raise to a level, wave, kick, step); this
// catches the smaller and freer movements between them, such as arm swing while walking,
// gestures below the level thresholds, shifting a foot, or moving the head.

#include "describer/describer_signals.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace stepmotion::describer {
namespace {

enum class Limb { Arm, Leg, Head };

struct Effector {
    Limb limb;
    Side side;
    int joint;  // the moving joint
    int anchor; // ... measured relative to this one, in the facing frame
};

bool tagsPart(const Snippet& sn, Limb limb, Side side)
{
    for (BodyPart p : sn.parts) {
        const bool hit = limb == Limb::Head ? p == BodyPart::Head
                         : limb == Limb::Leg ? p == legPart(side)
                                             : p == armPart(side) || p == handPart(side);
        if (hit)
            return true;
    }
    return false;
}

// Frames where some snippet already describes this part.
std::vector<char> coveredFrames(const Signals& s, const std::vector<Snippet>& out, Limb limb, Side side)
{
    std::vector<char> covered(static_cast<std::size_t>(s.frames), 0);
    for (const Snippet& sn : out) {
        if (!tagsPart(sn, limb, side))
            continue;
        for (int t = std::max(0, sn.span.begin); t < std::min(s.frames, sn.span.end); ++t)
            covered[static_cast<std::size_t>(t)] = 1;
    }
    return covered;
}

std::vector<V3> relativeTrack(const Signals& s, const Effector& e)
{
    std::vector<V3> track;
    track.reserve(static_cast<std::size_t>(s.frames));
    for (int t = 0; t < s.frames; ++t)
        track.push_back(s.l(t, e.joint) - s.l(t, e.anchor));
    return track;
}

std::vector<double> trackSpeed(const Signals& s, const std::vector<V3>& track)
{
    std::vector<double> speed(track.size(), 0.0);
    for (int t = 0; t < s.frames; ++t) {
        const int a = std::max(0, t - 1);
        const int b = std::min(s.frames - 1, t + 1);
        const V3 d = track[static_cast<std::size_t>(b)] - track[static_cast<std::size_t>(a)];
        if (b > a)
            speed[static_cast<std::size_t>(t)] = norm(d) * s.fps / (b - a);
    }
    return speed;
}

const char* axisWord(V3 d)
{
    const double ax = std::abs(d.x), ay = std::abs(d.y), az = std::abs(d.z);
    if (ay >= ax && ay >= az)
        return d.y > 0 ? "up" : "down";
    if (az >= ax)
        return d.z > 0 ? "forward" : "back";
    return d.x > 0 ? "to the left" : "to the right";
}

// Back and forth at least once along the axis the effector travels most: a swing.
bool swings(const std::vector<V3>& track, Interval iv, double amplitude)
{
    std::array<std::vector<double>, 3> axis;
    std::array<double, 3> range{};
    for (std::size_t k = 0; k < 3; ++k) {
        for (const V3& p : track)
            axis[k].push_back(k == 0 ? p.x : k == 1 ? p.y : p.z);
        const auto [lo, hi] = std::minmax_element(axis[k].begin() + iv.begin, axis[k].begin() + iv.end);
        range[k] = *hi - *lo;
    }
    const auto widest = static_cast<std::size_t>(std::max_element(range.begin(), range.end()) - range.begin());
    return zigzagExtrema(axis[widest], iv, amplitude).size() >= 3;
}

// `there`: the effector went somewhere (named by the net displacement's main axis) rather
// than swinging back and forth.
Snippet moveSnippet(const Effector& e, Interval span, V3 net, double path, bool there)
{
    const std::string me = std::string("your ") + sideWord(e.side);
    Snippet sn;
    if (e.limb == Limb::Head) {
        sn = makeSnippet(span, "head.move", "Move", there ? std::string("your head ") + axisWord(net) : "your head",
                         {BodyPart::Head});
    } else if (e.limb == Limb::Arm) {
        sn = there ? makeSnippet(span, "arm.move", "Move", me + " hand " + axisWord(net), {armPart(e.side)})
                   : makeSnippet(span, "arm.swing", "Swing", me + " arm", {armPart(e.side)});
        sn.bothRest = there ? std::string("your hands ") + axisWord(net) : "your arms";
        sn.bothParts = {BodyPart::LeftArm, BodyPart::RightArm};
    } else {
        sn = there ? makeSnippet(span, "leg.move", "Move", me + " foot " + axisWord(net), {legPart(e.side)})
                   : makeSnippet(span, "leg.swing", "Swing", me + " leg", {legPart(e.side)});
        sn.bothRest = there ? std::string("your feet ") + axisWord(net) : "your legs";
        sn.bothParts = {BodyPart::LeftLeg, BodyPart::RightLeg};
    }
    sn.side = e.side;
    sn.value = path;
    sn.unit = "m";
    return sn;
}

void describeEffector(const Signals& s, const DescriberOptions& o, const Effector& e, const std::vector<char>& covered,
                      std::vector<Snippet>& found)
{
    const std::vector<V3> track = relativeTrack(s, e);
    const std::vector<double> speed = trackSpeed(s, track);
    const double scale = e.limb == Limb::Head ? o.headMoveSpeedRatio : e.limb == Limb::Leg ? o.legMoveSpeedRatio : 1.0;
    std::vector<char> moving(speed.size(), 0);
    for (const Interval& iv : hysteresis(speed, scale * o.limbMoveOnSpeedMps, scale * o.limbMoveOffSpeedMps, 2)) {
        for (int t = iv.begin; t < iv.end; ++t)
            moving[static_cast<std::size_t>(t)] = !covered[static_cast<std::size_t>(t)];
    }
    const int gap = s.framesFor(o.limbMoveJoinS);
    for (const Interval& iv : joinClose(maskIntervals(moving, 1), gap)) {
        if (iv.length() < s.framesFor(o.minLimbMoveS))
            continue;
        double path = 0;
        for (int t = iv.begin + 1; t < iv.end; ++t)
            path += norm(track[static_cast<std::size_t>(t)] - track[static_cast<std::size_t>(t - 1)]);
        if (path < scale * o.minLimbMoveM)
            continue;
        const V3 net = track[static_cast<std::size_t>(iv.end - 1)] - track[static_cast<std::size_t>(iv.begin)];
        const double amplitude = scale * o.limbMoveNetM;
        const bool there = norm(net) >= amplitude && !swings(track, iv, amplitude);
        found.push_back(moveSnippet(e, iv, net, path, there));
    }
}

} // namespace

void describeLimbMoves(const Signals& s, const DescriberOptions& o, std::vector<Snippet>& out)
{
    std::vector<Effector> effectors;
    for (Side side : {Side::Left, Side::Right}) {
        effectors.push_back({Limb::Arm, side, limbsOf(side).wrist, Pelvis});
        effectors.push_back({Limb::Leg, side, limbsOf(side).ankle, Pelvis});
    }
    effectors.push_back({Limb::Head, Side::None, Head, Neck});
    std::vector<Snippet> found;
    for (const Effector& e : effectors)
        describeEffector(s, o, e, coveredFrames(s, out, e.limb, e.side), found);
    out.insert(out.end(), found.begin(), found.end());
}

} // namespace stepmotion::describer
