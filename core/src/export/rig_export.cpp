// jointsToRig: loading a target rig, turning its rig map around into carried points,
// fitting the rest offsets to the clip, and writing the solved poses as BVH channels in the
// rig's own order. The per-frame solver is in rig_export_solve.cpp.

#include "stepmotion/core/export/rig_export.h"

#include "bvh/bvh_maths.h"
#include "export/rig_model.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/runtime/resource_paths.h"

#include <set>

namespace stepmotion {

using namespace rig_export_detail;

namespace {

struct RigFiles {
    const char* name;
    const char* skeleton;
    const char* map;
    bool centimetresOnly;
};
// cgspeed's Daz-friendly CMU release is the CMU rig of the shared data sets (02_01.bvh).
constexpr RigFiles kRigs[] = {{"bandai", "bandai_skeleton.bvh", "bandai.json", true},
                              {"cmu", "cmu_skeleton.bvh", "cgspeed_daz.json", false}};

const std::string kEndSuffix = "/end";

bool isEndSite(const std::string& name)
{
    return name.size() > kEndSuffix.size() && name.compare(name.size() - kEndSuffix.size(), kEndSuffix.size(), kEndSuffix) == 0;
}

int requireJoint(const ExportRig& rig, const std::string& name)
{
    const int index = rig.skeleton.jointIndex(name);
    if (index < 0)
        throw Error("rig " + rig.name + ": rig map \"" + rig.map.name + "\" names joint \"" + name +
                    "\", which the rig's skeleton lacks");
    return index;
}

/// Rest translations and rotations from the skeleton's rest frame.
void readRest(const ExportRig& rig, RigModel& model)
{
    const BvhClip& skeleton = rig.skeleton;
    const auto layouts = bvh_detail::jointLayouts(skeleton);
    const bool replaces = bvhTranslationReplacesOffset(skeleton);
    const double* rest = skeleton.frame(0);
    for (std::size_t s = 0; s < skeleton.joints.size(); ++s) {
        const BvhJoint& joint = skeleton.joints[s];
        const bvh_detail::JointLayout& layout = layouts[s];
        dvec3 t = bvh_detail::toVec3(joint.offset);
        if (layout.hasPosition) {
            for (int a = 0; a < 3; ++a)
                t[a] = (replaces ? 0.0 : t[a]) + rest[layout.posIndex[a]];
        }
        dmat3 r(1.0);
        if (layout.hasRotation) {
            const dvec3 degrees(rest[layout.rotIndex[0]], rest[layout.rotIndex[1]], rest[layout.rotIndex[2]]);
            r = bvh_detail::eulerToMatrix(layout.rotAxis, degrees);
        }
        model.parent.push_back(joint.parent);
        model.translation.push_back(t);
        model.restLocal.push_back(r);
        model.endSite.push_back(joint.hasEndSite ? bvh_detail::toVec3(joint.endSiteOffset) : dvec3(0.0));
    }
}

/// The point of one skeleton joint per its rig map source; see rig_export.h for the rules.
CarriedPoint carrierOf(const ExportRig& rig, const std::set<int>& named, const RigJointSource& source)
{
    CarriedPoint point;
    const int from = requireJoint(rig, jointOfPoint(source.from));
    const auto& joints = rig.skeleton.joints;
    if (isEndSite(source.from)) {
        if (!joints[static_cast<std::size_t>(from)].hasEndSite)
            throw Error("rig " + rig.name + ": \"" + source.from + "\" has no End Site in the rig's skeleton");
        point.carrier = from;
        point.endSite = true;
    } else if (!source.to.empty()) {
        const int to = requireJoint(rig, source.to);
        if (joints[static_cast<std::size_t>(to)].parent != from || isEndSite(source.to))
            throw Error("rig " + rig.name + ": cannot export a point between \"" + source.from + "\" and \"" +
                        source.to + "\" (only between a joint and its child)");
        point.carrier = from;
        point.lerpTo = to;
        point.t = source.t;
    } else {
        point.origin = from;
        int carrier = joints[static_cast<std::size_t>(from)].parent;
        while (carrier >= 0 && !named.count(carrier))
            carrier = joints[static_cast<std::size_t>(carrier)].parent;
        if (carrier < 0)
            throw Error("rig " + rig.name + ": joint \"" + source.from + "\" hangs from no joint the rig map names");
        point.carrier = carrier;
    }
    return point;
}

/// The mover: the one carrier with no carrying ancestor. It must have position channels.
int findMover(const ExportRig& rig, const RigModel& model)
{
    int mover = -1;
    for (std::size_t s = 0; s < model.parent.size(); ++s) {
        if (model.carried[s].empty())
            continue;
        int up = model.parent[s];
        while (up >= 0 && model.carried[static_cast<std::size_t>(up)].empty())
            up = model.parent[static_cast<std::size_t>(up)];
        if (up >= 0)
            continue;
        if (mover >= 0)
            throw Error("rig " + rig.name + ": the rig map's points hang from two separate joints (" +
                        rig.skeleton.joints[static_cast<std::size_t>(mover)].name + ", " + rig.skeleton.joints[s].name + ")");
        mover = static_cast<int>(s);
    }
    const auto layouts = bvh_detail::jointLayouts(rig.skeleton);
    if (mover < 0 || !layouts[static_cast<std::size_t>(mover)].hasPosition)
        throw Error("rig " + rig.name + ": the joint carrying the pelvis has no position channels");
    return mover;
}

} // namespace

namespace rig_export_detail {

RigModel buildModel(const ExportRig& rig)
{
    RigModel model;
    readRest(rig, model);
    std::set<int> named;
    for (const RigJointSource& s : rig.map.joints) {
        named.insert(requireJoint(rig, jointOfPoint(s.from)));
        if (!s.to.empty())
            named.insert(requireJoint(rig, jointOfPoint(s.to)));
    }
    model.carried.resize(model.parent.size());
    for (int j = 0; j < kJointCount; ++j) {
        const CarriedPoint point = carrierOf(rig, named, rig.map.joints[static_cast<std::size_t>(j)]);
        model.points[static_cast<std::size_t>(j)] = point;
        model.carried[static_cast<std::size_t>(point.carrier)].push_back(j);
    }
    model.jointAt.assign(model.parent.size(), -1);
    for (int j = 0; j < kJointCount; ++j) {
        const CarriedPoint& p = model.points[static_cast<std::size_t>(j)];
        if (p.origin >= 0)
            model.jointAt[static_cast<std::size_t>(p.origin)] = j;
        else if (p.lerpTo >= 0 && p.t == 0.0)
            model.jointAt[static_cast<std::size_t>(p.carrier)] = j;
    }
    model.mover = findMover(rig, model);
    return model;
}

} // namespace rig_export_detail

const std::vector<std::string>& exportRigNames()
{
    static const std::vector<std::string> kNames = {"bandai", "cmu"};
    return kNames;
}

RigChannels rigChannelsFromName(const std::string& name)
{
    if (name == "root")
        return RigChannels::RootMotion;
    if (name == "rig")
        return RigChannels::RigLayout;
    throw Error("unknown BVH channel layout '" + name + "' (expected root or rig)");
}

ExportRig loadExportRig(const std::string& name, const std::string& directory)
{
    for (const RigFiles& files : kRigs) {
        if (name != files.name)
            continue;
        const std::string dir = directory.empty() ? resourcePath("rigs") : directory;
        ExportRig rig;
        rig.name = name;
        rig.skeleton = readBvh(dir + "/" + files.skeleton);
        if (rig.skeleton.frames != 1)
            throw fileError(dir + "/" + files.skeleton, "a rig skeleton holds exactly one (rest) frame, found " +
                                                            std::to_string(rig.skeleton.frames));
        rig.map = loadRigMap(dir + "/" + files.map);
        rig.centimetresOnly = files.centimetresOnly;
        buildModel(rig); // fail at load time for a rig map the solver cannot invert
        return rig;
    }
    throw Error("unknown export rig \"" + name + "\" (expected smpl22, bandai or cmu)");
}

} // namespace stepmotion
