// jointsToRig: scale the rig to the clip's legs, alternate pose solving with fitting the
// offsets the rig map reads, then write the poses as channel values in the rig's rotation
// order, with the translation on the root or where the rig's own layout has it.

#include "stepmotion/core/export/rig_export.h"

#include "bvh/bvh_maths.h"
#include "export/rig_model.h"
#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cmath>

namespace stepmotion {

using namespace rig_export_detail;

namespace {

// Offset fit and pose solve alternate until no offset moves by more than kFitTolerance:
// each round settles one more level of a chain (a fitted offset moves its descendants'
// carriers), so a hand 8 joints below the hips needs about 8 rounds.
constexpr int kMaxFitRounds = 30;
constexpr double kFitTolerance = 1e-7; // metres
constexpr double kAngleQuantum = 1e-5;  // degrees: moves a 2 m chain by < 1e-6 m
constexpr double kLengthQuantum = 1e-6; // file units

double quantize(double v, double quantum) { return std::round(v / quantum) * quantum; }

void validate(const JointClip& joints)
{
    if (joints.joints != kJointCount || joints.frames < 1 ||
        joints.xyz.size() != static_cast<std::size_t>(joints.frames) * kJointCount * 3)
        throw Error("jointsToRig: the clip must hold at least one frame of 22 joints");
    if (!(joints.fps > 0.0) || !std::isfinite(joints.fps))
        throw Error("jointsToRig: frame rate must be positive, got " + std::to_string(joints.fps));
    for (float v : joints.xyz) {
        if (!std::isfinite(v))
            throw Error("jointsToRig: positions contain a non-finite value");
    }
}

/// Uniform scale so that the rest rig's legs have the clip's mean leg length: what the
/// rig map does not read (fingers, eyes, toe tips) keeps the rig's proportions.
void scaleToClip(RigModel& model, const std::vector<Targets>& targets)
{
    const RigPose rest = restPose(model);
    const double rigLeg = legLength([&](int j) { return worldPoint(model, rest, j); });
    double clipLeg = 0.0;
    for (const Targets& t : targets)
        clipLeg += legLength([&](int j) { return t[static_cast<std::size_t>(j)]; });
    clipLeg /= static_cast<double>(targets.size());
    if (!(rigLeg > 1e-6) || !(clipLeg > 1e-6))
        return; // a degenerate clip keeps the rig's own size rather than collapsing it
    const double scale = clipLeg / rigLeg;
    for (dvec3& t : model.translation)
        t *= scale;
    for (dvec3& e : model.endSite)
        e *= scale;
}

/// Each directly read point's offset := the clip's point averaged in its carrier's frame.
/// Returns the largest change of an offset (metres).
double fitOffsets(RigModel& model, const std::vector<Targets>& targets, const std::vector<RigPose>& poses)
{
    double change = 0.0;
    for (int j = 0; j < kJointCount; ++j) {
        const CarriedPoint& p = model.points[static_cast<std::size_t>(j)];
        if (p.origin < 0 && !p.endSite)
            continue;
        const auto c = static_cast<std::size_t>(p.carrier);
        dvec3 mean(0.0);
        for (std::size_t f = 0; f < targets.size(); ++f)
            mean += glm::transpose(poses[f].world[c]) * (targets[f][static_cast<std::size_t>(j)] - poses[f].origin[c]);
        mean /= static_cast<double>(targets.size());
        if (p.endSite) {
            change = std::max(change, glm::length(model.endSite[c] - mean));
            model.endSite[c] = mean;
            continue;
        }
        // point = chain(T[origin]) = base + chainRotation * T[origin] through unnamed joints at rest.
        const auto o = static_cast<std::size_t>(p.origin);
        const dvec3 before = model.translation[o];
        model.translation[o] = dvec3(0.0);
        const dvec3 base = carriedPoint(model, j);
        dmat3 chainRotation(1.0);
        for (int cur = model.parent[o]; cur != p.carrier; cur = model.parent[static_cast<std::size_t>(cur)])
            chainRotation = model.restLocal[static_cast<std::size_t>(cur)] * chainRotation;
        model.translation[o] = glm::transpose(chainRotation) * (mean - base);
        change = std::max(change, glm::length(model.translation[o] - before));
    }
    return change;
}

std::array<double, 3> scaled(const dvec3& v, double unit)
{
    return {quantize(v.x * unit, kLengthQuantum), quantize(v.y * unit, kLengthQuantum), quantize(v.z * unit, kLengthQuantum)};
}

/// The written hierarchy: the rig's own joints and channels, or (RootMotion) the root with
/// position and rotation channels and every other joint with its rotation channels only.
void layOutChannels(const BvhClip& skeleton, RigChannels channels, BvhClip& out)
{
    out.joints = skeleton.joints;
    out.channelCount = skeleton.channelCount;
    if (channels == RigChannels::RigLayout)
        return;
    int next = 0;
    for (BvhJoint& joint : out.joints) {
        std::vector<BvhChannel> kept;
        if (joint.parent < 0)
            kept = {BvhChannel::Xposition, BvhChannel::Yposition, BvhChannel::Zposition};
        for (BvhChannel c : joint.channels) {
            if (bvh_detail::isRotation(c))
                kept.push_back(c);
        }
        joint.channels = kept;
        joint.firstChannel = next;
        next += static_cast<int>(kept.size());
    }
    out.channelCount = next;
}

/// Local translation of joint s (metres) in the written layout. RigLayout: the mover's solved
/// translation, the rest one elsewhere. RootMotion: the root takes the mover's displacement
/// from rest in world space (the root has no parent, so shifting its translation shifts every
/// joint by the same vector), and every other joint stays at rest.
dvec3 localTranslation(const RigModel& model, const RigPose& pose, std::size_t s, RigChannels channels)
{
    const auto mover = static_cast<std::size_t>(model.mover);
    if (s == mover && (channels == RigChannels::RigLayout || model.parent[s] < 0))
        return pose.moverTranslation;
    if (channels == RigChannels::RootMotion && model.parent[s] < 0) {
        const dmat3& moverParentWorld = pose.world[static_cast<std::size_t>(model.parent[mover])];
        return model.translation[s] + moverParentWorld * (pose.moverTranslation - model.translation[mover]);
    }
    return model.translation[s];
}

BvhClip writeClip(const ExportRig& rig, const RigModel& model, const std::vector<RigPose>& poses, double unit, double fps,
                  RigChannels channels)
{
    BvhClip out;
    layOutChannels(rig.skeleton, channels, out);
    out.frames = static_cast<int>(poses.size());
    out.frameTime = 1.0 / fps;
    out.values.assign(static_cast<std::size_t>(out.frames) * static_cast<std::size_t>(out.channelCount), 0.0);
    const bool replaces = bvhTranslationReplacesOffset(out);
    const auto restLayouts = bvh_detail::jointLayouts(rig.skeleton);
    const auto layouts = bvh_detail::jointLayouts(out);
    for (std::size_t s = 0; s < out.joints.size(); ++s) {
        out.joints[s].offset = scaled(model.translation[s], unit);
        if (out.joints[s].hasEndSite)
            out.joints[s].endSiteOffset = scaled(model.endSite[s], unit);
    }
    std::vector<dvec3> euler(out.joints.size(), dvec3(0.0));
    for (std::size_t s = 0; s < out.joints.size(); ++s) {
        for (int a = 0; a < 3 && restLayouts[s].hasRotation; ++a)
            euler[s][a] = rig.skeleton.frame(0)[restLayouts[s].rotIndex[a]];
    }
    for (int f = 0; f < out.frames; ++f) {
        double* values = out.frame(f);
        const RigPose& pose = poses[static_cast<std::size_t>(f)];
        for (std::size_t s = 0; s < out.joints.size(); ++s) {
            const bvh_detail::JointLayout& layout = layouts[s];
            if (layout.hasPosition) {
                // Replacing translations hold the whole local translation; otherwise the
                // channels add to OFFSET (which holds the rest translation).
                const dvec3 t = localTranslation(model, pose, s, channels);
                const auto v = scaled(replaces ? t : t - model.translation[s], unit);
                for (int a = 0; a < 3; ++a)
                    values[layout.posIndex[a]] = v[static_cast<std::size_t>(a)];
            }
            if (!layout.hasRotation)
                continue;
            euler[s] = bvh_detail::matrixToEuler(pose.local[s], layout.rotAxis, euler[s]);
            for (int a = 0; a < 3; ++a)
                values[layout.rotIndex[a]] = quantize(euler[s][a], kAngleQuantum);
        }
    }
    return out;
}

} // namespace

BvhClip jointsToRig(const JointClip& joints, const ExportRig& rig, LengthUnit unit, RigChannels channels)
{
    validate(joints);
    RigModel model = buildModel(rig);
    std::vector<Targets> targets(static_cast<std::size_t>(joints.frames));
    for (int f = 0; f < joints.frames; ++f) {
        for (int j = 0; j < kJointCount; ++j) {
            const float* p = joints.at(f, j);
            targets[static_cast<std::size_t>(f)][static_cast<std::size_t>(j)] = dvec3(p[0], p[1], p[2]);
        }
    }
    scaleToClip(model, targets);
    std::vector<RigPose> poses(targets.size());
    for (int round = 0; round < kMaxFitRounds; ++round) {
        solveFrames(model, targets, poses);
        if (fitOffsets(model, targets, poses) < kFitTolerance)
            break;
    }
    solveFrames(model, targets, poses);
    return writeClip(rig, model, poses, unit == LengthUnit::Centimetres ? 100.0 : 1.0, joints.fps, channels);
}

} // namespace stepmotion
