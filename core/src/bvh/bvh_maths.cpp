#include "bvh/bvh_maths.h"

#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cmath>

namespace stepmotion::bvh_detail {

namespace {

// +1 when (i, j, k) is a cyclic permutation of (X, Y, Z), -1 otherwise.
int paritySign(const int axes[3]) { return axes[1] == (axes[0] + 1) % 3 ? 1 : -1; }

// Row `row`, column `col` of m: glm indexes columns first.
double element(const Mat3& m, int row, int col) { return m[col][row]; }

Vec3 unitAxis(int axis)
{
    Vec3 v(0.0);
    v[axis] = 1.0;
    return v;
}

// Shifts `degrees` by whole turns to lie within 180° of `reference`.
double nearestTurn(double degrees, double reference)
{
    return degrees - 360.0 * std::round((degrees - reference) / 360.0);
}

} // namespace

Mat3 axisRotation(int axis, double radians)
{
    const double c = std::cos(radians);
    const double s = std::sin(radians);
    // glm's constructor takes the matrix's columns, not its rows.
    switch (axis) {
    case 0: return Mat3(Vec3(1, 0, 0), Vec3(0, c, s), Vec3(0, -s, c));
    case 1: return Mat3(Vec3(c, 0, -s), Vec3(0, 1, 0), Vec3(s, 0, c));
    default: return Mat3(Vec3(c, s, 0), Vec3(-s, c, 0), Vec3(0, 0, 1));
    }
}

Mat3 eulerToMatrix(const int axes[3], const Vec3& degrees)
{
    return axisRotation(axes[0], degrees[0] * kDegToRad) * axisRotation(axes[1], degrees[1] * kDegToRad) *
           axisRotation(axes[2], degrees[2] * kDegToRad);
}

Quat eulerToQuat(const int axes[3], const Vec3& degrees)
{
    Quat q(1.0, 0.0, 0.0, 0.0); // (w, x, y, z): the identity
    for (int c = 0; c < 3; ++c)
        q = q * glm::angleAxis(degrees[c] * kDegToRad, unitAxis(axes[c]));
    return q;
}

Vec3 matrixToEuler(const Mat3& m, const int axes[3], const Vec3& reference)
{
    // With R = R_i(a) R_j(b) R_k(c): row i of R is (cos b cos c, -s cos b sin c, s sin b) in
    // (i, j, k) components, which gives b and c; a then follows from R * R_k(-c).
    const int i = axes[0], j = axes[1], k = axes[2];
    const double s = paritySign(axes);
    const double sinB = std::clamp(s * element(m, i, k), -1.0, 1.0);
    const double cosB = std::sqrt(std::max(0.0, 1.0 - sinB * sinB));
    double c = reference[2] * kDegToRad; // gimbal lock: keep the reference's last angle
    if (cosB > 1e-9)
        c = std::atan2(-s * element(m, i, j), element(m, i, i));
    const Mat3 rest = m * axisRotation(k, -c);
    const double a = std::atan2(s * element(rest, k, j), element(rest, j, j));
    const double b = std::atan2(sinB, cosB);

    const Vec3 first(a * kRadToDeg, b * kRadToDeg, c * kRadToDeg);
    const Vec3 candidates[2] = {first, Vec3(first[0] + 180.0, 180.0 - first[1], first[2] + 180.0)};
    Vec3 best(0.0);
    double bestDistance = 0;
    for (int n = 0; n < 2; ++n) {
        Vec3 shifted(0.0);
        for (int e = 0; e < 3; ++e)
            shifted[e] = nearestTurn(candidates[n][e], reference[e]);
        const double d = glm::dot(shifted - reference, shifted - reference);
        if (n == 0 || d < bestDistance) {
            best = shifted;
            bestDistance = d;
        }
    }
    return best;
}

void validateClip(const BvhClip& clip, const char* who)
{
    const auto fail = [who](const std::string& what) { return Error(std::string(who) + ": " + what); };
    if (clip.frames < 0 || clip.channelCount < 0)
        throw fail("negative frame or channel count");
    if (!(clip.frameTime > 0) || !std::isfinite(clip.frameTime))
        throw fail("frame time must be a positive number of seconds");
    if (clip.values.size() != static_cast<std::size_t>(clip.frames) * static_cast<std::size_t>(clip.channelCount))
        throw fail("values hold " + std::to_string(clip.values.size()) + " numbers, expected frames x channels = " +
                   std::to_string(static_cast<std::size_t>(clip.frames) * clip.channelCount));
    std::vector<char> used(static_cast<std::size_t>(clip.channelCount), 0);
    for (std::size_t j = 0; j < clip.joints.size(); ++j) {
        const BvhJoint& joint = clip.joints[j];
        const std::string where = "joint " + std::to_string(j) + " (" + joint.name + ")";
        if (joint.parent < -1 || joint.parent >= static_cast<int>(j))
            throw fail(where + " has parent " + std::to_string(joint.parent) + ", which does not precede it");
        if (joint.firstChannel < 0 ||
            joint.firstChannel + static_cast<long>(joint.channels.size()) > clip.channelCount)
            throw fail(where + " has channels outside the frame");
        for (std::size_t c = 0; c < joint.channels.size(); ++c)
            if (used[static_cast<std::size_t>(joint.firstChannel) + c]++)
                throw fail(where + " shares frame values with another joint");
        int seen[2][3] = {{0, 0, 0}, {0, 0, 0}};
        for (BvhChannel c : joint.channels)
            ++seen[isRotation(c) ? 1 : 0][channelAxis(c)];
        for (const auto& kind : seen)
            if (!(kind[0] == kind[1] && kind[1] == kind[2] && kind[0] <= 1))
                throw fail(where + " needs none or all three of X, Y, Z for positions and for rotations");
    }
    for (char u : used)
        if (!u)
            throw fail("channelCount is " + std::to_string(clip.channelCount) + " but the joints declare fewer channels");
}

std::vector<JointLayout> jointLayouts(const BvhClip& clip)
{
    std::vector<JointLayout> layouts(clip.joints.size());
    for (std::size_t j = 0; j < clip.joints.size(); ++j) {
        const BvhJoint& joint = clip.joints[j];
        JointLayout& layout = layouts[j];
        int rotations = 0;
        for (std::size_t c = 0; c < joint.channels.size(); ++c) {
            const int index = joint.firstChannel + static_cast<int>(c);
            const int axis = channelAxis(joint.channels[c]);
            if (isRotation(joint.channels[c])) {
                layout.rotIndex[rotations] = index;
                layout.rotAxis[rotations] = axis;
                ++rotations;
                layout.hasRotation = true;
            } else {
                layout.posIndex[axis] = index;
                layout.hasPosition = true;
            }
        }
    }
    return layouts;
}

bool translationReplacesOffset(const BvhClip& clip)
{
    for (const BvhJoint& joint : clip.joints)
        if (joint.parent >= 0)
            for (BvhChannel c : joint.channels)
                if (!isRotation(c))
                    return true;
    return false;
}

double effectiveFps(double frameTime)
{
    const double fps = 1.0 / frameTime;
    const double whole = std::round(fps);
    return whole > 0 && std::abs(fps - whole) <= 1e-4 * fps ? whole : fps;
}

double roundToDecimals(double v, int decimals)
{
    static constexpr double kScale[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    const double scale = kScale[std::clamp(decimals, 0, 9)];
    // Dividing the whole number of steps by the (exact) power of ten rounds once, to the
    // double nearest the decimal; multiplying by 10^-n (inexact) would round twice.
    const double r = std::round(v * scale) / scale;
    return r == 0.0 ? 0.0 : r;
}

void roundBvhValues(BvhClip& clip, int lengthDecimals, int angleDecimals)
{
    for (BvhJoint& joint : clip.joints) {
        for (double& v : joint.offset)
            v = roundToDecimals(v, lengthDecimals);
        for (double& v : joint.endSiteOffset)
            v = roundToDecimals(v, lengthDecimals);
    }
    std::vector<int> decimals(static_cast<std::size_t>(clip.channelCount), angleDecimals);
    for (const BvhJoint& joint : clip.joints)
        for (std::size_t c = 0; c < joint.channels.size(); ++c)
            if (!isRotation(joint.channels[c]))
                decimals[static_cast<std::size_t>(joint.firstChannel) + c] = lengthDecimals;
    for (int f = 0; f < clip.frames; ++f) {
        double* values = clip.frame(f);
        for (std::size_t c = 0; c < decimals.size(); ++c)
            values[c] = roundToDecimals(values[c], decimals[c]);
    }
}

std::string channelName(BvhChannel c)
{
    static const char* const kNames[] = {"Xposition", "Yposition", "Zposition",
                                         "Xrotation", "Yrotation", "Zrotation"};
    return kNames[static_cast<int>(c)];
}

} // namespace stepmotion::bvh_detail
