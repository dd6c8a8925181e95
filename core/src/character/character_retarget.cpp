// retargetOntoCharacter: the character as a rig for the Bandai/CMU solver (rig_export_detail)
// in its direction-aiming mode, the clip turned into the character's axes and scaled to its
// legs, and the pelvis lifted or lowered per frame to keep the feet on the floor (see
// character.h for the rules).

#include "stepmotion/core/character/character.h"

#include "bvh/bvh_maths.h"
#include "export/rig_model.h"
#include "stepmotion/core/runtime/error.h"

#include <glm/gtc/quaternion.hpp>

#include <algorithm>
#include <cmath>

namespace stepmotion {

using namespace rig_export_detail;

namespace {

constexpr int kFeet[] = {LeftAnkle, RightAnkle, LeftFoot, RightFoot};

void validate(const JointClip& clip, const Character& character)
{
    if (clip.joints != kJointCount || clip.frames < 1 ||
        clip.xyz.size() != static_cast<std::size_t>(clip.frames) * kJointCount * 3)
        throw fileError(character.path, "nothing to put on the character: the clip must hold at least one frame of 22 joints");
    if (!(clip.fps > 0.0) || !std::isfinite(clip.fps))
        throw fileError(character.path, "the clip's frame rate must be positive");
    for (float v : clip.xyz) {
        if (!std::isfinite(v))
            throw fileError(character.path, "the clip holds NaN or infinite positions");
    }
}

/// Nodes that a mapped joint's position depends on: the mapped nodes and their ancestors.
std::vector<bool> carryingNodes(const Character& character, const CharacterMapping& mapping)
{
    std::vector<bool> used(character.nodes.size(), false);
    for (const RigJointSource& s : mapping.joints) {
        for (const std::string& name : {s.from, s.to}) {
            if (name.empty())
                continue;
            for (int n = character.nodeIndex(jointOfPoint(name)); n >= 0 && !used[static_cast<std::size_t>(n)];
                 n = character.nodes[static_cast<std::size_t>(n)].parent)
                used[static_cast<std::size_t>(n)] = true;
        }
    }
    return used;
}

/// Product of the node's and its ancestors' uniform scales; refuses a non-uniform or mirroring
/// scale on a node the mapped joints hang from (rotations would shear the bones).
std::vector<double> cumulativeScales(const Character& character, const std::vector<bool>& carrying)
{
    std::vector<double> cum(character.nodes.size(), 1.0);
    for (std::size_t i = 0; i < character.nodes.size(); ++i) {
        const CharacterNode& n = character.nodes[i];
        const double sx = n.scale[0];
        const bool uniform = sx > 0 && std::abs(n.scale[1] - sx) <= 1e-4 * sx && std::abs(n.scale[2] - sx) <= 1e-4 * sx;
        if (carrying[i] && !uniform)
            throw fileError(character.path, "node \"" + n.name + "\" has a non-uniform or mirroring scale (" +
                                                std::to_string(n.scale[0]) + ", " + std::to_string(n.scale[1]) + ", " +
                                                std::to_string(n.scale[2]) +
                                                "): apply the scale to the character in its modelling tool first");
        cum[i] = (n.parent < 0 ? 1.0 : cum[static_cast<std::size_t>(n.parent)]) * (uniform ? sx : 1.0);
    }
    return cum;
}

/// An FBX/glTF node tree as a one-frame BVH rig in world units (ancestors' scales folded into
/// the offsets): ZXY rotation channels everywhere, positions on the pelvis node.
BvhClip treeAsBvh(const Character& character, const std::vector<double>& cum, int pelvis)
{
    BvhClip clip;
    clip.frames = 1;
    int next = 0;
    for (std::size_t i = 0; i < character.nodes.size(); ++i) {
        const CharacterNode& n = character.nodes[i];
        BvhJoint joint;
        joint.name = n.name;
        joint.parent = n.parent;
        const double s = n.parent < 0 ? 1.0 : cum[static_cast<std::size_t>(n.parent)];
        joint.offset = {s * n.translation[0], s * n.translation[1], s * n.translation[2]};
        if (static_cast<int>(i) == pelvis)
            joint.channels = {BvhChannel::Xposition, BvhChannel::Yposition, BvhChannel::Zposition};
        joint.channels.insert(joint.channels.end(), {BvhChannel::Zrotation, BvhChannel::Xrotation, BvhChannel::Yrotation});
        joint.firstChannel = next;
        next += static_cast<int>(joint.channels.size());
        clip.joints.push_back(std::move(joint));
    }
    clip.channelCount = next;
    clip.values.assign(static_cast<std::size_t>(next), 0.0);
    const bool replaces = bvhTranslationReplacesOffset(clip);
    const auto layouts = bvh_detail::jointLayouts(clip);
    for (std::size_t i = 0; i < character.nodes.size(); ++i) {
        const auto& q = character.nodes[i].rotation; // w, x, y, z: glm's constructor order
        const glm::dquat rotation = glm::normalize(glm::dquat(q[0], q[1], q[2], q[3]));
        const glm::dvec3 e = bvh_detail::matrixToEuler(glm::mat3_cast(rotation), layouts[i].rotAxis, glm::dvec3(0.0));
        for (int a = 0; a < 3; ++a)
            clip.values[static_cast<std::size_t>(layouts[i].rotIndex[a])] = e[a];
        if (layouts[i].hasPosition) {
            for (int a = 0; a < 3; ++a)
                clip.values[static_cast<std::size_t>(layouts[i].posIndex[a])] =
                    replaces ? clip.joints[i].offset[static_cast<std::size_t>(a)] : 0.0;
        }
    }
    return clip;
}

/// The solver needs the pelvis as a point on its carrier: a node's origin becomes "t = 0 along
/// the bone towards the spine".
RigMap rigMapOf(const Character& character, const CharacterMapping& mapping)
{
    RigMap map;
    map.name = character.path;
    map.joints.assign(mapping.joints.begin(), mapping.joints.end());
    RigJointSource& pelvis = map.joints[Pelvis];
    if (!pelvis.to.empty())
        return map;
    const int p = character.nodeIndex(pelvis.from);
    const RigJointSource& spine = mapping.joints[Spine1];
    int n = character.nodeIndex(spine.from == pelvis.from ? spine.to : jointOfPoint(spine.from));
    while (n >= 0 && character.nodes[static_cast<std::size_t>(n)].parent != p)
        n = character.nodes[static_cast<std::size_t>(n)].parent;
    if (n < 0)
        throw fileError(character.path, "the spine (\"" + spine.from + "\") does not hang from the pelvis (\"" +
                                            pelvis.from + "\")");
    pelvis.to = character.nodes[static_cast<std::size_t>(n)].name;
    pelvis.t = 0.0;
    return map;
}

/// The signed world axis nearest a direction; fails when no axis is within 45 degrees.
bool snapAxis(const dvec3& v, int& axis, int& sign)
{
    const double len = glm::length(v);
    if (!(len > 0))
        return false;
    axis = 0;
    for (int a = 1; a < 3; ++a) {
        if (std::abs(v[a]) > std::abs(v[axis]))
            axis = a;
    }
    sign = v[axis] >= 0 ? 1 : -1;
    return std::abs(v[axis]) / len > std::sqrt(0.5);
}

dvec3 clipPoint(const JointClip& clip, int f, int j)
{
    const float* p = clip.at(f, j);
    return dvec3(p[0], p[1], p[2]);
}

} // namespace

std::array<double, 4> clipFloorHeights(const JointClip& clip)
{
    std::array<double, 4> floor{};
    std::vector<double> heights(static_cast<std::size_t>(clip.frames));
    for (std::size_t k = 0; k < 4; ++k) {
        for (int f = 0; f < clip.frames; ++f)
            heights[static_cast<std::size_t>(f)] = clip.at(f, kFeet[k])[1];
        const auto nth = heights.begin() + static_cast<std::ptrdiff_t>(heights.size() / 10);
        std::nth_element(heights.begin(), nth, heights.end());
        floor[k] = *nth;
    }
    return floor;
}

namespace {

// The solver's model of the character: its tree as a rig, the pelvis node checked.
RigModel characterModel(const Character& character, const CharacterMapping& mapping, const std::vector<double>& cum,
                        int pelvisNode)
{
    ExportRig rig;
    rig.name = character.path;
    rig.skeleton = character.format == ExportFormat::Bvh ? character.bvh : treeAsBvh(character, cum, pelvisNode);
    rig.map = rigMapOf(character, mapping);
    RigModel model;
    try {
        model = buildModel(rig);
    } catch (const Error& e) {
        throw fileError(character.path, e.what());
    }
    model.aimDirections = true;
    return model;
}

// Columns: the clip's X (left), Y (up), Z (forward) in the character's world, from its rest
// pose; motion.axis/sign record them.
dmat3 characterAxes(const Character& character, const RigModel& model, const RigPose& rest, CharacterMotion& motion)
{
    const auto restAt = [&](int j) { return worldPoint(model, rest, j); };
    const dvec3 up = restAt(Head) - restAt(Pelvis);
    const dvec3 left = restAt(LeftHip) - restAt(RightHip) + restAt(LeftShoulder) - restAt(RightShoulder);
    int upAxis = 0, upSign = 1, leftAxis = 0, leftSign = 1;
    if (!snapAxis(up, upAxis, upSign) || !snapAxis(left, leftAxis, leftSign) || upAxis == leftAxis)
        throw fileError(character.path, "the rest pose shows no clear up and left axes (is the character standing upright, "
                                        "its left and right joints mapped the right way round?)");
    dmat3 axes(0.0);
    axes[0][leftAxis] = leftSign;
    axes[1][upAxis] = upSign;
    axes[2] = glm::cross(axes[0], axes[1]);
    for (int k = 0; k < 3; ++k)
        snapAxis(axes[k], motion.axis[static_cast<std::size_t>(k)], motion.sign[static_cast<std::size_t>(k)]);
    return axes;
}

// Where each foot point rests above height 0. A character modelled standing on its ground (both
// feet level, within a tenth of a leg of height 0) plants its feet at their rest heights. Any
// other rest pose says nothing about the floor (BVH rigs often have the hips at the origin, or a
// capture's first frame with a foot lifted): the feet then go where the clip's planted feet
// are, scaled, above height 0.
std::array<double, 4> footRestHeights(const RigModel& model, const RigPose& rest, const dvec3& upWorld,
                                      const std::array<double, 4>& clipFloor, double scale, double characterLeg)
{
    std::array<double, 4> restHeight{};
    for (std::size_t k = 0; k < 4; ++k)
        restHeight[k] = glm::dot(upWorld, worldPoint(model, rest, kFeet[k]));
    const double lowestRest = *std::min_element(restHeight.begin(), restHeight.end());
    const double level = 0.015 * characterLeg; // about 1.2 cm on a human
    const bool standing = std::abs(lowestRest) <= 0.1 * characterLeg && std::abs(restHeight[0] - restHeight[1]) <= level &&
                          std::abs(restHeight[2] - restHeight[3]) <= level;
    if (!standing) {
        for (std::size_t k = 0; k < 4; ++k)
            restHeight[k] = scale * clipFloor[k];
    }
    return restHeight;
}

// Feet: the lower foot point stands as high above its rest height as the clip's above the floor
// it stands on, scaled; every target of a frame moves up or down by the difference.
void liftToFloor(const JointClip& clip, const RigModel& model, const std::vector<RigPose>& poses, const dvec3& upWorld,
                 const std::array<double, 4>& clipFloor, const std::array<double, 4>& restHeight, double scale,
                 std::vector<Targets>& targets)
{
    for (int f = 0; f < clip.frames; ++f) {
        double want = 1e300, have = 1e300;
        for (std::size_t k = 0; k < 4; ++k) {
            want = std::min(want, scale * std::max(0.0, clipPoint(clip, f, kFeet[k]).y - clipFloor[k]));
            have = std::min(have, glm::dot(upWorld, worldPoint(model, poses[static_cast<std::size_t>(f)], kFeet[k])) - restHeight[k]);
        }
        for (dvec3& t : targets[static_cast<std::size_t>(f)])
            t += (want - have) * upWorld;
    }
}

// The solved poses as the character's node channels: nodes under the pelvis (every node of a
// BVH) take the solved rotations, the mover its translation; others keep their rest transform.
void writeNodeChannels(const Character& character, const RigModel& model, const std::vector<RigPose>& poses,
                       const std::vector<double>& cum, int pelvisNode, CharacterMotion& motion)
{
    const std::size_t n = character.nodes.size();
    motion.animated.assign(n, character.format == ExportFormat::Bvh);
    for (std::size_t i = 0; i < n; ++i) {
        for (int a = static_cast<int>(i); a >= 0 && !motion.animated[i]; a = character.nodes[static_cast<std::size_t>(a)].parent)
            motion.animated[i] = a == pelvisNode;
    }
    motion.translation.resize(static_cast<std::size_t>(motion.frames) * n);
    motion.rotation.resize(static_cast<std::size_t>(motion.frames) * n);
    const auto mover = static_cast<std::size_t>(model.mover);
    for (int f = 0; f < motion.frames; ++f) {
        const RigPose& pose = poses[static_cast<std::size_t>(f)];
        for (std::size_t i = 0; i < n; ++i) {
            const CharacterNode& node = character.nodes[i];
            const std::size_t k = motion.at(f, static_cast<int>(i), n);
            motion.translation[k] = node.translation;
            motion.rotation[k] = node.rotation;
            if (!motion.animated[i])
                continue;
            if (i == mover) {
                const double s = node.parent < 0 ? 1.0 : cum[static_cast<std::size_t>(node.parent)];
                const dvec3 t = pose.moverTranslation / s;
                motion.translation[k] = {t.x, t.y, t.z};
            }
            const glm::dquat q = glm::normalize(glm::quat_cast(pose.local[i]));
            motion.rotation[k] = {q.w, q.x, q.y, q.z};
        }
    }
}

} // namespace

CharacterMotion retargetOntoCharacter(const JointClip& clip, const Character& character, const CharacterMapping& mapping)
{
    validate(clip, character);
    const std::vector<std::string> missing = mapping.unmapped();
    if (!missing.empty())
        throw fileError(character.path, "the mapping leaves " + std::to_string(missing.size()) + " joints unmapped (first: " +
                                            missing.front() + ")");
    const int pelvisNode = character.nodeIndex(jointOfPoint(mapping.joints[Pelvis].from));
    if (pelvisNode < 0)
        throw fileError(character.path, "no node named \"" + mapping.joints[Pelvis].from + "\" (the pelvis)");
    const std::vector<double> cum = cumulativeScales(character, carryingNodes(character, mapping));
    const RigModel model = characterModel(character, mapping, cum, pelvisNode);

    // The character's axes and size from its rest pose.
    const RigPose rest = restPose(model);
    CharacterMotion motion;
    const dmat3 axes = characterAxes(character, model, rest, motion);
    double clipLeg = 0.0;
    for (int f = 0; f < clip.frames; ++f)
        clipLeg += legLength([&](int j) { return clipPoint(clip, f, j); }) / clip.frames;
    const double characterLeg = legLength([&](int j) { return worldPoint(model, rest, j); });
    if (!(clipLeg > 1e-6) || !(characterLeg > 1e-9))
        throw fileError(character.path, "the clip's or the character's legs have no length");
    const double scale = characterLeg / clipLeg;
    motion.pathScale = scale;

    std::vector<Targets> targets(static_cast<std::size_t>(clip.frames));
    for (int f = 0; f < clip.frames; ++f) {
        for (int j = 0; j < kJointCount; ++j)
            targets[static_cast<std::size_t>(f)][static_cast<std::size_t>(j)] = axes * (scale * clipPoint(clip, f, j));
    }
    std::vector<RigPose> poses(targets.size());
    solveFrames(model, targets, poses);
    const auto clipFloor = clipFloorHeights(clip);
    const auto restHeight = footRestHeights(model, rest, axes[1], clipFloor, scale, characterLeg);
    liftToFloor(clip, model, poses, axes[1], clipFloor, restHeight, scale, targets);
    solveFrames(model, targets, poses);

    motion.frames = clip.frames;
    motion.fps = clip.fps;
    writeNodeChannels(character, model, poses, cum, pelvisNode, motion);
    return motion;
}

JointClip characterWorldPositions(const Character& character, const CharacterMotion& motion)
{
    const std::size_t n = character.nodes.size();
    JointClip out(motion.frames, static_cast<int>(n), motion.fps);
    std::vector<glm::dmat4> world(n);
    for (int f = 0; f < motion.frames; ++f) {
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t k = motion.at(f, static_cast<int>(i), n);
            const auto& t = motion.translation[k];
            const auto& r = motion.rotation[k];
            const auto& s = character.nodes[i].scale;
            glm::dmat4 local = glm::dmat4(glm::mat3_cast(glm::dquat(r[0], r[1], r[2], r[3])));
            local[0] *= s[0];
            local[1] *= s[1];
            local[2] *= s[2];
            local[3] = glm::dvec4(t[0], t[1], t[2], 1.0);
            const int p = character.nodes[i].parent;
            world[i] = p < 0 ? local : world[static_cast<std::size_t>(p)] * local;
            float* o = out.at(f, static_cast<int>(i));
            for (int c = 0; c < 3; ++c) {
                const double v = world[i][3][motion.axis[static_cast<std::size_t>(c)]] * motion.sign[static_cast<std::size_t>(c)];
                o[c] = static_cast<float>(v * character.metresPerUnit);
            }
        }
    }
    return out;
}

} // namespace stepmotion
