// Per-frame inverse kinematics for jointsToRig: joint by joint from the root out, each rig
// joint that carries points of the 22-joint skeleton is rotated to put them where the clip
// has them (see rig_export.h); every other joint keeps its rest rotation.

#include "export/rig_model.h"
#include "motion/swing_rotation.h"

#include <cmath>

namespace stepmotion::rig_export_detail {
namespace {

constexpr double kDegenerate = 1e-9; // metres: shorter vectors give no direction

/// The rotation W minimising sum |W u_k - d_k|^2: the orthogonal polar factor of
/// M = sum d_k u_k^T. Two vectors span only a plane, so the cross product of the most
/// spread pair is added as a third. False when the vectors are (nearly) collinear.
bool fitRotation(const std::vector<dvec3>& u, const std::vector<dvec3>& d, dmat3& out)
{
    dmat3 m(0.0);
    double spread = 0.0;
    std::size_t a = 0, b = 0;
    for (std::size_t i = 0; i < u.size(); ++i) {
        m += glm::outerProduct(d[i], u[i]);
        for (std::size_t k = i + 1; k < u.size(); ++k) {
            const double area = glm::length(glm::cross(u[i], u[k]));
            if (area > spread) {
                spread = area;
                a = i;
                b = k;
            }
        }
    }
    if (spread < 1e-8)
        return false;
    const dvec3 cu = glm::cross(u[a], u[b]);
    const dvec3 cd = glm::cross(d[a], d[b]);
    if (glm::length(cd) < 1e-8)
        return false;
    m += glm::outerProduct(cd, cu) / std::sqrt(glm::length(cu) * glm::length(cd));
    if (!(glm::determinant(m) > 0.0))
        return false;
    // Newton iteration for the polar factor: X <- (X + X^-T) / 2, quadratic convergence.
    dmat3 x = m / std::cbrt(glm::determinant(m));
    for (int it = 0; it < 60; ++it) {
        const dmat3 next = 0.5 * (x + glm::transpose(glm::inverse(x)));
        double change = 0.0;
        for (int c = 0; c < 3; ++c)
            change += glm::length(next[c] - x[c]);
        x = next;
        if (change < 1e-14)
            break;
    }
    out = x;
    return true;
}

/// The points a carrier's rotation is fitted to: those read directly (joint origins, End
/// Sites) when there are two or more. Points the map interpolates between two joints sit
/// where the rig puts them, not where the clip does (HumanML3D's spine3 is not 35% of the
/// way up a CMU chest), and would only tilt the fit away from the joints that can be exact.
std::vector<int> fittedPoints(const RigModel& model, const std::vector<int>& carried)
{
    std::vector<int> direct;
    for (int j : carried) {
        if (model.points[static_cast<std::size_t>(j)].lerpTo < 0)
            direct.push_back(j);
    }
    return direct.size() >= 2 ? direct : carried;
}

/// Aims a joint with one carried point (or collinear ones): the longest vector only.
void aimSingle(const RigModel& model, int r, const std::vector<dvec3>& u, const std::vector<dvec3>& d,
               const dmat3& parentWorld, RigPose& pose)
{
    std::size_t best = 0;
    for (std::size_t i = 1; i < u.size(); ++i) {
        if (glm::length(u[i]) > glm::length(u[best]))
            best = i;
    }
    const auto s = static_cast<std::size_t>(r);
    const dvec3 rest = model.restLocal[s] * u[best];
    const dvec3 target = glm::transpose(parentWorld) * d[best];
    if (glm::length(rest) > kDegenerate && glm::length(target) > kDegenerate)
        pose.local[s] = detail::swingRotation(glm::normalize(rest), glm::normalize(target)) * model.restLocal[s];
}

/// Character export: a carrier holding one joint of the body's centre line (the pelvis its
/// spine, the chest its neck) and a left/right pair (hips, collars) aims the centre joint exactly
/// and turns about it to line the pair up; -1 when it holds no such set. The least-squares fit
/// would tilt the neck towards the collars' offsets, which differ between any two skeletons.
std::size_t centreJoint(const std::vector<int>& joints)
{
    for (std::size_t i = 0; i < joints.size(); ++i) {
        const int j = joints[i];
        if (j == Spine1 || j == Spine2 || j == Spine3 || j == Neck || j == Head)
            return i;
    }
    return joints.size();
}

bool aimCentreAndTwist(const std::vector<int>& joints, const std::vector<dvec3>& u, const std::vector<dvec3>& d,
                       dmat3& world)
{
    const std::size_t c = centreJoint(joints);
    std::size_t left = joints.size(), right = joints.size();
    for (std::size_t i = 0; i < joints.size(); ++i) {
        if (joints[i] == LeftHip || joints[i] == LeftCollar)
            left = i;
        if (joints[i] == RightHip || joints[i] == RightCollar)
            right = i;
    }
    if (c == joints.size() || left == joints.size() || right == joints.size())
        return false;
    if (glm::length(u[c]) < kDegenerate || glm::length(d[c]) < kDegenerate)
        return false;
    const dvec3 axis = glm::normalize(d[c]);
    const dmat3 swing = detail::swingRotation(glm::normalize(u[c]), axis);
    auto across = [&](const dvec3& v) { return v - axis * glm::dot(v, axis); };
    const dvec3 have = across(swing * (u[left] - u[right]));
    const dvec3 want = across(d[left] - d[right]);
    if (glm::length(have) < kDegenerate || glm::length(want) < kDegenerate)
        return false;
    world = detail::swingRotation(glm::normalize(have), glm::normalize(want)) * swing;
    return true;
}

/// Turns carrier r so that its points u (in its frame; joints[k] is u[k]'s skeleton joint) lie
/// along d (world): centre-and-twist or the least-squares rotation for several, the aim of the
/// longest for one or collinear ones.
void turnCarrier(const RigModel& model, int r, const std::vector<int>& joints, const std::vector<dvec3>& u,
                 const std::vector<dvec3>& d, const dmat3& parentWorld, RigPose& pose)
{
    dmat3 world;
    if (u.size() > 1 && ((model.aimDirections && aimCentreAndTwist(joints, u, d, world)) || fitRotation(u, d, world)))
        pose.local[static_cast<std::size_t>(r)] = glm::transpose(parentWorld) * world;
    else
        aimSingle(model, r, u, d, parentWorld, pose);
}

/// The mover: rotation and translation together (centred least squares).
void solveMover(const RigModel& model, int r, const Targets& targets, const dmat3& parentWorld,
                const dvec3& parentOrigin, RigPose& pose)
{
    const auto s = static_cast<std::size_t>(r);
    const std::vector<int> carried = fittedPoints(model, model.carried[s]);
    std::vector<dvec3> u, d;
    dvec3 cu(0.0), cd(0.0);
    for (int j : carried) {
        u.push_back(carriedPoint(model, j));
        d.push_back(targets[static_cast<std::size_t>(j)]);
        cu += u.back();
        cd += d.back();
    }
    const int at = model.jointAt[s];
    if (model.aimDirections && at >= 0) {
        // Directions from the pelvis target; the mover's origin goes onto it.
        const dvec3 base = targets[static_cast<std::size_t>(at)];
        for (dvec3& v : d)
            v -= base;
        turnCarrier(model, r, carried, u, d, parentWorld, pose);
        pose.world[s] = parentWorld * pose.local[s];
        pose.origin[s] = base - pose.world[s] * carriedPoint(model, at);
        pose.moverTranslation = glm::transpose(parentWorld) * (pose.origin[s] - parentOrigin);
        return;
    }
    cu /= static_cast<double>(u.size());
    cd /= static_cast<double>(u.size());
    std::vector<dvec3> uc, dc;
    for (std::size_t i = 0; i < u.size(); ++i) {
        uc.push_back(u[i] - cu);
        dc.push_back(d[i] - cd);
    }
    dmat3 world;
    if (fitRotation(uc, dc, world)) {
        pose.local[s] = glm::transpose(parentWorld) * world;
    } else if (u.size() > 1) {
        aimSingle(model, r, uc, dc, parentWorld, pose);
    }
    pose.world[s] = parentWorld * pose.local[s];
    pose.origin[s] = cd - pose.world[s] * cu;
    pose.moverTranslation = glm::transpose(parentWorld) * (pose.origin[s] - parentOrigin);
}

} // namespace

RigPose restPose(const RigModel& model)
{
    const std::size_t n = model.parent.size();
    RigPose pose{model.restLocal, std::vector<dmat3>(n, dmat3(1.0)), std::vector<dvec3>(n, dvec3(0.0)), dvec3(0.0)};
    for (std::size_t s = 0; s < n; ++s) {
        const int p = model.parent[s];
        const dmat3 pw = p < 0 ? dmat3(1.0) : pose.world[static_cast<std::size_t>(p)];
        pose.origin[s] = (p < 0 ? dvec3(0.0) : pose.origin[static_cast<std::size_t>(p)]) + pw * model.translation[s];
        pose.world[s] = pw * model.restLocal[s];
    }
    return pose;
}

dvec3 worldPoint(const RigModel& model, const RigPose& pose, int j)
{
    const auto c = static_cast<std::size_t>(model.points[static_cast<std::size_t>(j)].carrier);
    return pose.origin[c] + pose.world[c] * carriedPoint(model, j);
}

dvec3 carriedPoint(const RigModel& model, int j)
{
    const CarriedPoint& p = model.points[static_cast<std::size_t>(j)];
    if (p.endSite)
        return model.endSite[static_cast<std::size_t>(p.carrier)];
    if (p.lerpTo >= 0)
        return p.t * model.translation[static_cast<std::size_t>(p.lerpTo)];
    // A joint origin, up through joints the map does not name (held at rest) to the carrier.
    dvec3 point = model.translation[static_cast<std::size_t>(p.origin)];
    for (int cur = model.parent[static_cast<std::size_t>(p.origin)]; cur != p.carrier;
         cur = model.parent[static_cast<std::size_t>(cur)]) {
        const auto c = static_cast<std::size_t>(cur);
        point = model.translation[c] + model.restLocal[c] * point;
    }
    return point;
}

void solvePose(const RigModel& model, const Targets& targets, RigPose& pose)
{
    const std::size_t count = model.parent.size();
    for (std::size_t s = 0; s < count; ++s) {
        const int p = model.parent[s];
        const dmat3 parentWorld = p < 0 ? dmat3(1.0) : pose.world[static_cast<std::size_t>(p)];
        const dvec3 parentOrigin = p < 0 ? dvec3(0.0) : pose.origin[static_cast<std::size_t>(p)];
        const int r = static_cast<int>(s);
        if (r == model.mover) {
            solveMover(model, r, targets, parentWorld, parentOrigin, pose);
            continue;
        }
        pose.origin[s] = parentOrigin + parentWorld * model.translation[s];
        const std::vector<int> carried = fittedPoints(model, model.carried[s]);
        if (carried.empty()) {
            pose.local[s] = model.restLocal[s];
        } else {
            const int at = model.jointAt[s];
            const dvec3 base = model.aimDirections && at >= 0 ? targets[static_cast<std::size_t>(at)] : pose.origin[s];
            std::vector<dvec3> u, d;
            for (int j : carried) {
                u.push_back(carriedPoint(model, j));
                d.push_back(targets[static_cast<std::size_t>(j)] - base);
            }
            turnCarrier(model, r, carried, u, d, parentWorld, pose);
        }
        pose.world[s] = parentWorld * pose.local[s];
    }
}

void solveFrames(const RigModel& model, const std::vector<Targets>& targets, std::vector<RigPose>& poses)
{
    const std::size_t n = model.parent.size();
    for (std::size_t f = 0; f < targets.size(); ++f) {
        RigPose& pose = poses[f];
        pose.local = f == 0 ? model.restLocal : poses[f - 1].local;
        pose.world.assign(n, dmat3(1.0));
        pose.origin.assign(n, dvec3(0.0));
        solvePose(model, targets[f], pose);
    }
}

} // namespace stepmotion::rig_export_detail
