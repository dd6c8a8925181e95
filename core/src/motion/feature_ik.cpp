// HumanML3D's inverse kinematics (common/skeleton.py, inverse_kinematics_np with
// smooth_forward=True) and the quaternion helpers it needs, in double precision.

#include "motion/feature_math.h"

#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <string>

namespace stepmotion::detail {

namespace {

constexpr double kSmoothSigma = 20.0;  // frames, as HumanML3D's gaussian_filter1d call
constexpr int kSmoothRadius = 80;      // scipy's default truncate 4.0: int(4 * 20 + 0.5)

// Facing used by the IK. HumanML3D unpacks face_joint_indx [2, 1, 17, 16] there as
// (l_hip, r_hip, r_shoulder, l_shoulder), so its "across" is (left_hip - right_hip) +
// (right_shoulder - left_shoulder). Reproduced deliberately: every released feature file
// was made this way, and the shoulders (wider than the hips) still fix the direction.
Vec3 ikForward(const Positions& p, int frame)
{
    const Vec3 across = (jointAt(p, frame, LeftHip) - jointAt(p, frame, RightHip))
                        + (jointAt(p, frame, RightShoulder) - jointAt(p, frame, LeftShoulder));
    const double n = norm(across);
    if (!(n > 0.0))
        throw Error("feature encoder: hips and shoulders coincide at frame " + std::to_string(frame)
                    + ", the facing direction is undefined");
    // cross(+Y, across / |across|); it is smoothed before being normalised, as upstream.
    return {across.z / n, 0.0, -across.x / n};
}

std::array<double, 2 * kSmoothRadius + 1> gaussianKernel()
{
    std::array<double, 2 * kSmoothRadius + 1> w{};
    double sum = 0.0;
    for (int k = -kSmoothRadius; k <= kSmoothRadius; ++k) {
        const double v = std::exp(-0.5 * k * k / (kSmoothSigma * kSmoothSigma));
        w[static_cast<std::size_t>(k + kSmoothRadius)] = v;
        sum += v;
    }
    for (double& v : w)
        v /= sum;
    return w;
}

} // namespace

Quat qbetween(Vec3 a, Vec3 b)
{
    const Vec3 c = cross(a, b);
    const double w = std::sqrt(dot(a, a) * dot(b, b)) + dot(a, b);
    const double n2 = w * w + dot(c, c);
    if (n2 > 1e-24 * dot(a, a) * dot(b, b))
        return glm::normalize(Quat(w, c.x, c.y, c.z));
    // a and b point in opposite directions: half turn about any axis perpendicular to a.
    const Vec3 helper = std::abs(a.x) < std::abs(a.y) ? Vec3{1, 0, 0} : Vec3{0, 1, 0};
    const Vec3 axis = cross(a, helper);
    const double an = norm(axis);
    return Quat(0.0, axis.x / an, axis.y / an, axis.z / an);
}

void quatToCont6d(Quat q, float* out6)
{
    // mat3_cast assumes a unit quaternion; glm matrices index columns first.
    const glm::dmat3 m = glm::mat3_cast(glm::normalize(q));
    for (int row = 0; row < 3; ++row) {
        out6[row] = static_cast<float>(m[0][row]);
        out6[3 + row] = static_cast<float>(m[1][row]);
    }
}

std::vector<Quat> smoothedRootRotations(const Positions& positions, int frames)
{
    std::vector<Vec3> forward(static_cast<std::size_t>(frames));
    for (int t = 0; t < frames; ++t)
        forward[static_cast<std::size_t>(t)] = ikForward(positions, t);

    // scipy.ndimage.gaussian_filter1d(mode='nearest'): edge frames repeat beyond the ends.
    static const auto kKernel = gaussianKernel();
    std::vector<Quat> root(static_cast<std::size_t>(frames));
    for (int t = 0; t < frames; ++t) {
        Vec3 sum(0.0);
        for (int k = -kSmoothRadius; k <= kSmoothRadius; ++k) {
            const int src = std::clamp(t + k, 0, frames - 1);
            sum = sum + kKernel[static_cast<std::size_t>(k + kSmoothRadius)] * forward[static_cast<std::size_t>(src)];
        }
        if (!(norm(sum) > 0.0))
            throw Error("feature encoder: smoothed facing vanishes at frame " + std::to_string(t));
        root[static_cast<std::size_t>(t)] = facingToPlusZ(sum);
    }
    // Upstream overwrites frame 0 with the identity: the clip was just turned so that its
    // unsmoothed frame-0 facing is +Z, and the released features depend on this.
    root[0] = Quat(1.0, 0.0, 0.0, 0.0);
    return root;
}

void localRotations(const Positions& positions, int frames, const std::vector<Quat>& root,
                    std::vector<Quat>& local)
{
    const auto& rest = skeleton::restDirections();
    local.assign(static_cast<std::size_t>(frames) * kJointCount, Quat(1.0, 0.0, 0.0, 0.0));
    for (int t = 0; t < frames; ++t) {
        Quat* out = local.data() + static_cast<std::size_t>(t) * kJointCount;
        const Quat rootRot = root[static_cast<std::size_t>(t)];
        out[0] = rootRot;
        for (const auto& chain : skeleton::kinematicChains()) {
            // Every chain starts from the root rotation, the arm chains too (they hang from
            // spine3 but HumanML3D does not carry the spine's rotation into them).
            Quat parentGlobal = rootRot;
            for (std::size_t i = 1; i < chain.size(); ++i) {
                const int j = chain[i];
                const auto& r = rest[static_cast<std::size_t>(j)];
                const Vec3 u{r[0], r[1], r[2]};
                Vec3 v = jointAt(positions, t, j) - jointAt(positions, t, chain[i - 1]);
                if (!(norm(v) > 0.0))
                    v = u; // a zero-length bone keeps its rest direction
                const Quat global = qbetween(u, v);
                out[j] = glm::conjugate(parentGlobal) * global;
                // parent * local == global exactly; upstream recomputes it in float32.
                parentGlobal = global;
            }
        }
    }
}

} // namespace stepmotion::detail
