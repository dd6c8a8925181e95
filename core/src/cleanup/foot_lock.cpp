// Foot locks for generated motion (see foot_lock.h and motion_cleanup.h): per contact channel
// a horizontal correction (hold still inside planted runs, bend the swing smoothly between
// them), and a leg solve that reaches the corrected ankle and toe with the bone lengths the
// clip already has.

#include "cleanup/foot_lock.h"
#include "cleanup/foot_plants.h"
#include "motion/limb_ik.h"

#include <glm/gtc/constants.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace stepmotion::detail {

namespace {

constexpr int kContactOffset = 259; // features [259, 263): the four contact labels
constexpr double kTiny = 1e-9;
// Share of the joint's velocity at a plant's ends that the bridge between plants takes over:
// 1 would make the corrected joint leave and land exactly at rest, but overshoots when the
// decoded foot still moves fast there; 0 snaps its velocity. Half measured best for jerk.
constexpr double kTangentShare = 0.25;

/// One channel's correction: per frame the horizontal offset (y = 0) that moves its joint
/// onto the lock, how planted it is (1 inside a run, fading to 0 around it), and how far the
/// foot is lifted in a step the lock adds (foot_plants.h).
struct Track {
    std::vector<Vec3> offset;
    std::vector<double> weight;
    std::vector<double> lift;
};

Vec3 unit(Vec3 v, Vec3 fallback)
{
    const double n = norm(v);
    return n > kTiny ? (1.0 / n) * v : fallback;
}

Vec3 lerp(Vec3 a, Vec3 b, double t) { return a + t * (b - a); }

/// Smooth 0→1 ramp (zero slope at both ends).
double smoothstep(double x)
{
    x = std::clamp(x, 0.0, 1.0);
    return x * x * (3.0 - 2.0 * x);
}

/// Cubic Hermite curve at u in [0, 1] from value a (tangent ma) to value b (tangent mb).
Vec3 hermite(double u, Vec3 a, Vec3 ma, Vec3 b, Vec3 mb)
{
    const double u2 = u * u;
    const double u3 = u2 * u;
    return (2 * u3 - 3 * u2 + 1) * a + (u3 - 2 * u2 + u) * ma + (-2 * u3 + 3 * u2) * b + (u3 - u2) * mb;
}

/// Fills offsets on frames from+1 .. to-1 (clipped to the clip) with the Hermite curve from
/// (value a, slope ma per frame) at `from` to (b, mb) at `to`.
void bridge(std::vector<Vec3>& offset, int from, Vec3 a, Vec3 ma, int to, Vec3 b, Vec3 mb)
{
    const double span = to - from;
    for (int t = std::max(from + 1, 0); t < to && t < static_cast<int>(offset.size()); ++t)
        offset[static_cast<std::size_t>(t)] = hermite((t - from) / span, a, kTangentShare * span * ma, b,
                                                          kTangentShare * span * mb);
}

/// An added step's lift on frames from+1 .. to-1: half a sine, `height` at its middle.
void stepLift(std::vector<double>& lift, int from, int to, double height)
{
    for (int t = from + 1; t < to; ++t)
        lift[static_cast<std::size_t>(t)] = height * std::sin(glm::pi<double>() * (t - from) / (to - from));
}

/// The correction of one channel. Inside a plant the offset holds the joint on the plant's
/// target. Between two plants it follows a cubic over the whole gap, from the offset at one
/// plant's end to the offset at the next one's start, so the swing is bent smoothly to land
/// where the next plant holds the joint rather than snapped there in a few frames; its
/// tangents take over part of the joint's velocity at the plant ends (kTangentShare).
/// Before the first plant and after the last the offset fades in / out over blend + 1
/// frames. The weight is 1 inside plants and fades to 0 over `blend` frames around them.
Track channelTrack(const Positions& p, int joint, const std::vector<Plant>& plants, int frames, int blend, double lift)
{
    const std::size_t n = static_cast<std::size_t>(frames);
    Track track{std::vector<Vec3>(n), std::vector<double>(n), std::vector<double>(n)};
    if (plants.empty())
        return track;
    const auto pos = [&](int t) { return horizontal(jointAt(p, t, joint)); };
    std::vector<Vec3> slopeIn(plants.size());
    std::vector<Vec3> slopeOut(plants.size());
    for (std::size_t r = 0; r < plants.size(); ++r) {
        const Plant& plant = plants[r];
        for (int t = plant.first; t <= plant.last; ++t) {
            track.offset[static_cast<std::size_t>(t)] = plant.target - pos(t);
            track.weight[static_cast<std::size_t>(t)] = 1.0;
        }
        // d(offset)/dt = -(joint velocity) at the plant's ends
        slopeIn[r] = pos(std::max(plant.first - 1, 0)) - pos(plant.first);
        slopeOut[r] = pos(plant.last) - pos(std::min(plant.last + 1, frames - 1));
    }
    const auto offsetAt = [&](int t) { return track.offset[static_cast<std::size_t>(t)]; };
    const int fade = blend + 1;
    const Plant& first = plants.front();
    const Plant& last = plants.back();
    bridge(track.offset, first.first - fade, {}, {}, first.first, offsetAt(first.first), slopeIn.front());
    for (std::size_t r = 0; r + 1 < plants.size(); ++r) {
        bridge(track.offset, plants[r].last, offsetAt(plants[r].last), slopeOut[r], plants[r + 1].first,
               offsetAt(plants[r + 1].first), slopeIn[r + 1]);
        if (plants[r + 1].stepIn)
            stepLift(track.lift, plants[r].last, plants[r + 1].first, lift);
    }
    bridge(track.offset, last.last, offsetAt(last.last), slopeOut.back(), last.last + fade, {}, {});
    for (int t = 0; t < frames; ++t) {
        double& w = track.weight[static_cast<std::size_t>(t)];
        for (const Plant& plant : plants) {
            const int distance = t < plant.first ? plant.first - t : t - plant.last;
            if (distance > 0 && distance <= blend)
                w = std::max(w, smoothstep(1.0 - static_cast<double>(distance) / fade));
        }
    }
    return track;
}

/// An ankle position one foot length from `toe`, as near `preferred` as the leg reaches
/// from `hip`: the foot pitches (heel up) towards the hip only as far as needed.
Vec3 reachableAnkle(Vec3 hip, double legLength, Vec3 toe, double footLength, Vec3 preferred)
{
    const Vec3 fromToe = unit(preferred - toe, unit(hip - toe, {0.0, 1.0, 0.0}));
    const Vec3 towardHip = unit(hip - toe, fromToe);
    const auto at = [&](double s) { return toe + footLength * unit(lerp(fromToe, towardHip, s), towardHip); };
    if (norm(at(0.0) - hip) <= legLength || norm(at(1.0) - hip) > legLength)
        return norm(at(0.0) - hip) <= legLength ? at(0.0) : at(1.0);
    double lo = 0.0;
    double hi = 1.0;
    for (int i = 0; i < 30; ++i) { // bisection: deterministic, 1e-9 of the pitch range
        const double mid = 0.5 * (lo + hi);
        (norm(at(mid) - hip) <= legLength ? hi : lo) = mid;
    }
    return at(hi);
}

/// The ankle one foot length from `toe` at the horizontal place of `goal`, above or below
/// the toe as `goal` is (the foot pitches, the ankle holds still); radially towards `goal`
/// when that place is more than a foot length away.
Vec3 ankleOverToe(Vec3 goal, Vec3 toe, double footLength)
{
    const double dx = goal.x - toe.x;
    const double dz = goal.z - toe.z;
    const double flat = dx * dx + dz * dz;
    if (flat > footLength * footLength)
        return toe + footLength * unit(goal - toe, {0.0, 1.0, 0.0});
    const double rise = std::sqrt(footLength * footLength - flat);
    return {goal.x, toe.y + (goal.y >= toe.y ? rise : -rise), goal.z};
}

/// Re-solves one leg on frame t. The foot moves with the toe's correction as a rigid piece,
/// except near the heel's own plants, where the ankle takes its correction instead. Where the
/// toe is planted it wins: the ankle goes one foot length from the toe's goal, pitching the
/// foot (heel up) where the leg would not reach otherwise. Then two-bone IK takes the ankle
/// to its goal and the foot bone points at the toe's.
void solveLegFrame(Positions& p, int t, const Leg& leg, const Track& ankleTrack, const Track& footTrack)
{
    const std::size_t i = static_cast<std::size_t>(t);
    const Vec3 hip = jointAt(p, t, leg.hip);
    const Vec3 knee = jointAt(p, t, leg.knee);
    const Vec3 ankle = jointAt(p, t, leg.ankle);
    const Vec3 foot = jointAt(p, t, leg.foot);
    const double thigh = norm(knee - hip);
    const double shin = norm(ankle - knee);
    const double footLength = norm(foot - ankle);
    if (!(thigh > kTiny) || !(shin > kTiny))
        return;
    const double wf = footTrack.weight[i];
    const Vec3 up{0.0, std::max(footTrack.lift[i], ankleTrack.lift[i]), 0.0};
    const Vec3 footGoal = foot + footTrack.offset[i] + up;
    Vec3 ankleGoal = ankle + lerp(footTrack.offset[i], ankleTrack.offset[i], ankleTrack.weight[i]) + up;
    if (wf > 0.0 && footLength > kTiny) {
        Vec3 onToe = ankleOverToe(ankleGoal, footGoal, footLength);
        if (norm(onToe - hip) > thigh + shin)
            onToe = reachableAnkle(hip, thigh + shin, footGoal, footLength, onToe);
        ankleGoal = lerp(ankleGoal, onToe, wf);
    }
    const LimbPose pose = solveTwoBone(hip, thigh, shin, ankleGoal, knee, bodyFacing(p, t));
    setJoint(p, t, leg.knee, pose.mid);
    setJoint(p, t, leg.ankle, pose.end);
    setJoint(p, t, leg.foot, pose.end + footLength * unit(footGoal - pose.end, unit(foot - ankle, {0.0, 0.0, 1.0})));
}

/// The parts of the ankle's planted runs on which the foot joint is not planted: the heel
/// alone on the ground (heel strike). While the toe is planted the ankle is not held on its
/// own: it follows the toe's correction, so the foot keeps its decoded pitch and a heel may
/// rise (HumanML3D's labels stay on while it does); holding both fights the leg's reach and
/// flattens every heel-off.
std::vector<ContactRun> heelOnly(const std::vector<ContactRun>& ankleRuns, const std::vector<ContactRun>& footRuns)
{
    std::vector<ContactRun> out;
    for (const ContactRun& run : ankleRuns) {
        int start = -1;
        for (int t = run.first; t <= run.last + 1; ++t) {
            const bool toe = std::any_of(footRuns.begin(), footRuns.end(),
                                         [t](const ContactRun& f) { return t >= f.first && t <= f.last; });
            const bool heel = t <= run.last && !toe;
            if (heel && start < 0)
                start = t;
            if (!heel && start >= 0) {
                out.push_back({start, t - 1});
                start = -1;
            }
        }
    }
    return out;
}

} // namespace

ContactRuns contactRuns(const FeatureClip& features, double threshold, int minFrames)
{
    ContactRuns runs;
    for (int channel = 0; channel < 4; ++channel) {
        int start = -1;
        for (int t = 0; t <= features.frames; ++t) {
            const bool planted = t < features.frames && features.row(t)[kContactOffset + channel] >= threshold;
            if (planted && start < 0)
                start = t;
            if (!planted && start >= 0) {
                if (t - start >= minFrames)
                    runs[static_cast<std::size_t>(channel)].push_back({start, t - 1});
                start = -1;
            }
        }
    }
    return runs;
}

void lockFeet(Positions& p, int frames, const ContactRuns& runs, const FootLockOptions& options)
{
    std::vector<bool> otherSteps; // the first leg's added steps, which the second leg's avoid
    for (const Leg& leg : kLegs) {
        const auto& ankleRuns = runs[static_cast<std::size_t>(leg.ankleChannel)];
        const auto& footRuns = runs[static_cast<std::size_t>(leg.footChannel)];
        if (ankleRuns.empty() && footRuns.empty())
            continue;
        const auto plantsOf = [&](const std::vector<ContactRun>& runsOfJoint, bool toe) {
            std::vector<Plant> plants;
            for (const ContactRun& run : runsOfJoint)
                for (const Plant& plant : runPlants(p, leg, toe, run, options.stepFrames, otherSteps))
                    plants.push_back(plant);
            return plants;
        };
        const int blend = std::max(0, options.blendFrames);
        const std::vector<Plant> footPlants = plantsOf(footRuns, true);
        const Track ankleTrack =
            channelTrack(p, leg.ankle, plantsOf(heelOnly(ankleRuns, footRuns), false), frames, blend, options.stepLift);
        const Track footTrack = channelTrack(p, leg.foot, footPlants, frames, blend, options.stepLift);
        otherSteps = stepFramesOf(footPlants, frames);
        for (int t = 0; t < frames; ++t) {
            const std::size_t i = static_cast<std::size_t>(t);
            if (norm(ankleTrack.offset[i]) > 0.0 || norm(footTrack.offset[i]) > 0.0 || ankleTrack.lift[i] > 0.0 ||
                footTrack.lift[i] > 0.0)
                solveLegFrame(p, t, leg, ankleTrack, footTrack);
        }
    }
}

} // namespace stepmotion::detail
