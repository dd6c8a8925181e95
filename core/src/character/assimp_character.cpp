// The user's characters through Assimp: reading an FBX/glTF node tree at rest with its FBX
// axis settings, and writing that same tree back with the retargeted motion as its animation.
// FBX pivots are collapsed on import (AI_CONFIG_IMPORT_FBX_PRESERVE_PIVOTS off), so each
// node's pre-/post-rotations become part of its one local transform, the form the written
// file uses too.

#include "export/assimp_exporter.h"

#include "export/assimp_markers.h"
#include "export/assimp_read.h"

#include "stepmotion/core/runtime/error.h"

#include <assimp/Importer.hpp>
#include <assimp/config.h>
#include <assimp/scene.h>

#include <cmath>
#include <memory>

namespace stepmotion::assimp_io {
namespace {

constexpr int kFbxCustomTimeMode = 14; // FBX TimeMode eCustom: the rate is CustomFrameRate

void collect(const aiNode* node, int parent, std::vector<CharacterNode>& out)
{
    CharacterNode n;
    n.name = node->mName.C_Str();
    n.parent = parent;
    aiVector3D scale, position;
    aiQuaternion rotation;
    node->mTransformation.Decompose(scale, rotation, position);
    rotation.Normalize();
    n.translation = {position.x, position.y, position.z};
    n.rotation = {rotation.w, rotation.x, rotation.y, rotation.z};
    n.scale = {scale.x, scale.y, scale.z};
    const int self = static_cast<int>(out.size());
    out.push_back(std::move(n));
    for (unsigned c = 0; c < node->mNumChildren; ++c)
        collect(node->mChildren[c], self, out);
}

template <typename T>
bool metaNumber(const aiMetadata* meta, const char* key, T& out)
{
    if (!meta)
        return false;
    int32_t i = 0;
    double d = 0;
    float f = 0;
    if (meta->Get(key, i)) {
        out = static_cast<T>(i);
        return true;
    }
    if (meta->Get(key, d)) {
        out = static_cast<T>(d);
        return true;
    }
    if (meta->Get(key, f)) {
        out = static_cast<T>(f);
        return true;
    }
    return false;
}

CharacterAxes readAxes(const aiScene* scene)
{
    CharacterAxes axes;
    const aiMetadata* meta = scene->mMetaData;
    axes.present = metaNumber(meta, "UpAxis", axes.upAxis);
    metaNumber(meta, "UpAxisSign", axes.upSign);
    metaNumber(meta, "FrontAxis", axes.frontAxis);
    metaNumber(meta, "FrontAxisSign", axes.frontSign);
    metaNumber(meta, "CoordAxis", axes.coordAxis);
    metaNumber(meta, "CoordAxisSign", axes.coordSign);
    if (metaNumber(meta, "UnitScaleFactor", axes.unitScaleFactor))
        axes.present = true;
    if (!metaNumber(meta, "OriginalUnitScaleFactor", axes.originalUnitScaleFactor))
        axes.originalUnitScaleFactor = axes.unitScaleFactor;
    return axes;
}

aiMatrix4x4 restLocal(const CharacterNode& n)
{
    const aiQuaternion r(static_cast<ai_real>(n.rotation[0]), static_cast<ai_real>(n.rotation[1]),
                         static_cast<ai_real>(n.rotation[2]), static_cast<ai_real>(n.rotation[3]));
    return aiMatrix4x4(aiVector3D(static_cast<ai_real>(n.scale[0]), static_cast<ai_real>(n.scale[1]),
                                  static_cast<ai_real>(n.scale[2])),
                       r,
                       aiVector3D(static_cast<ai_real>(n.translation[0]), static_cast<ai_real>(n.translation[1]),
                                  static_cast<ai_real>(n.translation[2])));
}

/// One aiNode per character node with its rest transform; nodes[0] is the root.
aiNode* buildTree(const Character& character)
{
    std::vector<aiNode*> nodes(character.nodes.size());
    std::vector<std::vector<aiNode*>> children(character.nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        nodes[i] = new aiNode(character.nodes[i].name);
        nodes[i]->mTransformation = restLocal(character.nodes[i]);
        if (character.nodes[i].parent >= 0)
            children[static_cast<std::size_t>(character.nodes[i].parent)].push_back(nodes[i]);
    }
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (!children[i].empty())
            nodes[i]->addChildren(static_cast<unsigned>(children[i].size()), children[i].data());
    }
    return nodes[0];
}

std::vector<aiMatrix4x4> restWorld(const Character& character)
{
    std::vector<aiMatrix4x4> world(character.nodes.size());
    for (std::size_t i = 0; i < world.size(); ++i) {
        const int p = character.nodes[i].parent;
        world[i] = p < 0 ? restLocal(character.nodes[i]) : world[static_cast<std::size_t>(p)] * restLocal(character.nodes[i]);
    }
    return world;
}

/// The marker mesh on the animated nodes at their rest transforms.
aiMesh* buildMarkers(const Character& character, const CharacterMotion& motion, double size)
{
    const std::vector<aiMatrix4x4> world = restWorld(character);
    std::vector<std::string> names;
    std::vector<aiMatrix4x4> rest;
    for (std::size_t i = 0; i < character.nodes.size(); ++i) {
        if (!motion.animated[i])
            continue;
        names.push_back(character.nodes[i].name);
        rest.push_back(world[i]);
    }
    return buildMarkerMesh(names, rest, size);
}

aiAnimation* buildAnimation(const Character& character, const CharacterMotion& motion, bool timesInSeconds)
{
    auto* anim = new aiAnimation();
    anim->mName = aiString("stepmotion");
    const double tick = timesInSeconds ? 1.0 / motion.fps : 1.0;
    anim->mTicksPerSecond = motion.fps;
    anim->mDuration = motion.frames - 1;
    std::vector<aiNodeAnim*> channels;
    const std::size_t n = character.nodes.size();
    const auto frames = static_cast<unsigned>(motion.frames);
    for (std::size_t i = 0; i < n; ++i) {
        if (!motion.animated[i])
            continue;
        auto* channel = new aiNodeAnim();
        channel->mNodeName = aiString(character.nodes[i].name);
        channel->mNumPositionKeys = frames;
        channel->mPositionKeys = new aiVectorKey[frames];
        channel->mNumRotationKeys = frames;
        channel->mRotationKeys = new aiQuatKey[frames];
        for (unsigned f = 0; f < frames; ++f) {
            const std::size_t k = motion.at(static_cast<int>(f), static_cast<int>(i), n);
            const auto& t = motion.translation[k];
            const auto& q = motion.rotation[k];
            channel->mPositionKeys[f] = aiVectorKey(f * tick, aiVector3D(static_cast<ai_real>(t[0]), static_cast<ai_real>(t[1]),
                                                                         static_cast<ai_real>(t[2])));
            channel->mRotationKeys[f] = aiQuatKey(f * tick, aiQuaternion(static_cast<ai_real>(q[0]), static_cast<ai_real>(q[1]),
                                                                         static_cast<ai_real>(q[2]), static_cast<ai_real>(q[3])));
        }
        const auto& s = character.nodes[i].scale;
        channel->mNumScalingKeys = 1;
        channel->mScalingKeys = new aiVectorKey[1];
        channel->mScalingKeys[0] = aiVectorKey(0.0, aiVector3D(static_cast<ai_real>(s[0]), static_cast<ai_real>(s[1]),
                                                               static_cast<ai_real>(s[2])));
        channels.push_back(channel);
    }
    anim->mNumChannels = static_cast<unsigned>(channels.size());
    anim->mChannels = new aiNodeAnim*[channels.size()];
    std::copy(channels.begin(), channels.end(), anim->mChannels);
    return anim;
}

/// The character's own FBX settings (Y up, +Z front, centimetres when it had none), and a
/// custom frame rate so that key times land on whole frames.
aiMetadata* buildMetadata(const CharacterAxes& axes, double fps)
{
    aiMetadata* meta = aiMetadata::Alloc(10);
    meta->Set(0, "UpAxis", int32_t(axes.upAxis));
    meta->Set(1, "UpAxisSign", int32_t(axes.upSign));
    meta->Set(2, "FrontAxis", int32_t(axes.frontAxis));
    meta->Set(3, "FrontAxisSign", int32_t(axes.frontSign));
    meta->Set(4, "CoordAxis", int32_t(axes.coordAxis));
    meta->Set(5, "CoordAxisSign", int32_t(axes.coordSign));
    meta->Set(6, "UnitScaleFactor", axes.unitScaleFactor);
    meta->Set(7, "OriginalUnitScaleFactor", axes.originalUnitScaleFactor);
    meta->Set(8, "TimeMode", int32_t(kFbxCustomTimeMode));
    meta->Set(9, "CustomFrameRate", fps);
    return meta;
}

} // namespace

CharacterScene readCharacterScene(const std::string& path)
{
    Assimp::Importer importer;
    importer.SetPropertyBool(AI_CONFIG_IMPORT_FBX_PRESERVE_PIVOTS, false);
    const aiScene* scene = readScene(importer, path);
    CharacterScene out;
    collect(scene->mRootNode, -1, out.nodes);
    out.axes = readAxes(scene);
    return out;
}

void writeCharacterScene(const Character& character, const CharacterMotion& motion, ExportFormat format,
                         const std::string& path, const std::string& name)
{
    if (motion.frames < 1)
        throw fileError(name, "nothing to export: the clip has no frames");
    const bool fbx = format == ExportFormat::Fbx || format == ExportFormat::FbxAscii;
    auto scene = std::make_unique<aiScene>();
    scene->mRootNode = buildTree(character);
    // Marker triangles of 2 cm in the file's unit.
    attachMarkerMesh(*scene, buildMarkers(character, motion, 0.02 / character.metresPerUnit));
    scene->mNumAnimations = 1;
    scene->mAnimations = new aiAnimation*[1];
    scene->mAnimations[0] = buildAnimation(character, motion, fbx);
    if (fbx)
        scene->mMetaData = buildMetadata(character.axes, motion.fps);
    exportRepaired(*scene, format, path, name, (motion.frames - 1) / motion.fps);
}

} // namespace stepmotion::assimp_io
