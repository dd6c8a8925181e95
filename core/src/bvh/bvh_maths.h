#pragma once
// Internal helpers shared by the BVH reader, forward kinematics, resampling and formatting:
// Euler rotations in a joint's channel order, quaternions, and each joint's channel layout.
// Not part of the public API.

#include "stepmotion/core/bvh/bvh.h"

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include <array>
#include <string>
#include <vector>

namespace stepmotion::bvh_detail {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDegToRad = kPi / 180.0;
constexpr double kRadToDeg = 180.0 / kPi;

// glm's types under the names the BVH code reads; composing and applying rotations
// (operator*), glm::transpose, glm::slerp and glm::mat3_cast are glm's own. Mind: a dmat3 is
// column-major (m[col][row]); a dquat is built as (w, x, y, z) but stored and indexed
// x, y, z, w (use .w/.x/.y/.z, never q[i]); `Vec3 v;` is not zeroed and `Quat{}` is zero,
// not the identity; mat3_cast assumes a unit quaternion (normalize one that may not be).
using Vec3 = glm::dvec3;
using Mat3 = glm::dmat3;
using Quat = glm::dquat;

/// The public BvhJoint keeps std::array (no glm in the public headers).
inline Vec3 toVec3(const std::array<double, 3>& a) { return Vec3(a[0], a[1], a[2]); }

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

/// Rotation by `radians` about axis 0 = X, 1 = Y, 2 = Z. Built entry by entry (exact 0 and 1
/// off the plane) rather than with glm::rotate's general axis-angle formula.
Mat3 axisRotation(int axis, double radians);

/// R = R_a1(d1) * R_a2(d2) * R_a3(d3) for degrees d in channel order (intrinsic rotations).
Mat3 eulerToMatrix(const int axes[3], const Vec3& degrees);
Quat eulerToQuat(const int axes[3], const Vec3& degrees);

/// Euler angles (degrees, channel order) of a rotation matrix. Of the two equivalent
/// solutions, and of every 360° shift of each angle, returns the one closest to `reference`
/// so that angle curves stay continuous.
Vec3 matrixToEuler(const Mat3& m, const int axes[3], const Vec3& reference);

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
