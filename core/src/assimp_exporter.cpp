// Everything that touches Assimp. Export: the BVH rig that jointsToBvh solved (T-pose
// hierarchy, ZXY Euler channels) becomes an aiScene — one node per joint whose transform is
// its rest offset, one animation whose keys are the BVH frames (rotation per joint and frame,
// translation keys on every joint: the root's moving, the others' constant at the rest
// offset so that importers never fall back to a different bind pose). Import: our own
// evaluation of the animation keys over the node hierarchy, so tests measure what a
// consumer of the file would see rather than trusting Assimp's post-processing.
// Assimp 5.2's FBX exporter has bugs worked around here and in fbx_repair.cpp: it takes key
// times as seconds whatever mTicksPerSecond says, truncates the take length to whole
// seconds, and leaves out null records in binary files. Its glTF exporter puts the skinned
// marker mesh under the scene root node and lists extensions it does not use (gltf_repair.cpp).

#include "assimp_exporter.h"

#include "assimp_markers.h"

#include "bvh_detail.h"
#include "fbx_repair.h"
#include "assimp_read.h"
#include "gltf_repair.h"
#include "stepmotion/core/atomic_file.h"
#include "stepmotion/core/error.h"

#include <assimp/Exporter.hpp>
#include <assimp/Importer.hpp>
#include <assimp/scene.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
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
    double degrees[3];
    for (int k = 0; k < 3; ++k)
        degrees[k] = values[layout.rotIndex[k]];
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

namespace {

/// The loaded scene plus what evaluation needs: the node of each of our 22 joints, and the
/// animation channel of every animated node.
struct LoadedScene {
    Assimp::Importer importer;
    const aiScene* scene = nullptr;
    const aiAnimation* animation = nullptr;
    std::map<const aiNode*, const aiNodeAnim*> channels;
};

void loadScene(LoadedScene& loaded, const std::string& path)
{
    // Assimp's defaults: any $AssimpFbx$ pivot helper nodes are evaluated like other nodes.
    loaded.scene = readScene(loaded.importer, path);
    if (loaded.scene->mNumAnimations < 1)
        throw fileError(path, "the file holds no animation");
    loaded.animation = loaded.scene->mAnimations[0];
    for (unsigned c = 0; c < loaded.animation->mNumChannels; ++c) {
        const aiNodeAnim* channel = loaded.animation->mChannels[c];
        if (const aiNode* node = loaded.scene->mRootNode->FindNode(channel->mNodeName))
            loaded.channels[node] = channel;
    }
}

double metadataScale(const aiScene* scene)
{
    if (!scene->mMetaData)
        return 0.0;
    double d = 0.0;
    if (scene->mMetaData->Get("UnitScaleFactor", d))
        return d;
    float f = 0.0f;
    if (scene->mMetaData->Get("UnitScaleFactor", f))
        return f;
    return 0.0;
}

/// Index of the last key at or before t (0 when t precedes every key).
template <typename Key>
unsigned keyBefore(const Key* keys, unsigned count, double t)
{
    const Key* end = keys + count;
    const Key* it = std::upper_bound(keys, end, t, [](double time, const Key& k) { return time < k.mTime; });
    return it == keys ? 0u : static_cast<unsigned>(it - keys - 1);
}

/// Value of an animation channel at time t: the key's value on or before the first key and
/// after the last one, interpolated with `blend(a, b, u)` in between.
template <typename Key, typename Value, typename Blend>
Value sampleKeys(const Key* keys, unsigned count, double t, const Value& fallback, Blend blend)
{
    if (count == 0)
        return fallback;
    const unsigned i = keyBefore(keys, count, t);
    if (i + 1 >= count || t <= keys[i].mTime)
        return keys[i].mValue;
    const double span = keys[i + 1].mTime - keys[i].mTime;
    return blend(keys[i].mValue, keys[i + 1].mValue, static_cast<ai_real>((t - keys[i].mTime) / span));
}

aiVector3D sampleVector(const aiVectorKey* keys, unsigned count, double t, const aiVector3D& fallback)
{
    return sampleKeys(keys, count, t, fallback,
                      [](const aiVector3D& a, const aiVector3D& b, ai_real u) { return a + (b - a) * u; });
}

aiQuaternion sampleRotation(const aiQuatKey* keys, unsigned count, double t, const aiQuaternion& fallback)
{
    return sampleKeys(keys, count, t, fallback, [](const aiQuaternion& a, const aiQuaternion& b, ai_real u) {
        aiQuaternion out;
        aiQuaternion::Interpolate(out, a, b, u);
        return out;
    });
}

aiMatrix4x4 localTransform(const aiNode* node, const aiNodeAnim* channel, double t)
{
    if (!channel)
        return node->mTransformation;
    aiVector3D restScale, restPosition;
    aiQuaternion restRotation;
    node->mTransformation.Decompose(restScale, restRotation, restPosition);
    const aiVector3D s = sampleVector(channel->mScalingKeys, channel->mNumScalingKeys, t, restScale);
    const aiQuaternion r = sampleRotation(channel->mRotationKeys, channel->mNumRotationKeys, t, restRotation);
    const aiVector3D p = sampleVector(channel->mPositionKeys, channel->mNumPositionKeys, t, restPosition);
    return aiMatrix4x4(s, r, p);
}

aiMatrix4x4 worldTransform(const LoadedScene& loaded, const aiNode* node, double t)
{
    aiMatrix4x4 world;
    for (const aiNode* n = node; n; n = n->mParent) {
        const auto it = loaded.channels.find(n);
        world = localTransform(n, it == loaded.channels.end() ? nullptr : it->second, t) * world;
    }
    return world;
}

/// First and last key time over the given channels, and the key count most of them share.
/// (Assimp's FBX importer inserts extra keys on a channel where an Euler curve wraps past
/// 180 degrees, so the largest count is not the frame count.)
struct KeyRange {
    double first = 0, last = 0;
    unsigned keys = 0;
};

unsigned commonKeyCount(const std::vector<const aiNodeAnim*>& channels)
{
    std::map<unsigned, int> votes;
    for (const aiNodeAnim* c : channels)
        ++votes[std::max(c->mNumPositionKeys, c->mNumRotationKeys)];
    unsigned best = 0;
    int bestVotes = 0;
    for (const auto& [count, n] : votes) {
        if (n >= bestVotes) {
            best = count;
            bestVotes = n;
        }
    }
    return best;
}

KeyRange keyRange(const std::vector<const aiNodeAnim*>& channels)
{
    KeyRange range;
    bool any = false;
    auto take = [&](const auto* keys, unsigned count) {
        if (count == 0)
            return;
        range.first = any ? std::min(range.first, keys[0].mTime) : keys[0].mTime;
        range.last = any ? std::max(range.last, keys[count - 1].mTime) : keys[count - 1].mTime;
        any = true;
    };
    for (const aiNodeAnim* c : channels) {
        take(c->mPositionKeys, c->mNumPositionKeys);
        take(c->mRotationKeys, c->mNumRotationKeys);
    }
    range.keys = commonKeyCount(channels);
    return range;
}

std::vector<const aiNode*> namedNodes(const LoadedScene& loaded, const std::string& path,
                                      const std::vector<std::string>& names, const char* missing)
{
    std::vector<const aiNode*> nodes;
    for (const std::string& name : names) {
        const aiNode* node = loaded.scene->mRootNode->FindNode(name.c_str());
        if (!node)
            throw fileError(path, "no node named '" + name + "'" + missing);
        nodes.push_back(node);
    }
    return nodes;
}

/// Whether a channel's translation keys move (more than 1e-6 file units from the first).
bool translates(const aiNodeAnim* channel)
{
    for (unsigned k = 1; k < channel->mNumPositionKeys; ++k) {
        if ((channel->mPositionKeys[k].mValue - channel->mPositionKeys[0].mValue).Length() > 1e-6f)
            return true;
    }
    return false;
}

JointClip importNamed(const std::string& path, const std::vector<std::string>& names, const char* missing)
{
    LoadedScene loaded;
    loadScene(loaded, path);
    const std::vector<const aiNode*> nodes = namedNodes(loaded, path, names, missing);
    std::vector<const aiNodeAnim*> channels;
    for (const aiNode* node : nodes) {
        const auto it = loaded.channels.find(node);
        if (it != loaded.channels.end())
            channels.push_back(it->second);
    }
    const KeyRange range = keyRange(channels);
    if (range.keys == 0)
        throw fileError(path, "the animation has no keys on the skeleton");
    const double tps = loaded.animation->mTicksPerSecond > 0 ? loaded.animation->mTicksPerSecond : kFps;
    const double step = range.keys > 1 ? (range.last - range.first) / (range.keys - 1) : 1.0;
    const double fps = range.keys > 1 && step > 0 ? tps / step : tps;
    // Found by fuzz_gltf: damaged key times gave 3 frames at ~0 fps, which the 20 fps resampling
    // downstream would stretch into an endless clip. No capture or keyed animation is outside this.
    constexpr double kMinImportFps = 0.01, kMaxImportFps = 10000;
    if (!std::isfinite(range.first) || !std::isfinite(range.last) || !(fps >= kMinImportFps && fps <= kMaxImportFps)) {
        char rate[32];
        std::snprintf(rate, sizeof rate, "%g", fps);
        throw fileError(path, std::string("the key times give ") + rate +
                                  " frames per second, outside 0.01 to 10000 (damaged key times?)");
    }
    const double scale = metadataScale(loaded.scene) > 0 ? metadataScale(loaded.scene) / 100.0 : 1.0;
    const int count = static_cast<int>(nodes.size());
    JointClip clip(static_cast<int>(range.keys), count, fps);
    for (int f = 0; f < clip.frames; ++f) {
        const double t = range.first + f * step;
        for (int j = 0; j < count; ++j) {
            const aiMatrix4x4 w = worldTransform(loaded, nodes[static_cast<std::size_t>(j)], t);
            float* out = clip.at(f, j);
            out[0] = static_cast<float>(w.a4 * scale);
            out[1] = static_cast<float>(w.b4 * scale);
            out[2] = static_cast<float>(w.c4 * scale);
            if (!std::isfinite(out[0]) || !std::isfinite(out[1]) || !std::isfinite(out[2]))
                throw fileError(path, "frame " + std::to_string(f) + ", joint " + std::to_string(j) +
                                          " has no finite position (damaged keys?)");
        }
    }
    return clip;
}

} // namespace

JointClip importJoints(const std::string& path)
{
    const auto& names = skeleton::names();
    return importNamed(path, std::vector<std::string>(names.begin(), names.end()), " (not a StepMotion skeleton)");
}

JointClip importNodes(const std::string& path, const std::vector<std::string>& names)
{
    return importNamed(path, names, "");
}

AnimationSummary summarize(const std::string& path)
{
    LoadedScene loaded;
    loadScene(loaded, path);
    AnimationSummary summary;
    std::vector<const aiNodeAnim*> channels(loaded.animation->mChannels,
                                            loaded.animation->mChannels + loaded.animation->mNumChannels);
    summary.keys = static_cast<int>(keyRange(channels).keys);
    summary.durationTicks = loaded.animation->mDuration;
    summary.ticksPerSecond = loaded.animation->mTicksPerSecond;
    summary.channels = static_cast<int>(loaded.animation->mNumChannels);
    summary.unitScaleFactor = metadataScale(loaded.scene);
    for (const aiNodeAnim* channel : channels) {
        if (translates(channel))
            summary.translatedNodes.emplace_back(channel->mNodeName.C_Str());
    }
    for (unsigned m = 0; m < loaded.scene->mNumMeshes; ++m)
        summary.skinBones = std::max(summary.skinBones, static_cast<int>(loaded.scene->mMeshes[m]->mNumBones));
    return summary;
}

} // namespace stepmotion::assimp_io
