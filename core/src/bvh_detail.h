#pragma once
// Internal helpers shared by the BVH reader, forward kinematics, resampling and formatting:
// Euler rotations in a joint's channel order, quaternions, and each joint's channel layout.
// Not part of the public API.

#include "stepmotion/core/bvh.h"

#include <array>
#include <string>
#include <vector>

namespace stepmotion::bvh_detail {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDegToRad = kPi / 180.0;
constexpr double kRadToDeg = 180.0 / kPi;

using Vec3 = std::array<double, 3>;
using Mat3 = std::array<double, 9>; // row-major
struct Quat {
    double w = 1, x = 0, y = 0, z = 0;
};

inline bool isRotation(BvhChannel c) { return c >= BvhChannel::Xrotation; }
inline int channelAxis(BvhChannel c) { return static_cast<int>(c) % 3; } // 0 = X, 1 = Y, 2 = Z

/// Where a joint's position and rotation values sit within a frame. Every joint has either
/// none or all three of each kind (the reader enforces this).
struct JointLayout {
    int posIndex[3] = {-1, -1, -1}; // value index (within a frame) of the X, Y, Z position
    int rotIndex[3] = {-1, -1, -1}; // value indices of the rotation channels, in file order
    int rotAxis[3] = {0, 1, 2};     // axis of each rotation channel, in file order
    bool hasPosition = false;
    bool hasRotation = false;
};

/// Checks that the clip is self-consistent (parents precede children, channels fit the
/// frame, values has frames * channelCount entries); throws Error naming `who` otherwise.
void validateClip(const BvhClip& clip, const char* who);

/// Channel layout of every joint; call validateClip first.
std::vector<JointLayout> jointLayouts(const BvhClip& clip);

/// Whether translation channels hold the full local translation (replacing OFFSET); see
/// bvhTranslationReplacesOffset in bvh.h.
bool translationReplacesOffset(const BvhClip& clip);

/// R = R_a1(d1) * R_a2(d2) * R_a3(d3) for degrees d in channel order (intrinsic rotations).
Mat3 eulerToMatrix(const int axes[3], const double degrees[3]);
Quat eulerToQuat(const int axes[3], const double degrees[3]);
Mat3 quatToMatrix(const Quat& q);

/// Euler angles (degrees, channel order) of a rotation matrix. Of the two equivalent
/// solutions, and of every 360° shift of each angle, returns the one closest to `reference`
/// so that angle curves stay continuous.
Vec3 matrixToEuler(const Mat3& m, const int axes[3], const double reference[3]);

/// Shortest-path spherical interpolation, t in [0, 1].
Quat slerp(const Quat& a, const Quat& b, double t);

Mat3 multiply(const Mat3& a, const Mat3& b);
Vec3 transform(const Mat3& m, const Vec3& v);

/// Frame rates are printed with few digits (0.0333333 for 1/30 s): a rate within 1e-4
/// relative of a whole number is taken as that number so frame times line up exactly.
double effectiveFps(double frameTime);

std::string channelName(BvhChannel c);

/// `v` rounded to `decimals` places (0..9) as the double nearest that decimal, so the
/// shortest round-trip form prints exactly those digits (-0.432433, not the
/// -0.43243299999999996 that round(v / q) * q gives); zero is always +0 (never "-0").
double roundToDecimals(double v, int decimals);

/// Every length (offsets, End Sites, position channels) of `clip` rounded to `lengthDecimals`
/// and every rotation channel to `angleDecimals` with roundToDecimals: what a writer applies
/// last, after solving or resampling, so that the file holds no binary noise.
void roundBvhValues(BvhClip& clip, int lengthDecimals, int angleDecimals);

} // namespace stepmotion::bvh_detail
