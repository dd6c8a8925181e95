// Retargeting: forward kinematics of the rig, then each of the 22 joints picked (or
// interpolated) from rig joint positions as its rig map says, then scaled to metres.

#include "stepmotion/core/import/retarget.h"

#include "bvh/bvh_maths.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/skeleton.h"

#include <cmath>
#include <map>

namespace stepmotion {
namespace {

constexpr std::string_view kEndSiteSuffix = "/end";

struct ResolvedSource {
    int from = -1;
    int to = -1; // -1: the point is `from` itself
    double t = 0.0;
};

/// Maps rig joint names to joint indices of `work`, a copy of the hierarchy to which every
/// End Site the rig names ("lFoot/end") is appended as a channel-less joint, so that
/// bvhForwardKinematics places End Sites like any other joint.
class SourceResolver {
public:
    SourceResolver(BvhClip& work, const RigMap& rig) : m_work(work), m_rig(rig) {}

    int resolve(const std::string& name)
    {
        const bool endSite = name.size() > kEndSiteSuffix.size() &&
                             name.compare(name.size() - kEndSiteSuffix.size(), kEndSiteSuffix.size(), kEndSiteSuffix) == 0;
        const std::string base = endSite ? name.substr(0, name.size() - kEndSiteSuffix.size()) : name;
        const int index = m_work.jointIndex(base);
        if (index < 0)
            throw Error("retarget: rig map \"" + m_rig.name + "\" needs joint \"" + base + "\", which this BVH lacks");
        if (!endSite)
            return index;
        const BvhJoint& owner = m_work.joints[static_cast<std::size_t>(index)];
        if (!owner.hasEndSite)
            throw Error("retarget: rig map \"" + m_rig.name + "\" uses \"" + name + "\", but joint \"" + base +
                        "\" has no End Site in this BVH");
        if (const auto found = m_endSites.find(index); found != m_endSites.end())
            return found->second;
        BvhJoint site;
        site.name = name;
        site.parent = index;
        site.offset = owner.endSiteOffset;
        m_work.joints.push_back(site);
        const int added = static_cast<int>(m_work.joints.size()) - 1;
        m_endSites.emplace(index, added);
        return added;
    }

private:
    BvhClip& m_work;
    const RigMap& m_rig;
    std::map<int, int> m_endSites; // owner joint → appended End Site joint
};

std::array<double, 3> sourcePoint(const JointClip& world, int frame, const ResolvedSource& s)
{
    const float* a = world.at(frame, s.from);
    std::array<double, 3> p{a[0], a[1], a[2]};
    if (s.to >= 0) {
        const float* b = world.at(frame, s.to);
        for (int k = 0; k < 3; ++k)
            p[static_cast<std::size_t>(k)] += s.t * (static_cast<double>(b[k]) - a[k]);
    }
    return p;
}

double distance(const float* a, const float* b)
{
    const double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
    return std::sqrt(dx * dx + dy * dy + dz * dz);
}

/// Metres per rig unit for rigs that leave it to us (metresPerUnit 0): the scale that gives
/// the clip's mean leg (hip → knee → ankle, both sides, all frames) HumanML3D's reference
/// length. Legs are the most consistent part across rigs: spines and necks differ most.
double estimateMetresPerUnit(const JointClip& joints, const RigMap& rig)
{
    const auto& ref = skeleton::referenceBoneLengths();
    const double referenceLeg = 0.5 * (ref[LeftKnee] + ref[LeftAnkle] + ref[RightKnee] + ref[RightAnkle]);
    double sum = 0.0;
    for (int f = 0; f < joints.frames; ++f) {
        sum += 0.5 * (distance(joints.at(f, LeftHip), joints.at(f, LeftKnee)) +
                      distance(joints.at(f, LeftKnee), joints.at(f, LeftAnkle)) +
                      distance(joints.at(f, RightHip), joints.at(f, RightKnee)) +
                      distance(joints.at(f, RightKnee), joints.at(f, RightAnkle)));
    }
    const double leg = joints.frames > 0 ? sum / joints.frames : 0.0;
    if (!(leg > 0.0) || !std::isfinite(leg))
        throw Error("retarget: cannot estimate the length unit of rig map \"" + rig.name +
                    "\": the clip has no frames or zero-length legs; set metresPerUnit in the rig map");
    const double estimate = referenceLeg / leg;
    if (rig.unitChoices.empty())
        return estimate;
    // Files whose unit is one of a few known ones (our own BVH export: m or cm) snap to it,
    // so a round trip keeps the exact size instead of a re-proportioned one.
    double best = rig.unitChoices.front();
    for (const double choice : rig.unitChoices) {
        if (std::abs(std::log(choice / estimate)) < std::abs(std::log(best / estimate)))
            best = choice;
    }
    return best;
}

} // namespace

JointClip retarget(const BvhClip& clip, const RigMap& rig)
{
    if (rig.joints.size() != static_cast<std::size_t>(kJointCount))
        throw Error("retarget: rig map \"" + rig.name + "\" has " + std::to_string(rig.joints.size()) +
                    " joint sources, expected " + std::to_string(kJointCount));
    BvhClip work;
    work.joints = clip.joints; // hierarchy only for now; values are moved in below only if needed
    SourceResolver resolver(work, rig);
    std::array<ResolvedSource, kJointCount> sources;
    for (int j = 0; j < kJointCount; ++j) {
        const RigJointSource& s = rig.joints[static_cast<std::size_t>(j)];
        sources[static_cast<std::size_t>(j)] = {resolver.resolve(s.from), s.to.empty() ? -1 : resolver.resolve(s.to), s.t};
    }

    JointClip world;
    if (work.joints.size() == clip.joints.size()) {
        world = bvhForwardKinematics(clip);
    } else {
        work.frames = clip.frames;
        work.frameTime = clip.frameTime;
        work.channelCount = clip.channelCount;
        work.values = clip.values;
        world = bvhForwardKinematics(work);
    }

    JointClip raw(clip.frames, kJointCount, bvh_detail::effectiveFps(clip.frameTime));
    for (int f = 0; f < clip.frames; ++f) {
        for (int j = 0; j < kJointCount; ++j) {
            const auto p = sourcePoint(world, f, sources[static_cast<std::size_t>(j)]);
            float* out = raw.at(f, j);
            for (int k = 0; k < 3; ++k)
                out[k] = static_cast<float>(p[static_cast<std::size_t>(k)]);
        }
    }
    const double scale = rig.metresPerUnit > 0.0 ? rig.metresPerUnit : estimateMetresPerUnit(raw, rig);
    for (float& v : raw.xyz)
        v = static_cast<float>(v * scale);
    return raw;
}

} // namespace stepmotion
