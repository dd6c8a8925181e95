// Smoothed per-frame quantities for the step describer, measured in the character's own
// facing frame so that "forward" and "left" mean the same thing whichever way the clip faces.

#include "describer/describer_signals.h"

#include <algorithm>
#include <cmath>

namespace stepmotion::describer {


V3 normalized(V3 a)
{
    const double n = norm(a);
    return n > 1e-12 ? a * (1.0 / n) : V3{};
}

double angleDeg(V3 a, V3 b)
{
    const double n = norm(a) * norm(b);
    if (n < 1e-12)
        return 0;
    return std::acos(std::clamp(dot(a, b) / n, -1.0, 1.0)) * kRadToDeg;
}

double wrapDeg(double a)
{
    while (a > 180)
        a -= 360;
    while (a < -180)
        a += 360;
    return a;
}

const char* sideWord(Side side)
{
    return side == Side::Left ? "left" : side == Side::Right ? "right" : "";
}

Side otherSide(Side side)
{
    return side == Side::Left ? Side::Right : side == Side::Right ? Side::Left : Side::None;
}

Limbs limbsOf(Side side)
{
    if (side == Side::Left)
        return {LeftHip, LeftKnee, LeftAnkle, LeftFoot, LeftCollar, LeftShoulder, LeftElbow, LeftWrist};
    return {RightHip, RightKnee, RightAnkle, RightFoot, RightCollar, RightShoulder, RightElbow, RightWrist};
}

int Signals::framesFor(double secs) const
{
    return std::max(1, static_cast<int>(std::lround(secs * fps)));
}

std::vector<double> smoothed(const std::vector<double>& x, int halfWidth)
{
    if (halfWidth <= 0 || x.size() < 2)
        return x;
    std::vector<double> cur = x;
    std::vector<double> next(x.size());
    const int n = static_cast<int>(x.size());
    for (int pass = 0; pass < 2; ++pass) {
        // Running sums keep this O(n) whatever the window.
        std::vector<double> prefix(x.size() + 1, 0.0);
        for (int i = 0; i < n; ++i)
            prefix[static_cast<std::size_t>(i) + 1] = prefix[static_cast<std::size_t>(i)] + cur[static_cast<std::size_t>(i)];
        for (int i = 0; i < n; ++i) {
            const int a = std::max(0, i - halfWidth);
            const int b = std::min(n - 1, i + halfWidth);
            next[static_cast<std::size_t>(i)] =
                (prefix[static_cast<std::size_t>(b) + 1] - prefix[static_cast<std::size_t>(a)]) / (b - a + 1);
        }
        std::swap(cur, next);
    }
    return cur;
}

std::vector<double> derivative(const std::vector<double>& x, double fps)
{
    const int n = static_cast<int>(x.size());
    std::vector<double> d(x.size(), 0.0);
    if (n < 2)
        return d;
    for (int i = 0; i < n; ++i) {
        const int a = std::max(0, i - 1);
        const int b = std::min(n - 1, i + 1);
        d[static_cast<std::size_t>(i)] = (x[static_cast<std::size_t>(b)] - x[static_cast<std::size_t>(a)]) * fps / (b - a);
    }
    return d;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    // Linear interpolation between the neighbouring ranks keeps percentile(-x, 1-p) equal to
    // -percentile(x, p), so a mirrored clip gets mirrored baselines.
    const double pos = std::clamp(p, 0.0, 1.0) * static_cast<double>(values.size() - 1);
    const auto k = static_cast<std::size_t>(pos);
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    const double low = values[k];
    if (k + 1 >= values.size())
        return low;
    const double high = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(k) + 1, values.end());
    return low + (pos - static_cast<double>(k)) * (high - low);
}

double median(std::vector<double> values) { return percentile(std::move(values), 0.5); }

namespace {

constexpr double kPi = 3.14159265358979323846;

std::vector<double> channel(const JointClip& clip, int joint, int axis)
{
    std::vector<double> c(static_cast<std::size_t>(clip.frames));
    for (int t = 0; t < clip.frames; ++t)
        c[static_cast<std::size_t>(t)] = clip.at(t, joint)[axis];
    return c;
}

// Facing from the hip and shoulder lines as HumanML3D does: forward = Y x (right - left),
// which is +Z for a rest pose whose left side is +X. Yaw is the angle from +Z towards +X.
std::vector<double> facingYaw(const Signals& s, int halfWidth)
{
    std::vector<double> yaw(static_cast<std::size_t>(s.frames), 0.0);
    double previous = 0;
    for (int t = 0; t < s.frames; ++t) {
        const V3 across = (s.w(t, RightHip) - s.w(t, LeftHip)) + (s.w(t, RightShoulder) - s.w(t, LeftShoulder));
        const V3 forward = cross(V3{0, 1, 0}, across);
        double a = std::hypot(forward.x, forward.z) > 1e-9 ? std::atan2(forward.x, forward.z) : previous;
        // Unwrap so turns of several revolutions accumulate.
        while (t > 0 && a - previous > kPi)
            a -= 2 * kPi;
        while (t > 0 && a - previous < -kPi)
            a += 2 * kPi;
        yaw[static_cast<std::size_t>(t)] = a;
        previous = a;
    }
    return smoothed(yaw, halfWidth);
}

// The floor under the person, frame by frame: the lowest foot joint within a window around the
// frame (some foot touches the floor within any second of walking or jumping), smoothed. A
// per-frame floor follows slopes and capture drift that a single clip-wide floor would not.
std::vector<double> floorHeights(const Signals& s, const DescriberOptions& o)
{
    std::vector<double> lowest;
    for (int t = 0; t < s.frames; ++t)
        lowest.push_back(std::min({s.w(t, LeftAnkle).y, s.w(t, RightAnkle).y, s.w(t, LeftFoot).y, s.w(t, RightFoot).y}));
    const int half = s.framesFor(o.floorWindowS / 2);
    std::vector<double> floor(lowest.size());
    for (int t = 0; t < s.frames; ++t) {
        const auto a = lowest.begin() + std::max(0, t - half);
        const auto b = lowest.begin() + std::min(s.frames, t + half + 1);
        floor[static_cast<std::size_t>(t)] = *std::min_element(a, b);
    }
    return smoothed(floor, half);
}

void computeBodyScale(Signals& s, const std::vector<double>& floorY)
{
    std::vector<double> legs, pelvisOverHips, ankleRest;
    for (int t = 0; t < s.frames; ++t) {
        double leg = 0;
        for (Side side : {Side::Left, Side::Right}) {
            const Limbs m = limbsOf(side);
            leg += 0.5 * (norm(s.w(t, m.hip) - s.w(t, m.knee)) + norm(s.w(t, m.knee) - s.w(t, m.ankle)));
            ankleRest.push_back(s.w(t, m.ankle).y - floorY[static_cast<std::size_t>(t)]);
        }
        legs.push_back(leg);
        pelvisOverHips.push_back(s.w(t, Pelvis).y - 0.5 * (s.w(t, LeftHip).y + s.w(t, RightHip).y));
    }
    s.legLength = std::max(0.2, median(legs));
    s.standingPelvisHeight = s.legLength + median(pelvisOverHips) + std::max(0.0, percentile(ankleRest, 0.1));
}

void computeFeet(Signals& s, const std::vector<double>& floorY)
{
    for (Side side : {Side::Left, Side::Right}) {
        const Limbs m = limbsOf(side);
        std::vector<double> ankle, toe;
        for (int t = 0; t < s.frames; ++t) {
            ankle.push_back(s.w(t, m.ankle).y - floorY[static_cast<std::size_t>(t)]);
            toe.push_back(s.w(t, m.foot).y - floorY[static_cast<std::size_t>(t)]);
        }
        const double ankleRest = percentile(ankle, 0.1);
        const double toeRest = percentile(toe, 0.1);
        auto& c = s.footClearance[side == Side::Left ? 0 : 1];
        c.resize(static_cast<std::size_t>(s.frames));
        for (std::size_t t = 0; t < c.size(); ++t) // a raised heel on a planted toe is not a lift
            c[t] = std::min(ankle[t] - ankleRest, toe[t] - toeRest);
    }
}

void computeLocal(Signals& s, const std::vector<double>& floorY)
{
    s.local.resize(s.world.size());
    for (int t = 0; t < s.frames; ++t) {
        const double floor = floorY[static_cast<std::size_t>(t)];
        const double c = std::cos(s.yaw[static_cast<std::size_t>(t)]);
        const double sn = std::sin(s.yaw[static_cast<std::size_t>(t)]);
        const V3 origin = s.w(t, Pelvis);
        for (int j = 0; j < kJointCount; ++j) {
            const V3 d = s.w(t, j) - origin;
            // Rotation by -yaw about +Y: the facing direction becomes +Z.
            s.local[static_cast<std::size_t>(t) * kJointCount + static_cast<std::size_t>(j)] =
                V3{d.x * c - d.z * sn, s.w(t, j).y - floor, d.x * sn + d.z * c};
        }
        s.pelvisHeight[static_cast<std::size_t>(t)] = origin.y - floor;
    }
}

void computeRootMotion(Signals& s, const DescriberOptions& o)
{
    std::vector<double> px(static_cast<std::size_t>(s.frames)), pz(px.size());
    for (int t = 0; t < s.frames; ++t) {
        px[static_cast<std::size_t>(t)] = s.w(t, Pelvis).x;
        pz[static_cast<std::size_t>(t)] = s.w(t, Pelvis).z;
    }
    const int half = s.framesFor(o.velocitySmoothingS / 2);
    const std::vector<double> vx = smoothed(derivative(px, s.fps), half);
    const std::vector<double> vz = smoothed(derivative(pz, s.fps), half);
    s.velForward.resize(px.size());
    s.velLeft.resize(px.size());
    s.speed.resize(px.size());
    for (std::size_t t = 0; t < px.size(); ++t) {
        const double c = std::cos(s.yaw[t]);
        const double sn = std::sin(s.yaw[t]);
        s.velLeft[t] = vx[t] * c - vz[t] * sn;
        s.velForward[t] = vx[t] * sn + vz[t] * c;
        s.speed[t] = std::hypot(vx[t], vz[t]);
    }
    // Turning is judged on a longer window than the facing itself: the hips and shoulders
    // swing with every stride, a turn lasts longer than a stride.
    s.yawRateDeg = smoothed(derivative(s.yaw, s.fps), s.framesFor(o.turnSmoothingS / 2));
    for (double& r : s.yawRateDeg)
        r *= kRadToDeg;
}

void computeJointSpeed(Signals& s)
{
    s.maxJointSpeed.assign(static_cast<std::size_t>(s.frames), 0.0);
    for (int t = 0; t < s.frames; ++t) {
        const int a = std::max(0, t - 1);
        const int b = std::min(s.frames - 1, t + 1);
        if (a == b)
            continue;
        double fastest = 0;
        for (int j = 0; j < kJointCount; ++j)
            fastest = std::max(fastest, norm(s.w(b, j) - s.w(a, j)) * s.fps / (b - a));
        s.maxJointSpeed[static_cast<std::size_t>(t)] = fastest;
    }
}

} // namespace

Signals computeSignals(const JointClip& joints, const DescriberOptions& o)
{
    Signals s;
    s.frames = joints.frames;
    s.fps = joints.fps;
    s.world.resize(static_cast<std::size_t>(s.frames) * kJointCount);
    const int half = static_cast<int>(std::lround(o.positionSmoothingS * s.fps / 2));
    for (int j = 0; j < kJointCount; ++j) {
        for (int axis = 0; axis < 3; ++axis) {
            const std::vector<double> c = smoothed(channel(joints, j, axis), half);
            for (int t = 0; t < s.frames; ++t) {
                V3& v = s.world[static_cast<std::size_t>(t) * kJointCount + static_cast<std::size_t>(j)];
                (axis == 0 ? v.x : axis == 1 ? v.y : v.z) = c[static_cast<std::size_t>(t)];
            }
        }
    }
    const std::vector<double> floorY = floorHeights(s, o);
    s.yaw = facingYaw(s, static_cast<int>(std::lround(o.facingSmoothingS * s.fps / 2)));
    s.pelvisHeight.resize(static_cast<std::size_t>(s.frames));
    computeLocal(s, floorY);
    computeRootMotion(s, o);
    computeFeet(s, floorY);
    computeBodyScale(s, floorY);
    computeJointSpeed(s);
    return s;
}

} // namespace stepmotion::describer
