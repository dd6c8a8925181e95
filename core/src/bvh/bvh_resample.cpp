// Resampling a BvhClip to another frame rate. Output frame i sits at t = i / fps; it blends
// the two source frames around t: rotations by quaternion slerp (Euler angles cannot be
// blended safely across ±180° or near gimbal lock), positions linearly.

#include "stepmotion/core/bvh/bvh.h"

#include "bvh/bvh_maths.h"
#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cmath>

namespace stepmotion {

using namespace bvh_detail;

namespace {

// Fractions this close to a whole source frame are that frame: it is copied bit for bit.
constexpr double kFrameSnap = 1e-9;

void blendFrame(const std::vector<JointLayout>& layouts, const double* a, const double* b, double t, double* out)
{
    for (const JointLayout& layout : layouts) {
        if (layout.hasPosition)
            for (int index : layout.posIndex)
                out[index] = a[index] + (b[index] - a[index]) * t;
        if (!layout.hasRotation)
            continue;
        Vec3 da(0.0), db(0.0);
        for (int c = 0; c < 3; ++c) {
            da[c] = a[layout.rotIndex[c]];
            db[c] = b[layout.rotIndex[c]];
        }
        // glm::slerp takes the shorter arc (q and -q are one rotation) but, unlike mat3_cast,
        // neither renormalises: normalize keeps the matrix a pure rotation.
        const Quat q = glm::normalize(glm::slerp(eulerToQuat(layout.rotAxis, da), eulerToQuat(layout.rotAxis, db), t));
        // Keep the angle curve continuous with the nearer source frame (same branch, same turn).
        const Vec3 euler = matrixToEuler(glm::mat3_cast(q), layout.rotAxis, t < 0.5 ? da : db);
        for (int c = 0; c < 3; ++c)
            out[layout.rotIndex[c]] = euler[c];
    }
}

} // namespace

BvhClip resampleBvh(const BvhClip& clip, double fps)
{
    validateClip(clip, "resampleBvh");
    if (!(fps > 0) || !std::isfinite(fps))
        throw Error("resampleBvh: target frame rate must be a positive number, got " + std::to_string(fps));
    BvhClip out;
    out.joints = clip.joints;
    out.channelCount = clip.channelCount;
    out.frameTime = 1.0 / fps;
    if (clip.frames == 0)
        return out;

    // Source frame s covers time s / sourceFps; output frame i maps to source position
    // i * step. Frames run while t <= the source duration (frames - 1) / sourceFps.
    const double sourceFps = effectiveFps(clip.frameTime);
    const double step = sourceFps / fps;
    const double lastPosition = clip.frames - 1;
    const double count = std::floor(lastPosition / step + 1e-6) + 1.0;
    if (count > 1e8)
        throw Error("resampleBvh: " + std::to_string(count) + " output frames is too many");
    out.frames = static_cast<int>(count);
    out.values.resize(static_cast<std::size_t>(out.frames) * static_cast<std::size_t>(out.channelCount));

    const std::vector<JointLayout> layouts = jointLayouts(clip);
    const std::size_t width = static_cast<std::size_t>(clip.channelCount);
    for (int i = 0; i < out.frames; ++i) {
        const double position = std::min(i * step, lastPosition);
        int s = static_cast<int>(std::floor(position + kFrameSnap));
        s = std::min(s, clip.frames - 1);
        const double t = position - s;
        const double* a = clip.frame(s);
        double* target = out.frame(i);
        if (t <= kFrameSnap || s == clip.frames - 1)
            std::copy(a, a + width, target);
        else
            blendFrame(layouts, a, clip.frame(s + 1), t, target);
    }
    return out;
}

} // namespace stepmotion
