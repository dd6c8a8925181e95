// Import of the files we write: our own evaluation of the animation keys over the node
// hierarchy, so tests measure what a consumer of the file would see rather than trusting
// Assimp's post-processing.

#include "export/assimp_exporter.h"

#include "export/assimp_read.h"
#include "stepmotion/core/runtime/error.h"

#include <assimp/Importer.hpp>
#include <assimp/scene.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace stepmotion::assimp_io {

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
