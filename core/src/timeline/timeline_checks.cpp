// Physical step checks of the timeline benchmark: names, span selection and the pass rules
// (thresholds and their reasons in timeline_checks.h).

#include "stepmotion/core/timeline/timeline_checks.h"

#include "stepmotion/core/runtime/error.h"

#include "timeline/timeline_signals.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <utility>

namespace stepmotion {

namespace {

using namespace timeline_detail;

constexpr double kRadToDeg = 57.29577951308232;

struct NamedCheck {
    StepCheck check;
    std::string_view name;
    StepCheck mirror;
};

constexpr std::array<NamedCheck, 21> kChecks{{
    {StepCheck::WalkForward, "walk_forward", StepCheck::WalkForward},
    {StepCheck::WalkBackward, "walk_backward", StepCheck::WalkBackward},
    {StepCheck::Run, "run", StepCheck::Run},
    {StepCheck::StandStill, "stand_still", StepCheck::StandStill},
    {StepCheck::TurnLeft, "turn_left", StepCheck::TurnRight},
    {StepCheck::TurnRight, "turn_right", StepCheck::TurnLeft},
    {StepCheck::RaiseLeftArm, "raise_left_arm", StepCheck::RaiseRightArm},
    {StepCheck::RaiseRightArm, "raise_right_arm", StepCheck::RaiseLeftArm},
    {StepCheck::RaiseBothArms, "raise_both_arms", StepCheck::RaiseBothArms},
    {StepCheck::LowerLeftArm, "lower_left_arm", StepCheck::LowerRightArm},
    {StepCheck::LowerRightArm, "lower_right_arm", StepCheck::LowerLeftArm},
    {StepCheck::WaveLeftHand, "wave_left_hand", StepCheck::WaveRightHand},
    {StepCheck::WaveRightHand, "wave_right_hand", StepCheck::WaveLeftHand},
    {StepCheck::Squat, "squat", StepCheck::Squat},
    {StepCheck::Jump, "jump", StepCheck::Jump},
    {StepCheck::KickLeft, "kick_left", StepCheck::KickRight},
    {StepCheck::KickRight, "kick_right", StepCheck::KickLeft},
    {StepCheck::LeftArmUpWhile, "left_arm_up_while", StepCheck::RightArmUpWhile},
    {StepCheck::RightArmUpWhile, "right_arm_up_while", StepCheck::LeftArmUpWhile},
    {StepCheck::SidestepLeft, "sidestep_left", StepCheck::SidestepRight},
    {StepCheck::SidestepRight, "sidestep_right", StepCheck::SidestepLeft},
}};
static_assert(kChecks.size() == static_cast<std::size_t>(StepCheck::SidestepRight) + 1, "one entry per check");

const NamedCheck& entry(StepCheck check)
{
    for (const auto& e : kChecks)
        if (e.check == check)
            return e;
    throw Error("unknown step check " + std::to_string(static_cast<int>(check)));
}

template <typename... Args>
std::string format(const char* pattern, Args... args)
{
    const int n = std::snprintf(nullptr, 0, pattern, args...);
    std::string out(static_cast<std::size_t>(std::max(n, 0)) + 1, '\0');
    std::snprintf(out.data(), out.size(), pattern, args...);
    out.pop_back();
    return out;
}

const char* sideName(int side) { return side == kLeft ? "left" : "right"; }

void add(StepCheckResult& r, std::string name, double value) { r.values.push_back({std::move(name), value}); }

// ------------------------------------------------------------------------------ locomotion

struct Stepping {
    int left = 0;
    int right = 0;
    int alternations = 0;  // side changes between consecutive step episodes, in time order
    int flightFrames = 0;  // both feet off the floor
};

/// Heading at the span's end minus at its start, 3-frame means (one frame's facing is noisy).
double headingChangeDeg(const SpanSignals& s)
{
    const int k = std::min(3, s.frames());
    return (meanOf(s.heading, s.frames() - k, s.frames()) - meanOf(s.heading, 0, k)) * kRadToDeg;
}

Stepping stepping(const SpanSignals& s)
{
    Stepping st;
    std::vector<int> peaks[2];
    st.left = liftEpisodes(s.ankleLift[kLeft], kStepLiftOn, kStepLiftOff, &peaks[kLeft]);
    st.right = liftEpisodes(s.ankleLift[kRight], kStepLiftOn, kStepLiftOff, &peaks[kRight]);
    std::vector<std::pair<int, int>> order; // (peak frame, side)
    for (int side = 0; side < 2; ++side)
        for (const int p : peaks[side])
            order.emplace_back(p, side);
    std::sort(order.begin(), order.end());
    for (std::size_t i = 1; i < order.size(); ++i)
        st.alternations += order[i].second != order[i - 1].second;
    for (int i = 0; i < s.frames(); ++i)
        st.flightFrames += std::min(s.footLift[kLeft][static_cast<std::size_t>(i)],
                                    s.footLift[kRight][static_cast<std::size_t>(i)]) >= kFlightLiftMin;
    return st;
}

void locomotion(StepCheckResult& r, const SpanSignals& s)
{
    const double speed = s.path / s.seconds;
    const Stepping st = stepping(s);
    add(r, "travel_m", s.path);
    add(r, "speed_mps", speed);
    add(r, "forward_m", s.forward);
    add(r, "leftward_m", s.leftward);
    add(r, "step_alternations", st.alternations);
    add(r, "flight_frames", st.flightFrames);
    const double change = headingChangeDeg(s);
    add(r, "heading_change_deg", change);
    const double share = [&] {
        switch (r.check) {
        case StepCheck::WalkBackward: return -s.forward;
        case StepCheck::SidestepLeft: return s.leftward;
        case StepCheck::SidestepRight: return -s.leftward;
        default: return s.forward;
        }
    }() / std::max(s.path, 1e-9);
    const bool directed = share >= kDirectionShare;
    const bool alternating = st.alternations >= kWalkAlternationsMin;
    switch (r.check) {
    case StepCheck::WalkForward:
        r.passed = directed && alternating && speed >= kWalkSpeedMin && speed <= kWalkSpeedMax;
        break;
    case StepCheck::WalkBackward:
        r.passed = directed && alternating && speed >= kBackwardSpeedMin && speed <= kWalkSpeedMax;
        break;
    case StepCheck::Run:
        r.passed = directed && (speed >= kRunSpeedMin || (speed >= kRunFlightSpeedMin && st.flightFrames > 0));
        break;
    default: // sidesteps: the body keeps its facing (a walk that turns also ends up to one side)
        r.passed = directed && std::abs(s.leftward) >= kSidestepMin && st.left + st.right > 0
            && std::abs(change) < kTurnMinDeg;
        break;
    }
    r.measure = format("root travel %.2f m, speed %.2f m/s, forward %+.2f m, leftward %+.2f m, steps L%d R%d "
                       "(%d alternations), %d flight frames, heading change %+.0f deg",
                       s.path, speed, s.forward, s.leftward, st.left, st.right, st.alternations, st.flightFrames,
                       change);
}

void standStill(StepCheckResult& r, const SpanSignals& s)
{
    const double speed = s.path / s.seconds;
    const double lift = std::max(maxOf(s.footLift[kLeft]), maxOf(s.footLift[kRight]));
    add(r, "max_distance_m", s.maxDistance);
    add(r, "speed_mps", speed);
    add(r, "foot_lift_m", lift);
    r.passed = s.maxDistance <= kStillTravelMax && speed <= kStillSpeedMax && lift <= kStillFootLiftMax;
    r.measure = format("root within %.2f m of its start, speed %.2f m/s, highest foot lift %.3f m", s.maxDistance,
                       speed, lift);
}

void turn(StepCheckResult& r, const SpanSignals& s)
{
    const double change = headingChangeDeg(s);
    add(r, "heading_change_deg", change);
    r.passed = r.check == StepCheck::TurnLeft ? change >= kTurnMinDeg : change <= -kTurnMinDeg;
    r.measure = format("heading change %+.0f deg (%s)", change, change >= 0 ? "left" : "right");
}

// ------------------------------------------------------------------------------ arms

double raisedShare(const SpanSignals& s, int side)
{
    return shareAtLeast(s.wristOverShoulder[side], kRaisedAboveShoulder, s.frames() / 2, s.frames());
}

void raise(StepCheckResult& r, const SpanSignals& s)
{
    const double share[2] = {raisedShare(s, kLeft), raisedShare(s, kRight)};
    add(r, "left_raised_share", share[kLeft]);
    add(r, "right_raised_share", share[kRight]);
    add(r, "left_peak_over_shoulder_m", maxOf(s.wristOverShoulder[kLeft]));
    add(r, "right_peak_over_shoulder_m", maxOf(s.wristOverShoulder[kRight]));
    const bool up[2] = {share[kLeft] >= kRaisedShare, share[kRight] >= kRaisedShare};
    if (r.check == StepCheck::RaiseBothArms) {
        r.passed = up[kLeft] && up[kRight];
    } else {
        const int side = r.check == StepCheck::RaiseLeftArm ? kLeft : kRight;
        r.passed = up[side] && !up[1 - side];
    }
    r.measure = format("wrist >= %.2f m above the shoulder in the second half: left %.0f%% (peak %+.2f m), "
                       "right %.0f%% (peak %+.2f m)",
                       kRaisedAboveShoulder, 100 * share[kLeft], maxOf(s.wristOverShoulder[kLeft]),
                       100 * share[kRight], maxOf(s.wristOverShoulder[kRight]));
}

void lower(StepCheckResult& r, const SpanSignals& s)
{
    const int side = r.check == StepCheck::LowerLeftArm ? kLeft : kRight;
    const int quarter = std::max(std::min(3, s.frames()), s.frames() / 4);
    const double end = meanOf(s.wristOverShoulder[side], s.frames() - quarter, s.frames());
    add(r, "end_over_shoulder_m", end);
    add(r, "start_over_shoulder_m", s.wristOverShoulder[side].front());
    r.passed = end <= -kLoweredBelowShoulder;
    r.measure = format("%s wrist %+.2f m against the shoulder at the start, %+.2f m over the last quarter",
                       sideName(side), s.wristOverShoulder[side].front(), end);
}

struct Wave {
    double raisedShare = 0;
    int swings = 0;
    bool waving = false;
};

Wave waveOf(const SpanSignals& s, int side)
{
    Wave w;
    w.raisedShare = shareAtLeast(s.wristOverShoulder[side], kWaveHandOverShoulder, 0, s.frames());
    std::vector<double> lateral; // only while the hand is up: raising and lowering are not waves
    for (int i = 0; i < s.frames(); ++i)
        if (s.wristOverShoulder[side][static_cast<std::size_t>(i)] >= kWaveHandOverShoulder)
            lateral.push_back(s.wristLateral[side][static_cast<std::size_t>(i)]);
    w.swings = swings(lateral, kWaveSwingMin);
    w.waving = w.raisedShare >= kWaveRaisedShare && w.swings >= kWaveSwingsMin;
    return w;
}

void wave(StepCheckResult& r, const SpanSignals& s)
{
    const int side = r.check == StepCheck::WaveLeftHand ? kLeft : kRight;
    const Wave w = waveOf(s, side);
    const Wave other = waveOf(s, 1 - side);
    add(r, "raised_share", w.raisedShare);
    add(r, "swings", w.swings);
    add(r, "other_raised_share", other.raisedShare);
    add(r, "other_swings", other.swings);
    r.passed = w.waving && !other.waving;
    r.measure = format("%s wrist up to the shoulder %.0f%% of the span with %d sideways swings >= %.2f m; "
                       "%s: %.0f%%, %d swings",
                       sideName(side), 100 * w.raisedShare, w.swings, kWaveSwingMin, sideName(1 - side),
                       100 * other.raisedShare, other.swings);
}

void armUpWhile(StepCheckResult& r, const SpanSignals& s)
{
    const int side = r.check == StepCheck::LeftArmUpWhile ? kLeft : kRight;
    const double share = shareAtLeast(s.wristOverHead[side], 0.0, 0, s.frames());
    const double other = shareAtLeast(s.wristOverHead[1 - side], 0.0, 0, s.frames());
    add(r, "above_head_share", share);
    add(r, "other_above_head_share", other);
    r.passed = share >= kHeldUpShare && other < kHeldUpShare;
    r.measure = format("%s wrist above the head %.0f%% of the span (peak %+.2f m); %s %.0f%%", sideName(side),
                       100 * share, maxOf(s.wristOverHead[side]), sideName(1 - side), 100 * other);
}

// ------------------------------------------------------------------------------ whole body

void squat(StepCheckResult& r, const SpanSignals& s)
{
    const auto& h = s.pelvisHeight;
    const auto lowest = static_cast<int>(std::min_element(h.begin(), h.end()) - h.begin());
    const double from = *std::max_element(h.begin(), h.begin() + lowest + 1);
    const double drop = from - h[static_cast<std::size_t>(lowest)];
    const double footDown = std::min(s.footLift[kLeft][static_cast<std::size_t>(lowest)],
                                     s.footLift[kRight][static_cast<std::size_t>(lowest)]);
    add(r, "pelvis_drop_m", drop);
    add(r, "pelvis_lowest_m", h[static_cast<std::size_t>(lowest)]);
    r.passed = drop >= kSquatDropMin && footDown <= kStillFootLiftMax;
    r.measure = format("pelvis drop %.2f m (from %.2f to %.2f m above the floor)", drop, from,
                       h[static_cast<std::size_t>(lowest)]);
}

void jump(StepCheckResult& r, const SpanSignals& s)
{
    double best = -1e9;
    for (int i = 0; i < s.frames(); ++i)
        best = std::max(best, std::min(s.footLift[kLeft][static_cast<std::size_t>(i)],
                                       s.footLift[kRight][static_cast<std::size_t>(i)]));
    add(r, "both_feet_lift_m", best);
    r.passed = best >= kJumpLiftMin;
    r.measure = format("both feet off the floor by up to %.2f m", best);
}

void kick(StepCheckResult& r, const SpanSignals& s)
{
    const int side = r.check == StepCheck::KickLeft ? kLeft : kRight;
    // The frame where the ankle is furthest up-and-ahead, both relative to their thresholds.
    int best = 0;
    double bestScore = -1e9;
    for (int i = 0; i < s.frames(); ++i) {
        const double score = std::min(s.ankleLift[side][static_cast<std::size_t>(i)] / kKickLiftMin,
                                      s.ankleReach[side][static_cast<std::size_t>(i)] / kKickReachMin);
        if (score > bestScore) {
            bestScore = score;
            best = i;
        }
    }
    const double lift = s.ankleLift[side][static_cast<std::size_t>(best)];
    const double reach = s.ankleReach[side][static_cast<std::size_t>(best)];
    const double peak = maxOf(s.ankleLift[side]);
    const double otherPeak = maxOf(s.ankleLift[1 - side]);
    add(r, "ankle_lift_m", lift);
    add(r, "ankle_reach_m", reach);
    add(r, "peak_lift_m", peak);
    add(r, "other_peak_lift_m", otherPeak);
    r.passed = lift >= kKickLiftMin && reach >= kKickReachMin && peak > otherPeak;
    r.measure = format("%s ankle up %.2f m and %+.2f m ahead of the pelvis (peak lift %.2f m); %s ankle peak "
                       "lift %.2f m",
                       sideName(side), lift, reach, peak, sideName(1 - side), otherPeak);
}

void validate(const JointClip& c, double start, double end)
{
    if (c.joints != kJointCount)
        throw Error("step check: clip has " + std::to_string(c.joints) + " joints, expected 22");
    if (c.frames < 0 || c.xyz.size() != static_cast<std::size_t>(c.frames) * kJointCount * 3)
        throw Error("step check: clip buffer holds " + std::to_string(c.xyz.size()) + " values, expected frames x 22 x 3");
    if (!(c.fps > 0) || !std::isfinite(c.fps))
        throw Error("step check: clip fps must be positive");
    if (!std::isfinite(start) || !std::isfinite(end))
        throw Error("step check: span times must be finite");
    if (end < start)
        throw Error(format("step check: span end %.3f s is before its start %.3f s", end, start));
}

} // namespace

const std::vector<StepCheck>& allStepChecks()
{
    static const std::vector<StepCheck> all = [] {
        std::vector<StepCheck> v;
        for (const auto& e : kChecks)
            v.push_back(e.check);
        return v;
    }();
    return all;
}

std::string_view stepCheckName(StepCheck check) { return entry(check).name; }

std::optional<StepCheck> stepCheckFromName(std::string_view name)
{
    for (const auto& e : kChecks)
        if (e.name == name)
            return e.check;
    return std::nullopt;
}

StepCheck mirrorStepCheck(StepCheck check) { return entry(check).mirror; }

double StepCheckResult::value(std::string_view name) const
{
    for (const auto& m : values)
        if (m.name == name)
            return m.value;
    return std::nan("");
}

StepCheckResult checkStep(const JointClip& joints, double start, double end, StepCheck check)
{
    validate(joints, start, end);
    StepCheckResult r;
    r.check = check;
    const long firstRaw = std::lround(start * joints.fps);
    const long lastRaw = std::lround(end * joints.fps);
    r.firstFrame = static_cast<int>(std::clamp<long>(firstRaw, 0, std::max(joints.frames - 1, 0)));
    r.lastFrame = static_cast<int>(std::clamp<long>(lastRaw, 0, std::max(joints.frames - 1, 0)));
    if (firstRaw > joints.frames - 1 || r.lastFrame - r.firstFrame < 1) {
        r.lastFrame = r.firstFrame - 1;
        r.measure = "span outside the clip";
        return r;
    }
    const SpanSignals s = measureSpan(joints, r.firstFrame, r.lastFrame);
    switch (check) {
    case StepCheck::WalkForward:
    case StepCheck::WalkBackward:
    case StepCheck::Run:
    case StepCheck::SidestepLeft:
    case StepCheck::SidestepRight: locomotion(r, s); break;
    case StepCheck::StandStill: standStill(r, s); break;
    case StepCheck::TurnLeft:
    case StepCheck::TurnRight: turn(r, s); break;
    case StepCheck::RaiseLeftArm:
    case StepCheck::RaiseRightArm:
    case StepCheck::RaiseBothArms: raise(r, s); break;
    case StepCheck::LowerLeftArm:
    case StepCheck::LowerRightArm: lower(r, s); break;
    case StepCheck::WaveLeftHand:
    case StepCheck::WaveRightHand: wave(r, s); break;
    case StepCheck::LeftArmUpWhile:
    case StepCheck::RightArmUpWhile: armUpWhile(r, s); break;
    case StepCheck::Squat: squat(r, s); break;
    case StepCheck::Jump: jump(r, s); break;
    case StepCheck::KickLeft:
    case StepCheck::KickRight: kick(r, s); break;
    }
    return r;
}

} // namespace stepmotion
