// HumanML3D's process_file (encoder) and recover_from_ric (decoder), in double precision.
// The IK lives in feature_ik.cpp, the re-proportioning in uniform_skeleton.cpp.

#include "motion/feature_math.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/feature_codec.h"

#include <algorithm>
#include <limits>

namespace stepmotion {

namespace detail {

void checkJointClip(const JointClip& clip, const std::string& who, int minFrames)
{
    if (clip.joints != kJointCount)
        throw Error(who + ": expected " + std::to_string(kJointCount) + " joints, got "
                    + std::to_string(clip.joints));
    if (clip.frames < minFrames)
        throw Error(who + ": needs at least " + std::to_string(minFrames) + " frames, got "
                    + std::to_string(clip.frames));
    const std::size_t expected = static_cast<std::size_t>(clip.frames) * kJointCount * 3;
    if (clip.xyz.size() != expected)
        throw Error(who + ": joint buffer holds " + std::to_string(clip.xyz.size())
                    + " values, expected frames x 22 x 3 = " + std::to_string(expected));
    for (std::size_t i = 0; i < expected; ++i) {
        if (!std::isfinite(clip.xyz[i]))
            throw Error(who + ": non-finite coordinate at frame " + std::to_string(i / (kJointCount * 3))
                        + ", joint " + std::to_string(i / 3 % kJointCount));
    }
}

} // namespace detail

namespace {

using detail::jointAt;
using detail::Positions;
using detail::Quat;
using detail::Vec3;

// Feature offsets (see feature_codec.h).
constexpr int kRicOffset = 4;
constexpr int kRotOffset = kRicOffset + (kJointCount - 1) * 3;
constexpr int kVelOffset = kRotOffset + (kJointCount - 1) * 6;
constexpr int kContactOffset = kVelOffset + kJointCount * 3;
static_assert(kContactOffset + 4 == kFeatureDim, "263-d layout");

void rotateAll(Positions& p, Quat q)
{
    for (std::size_t i = 0; i < p.size(); i += 3) {
        const Vec3 v = q * Vec3(p[i], p[i + 1], p[i + 2]);
        p[i] = v.x;
        p[i + 1] = v.y;
        p[i + 2] = v.z;
    }
}

// Floor at y = 0 over the whole clip, frame-0 root above the origin, frame 0 facing +Z
// (facing from right-minus-left hips plus right-minus-left shoulders, unsmoothed).
void normaliseStart(Positions& p)
{
    double floorY = std::numeric_limits<double>::infinity();
    for (std::size_t i = 1; i < p.size(); i += 3)
        floorY = std::min(floorY, p[i]);
    const Vec3 root0 = jointAt(p, 0, Pelvis);
    for (std::size_t i = 0; i < p.size(); i += 3) {
        p[i] -= root0.x;
        p[i + 1] -= floorY;
        p[i + 2] -= root0.z;
    }
    const Vec3 across = (jointAt(p, 0, RightHip) - jointAt(p, 0, LeftHip))
                        + (jointAt(p, 0, RightShoulder) - jointAt(p, 0, LeftShoulder));
    const Vec3 forward{across.z, 0.0, -across.x}; // cross(+Y, across)
    if (!(detail::norm(forward) > 0.0))
        throw Error("feature encoder: the facing direction of frame 0 is undefined (hips and "
                    "shoulders are vertical or coincide)");
    rotateAll(p, detail::facingToPlusZ(forward));
}

void writeVec(float* out, Vec3 v)
{
    out[0] = static_cast<float>(v.x);
    out[1] = static_cast<float>(v.y);
    out[2] = static_cast<float>(v.z);
}

bool inContact(const Positions& p, int t, int joint, double threshold)
{
    const Vec3 d = jointAt(p, t + 1, joint) - jointAt(p, t, joint);
    return glm::dot(d, d) < threshold;
}

// Feature frame t from motion frames t and t+1.
void writeFrame(const Positions& p, int t, const std::vector<Quat>& root, const std::vector<Quat>& local,
                double footThreshold, float* row)
{
    const Quat r0 = root[static_cast<std::size_t>(t)];
    const Quat r1 = root[static_cast<std::size_t>(t) + 1];
    const Vec3 pelvis = jointAt(p, t, Pelvis);

    // Y component of the frame-to-frame root rotation: sin of half the turn; stored as asin.
    const double turn = (r1 * glm::conjugate(r0)).y;
    row[0] = static_cast<float>(std::asin(std::clamp(turn, -1.0, 1.0)));
    const Vec3 rootVel = r1 * (jointAt(p, t + 1, Pelvis) - pelvis);
    row[1] = static_cast<float>(rootVel.x);
    row[2] = static_cast<float>(rootVel.z);
    row[3] = static_cast<float>(pelvis.y);

    const Vec3 rootXZ{pelvis.x, 0.0, pelvis.z};
    for (int j = 1; j < kJointCount; ++j) {
        writeVec(row + kRicOffset + (j - 1) * 3, r0 * (jointAt(p, t, j) - rootXZ));
        detail::quatToCont6d(local[static_cast<std::size_t>(t) * kJointCount + static_cast<std::size_t>(j)],
                             row + kRotOffset + (j - 1) * 6);
    }
    for (int j = 0; j < kJointCount; ++j)
        writeVec(row + kVelOffset + j * 3, r0 * (jointAt(p, t + 1, j) - jointAt(p, t, j)));

    const int feet[4] = {LeftAnkle, LeftFoot, RightAnkle, RightFoot};
    for (int k = 0; k < 4; ++k)
        row[kContactOffset + k] = inContact(p, t, feet[k], footThreshold) ? 1.0f : 0.0f;
}

} // namespace

FeatureClip encodeFeatures(const JointClip& joints, const FeatureEncodeOptions& options)
{
    detail::checkJointClip(joints, "feature encoder", 2);
    const int frames = joints.frames;
    Positions p(joints.xyz.begin(), joints.xyz.end());
    if (options.uniformSkeleton)
        detail::uniformSkeletonInPlace(p, frames);
    normaliseStart(p);

    const std::vector<Quat> root = detail::smoothedRootRotations(p, frames);
    std::vector<Quat> local;
    detail::localRotations(p, frames, root, local);

    FeatureClip out(frames - 1);
    for (int t = 0; t + 1 < frames; ++t)
        writeFrame(p, t, root, local, options.footVelocityThreshold, out.row(t));
    return out;
}

JointClip decodeFeatures(const FeatureClip& features)
{
    if (features.frames < 0)
        throw Error("feature decoder: negative frame count " + std::to_string(features.frames));
    const std::size_t expected = static_cast<std::size_t>(features.frames) * kFeatureDim;
    if (features.values.size() != expected)
        throw Error("feature decoder: feature buffer holds " + std::to_string(features.values.size())
                    + " values, expected frames x 263 = " + std::to_string(expected));

    JointClip out(features.frames, kJointCount, kFps);
    double angle = 0.0; // half of the accumulated turn about +Y, as HumanML3D integrates it
    double rootX = 0.0;
    double rootZ = 0.0;
    for (int t = 0; t < features.frames; ++t) {
        const float* row = features.row(t);
        if (t > 0)
            angle += features.row(t - 1)[0];
        const Quat toWorld(std::cos(angle), 0.0, -std::sin(angle), 0.0); // (w, x, y, z): inverse of the root rotation
        if (t > 0) {
            const float* prev = features.row(t - 1);
            const Vec3 step = toWorld * Vec3(prev[1], 0.0, prev[2]);
            rootX += step.x;
            rootZ += step.z;
        }
        writeVec(out.at(t, Pelvis), {rootX, static_cast<double>(row[3]), rootZ});
        for (int j = 1; j < kJointCount; ++j) {
            const float* ric = row + kRicOffset + (j - 1) * 3;
            const Vec3 v = toWorld * Vec3(ric[0], ric[1], ric[2]);
            writeVec(out.at(t, j), {v.x + rootX, v.y, v.z + rootZ});
        }
    }
    return out;
}

} // namespace stepmotion
