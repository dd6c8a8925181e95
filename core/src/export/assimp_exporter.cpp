// Export through Assimp (import and evaluation of the written files: assimp_import.cpp). The BVH rig that jointsToBvh solved (T-pose
// hierarchy, ZXY Euler channels) becomes an aiScene — one node per joint whose transform is
// its rest offset, one animation whose keys are the BVH frames (rotation per joint and frame,
// translation keys on every joint: the root's moving, the others' constant at the rest
// offset so that importers never fall back to a different bind pose).
// Assimp 5.2's FBX exporter has bugs worked around here and in fbx_repair.cpp: it takes key
// times as seconds whatever mTicksPerSecond says, truncates the take length to whole
// seconds, and leaves out null records in binary files. Its glTF exporter puts the skinned
// marker mesh under the scene root node and lists extensions it does not use (gltf_repair.cpp).

#include "export/assimp_exporter.h"

#include "export/assimp_markers.h"

#include "bvh/bvh_maths.h"
#include "fbx_gltf/fbx_repair.h"
#include "export/assimp_read.h"
#include "fbx_gltf/gltf_repair.h"
#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"

#include <assimp/Exporter.hpp>
#include <assimp/scene.h>

#include <array>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace stepmotion::assimp_io {
namespace {

using bvh_detail::JointLayout;

constexpr int kFbxCustomTimeMode = 14; // FBX TimeMode eCustom: the rate is CustomFrameRate

const char* assimpFormatId(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Fbx: return "fbx";
    case ExportFormat::FbxAscii: return "fbxa";
    case ExportFormat::Gltf: return "gltf2";
    case ExportFormat::Glb: return "glb2";
    default: return nullptr;
    }
}

bool isFbx(ExportFormat format) { return format == ExportFormat::Fbx || format == ExportFormat::FbxAscii; }

aiMatrix4x4 translationMatrix(const std::array<double, 3>& t)
{
    aiMatrix4x4 m;
    m.a4 = static_cast<ai_real>(t[0]);
    m.b4 = static_cast<ai_real>(t[1]);
    m.c4 = static_cast<ai_real>(t[2]);
    return m;
}

/// One aiNode per BVH joint, children in file order, under a scene root.
aiNode* buildNodes(const BvhClip& rig)
{
    std::vector<aiNode*> nodes(rig.joints.size());
    std::vector<std::vector<aiNode*>> children(rig.joints.size());
    for (std::size_t j = 0; j < rig.joints.size(); ++j) {
        nodes[j] = new aiNode(rig.joints[j].name);
        nodes[j]->mTransformation = translationMatrix(rig.joints[j].offset);
    }
    auto* root = new aiNode("StepMotion");
    std::vector<aiNode*> rootChildren;
    for (std::size_t j = 0; j < rig.joints.size(); ++j) {
        const int parent = rig.joints[j].parent;
        if (parent < 0)
            rootChildren.push_back(nodes[j]);
        else
            children[static_cast<std::size_t>(parent)].push_back(nodes[j]);
    }
    for (std::size_t j = 0; j < rig.joints.size(); ++j) {
        if (!children[j].empty())
            nodes[j]->addChildren(static_cast<unsigned>(children[j].size()), children[j].data());
    }
    root->addChildren(static_cast<unsigned>(rootChildren.size()), rootChildren.data());
    return root;
}

aiQuaternion frameRotation(const double* values, const JointLayout& layout)
{
    if (!layout.hasRotation)
        return aiQuaternion();
    const bvh_detail::Vec3 degrees(values[layout.rotIndex[0]], values[layout.rotIndex[1]], values[layout.rotIndex[2]]);
    const bvh_detail::Quat q = bvh_detail::eulerToQuat(layout.rotAxis, degrees);
    return aiQuaternion(static_cast<ai_real>(q.w), static_cast<ai_real>(q.x), static_cast<ai_real>(q.y),
                        static_cast<ai_real>(q.z));
}

aiVector3D framePosition(const double* values, const JointLayout& layout, const BvhJoint& joint, bool replaces)
{
    std::array<double, 3> p = joint.offset;
    if (layout.hasPosition) {
        for (int a = 0; a < 3; ++a)
            p[static_cast<std::size_t>(a)] = (replaces ? 0.0 : p[static_cast<std::size_t>(a)]) + values[layout.posIndex[a]];
    }
    return aiVector3D(static_cast<ai_real>(p[0]), static_cast<ai_real>(p[1]), static_cast<ai_real>(p[2]));
}

aiNodeAnim* buildChannel(const BvhClip& rig, std::size_t j, const JointLayout& layout, bool replaces, double tick)
{
    auto* channel = new aiNodeAnim();
    channel->mNodeName = aiString(rig.joints[j].name);
    const auto frames = static_cast<unsigned>(rig.frames);
    channel->mNumPositionKeys = frames;
    channel->mPositionKeys = new aiVectorKey[frames];
    channel->mNumRotationKeys = frames;
    channel->mRotationKeys = new aiQuatKey[frames];
    for (unsigned f = 0; f < frames; ++f) {
        const double* values = rig.frame(static_cast<int>(f));
        channel->mPositionKeys[f] = aiVectorKey(f * tick, framePosition(values, layout, rig.joints[j], replaces));
        channel->mRotationKeys[f] = aiQuatKey(f * tick, frameRotation(values, layout));
    }
    channel->mNumScalingKeys = 1;
    channel->mScalingKeys = new aiVectorKey[1];
    channel->mScalingKeys[0] = aiVectorKey(0.0, aiVector3D(1, 1, 1));
    return channel;
}

/// Key times are frame numbers and ticks per second the frame rate — except for FBX:
/// Assimp 5.2's FBX exporter ignores mTicksPerSecond and takes key times as seconds.
aiAnimation* buildAnimation(const BvhClip& rig, bool timesInSeconds)
{
    auto* anim = new aiAnimation();
    anim->mName = aiString("stepmotion");
    const double tick = timesInSeconds ? 1.0 / rig.fps() : 1.0;
    anim->mTicksPerSecond = rig.fps();
    anim->mDuration = rig.frames - 1;
    const std::vector<JointLayout> layouts = bvh_detail::jointLayouts(rig);
    const bool replaces = bvh_detail::translationReplacesOffset(rig);
    anim->mNumChannels = static_cast<unsigned>(rig.joints.size());
    anim->mChannels = new aiNodeAnim*[anim->mNumChannels];
    for (std::size_t j = 0; j < rig.joints.size(); ++j)
        anim->mChannels[j] = buildChannel(rig, j, layouts[j], replaces, tick);
    return anim;
}

/// FBX global settings the exporter copies from scene metadata: Y up, +Z front, the unit,
/// and a custom frame rate so that key times land on whole frames.
aiMetadata* buildMetadata(LengthUnit unit, double fps)
{
    aiMetadata* meta = aiMetadata::Alloc(6);
    meta->Set(0, "UnitScaleFactor", unit == LengthUnit::Centimetres ? 1.0 : 100.0);
    meta->Set(1, "OriginalUnitScaleFactor", unit == LengthUnit::Centimetres ? 1.0 : 100.0);
    meta->Set(2, "UpAxis", int32_t(1));
    meta->Set(3, "FrontAxis", int32_t(2));
    meta->Set(4, "TimeMode", int32_t(kFbxCustomTimeMode));
    meta->Set(5, "CustomFrameRate", fps);
    return meta;
}

/// Rest-pose world position of every joint (the rest hierarchy has no rotations).
std::vector<aiVector3D> restPositions(const BvhClip& rig)
{
    std::vector<aiVector3D> world(rig.joints.size());
    for (std::size_t j = 0; j < rig.joints.size(); ++j) {
        const auto& o = rig.joints[j].offset;
        const aiVector3D local(static_cast<ai_real>(o[0]), static_cast<ai_real>(o[1]), static_cast<ai_real>(o[2]));
        const int parent = rig.joints[j].parent;
        world[j] = parent < 0 ? local : world[static_cast<std::size_t>(parent)] + local;
    }
    return world;
}

/// The marker mesh on the rest hierarchy (which has no rotations).
void attachRigMarkers(aiScene& scene, const BvhClip& rig, double size)
{
    const std::vector<aiVector3D> rest = restPositions(rig);
    std::vector<std::string> names;
    std::vector<aiMatrix4x4> world;
    for (std::size_t j = 0; j < rig.joints.size(); ++j) {
        names.push_back(rig.joints[j].name);
        aiMatrix4x4 m;
        world.push_back(aiMatrix4x4::Translation(rest[j], m));
    }
    attachMarkerMesh(scene, buildMarkerMesh(names, world, size));
}

std::unique_ptr<aiScene> buildScene(const BvhClip& rig, LengthUnit unit, bool fbx)
{
    auto scene = std::make_unique<aiScene>();
    scene->mRootNode = buildNodes(rig);
    attachRigMarkers(*scene, rig, unit == LengthUnit::Centimetres ? 2.0 : 0.02);
    scene->mNumAnimations = 1;
    scene->mAnimations = new aiAnimation*[1];
    scene->mAnimations[0] = buildAnimation(rig, fbx);
    scene->mMetaData = buildMetadata(unit, rig.fps());
    return scene;
}

} // namespace

aiMesh* buildMarkerMesh(const std::vector<std::string>& names, const std::vector<aiMatrix4x4>& rest, double size)
{
    const auto count = static_cast<unsigned>(names.size());
    auto* mesh = new aiMesh();
    mesh->mName = aiString("joint_markers");
    mesh->mPrimitiveTypes = aiPrimitiveType_TRIANGLE;
    mesh->mNumVertices = 3 * count;
    mesh->mVertices = new aiVector3D[mesh->mNumVertices];
    mesh->mNumFaces = count;
    mesh->mFaces = new aiFace[count];
    mesh->mNumBones = count;
    mesh->mBones = new aiBone*[count];
    const auto s = static_cast<ai_real>(size);
    const aiVector3D corners[3] = {aiVector3D(-s, 0, 0), aiVector3D(s, 0, 0), aiVector3D(0, s, 0)};
    for (unsigned b = 0; b < count; ++b) {
        const aiMatrix4x4& w = rest[b];
        const aiVector3D at(w.a4, w.b4, w.c4);
        auto* bone = new aiBone();
        bone->mName = aiString(names[b]);
        bone->mOffsetMatrix = aiMatrix4x4(w).Inverse();
        // An affine matrix's inverse is affine; float rounding leaves 1.0000001 in the corner of
        // rotated joints' inverses, which glTF-Validator rejects (ACCESSOR_INVALID_IBM).
        bone->mOffsetMatrix.d1 = bone->mOffsetMatrix.d2 = bone->mOffsetMatrix.d3 = 0;
        bone->mOffsetMatrix.d4 = 1;
        bone->mNumWeights = 3;
        bone->mWeights = new aiVertexWeight[3];
        mesh->mFaces[b].mNumIndices = 3;
        mesh->mFaces[b].mIndices = new unsigned[3];
        for (unsigned k = 0; k < 3; ++k) {
            mesh->mVertices[3 * b + k] = at + corners[k];
            mesh->mFaces[b].mIndices[k] = 3 * b + k;
            bone->mWeights[k] = aiVertexWeight(3 * b + k, 1.0f);
        }
        mesh->mBones[b] = bone;
    }
    return mesh;
}

void attachMarkerMesh(aiScene& scene, aiMesh* mesh)
{
    scene.mNumMeshes = 1;
    scene.mMeshes = new aiMesh*[1]{mesh};
    auto* node = new aiNode("joint_markers");
    node->mNumMeshes = 1;
    node->mMeshes = new unsigned[1]{0};
    scene.mRootNode->addChildren(1, &node);
    scene.mNumMaterials = 1;
    scene.mMaterials = new aiMaterial*[1]{new aiMaterial()};
}

void writeScene(const BvhClip& rig, LengthUnit unit, ExportFormat format, const std::string& path,
                const std::string& name)
{
    const char* id = assimpFormatId(format);
    if (!id)
        throw fileError(name, "not an Assimp export format");
    if (rig.frames < 1)
        throw fileError(name, "nothing to export: the clip has no frames");
    if (!isFbx(format) && unit != LengthUnit::Metres)
        throw fileError(name, "glTF is always in metres");
    const std::unique_ptr<aiScene> scene = buildScene(rig, unit, isFbx(format));
    exportRepaired(*scene, format, path, name, (rig.frames - 1) / rig.fps());
}

void exportRepaired(const aiScene& scene, ExportFormat format, const std::string& path, const std::string& name,
                    double seconds)
{
    const char* id = assimpFormatId(format);
    if (!id)
        throw fileError(name, "not an Assimp export format");
    Assimp::Exporter exporter;
    if (exporter.Export(&scene, id, path, 0u) != aiReturn_SUCCESS)
        throw fileError(name, std::string("Assimp could not write the file: ") + exporter.GetErrorString());
    if (isFbx(format))
        writeFileAtomically(path, fbx_repair::repair(readWholeFile(path), seconds, name));
    else
        writeFileAtomically(path, gltf_repair::repair(readWholeFile(path), name));
}

} // namespace stepmotion::assimp_io
