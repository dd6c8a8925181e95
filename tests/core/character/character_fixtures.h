#pragma once
// Test characters in the naming, rest-pose, bone-axis, unit and axis conventions people meet,
// written with Assimp's own exporter (FBX, glTF) or as BVH text, independently of StepMotion's
// character code. Every character is one humanoid with proportions unlike the 22-joint
// reference (longer legs and spine, shorter arms), described in a neutral frame (metres, Y up,
// facing +Z, left towards +X) and then turned into its convention:
//  - mixamo: FBX, Y up, centimetres, "mixamorig:" names, T-pose, Y along each bone;
//  - unreal: FBX, Z up facing +Y, centimetres, UE5 mannequin names (root, spine_01..05, neck_01/02,
//    twist and IK bones), A-pose (arms 40 degrees down), X along each bone;
//  - unity: GLB, Y up, Unity Humanoid names under an "Armature" node scaled 0.01 (bones in cm);
//  - rigify: glTF, Y up, metres, Rigify DEF- names with twist segments, metarig spine.00N trunk;
//  - cmu: BVH, Y up, centimetres, cgspeed's CMU names (LHipJoint, LowerBack, Neck1).

#include "fbx_gltf/fbx_repair.h"
#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/motion/skeleton.h"

#include <assimp/Exporter.hpp>
#include <assimp/scene.h>
#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include <cmath>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace stepmotion::test {

struct FixtureJoint {
    std::string name;
    std::string parent;    // "" for the root
    glm::dvec3 position;   // neutral frame, metres
    std::string aimAt;     // the child its bone axis points to ("" = keep the parent's frame)
};

struct FixtureCharacter {
    std::string convention;
    std::string extension;               // ".fbx", ".glb", ".gltf", ".bvh"
    std::vector<FixtureJoint> joints;    // parents first
    std::map<int, std::string> expected; // motion joint -> node the mapping must find
    glm::dmat3 axes{1.0};                // neutral frame -> the file's world axes
    double unitsPerMetre = 1.0;          // file units per metre
    int boneAxis = 1;                    // 0: X along bones (Unreal), 1: Y (Mixamo, Blender)
    double armatureScale = 1.0;          // != 1: bones under an "Armature" node with this scale
};

/// The neutral humanoid's 22 joint positions (T-pose, feet on the floor): SMPL's template joints
/// (the body HumanML3D's skeleton comes from) with legs x1.08, trunk x1.1, neck x1.2 and arms x0.93.
inline std::vector<glm::dvec3> neutralJoints(bool aPose)
{
    static const double kSmpl[kJointCount][3] = {
        {-0.0018, -0.2233, 0.0282}, {0.0695, -0.3140, 0.0239},  {-0.0677, -0.3145, 0.0214}, {-0.0025, -0.1034, 0.0120},
        {0.1038, -0.6898, 0.0166},  {-0.1060, -0.6964, 0.0151}, {0.0057, 0.0285, 0.0267},   {0.0886, -1.0874, -0.0267},
        {-0.0920, -1.0950, -0.0300}, {0.0047, 0.0822, 0.0285},  {0.1205, -1.1440, 0.0941},  {-0.1170, -1.1428, 0.0985},
        {-0.0086, 0.2926, -0.0040}, {0.0774, 0.1966, -0.0068},  {-0.0782, 0.1950, -0.0082}, {0.0003, 0.3749, 0.0500},
        {0.1760, 0.2203, -0.0176},  {-0.1788, 0.2209, -0.0179}, {0.4344, 0.2042, -0.0381},  {-0.4345, 0.2044, -0.0380},
        {0.6799, 0.2143, -0.0431},  {-0.6812, 0.2154, -0.0425},
    };
    const auto& parents = skeleton::parents();
    std::vector<glm::dvec3> p(kJointCount, glm::dvec3(0.0));
    for (int j = 1; j < kJointCount; ++j) {
        double factor = 1.0;
        switch (j) {
        case LeftKnee: case RightKnee: case LeftAnkle: case RightAnkle: case LeftHip: case RightHip: factor = 1.08; break;
        case Spine1: case Spine2: case Spine3: factor = 1.1; break;
        case Neck: case Head: factor = 1.2; break;
        case LeftShoulder: case RightShoulder: case LeftElbow: case RightElbow: case LeftWrist: case RightWrist: factor = 0.93; break;
        default: break;
        }
        const int parent = parents[static_cast<std::size_t>(j)];
        const glm::dvec3 bone(kSmpl[j][0] - kSmpl[parent][0], kSmpl[j][1] - kSmpl[parent][1], kSmpl[j][2] - kSmpl[parent][2]);
        p[static_cast<std::size_t>(j)] = p[static_cast<std::size_t>(parent)] + factor * bone;
    }
    // Lift so the toes stand on y = 0.02.
    const double lift = 0.02 - std::min(p[LeftFoot].y, p[RightFoot].y);
    for (glm::dvec3& v : p)
        v.y += lift;
    if (aPose) {
        for (int side = 0; side < 2; ++side) {
            const int shoulder = side == 0 ? LeftShoulder : RightShoulder;
            const double a = glm::radians(side == 0 ? -40.0 : 40.0); // about +Z: left arm down, right arm down
            const glm::dmat3 r(glm::dvec3(std::cos(a), std::sin(a), 0), glm::dvec3(-std::sin(a), std::cos(a), 0), glm::dvec3(0, 0, 1));
            for (int j : {side == 0 ? LeftElbow : RightElbow, side == 0 ? LeftWrist : RightWrist})
                p[static_cast<std::size_t>(j)] = p[static_cast<std::size_t>(shoulder)] + r * (p[static_cast<std::size_t>(j)] - p[static_cast<std::size_t>(shoulder)]);
        }
    }
    return p;
}

inline glm::dvec3 mid(const glm::dvec3& a, const glm::dvec3& b, double t = 0.5) { return a + t * (b - a); }

/// A named joint list: name, parent, position, aim child.
class JointList {
public:
    void add(const std::string& name, const std::string& parent, const glm::dvec3& at, const std::string& aim = "")
    {
        m_joints.push_back(FixtureJoint{name, parent, at, aim});
    }
    std::vector<FixtureJoint> take() { return std::move(m_joints); }

private:
    std::vector<FixtureJoint> m_joints;
};

/// Arm and leg chains of one side: names for collar, upper arm, forearm, hand, thigh, shin, foot, toe.
struct LimbNames {
    std::string collar, upperArm, forearm, hand, finger, thigh, shin, foot, toe, toeEnd;
};

inline void addLimbs(JointList& list, const std::vector<glm::dvec3>& p, bool left, const LimbNames& n,
                     const std::string& chest, const std::string& pelvis, const std::string& hipJoint = "",
                     const std::string& upperTwist = "", const std::string& thighTwist = "")
{
    const int c = left ? LeftCollar : RightCollar, s = left ? LeftShoulder : RightShoulder, e = left ? LeftElbow : RightElbow,
              w = left ? LeftWrist : RightWrist, h = left ? LeftHip : RightHip, k = left ? LeftKnee : RightKnee,
              a = left ? LeftAnkle : RightAnkle, t = left ? LeftFoot : RightFoot;
    auto P = [&](int j) { return p[static_cast<std::size_t>(j)]; };
    list.add(n.collar, chest, P(c), n.upperArm);
    list.add(n.upperArm, n.collar, P(s), upperTwist.empty() ? n.forearm : upperTwist);
    std::string forearmParent = n.upperArm;
    if (!upperTwist.empty()) {
        list.add(upperTwist, n.upperArm, mid(P(s), P(e)), n.forearm);
        forearmParent = upperTwist;
    }
    list.add(n.forearm, forearmParent, P(e), n.hand);
    list.add(n.hand, n.forearm, P(w), n.finger);
    list.add(n.finger, n.hand, P(w) + 1.2 * (P(w) - P(e)) * 0.3);
    std::string thighParent = pelvis;
    if (!hipJoint.empty()) {
        list.add(hipJoint, pelvis, mid(P(Pelvis), P(h), 0.3), n.thigh);
        thighParent = hipJoint;
    }
    list.add(n.thigh, thighParent, P(h), thighTwist.empty() ? n.shin : thighTwist);
    std::string shinParent = n.thigh;
    if (!thighTwist.empty()) {
        list.add(thighTwist, n.thigh, mid(P(h), P(k)), n.shin);
        shinParent = thighTwist;
    }
    list.add(n.shin, shinParent, P(k), n.foot);
    list.add(n.foot, n.shin, P(a), n.toe);
    list.add(n.toe, n.foot, P(t), n.toeEnd);
    list.add(n.toeEnd, n.toe, P(t) + glm::dvec3(0, 0, 0.05));
}

inline FixtureCharacter mixamoCharacter()
{
    const auto p = neutralJoints(false);
    JointList l;
    const std::string m = "mixamorig:";
    l.add(m + "Hips", "", p[Pelvis], m + "Spine");
    l.add(m + "Spine", m + "Hips", p[Spine1], m + "Spine1");
    l.add(m + "Spine1", m + "Spine", p[Spine2], m + "Spine2");
    l.add(m + "Spine2", m + "Spine1", p[Spine3], m + "Neck");
    l.add(m + "Neck", m + "Spine2", p[Neck], m + "Head");
    l.add(m + "Head", m + "Neck", p[Head], m + "HeadTop_End");
    l.add(m + "HeadTop_End", m + "Head", p[Head] + glm::dvec3(0, 0.18, 0));
    for (bool left : {true, false}) {
        const std::string s = left ? "Left" : "Right";
        addLimbs(l, p, left,
                 {m + s + "Shoulder", m + s + "Arm", m + s + "ForeArm", m + s + "Hand", m + s + "HandIndex1", m + s + "UpLeg",
                  m + s + "Leg", m + s + "Foot", m + s + "ToeBase", m + s + "Toe_End"},
                 m + "Spine2", m + "Hips");
    }
    FixtureCharacter c;
    c.convention = "mixamo";
    c.extension = ".fbx";
    c.joints = l.take();
    c.unitsPerMetre = 100.0;
    c.expected = {{Pelvis, m + "Hips"}, {Spine2, m + "Spine1"}, {Spine3, m + "Spine2"}, {LeftKnee, m + "LeftLeg"},
                  {RightShoulder, m + "RightArm"}, {LeftFoot, m + "LeftToeBase"}, {Neck, m + "Neck"}};
    return c;
}

inline FixtureCharacter unrealCharacter()
{
    const auto p = neutralJoints(true);
    JointList l;
    l.add("root", "", glm::dvec3(p[Pelvis].x, 0, p[Pelvis].z), "pelvis");
    l.add("pelvis", "root", p[Pelvis], "spine_01");
    l.add("spine_01", "pelvis", p[Spine1], "spine_02");
    l.add("spine_02", "spine_01", mid(p[Spine1], p[Spine2]), "spine_03");
    l.add("spine_03", "spine_02", p[Spine2], "spine_04");
    l.add("spine_04", "spine_03", mid(p[Spine2], p[Spine3]), "spine_05");
    l.add("spine_05", "spine_04", p[Spine3], "neck_01");
    l.add("neck_01", "spine_05", p[Neck], "neck_02");
    l.add("neck_02", "neck_01", mid(p[Neck], p[Head]), "head");
    l.add("head", "neck_02", p[Head]);
    for (bool left : {true, false}) {
        const std::string s = left ? "_l" : "_r";
        addLimbs(l, p, left,
                 {"clavicle" + s, "upperarm" + s, "lowerarm" + s, "hand" + s, "index_01" + s, "thigh" + s, "calf" + s,
                  "foot" + s, "ball" + s, "ball_end" + s},
                 "spine_05", "pelvis", "", "upperarm_twist_01" + s, "thigh_twist_01" + s);
    }
    l.add("ik_foot_root", "root", glm::dvec3(0.0));
    l.add("ik_foot_l", "ik_foot_root", p[LeftAnkle]);
    l.add("ik_foot_r", "ik_foot_root", p[RightAnkle]);
    FixtureCharacter c;
    c.convention = "unreal";
    c.extension = ".fbx";
    c.joints = l.take();
    c.unitsPerMetre = 100.0;
    c.boneAxis = 0;
    // Neutral (left, up, forward) -> Unreal (Z up, facing +Y): left is -X.
    c.axes = glm::dmat3(glm::dvec3(-1, 0, 0), glm::dvec3(0, 0, 1), glm::dvec3(0, 1, 0));
    c.expected = {{Pelvis, "pelvis"}, {Spine1, "spine_01"}, {Spine2, "spine_03"}, {Spine3, "spine_05"}, {Neck, "neck_01"},
                  {LeftCollar, "clavicle_l"}, {RightElbow, "lowerarm_r"}, {LeftAnkle, "foot_l"}, {RightFoot, "ball_r"}};
    return c;
}

inline FixtureCharacter unityCharacter()
{
    const auto p = neutralJoints(false);
    JointList l;
    l.add("Hips", "", p[Pelvis], "Spine");
    l.add("Spine", "Hips", p[Spine1], "Chest");
    l.add("Chest", "Spine", p[Spine2], "UpperChest");
    l.add("UpperChest", "Chest", p[Spine3], "Neck");
    l.add("Neck", "UpperChest", p[Neck], "Head");
    l.add("Head", "Neck", p[Head]);
    for (bool left : {true, false}) {
        const std::string s = left ? "Left" : "Right";
        addLimbs(l, p, left,
                 {s + "Shoulder", s + "UpperArm", s + "LowerArm", s + "Hand", s + "IndexProximal", s + "UpperLeg",
                  s + "LowerLeg", s + "Foot", s + "Toes", s + "ToesEnd"},
                 "UpperChest", "Hips");
    }
    FixtureCharacter c;
    c.convention = "unity";
    c.extension = ".glb";
    c.joints = l.take();
    c.unitsPerMetre = 1.0;
    c.armatureScale = 0.01;
    c.expected = {{Pelvis, "Hips"}, {Spine2, "Chest"}, {Spine3, "UpperChest"}, {LeftHip, "LeftUpperLeg"},
                  {RightWrist, "RightHand"}, {LeftFoot, "LeftToes"}};
    return c;
}

inline FixtureCharacter rigifyCharacter()
{
    const auto p = neutralJoints(false);
    JointList l;
    l.add("DEF-spine", "", p[Pelvis], "DEF-spine.001");
    l.add("DEF-spine.001", "DEF-spine", p[Spine1], "DEF-spine.002");
    l.add("DEF-spine.002", "DEF-spine.001", p[Spine2], "DEF-spine.003");
    l.add("DEF-spine.003", "DEF-spine.002", p[Spine3], "DEF-spine.004");
    l.add("DEF-spine.004", "DEF-spine.003", p[Neck], "DEF-spine.005");
    l.add("DEF-spine.005", "DEF-spine.004", mid(p[Neck], p[Head]), "DEF-spine.006");
    l.add("DEF-spine.006", "DEF-spine.005", p[Head]);
    for (bool left : {true, false}) {
        const std::string s = left ? ".L" : ".R";
        addLimbs(l, p, left,
                 {"DEF-shoulder" + s, "DEF-upper_arm" + s, "DEF-forearm" + s, "DEF-hand" + s, "DEF-f_index.01" + s,
                  "DEF-thigh" + s, "DEF-shin" + s, "DEF-foot" + s, "DEF-toe" + s, "DEF-toe_end" + s},
                 "DEF-spine.003", "DEF-spine", "", "DEF-upper_arm" + s + ".001", "DEF-thigh" + s + ".001");
    }
    FixtureCharacter c;
    c.convention = "rigify";
    c.extension = ".gltf";
    c.joints = l.take();
    c.expected = {{Pelvis, "DEF-spine"}, {Spine1, "DEF-spine.001"}, {Neck, "DEF-spine.004"}, {Head, "DEF-spine.006"},
                  {LeftKnee, "DEF-shin.L"}, {RightShoulder, "DEF-upper_arm.R"}};
    return c;
}

inline FixtureCharacter cmuCharacter()
{
    const auto p = neutralJoints(false);
    JointList l;
    l.add("Hips", "", p[Pelvis]);
    l.add("LowerBack", "Hips", p[Spine1]);
    l.add("Spine", "LowerBack", p[Spine2]);
    l.add("Spine1", "Spine", p[Spine3]);
    l.add("Neck", "Spine1", p[Neck]);
    l.add("Neck1", "Neck", mid(p[Neck], p[Head]));
    l.add("Head", "Neck1", p[Head]);
    for (bool left : {true, false}) {
        const std::string s = left ? "Left" : "Right";
        addLimbs(l, p, left,
                 {s + "Shoulder", s + "Arm", s + "ForeArm", s + "Hand", s + "FingerBase", s + "UpLeg", s + "Leg", s + "Foot",
                  s + "ToeBase", s + "ToeTip"},
                 "Spine1", "Hips", left ? "LHipJoint" : "RHipJoint");
    }
    FixtureCharacter c;
    c.convention = "cmu";
    c.extension = ".bvh";
    c.joints = l.take();
    c.unitsPerMetre = 100.0;
    c.expected = {{Pelvis, "Hips"}, {Spine1, "LowerBack"}, {Spine2, "Spine"}, {Spine3, "Spine1"}, {Neck, "Neck"},
                  {LeftHip, "LeftUpLeg"}, {RightCollar, "RightShoulder"}};
    return c;
}

inline std::vector<FixtureCharacter> fixtureCharacters()
{
    return {mixamoCharacter(), unrealCharacter(), unityCharacter(), rigifyCharacter(), cmuCharacter()};
}

/// World rest position of every joint in the file's axes and units.
inline std::vector<glm::dvec3> fileWorld(const FixtureCharacter& c)
{
    std::vector<glm::dvec3> out;
    for (const FixtureJoint& j : c.joints)
        out.push_back(c.axes * j.position * c.unitsPerMetre);
    return out;
}

inline int fixtureIndex(const FixtureCharacter& c, const std::string& name)
{
    for (std::size_t i = 0; i < c.joints.size(); ++i) {
        if (c.joints[i].name == name)
            return static_cast<int>(i);
    }
    return -1;
}

/// Each joint's world frame: its bone axis (X or Y) towards its aim child, the others from the
/// file's up axis; joints without an aim child take their parent's frame.
inline std::vector<glm::dmat3> fileFrames(const FixtureCharacter& c)
{
    const std::vector<glm::dvec3> world = fileWorld(c);
    const glm::dvec3 up = c.axes * glm::dvec3(0, 1, 0), forward = c.axes * glm::dvec3(0, 0, 1);
    std::vector<glm::dmat3> frames(c.joints.size(), glm::dmat3(1.0));
    for (std::size_t i = 0; i < c.joints.size(); ++i) {
        const int parent = fixtureIndex(c, c.joints[i].parent);
        frames[i] = parent < 0 ? glm::dmat3(1.0) : frames[static_cast<std::size_t>(parent)];
        const int aim = fixtureIndex(c, c.joints[i].aimAt);
        if (aim < 0)
            continue;
        const glm::dvec3 along = glm::normalize(world[static_cast<std::size_t>(aim)] - world[i]);
        const glm::dvec3 ref = std::abs(glm::dot(along, up)) < 0.9 ? up : forward;
        const glm::dvec3 side = glm::normalize(glm::cross(along, ref));
        const glm::dvec3 third = glm::cross(side, along);
        // Columns (X, Y, Z), right-handed, the bone axis along the bone.
        frames[i] = c.boneAxis == 0 ? glm::dmat3(along, third, side) : glm::dmat3(side, along, glm::cross(side, along));
    }
    return frames;
}

inline aiMatrix4x4 toAi(const glm::dmat3& r, const glm::dvec3& t, double s = 1.0)
{
    aiMatrix4x4 m;
    for (int row = 0; row < 3; ++row) {
        for (int col = 0; col < 3; ++col)
            m[static_cast<unsigned>(row)][static_cast<unsigned>(col)] = static_cast<ai_real>(r[col][row] * s);
        m[static_cast<unsigned>(row)][3] = static_cast<ai_real>(t[row]);
    }
    return m;
}

/// Writes the character with Assimp: nodes with their rest transforms, a mesh skinned to every
/// joint (a triangle each, as a stand-in body), FBX axis and unit settings.
inline void writeAssimpCharacter(const FixtureCharacter& c, const std::string& path)
{
    const std::vector<glm::dvec3> world = fileWorld(c);
    const std::vector<glm::dmat3> frames = fileFrames(c);
    auto scene = std::make_unique<aiScene>();
    scene->mRootNode = new aiNode("RootNode");
    const double inner = c.armatureScale != 1.0 ? 1.0 / c.armatureScale : 1.0; // bones' units under the armature
    aiNode* top = scene->mRootNode;
    if (c.armatureScale != 1.0) {
        auto* armature = new aiNode("Armature");
        armature->mTransformation = toAi(glm::dmat3(1.0), glm::dvec3(0.0), c.armatureScale);
        scene->mRootNode->addChildren(1, &armature);
        top = armature;
    }
    std::vector<aiNode*> nodes;
    for (std::size_t i = 0; i < c.joints.size(); ++i) {
        auto* node = new aiNode(c.joints[i].name);
        const int parent = fixtureIndex(c, c.joints[i].parent);
        const glm::dmat3 pr = parent < 0 ? glm::dmat3(1.0) : frames[static_cast<std::size_t>(parent)];
        const glm::dvec3 pp = parent < 0 ? glm::dvec3(0.0) : world[static_cast<std::size_t>(parent)];
        node->mTransformation = toAi(glm::transpose(pr) * frames[i], glm::transpose(pr) * (world[i] - pp) * inner);
        (parent < 0 ? top : nodes[static_cast<std::size_t>(parent)])->addChildren(1, &node);
        nodes.push_back(node);
    }
    auto* mesh = new aiMesh();
    mesh->mName = aiString("body");
    mesh->mPrimitiveTypes = aiPrimitiveType_TRIANGLE;
    const auto n = static_cast<unsigned>(c.joints.size());
    mesh->mNumVertices = 3 * n;
    mesh->mVertices = new aiVector3D[3 * n];
    mesh->mNumFaces = n;
    mesh->mFaces = new aiFace[n];
    mesh->mNumBones = n;
    mesh->mBones = new aiBone*[n];
    const double size = 0.02 * c.unitsPerMetre;
    for (unsigned i = 0; i < n; ++i) {
        const glm::dvec3 at = world[i];
        auto* bone = new aiBone();
        bone->mName = aiString(c.joints[i].name);
        bone->mOffsetMatrix = toAi(frames[i], at, c.armatureScale).Inverse();
        bone->mNumWeights = 3;
        bone->mWeights = new aiVertexWeight[3];
        mesh->mFaces[i].mNumIndices = 3;
        mesh->mFaces[i].mIndices = new unsigned[3];
        const glm::dvec3 corners[3] = {{-size, 0, 0}, {size, 0, 0}, {0, size, 0}};
        for (unsigned k = 0; k < 3; ++k) {
            const glm::dvec3 v = at + corners[k];
            mesh->mVertices[3 * i + k] = aiVector3D(static_cast<ai_real>(v.x), static_cast<ai_real>(v.y), static_cast<ai_real>(v.z));
            mesh->mFaces[i].mIndices[k] = 3 * i + k;
            bone->mWeights[k] = aiVertexWeight(3 * i + k, 1.0f);
        }
        mesh->mBones[i] = bone;
    }
    scene->mNumMeshes = 1;
    scene->mMeshes = new aiMesh*[1]{mesh};
    auto* body = new aiNode("body");
    body->mNumMeshes = 1;
    body->mMeshes = new unsigned[1]{0};
    scene->mRootNode->addChildren(1, &body);
    scene->mNumMaterials = 1;
    scene->mMaterials = new aiMaterial*[1]{new aiMaterial()};
    const bool fbx = c.extension == ".fbx";
    if (fbx) {
        const bool zUp = c.axes[1][2] != 0.0;
        aiMetadata* meta = aiMetadata::Alloc(7);
        meta->Set(0, "UpAxis", int32_t(zUp ? 2 : 1));
        meta->Set(1, "UpAxisSign", int32_t(1));
        meta->Set(2, "FrontAxis", int32_t(zUp ? 1 : 2));
        meta->Set(3, "FrontAxisSign", int32_t(zUp ? -1 : 1));
        meta->Set(4, "CoordAxis", int32_t(0));
        meta->Set(5, "CoordAxisSign", int32_t(1));
        meta->Set(6, "UnitScaleFactor", 100.0 / c.unitsPerMetre);
        scene->mMetaData = meta;
    }
    Assimp::Exporter exporter;
    const char* id = fbx ? "fbx" : c.extension == ".glb" ? "glb2" : "gltf2";
    if (exporter.Export(scene.get(), id, path, 0u) != aiReturn_SUCCESS)
        throw std::runtime_error(std::string("cannot write the test character: ") + exporter.GetErrorString());
    if (fbx) // Assimp 5.2's binary FBX needs its null records before Assimp reads it back
        writeFileAtomically(path, fbx_repair::repair(readWholeFile(path), 0.0, path));
}

/// BVH text: CHANNELS 6 on the root, 3 (ZXY) elsewhere, End Sites on leaves, one rest frame.
inline void writeBvhCharacter(const FixtureCharacter& c, const std::string& path)
{
    const std::vector<glm::dvec3> world = fileWorld(c);
    std::vector<std::vector<int>> children(c.joints.size());
    std::vector<int> roots;
    for (std::size_t i = 0; i < c.joints.size(); ++i) {
        const int parent = fixtureIndex(c, c.joints[i].parent);
        (parent < 0 ? roots : children[static_cast<std::size_t>(parent)]).push_back(static_cast<int>(i));
    }
    std::ostringstream out;
    int channels = 0;
    auto write = [&](auto&& self, int i, const glm::dvec3& parentAt, int depth) -> void {
        const std::string pad(static_cast<std::size_t>(depth) * 2, ' ');
        const glm::dvec3 off = world[static_cast<std::size_t>(i)] - parentAt;
        out << pad << (depth == 0 ? "ROOT " : "JOINT ") << c.joints[static_cast<std::size_t>(i)].name << "\n" << pad << "{\n";
        out << pad << "  OFFSET " << off.x << " " << off.y << " " << off.z << "\n";
        out << pad << (depth == 0 ? "  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation\n"
                                  : "  CHANNELS 3 Zrotation Xrotation Yrotation\n");
        channels += depth == 0 ? 6 : 3;
        for (int child : children[static_cast<std::size_t>(i)])
            self(self, child, world[static_cast<std::size_t>(i)], depth + 1);
        if (children[static_cast<std::size_t>(i)].empty())
            out << pad << "  End Site\n" << pad << "  {\n" << pad << "    OFFSET 0 0 2\n" << pad << "  }\n";
        out << pad << "}\n";
    };
    out << "HIERARCHY\n";
    write(write, roots.at(0), glm::dvec3(0.0), 0);
    out << "MOTION\nFrames: 1\nFrame Time: 0.05\n";
    for (int k = 0; k < channels; ++k)
        out << (k ? " 0" : "0");
    out << "\n";
    writeFileAtomically(path, out.str());
}

inline void writeCharacter(const FixtureCharacter& c, const std::string& path)
{
    if (c.extension == ".bvh")
        writeBvhCharacter(c, path);
    else
        writeAssimpCharacter(c, path);
}

} // namespace stepmotion::test
