// Two-bone IK by the law of cosines (see limb_ik.h).

#include "motion/limb_ik.h"

#include <algorithm>
#include <cmath>

namespace stepmotion::detail {

namespace {

constexpr double kTiny = 1e-9;
// Soft IK: beyond (1 - kSoftFraction) of the limb's length the reach grows asymptotically
// towards the straight limb instead of hitting it, which keeps the knee from snapping straight
// (the end falls short of far targets by at most this share).
constexpr double kSoftFraction = 0.03;

/// The part of v perpendicular to the unit vector u, normalised; zero when v is along u.
Vec3 perpendicular(Vec3 v, Vec3 u)
{
    const Vec3 w = v - dot(v, u) * u;
    const double n = norm(w);
    return n > kTiny ? (1.0 / n) * w : Vec3{};
}

} // namespace

LimbPose solveTwoBone(Vec3 root, double upper, double lower, Vec3 target, Vec3 midHint, Vec3 bendHint)
{
    const Vec3 toTarget = target - root;
    const double distance = norm(toTarget);
    const Vec3 u = distance > kTiny ? (1.0 / distance) * toTarget : perpendicular(midHint - root, Vec3{0, 1, 0});
    // Reach is clamped into what the two bones span (the fold limit keeps acos-free maths
    // finite when both bones are equally long).
    const double full = upper + lower;
    const double soft = kSoftFraction * full;
    double reach = distance;
    if (reach > full - soft) // soft IK: approach the straight limb asymptotically
        reach = full - soft + soft * (1.0 - std::exp(-(reach - (full - soft)) / soft));
    reach = std::clamp(reach, std::abs(upper - lower) + kTiny, full);
    Vec3 pole = perpendicular(midHint - root, u);
    if (norm(pole) == 0.0)
        pole = perpendicular(bendHint, u);
    if (norm(pole) == 0.0)
        pole = perpendicular(Vec3{0, 0, 1}, u);
    if (norm(pole) == 0.0)
        pole = perpendicular(Vec3{1, 0, 0}, u);
    const double along = (upper * upper - lower * lower + reach * reach) / (2.0 * reach);
    const double out = std::sqrt(std::max(0.0, upper * upper - along * along));
    return {root + along * u + out * pole, root + reach * u};
}

Vec3 bodyFacing(const Positions& p, int t)
{
    const Vec3 across = jointAt(p, t, RightHip) - jointAt(p, t, LeftHip);
    const Vec3 forward{across.z, 0.0, -across.x}; // cross(+Y, across), as the feature encoder
    const double n = norm(forward);
    return n > kTiny ? (1.0 / n) * forward : Vec3{0.0, 0.0, 1.0};
}

} // namespace stepmotion::detail
