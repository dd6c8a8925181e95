#include "stepmotion/render/skeleton_geometry.h"

#include "stepmotion/core/motion/skeleton.h"

#include <algorithm>
#include <cmath>

namespace stepmotion::render {
namespace {

glm::vec3 jointPosition(const float* xyz, int joint)
{
    const float* p = xyz + joint * 3;
    return {p[0], p[1], p[2]};
}

bool isLeft(int joint)
{
    switch (joint) {
    case LeftHip: case LeftKnee: case LeftAnkle: case LeftFoot:
    case LeftCollar: case LeftShoulder: case LeftElbow: case LeftWrist:
        return true;
    default:
        return false;
    }
}

bool isRight(int joint)
{
    return joint != Pelvis && skeleton::mirrorMap()[static_cast<std::size_t>(joint)] != joint && !isLeft(joint);
}

void addShadow(std::vector<ShadowBlob>& out, const glm::vec3& p, float groundY, float radius, float opacity)
{
    // Higher above the ground: a wider, fainter shadow (a cheap stand-in for a soft light).
    const float height = std::max(0.0f, p.y - groundY);
    const float fade = std::clamp(1.0f - height / 2.0f, 0.0f, 1.0f);
    if (fade <= 0.0f)
        return;
    out.push_back({glm::vec4(p.x, p.z, radius * (1.0f + 0.5f * height), opacity * fade)});
}

} // namespace

glm::mat4 boneTransform(const glm::vec3& parent, const glm::vec3& child, float radius)
{
    const glm::vec3 segment = child - parent;
    const float length = glm::length(segment);
    if (length < 1e-6f)
        return glm::mat4(0.0f);
    const glm::vec3 y = segment / length;
    // Any helper axis not parallel to the bone gives a valid orthonormal frame.
    const glm::vec3 helper = std::abs(y.x) < 0.9f ? glm::vec3(1, 0, 0) : glm::vec3(0, 0, 1);
    const glm::vec3 x = glm::normalize(glm::cross(y, helper));
    const glm::vec3 z = glm::cross(x, y);
    glm::mat4 m(1.0f);
    m[0] = glm::vec4(x * radius, 0.0f);
    m[1] = glm::vec4(segment, 0.0f);
    m[2] = glm::vec4(z * radius, 0.0f);
    m[3] = glm::vec4(parent, 1.0f);
    return m;
}

float boneRadius(int joint)
{
    switch (joint) {
    case Pelvis: return 0.0f;
    case LeftHip: case RightHip: return 0.045f;
    case Spine1: case Spine2: case Spine3: return 0.06f;
    case LeftKnee: case RightKnee: return 0.05f;
    case LeftAnkle: case RightAnkle: return 0.04f;
    case LeftFoot: case RightFoot: return 0.03f;
    case Neck: return 0.04f;
    case LeftCollar: case RightCollar: return 0.04f;
    case Head: return 0.04f;
    case LeftShoulder: case RightShoulder: return 0.04f;
    case LeftElbow: case RightElbow: return 0.035f;
    case LeftWrist: case RightWrist: return 0.03f;
    default: return 0.035f;
    }
}

float jointRadius(int joint)
{
    if (joint == Head)
        return 0.1f;
    if (joint == Pelvis)
        return 0.07f;
    // Slightly wider than the thickest bone meeting here, so joints read as rounded caps.
    float radius = boneRadius(joint);
    const auto& parents = skeleton::parents();
    for (int child = 0; child < kJointCount; ++child) {
        if (parents[static_cast<std::size_t>(child)] == joint)
            radius = std::max(radius, boneRadius(child));
    }
    // Spine joints stay flush with the torso so it reads as one piece.
    const bool spine = joint == Spine1 || joint == Spine2 || joint == Spine3;
    return radius * (spine ? 1.0f : 1.15f);
}

glm::vec4 partColor(const glm::vec3& base, int joint)
{
    glm::vec3 c = base;
    if (isLeft(joint))
        c = glm::mix(base, glm::vec3(1.0f), 0.25f);
    else if (isRight(joint))
        c = base * 0.78f;
    return glm::vec4(c, 1.0f);
}

void appendBoneInstances(const SkeletonPose& pose, std::vector<MeshInstance>& out)
{
    const auto& parents = skeleton::parents();
    for (int joint = 1; joint < kJointCount; ++joint) {
        const int parent = parents[static_cast<std::size_t>(joint)];
        const glm::mat4 model = boneTransform(jointPosition(pose.xyz, parent),
                                              jointPosition(pose.xyz, joint), boneRadius(joint));
        out.push_back({model, partColor(pose.color, joint)});
    }
}

void appendJointInstances(const SkeletonPose& pose, std::vector<MeshInstance>& out)
{
    for (int joint = 0; joint < kJointCount; ++joint) {
        glm::mat4 model(jointRadius(joint));
        model[3] = glm::vec4(jointPosition(pose.xyz, joint), 1.0f);
        // Joints are drawn lighter than bones so the articulation stays visible.
        glm::vec4 color = partColor(pose.color, joint);
        color = glm::vec4(glm::mix(glm::vec3(color), glm::vec3(1.0f), 0.2f), 1.0f);
        out.push_back({model, color});
    }
}

void appendShadowBlobs(const SkeletonPose& pose, float groundY, std::vector<ShadowBlob>& out)
{
    addShadow(out, jointPosition(pose.xyz, Pelvis), groundY, 0.3f, 0.6f);
    for (int joint : {LeftAnkle, RightAnkle, LeftFoot, RightFoot}) {
        const glm::vec3 p = jointPosition(pose.xyz, joint);
        addShadow(out, p, groundY, 0.12f, 0.45f);
        if (p.y - groundY < 0.04f)
            out.push_back({glm::vec4(p.x, p.z, 0.07f, 0.6f)}); // contact spot
    }
}

SceneInstances buildSceneInstances(const std::vector<SkeletonPose>& poses, float groundY)
{
    SceneInstances scene;
    scene.bones.reserve(poses.size() * (kJointCount - 1));
    scene.joints.reserve(poses.size() * kJointCount);
    for (const SkeletonPose& pose : poses) {
        if (!pose.xyz)
            continue;
        appendBoneInstances(pose, scene.bones);
        appendJointInstances(pose, scene.joints);
        appendShadowBlobs(pose, groundY, scene.shadows);
    }
    return scene;
}

void appendRigInstances(const RigPose& pose, SceneInstances& out)
{
    if (!pose.xyz || !pose.parents)
        return;
    const std::vector<int>& parents = *pose.parents;
    const glm::vec4 color(pose.color, 1.0f);
    for (std::size_t i = 0; i < parents.size(); ++i) {
        const glm::vec3 p(pose.xyz[3 * i], pose.xyz[3 * i + 1], pose.xyz[3 * i + 2]);
        glm::mat4 sphere(kRigNodeRadius);
        sphere[3] = glm::vec4(p, 1.0f);
        out.joints.push_back({sphere, color});
        const int parent = parents[i];
        if (parent < 0)
            continue;
        const auto q = static_cast<std::size_t>(parent);
        const glm::vec3 from(pose.xyz[3 * q], pose.xyz[3 * q + 1], pose.xyz[3 * q + 2]);
        out.bones.push_back({boneTransform(from, p, kRigBoneRadius), color});
    }
}

} // namespace stepmotion::render
