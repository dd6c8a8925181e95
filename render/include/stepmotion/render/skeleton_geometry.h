#pragma once
// GL-free scene building: turns one frame of 22 joint positions into per-instance data
// (one transform + colour per bone, joint sphere and ground shadow) that the renderer uploads
// as-is. Kept apart from OpenGL so the maths is unit-tested without a context.

#include <glm/glm.hpp>

#include <vector>

namespace stepmotion::render {

/// One instance of a unit mesh: `model` maps the mesh's local space into the world (metres).
/// Its three axis columns must be mutually orthogonal (rotation x per-axis scale): the shader
/// relies on it to transform normals cheaply. Layout matters: the renderer uploads a
/// std::vector of these as the instance buffer.
struct MeshInstance {
    glm::mat4 model{1.0f};
    glm::vec4 color{1.0f};
};

/// A soft dark disc on the ground: centre (x, z), radius in metres, opacity 0..1.
struct ShadowBlob {
    glm::vec4 xzRadiusOpacity{0.0f};
};

/// One frame of one character to draw: 22 joints x 3 floats (HumanML3D order, metres, Y up).
struct SkeletonPose {
    const float* xyz = nullptr;
    glm::vec3 color{0.9f, 0.55f, 0.2f};
};

/// The unit bone spans y = 0..1 with radius 1 around the Y axis. Returns the transform that
/// maps it onto the segment from `parent` to `child` with the given radius (metres). When the
/// two points coincide (length < 1e-6 m) returns a zero-scale matrix, so nothing is drawn.
glm::mat4 boneTransform(const glm::vec3& parent, const glm::vec3& child, float radius);

/// Bone radius (metres) of the bone that ends at `joint` (thicker torso and thighs, thinner
/// forearms). Joint 0 (the pelvis) has no bone and returns 0.
float boneRadius(int joint);

/// Radius (metres) of the sphere drawn at `joint` (the head is a large sphere).
float jointRadius(int joint);

/// Colour of a body part: left limbs a little lighter and right limbs a little darker than
/// `base`, so the two sides are told apart at a glance.
glm::vec4 partColor(const glm::vec3& base, int joint);

/// Appends one instance per bone (21, the pelvis has no parent) of `pose` to `out`.
void appendBoneInstances(const SkeletonPose& pose, std::vector<MeshInstance>& out);

/// Appends one unit-sphere instance per joint (22) of `pose` to `out`.
void appendJointInstances(const SkeletonPose& pose, std::vector<MeshInstance>& out);

/// Appends ground shadows under the pelvis and feet of `pose` (ground at y = groundY): they
/// grow and fade with height, and a foot within 4 cm of the ground gets a darker contact spot.
void appendShadowBlobs(const SkeletonPose& pose, float groundY, std::vector<ShadowBlob>& out);

/// Everything the renderer needs for one displayed frame of several characters.
struct SceneInstances {
    std::vector<MeshInstance> bones;
    std::vector<MeshInstance> joints;
    std::vector<ShadowBlob> shadows;
};

/// Builds bones, joints and shadows of every pose (null xyz pointers are skipped).
SceneInstances buildSceneInstances(const std::vector<SkeletonPose>& poses, float groundY = 0.0f);

/// One frame of a character on a rig of its own (the user's skeleton, core's character.h):
/// parents->size() nodes x 3 floats (metres, Y up); a bone joins each node to its parent
/// (-1: a root, no bone).
struct RigPose {
    const float* xyz = nullptr;
    const std::vector<int>* parents = nullptr;
    glm::vec3 color{0.55f, 0.75f, 0.95f};
};

/// Bone radius and node sphere radius of a rig pose (metres): thinner than the 22-joint
/// skeleton's, so that a rig with many small bones (fingers, twists) stays readable.
constexpr float kRigBoneRadius = 0.012f;
constexpr float kRigNodeRadius = 0.018f;

/// Appends one bone per node with a parent and one sphere per node of `pose` to `out`.
void appendRigInstances(const RigPose& pose, SceneInstances& out);

} // namespace stepmotion::render
