// Per-frame quantities of one step's span for the timeline checks.

#include "timeline/timeline_signals.h"

#include <algorithm>
#include <cmath>

namespace stepmotion::timeline_detail {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kRootSmoothHalf = 2;       // 5-frame mean: mocap and decoder jitter adds path
constexpr double kGroundWindowSeconds = 0.5;

struct Limb {
    int shoulder, wrist, ankle, toe;
};
constexpr Limb kLimbs[2] = {{LeftShoulder, LeftWrist, LeftAnkle, LeftFoot},
                            {RightShoulder, RightWrist, RightAnkle, RightFoot}};

Vec3 jointAt(const JointClip& c, int t, int j)
{
    const float* p = c.at(t, j);
    return {p[0], p[1], p[2]};
}

Vec3 minus(Vec3 a, Vec3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
double horizontalDot(Vec3 a, Vec3 b) { return a.x * b.x + a.z * b.z; }

Vec3 unitHorizontal(Vec3 v)
{
    const double n = std::hypot(v.x, v.z);
    return n > 1e-9 ? Vec3{v.x / n, 0, v.z / n} : Vec3{1, 0, 0};
}

/// The body's left axis at frame t: hips and shoulders, right to left, made horizontal.
Vec3 leftAxis(const JointClip& c, int t)
{
    const Vec3 hips = minus(jointAt(c, t, LeftHip), jointAt(c, t, RightHip));
    const Vec3 shoulders = minus(jointAt(c, t, LeftShoulder), jointAt(c, t, RightShoulder));
    return unitHorizontal({hips.x + shoulders.x, 0, hips.z + shoulders.z});
}

/// facing = left x up: (lx, 0, lz) x (0, 1, 0) = (-lz, 0, lx); +X x +Y = +Z at rest.
Vec3 facingFrom(Vec3 left) { return {-left.z, 0, left.x}; }

/// The lowest of both sides' `jointL`/`jointR` heights within +-window frames of each frame.
std::vector<double> groundOf(const JointClip& c, int jointL, int jointR, int window)
{
    std::vector<double> low(static_cast<std::size_t>(c.frames));
    for (int t = 0; t < c.frames; ++t)
        low[static_cast<std::size_t>(t)] = std::min(c.at(t, jointL)[1], c.at(t, jointR)[1]);
    std::vector<double> ground(low.size());
    for (int t = 0; t < c.frames; ++t) {
        const int a = std::max(0, t - window);
        const int b = std::min(c.frames - 1, t + window);
        ground[static_cast<std::size_t>(t)] = *std::min_element(low.begin() + a, low.begin() + b + 1);
    }
    return ground;
}

std::vector<double> smoothedWithin(const std::vector<double>& x, int half)
{
    const int n = static_cast<int>(x.size());
    std::vector<double> out(x.size());
    for (int i = 0; i < n; ++i) {
        const int a = std::max(0, i - half);
        const int b = std::min(n - 1, i + half);
        double s = 0;
        for (int k = a; k <= b; ++k)
            s += x[static_cast<std::size_t>(k)];
        out[static_cast<std::size_t>(i)] = s / (b - a + 1);
    }
    return out;
}

} // namespace

namespace {

// Facing at the start: the mean left axis of the first 3 frames (one frame is noisy).
Vec3 startLeftAxis(const JointClip& c, int first, int last)
{
    Vec3 left0{};
    for (int t = first; t <= std::min(last, first + 2); ++t) {
        const Vec3 l = leftAxis(c, t);
        left0 = {left0.x + l.x, 0, left0.z + l.z};
    }
    return unitHorizontal(left0);
}

// The root's smoothed path over the span: its length, farthest reach from the start, and the
// net displacement along the starting facing and left axes.
void measureTravel(const JointClip& c, SpanSignals& s, Vec3 left0)
{
    const int n = s.last - s.first + 1;
    std::vector<double> rx, rz;
    for (int t = s.first; t <= s.last; ++t) {
        rx.push_back(c.at(t, Pelvis)[0]);
        rz.push_back(c.at(t, Pelvis)[2]);
    }
    rx = smoothedWithin(rx, kRootSmoothHalf);
    rz = smoothedWithin(rz, kRootSmoothHalf);
    for (int i = 1; i < n; ++i)
        s.path += std::hypot(rx[static_cast<std::size_t>(i)] - rx[static_cast<std::size_t>(i - 1)],
                             rz[static_cast<std::size_t>(i)] - rz[static_cast<std::size_t>(i - 1)]);
    for (int i = 0; i < n; ++i)
        s.maxDistance = std::max(s.maxDistance, std::hypot(rx[static_cast<std::size_t>(i)] - rx[0],
                                                           rz[static_cast<std::size_t>(i)] - rz[0]));
    const Vec3 disp{rx.back() - rx.front(), 0, rz.back() - rz.front()};
    s.forward = horizontalDot(disp, facingFrom(left0));
    s.leftward = horizontalDot(disp, left0);
}

// Both sides' limbs at frame t: feet over their ground, ankle reach, wrists against shoulder and head.
void measureLimbs(const JointClip& c, int t, Vec3 left, double ankleGround, double toeGround, SpanSignals& s)
{
    const Vec3 facing = facingFrom(left);
    const Vec3 pelvis = jointAt(c, t, Pelvis);
    const Vec3 head = jointAt(c, t, Head);
    for (int side = 0; side < 2; ++side) {
        const Limb& limb = kLimbs[side];
        const Vec3 ankle = jointAt(c, t, limb.ankle);
        const double ankleLift = ankle.y - ankleGround;
        const double toeLift = c.at(t, limb.toe)[1] - toeGround;
        s.ankleLift[side].push_back(ankleLift);
        s.footLift[side].push_back(std::min(ankleLift, toeLift));
        s.ankleReach[side].push_back(horizontalDot(minus(ankle, pelvis), facing));
        const Vec3 shoulder = jointAt(c, t, limb.shoulder);
        const Vec3 wrist = jointAt(c, t, limb.wrist);
        s.wristOverShoulder[side].push_back(wrist.y - shoulder.y);
        s.wristOverHead[side].push_back(wrist.y - head.y);
        s.wristLateral[side].push_back(horizontalDot(minus(wrist, shoulder), left));
    }
}

} // namespace

SpanSignals measureSpan(const JointClip& c, int first, int last)
{
    SpanSignals s;
    s.first = first;
    s.last = last;
    s.seconds = (last - first) / c.fps;
    measureTravel(c, s, startLeftAxis(c, first, last));

    const int window = static_cast<int>(std::lround(kGroundWindowSeconds * c.fps));
    const std::vector<double> ankleGround = groundOf(c, LeftAnkle, RightAnkle, window);
    const std::vector<double> toeGround = groundOf(c, LeftFoot, RightFoot, window);
    double previousHeading = 0;
    for (int t = first; t <= last; ++t) {
        const Vec3 left = leftAxis(c, t);
        const Vec3 facing = facingFrom(left);
        const double raw = std::atan2(facing.x, facing.z);
        double h = raw;
        if (t > first) // unwrap: the turn of `raw` nearest the previous heading
            h = previousHeading + std::remainder(raw - previousHeading, 2 * kPi);
        s.heading.push_back(h);
        previousHeading = h;
        s.pelvisHeight.push_back(jointAt(c, t, Pelvis).y - toeGround[static_cast<std::size_t>(t)]);
        measureLimbs(c, t, left, ankleGround[static_cast<std::size_t>(t)], toeGround[static_cast<std::size_t>(t)], s);
    }
    return s;
}

int liftEpisodes(const std::vector<double>& lift, double on, double off, std::vector<int>* peaks)
{
    int count = 0;
    bool up = false;
    int peak = 0;
    for (int i = 0; i < static_cast<int>(lift.size()); ++i) {
        const double v = lift[static_cast<std::size_t>(i)];
        if (!up && v >= on) {
            up = true;
            peak = i;
            ++count;
        }
        if (up) {
            if (v > lift[static_cast<std::size_t>(peak)])
                peak = i;
            if (v < off) {
                up = false;
                if (peaks)
                    peaks->push_back(peak);
            }
        }
    }
    if (up && peaks)
        peaks->push_back(peak);
    return count;
}

int swings(const std::vector<double>& x, double minSwing)
{
    if (x.empty())
        return 0;
    int count = 0;
    int dir = 0;
    double hi = x.front(), lo = x.front(), extreme = x.front();
    for (const double v : x) {
        if (dir == 0) {
            hi = std::max(hi, v);
            lo = std::min(lo, v);
            if (hi - lo >= minSwing) {
                dir = v == hi ? 1 : -1;
                extreme = v;
                count = 1;
            }
        } else if (dir > 0) {
            if (v > extreme) {
                extreme = v;
            } else if (extreme - v >= minSwing) {
                dir = -1;
                extreme = v;
                ++count;
            }
        } else {
            if (v < extreme) {
                extreme = v;
            } else if (v - extreme >= minSwing) {
                dir = 1;
                extreme = v;
                ++count;
            }
        }
    }
    return count;
}

double shareAtLeast(const std::vector<double>& x, double threshold, int from, int to)
{
    from = std::max(from, 0);
    to = std::min(to, static_cast<int>(x.size()));
    if (to <= from)
        return 0;
    const auto hits = std::count_if(x.begin() + from, x.begin() + to, [threshold](double v) { return v >= threshold; });
    return static_cast<double>(hits) / (to - from);
}

double maxOf(const std::vector<double>& x) { return x.empty() ? 0 : *std::max_element(x.begin(), x.end()); }

double meanOf(const std::vector<double>& x, int from, int to)
{
    from = std::max(from, 0);
    to = std::min(to, static_cast<int>(x.size()));
    if (to <= from)
        return 0;
    double s = 0;
    for (int i = from; i < to; ++i)
        s += x[static_cast<std::size_t>(i)];
    return s / (to - from);
}

} // namespace stepmotion::timeline_detail
