#include "stepmotion/core/import/motion_io.h"

#include "bvh/bvh_maths.h"

#include "stepmotion/core/import/asf_amc.h"
#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/export/motion_export.h"
#include "stepmotion/core/formats/npy.h"
#include "stepmotion/core/runtime/resource_paths.h"
#include "stepmotion/core/import/retarget.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace stepmotion {
namespace {

bool hasExtension(const std::string& path, const std::string& ext)
{
    if (path.size() < ext.size())
        return false;
    std::string tail = path.substr(path.size() - ext.size());
    for (char& c : tail)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return tail == ext;
}

bool isJointsShape(const NpyArray& a)
{
    return a.shape.size() == 3 && a.shape[1] == static_cast<std::size_t>(kJointCount) && a.shape[2] == 3;
}

bool isFeaturesShape(const NpyArray& a)
{
    return a.shape.size() == 2 && a.shape[1] == static_cast<std::size_t>(kFeatureDim);
}

// Names the first non-finite value by frame and position within the frame (`frameWidth`
// values per frame: 66 for joints, where it also names the joint and axis, 263 for features).
void requireFinite(const std::vector<float>& values, std::size_t frameWidth, const std::string& name)
{
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::isfinite(values[i]))
            continue;
        const std::size_t within = i % frameWidth;
        const std::string where = frameWidth == 3 * static_cast<std::size_t>(kJointCount)
                                      ? "joint " + std::to_string(within / 3) + " " + std::string(1, "xyz"[within % 3])
                                      : "value " + std::to_string(within);
        throw fileError(name, "frame " + std::to_string(i / frameWidth) + ", " + where + " is " +
                                  (std::isnan(values[i]) ? "NaN" : "infinite") + " (motions must be finite)");
    }
}

[[noreturn]] void throwUnknownShape(const NpyArray& a, const std::string& path)
{
    std::string shape;
    for (std::size_t i = 0; i < a.shape.size(); ++i)
        shape += (i ? " x " : "") + std::to_string(a.shape[i]);
    throw fileError(path, "array of shape " + (shape.empty() ? std::string("()") : shape) +
                              " is neither joints (T x 22 x 3) nor HumanML3D features (T x 263)");
}

FeatureClip featureClipFromNpy(const NpyArray& a, const std::string& path)
{
    requireFinite(a.data, static_cast<std::size_t>(kFeatureDim), path);
    FeatureClip clip(static_cast<int>(a.shape[0]));
    clip.values = a.data;
    return clip;
}

bool isAssimpScene(const std::string& path, MotionFileKind* kind = nullptr)
{
    const bool fbx = hasExtension(path, ".fbx");
    const bool gltf = hasExtension(path, ".gltf") || hasExtension(path, ".glb");
    if (kind)
        *kind = fbx ? MotionFileKind::Fbx : MotionFileKind::Gltf;
    return fbx || gltf;
}

constexpr const char* kKnownTypes = "expected .bvh, .amc, .npy, .fbx, .gltf or .glb";

/// The joints of an FBX/glTF/GLB at its own rate. Key times come back rounded (glTF stores
/// float32 seconds), so 30 fps reads back a hair off: a rate within 1e-4 of a whole number is
/// that number, as for BVH frame times.
JointClip sceneAtItsRate(const std::string& path)
{
    JointClip clip = importWithAssimp(path);
    clip.fps = bvh_detail::effectiveFps(1.0 / clip.fps);
    return clip;
}

/// An FBX/glTF/GLB as written by `stepmotion export` (any frame rate) → 20 fps.
JointClip importedScene(const std::string& path)
{
    const JointClip clip = sceneAtItsRate(path);
    return std::abs(clip.fps - kFps) <= 1e-6 * kFps ? clip : resampleJointClip(clip, kFps);
}

JointClip retargetedBvh(const std::string& path, const AsfAmcOptions& amc)
{
    const BvhClip source = readRigClip(path, amc);
    const std::vector<RigMap> rigs = loadRigMaps(resourcePath("rigs"));
    const RigMap& rig = detectRig(source, rigs, path);
    const bool needsResample = std::abs(source.fps() - kFps) > 1e-6;
    const BvhClip clip = needsResample ? resampleBvh(source, kFps) : source;
    JointClip joints = retarget(clip, rig);
    joints.fps = kFps;
    return joints;
}

} // namespace

JointClip jointClipFromNpy(const NpyArray& array, const std::string& name)
{
    if (!isJointsShape(array))
        throw fileError(name, "expected a joints array of shape T x 22 x 3");
    requireFinite(array.data, 3 * static_cast<std::size_t>(kJointCount), name);
    JointClip clip(static_cast<int>(array.shape[0]), kJointCount, kFps);
    clip.xyz = array.data;
    return clip;
}

MotionFileInfo inspectMotionFile(const std::string& path, const AsfAmcOptions& amc)
{
    MotionFileInfo info;
    if (isRigMotionFile(path)) {
        const BvhClip clip = readRigClip(path, amc);
        info.kind = hasExtension(path, ".amc") ? MotionFileKind::AsfAmc : MotionFileKind::Bvh;
        if (info.kind == MotionFileKind::AsfAmc)
            info.skeleton = findAsfForAmc(path, amc.asfPath);
        info.frames = clip.frames;
        info.joints = static_cast<int>(clip.joints.size());
        info.fps = clip.fps();
        try {
            const std::vector<RigMap> rigs = loadRigMaps(resourcePath("rigs"));
            info.rig = detectRig(clip, rigs, path).name;
        } catch (const Error&) {
            info.rig.clear(); // an unknown rig is still a readable BVH
        }
        return info;
    }
    if (isAssimpScene(path, &info.kind)) {
        const JointClip clip = sceneAtItsRate(path);
        info.frames = clip.frames;
        info.joints = clip.joints;
        info.fps = clip.fps;
        return info;
    }
    if (!hasExtension(path, ".npy"))
        throw fileError(path, std::string("unknown motion file type (") + kKnownTypes + ")");
    const NpyArray a = readNpy(path);
    if (isJointsShape(a)) {
        info.kind = MotionFileKind::Joints;
        info.joints = kJointCount;
    } else if (isFeaturesShape(a)) {
        info.kind = MotionFileKind::Features;
        info.joints = kJointCount;
    } else {
        throwUnknownShape(a, path);
    }
    info.frames = static_cast<int>(a.shape[0]);
    return info;
}

JointClip resampleJointClip(const JointClip& clip, double fps)
{
    if (clip.frames < 1 || !(fps > 0) || !(clip.fps > 0))
        throw Error("resampleJointClip: needs at least one frame and positive frame rates");
    const double last = (clip.frames - 1) / clip.fps;
    const int frames = static_cast<int>(std::floor(last * fps + 1e-9)) + 1;
    JointClip out(frames, clip.joints, fps);
    for (int f = 0; f < frames; ++f) {
        const double s = f / fps * clip.fps;
        const int a = std::min(static_cast<int>(std::floor(s)), clip.frames - 1);
        const int b = std::min(a + 1, clip.frames - 1);
        const auto u = static_cast<float>(s - a);
        for (int j = 0; j < clip.joints; ++j)
            for (int k = 0; k < 3; ++k)
                out.at(f, j)[k] = clip.at(a, j)[k] + (clip.at(b, j)[k] - clip.at(a, j)[k]) * u;
    }
    return out;
}

JointClip loadJointClip(const std::string& path, const AsfAmcOptions& amc)
{
    if (isRigMotionFile(path))
        return retargetedBvh(path, amc);
    if (isAssimpScene(path))
        return importedScene(path);
    if (!hasExtension(path, ".npy"))
        throw fileError(path, std::string("unknown motion file type (") + kKnownTypes + ")");
    const NpyArray a = readNpy(path);
    if (isJointsShape(a))
        return jointClipFromNpy(a, path);
    if (isFeaturesShape(a))
        return decodeFeatures(featureClipFromNpy(a, path));
    throwUnknownShape(a, path);
}

FeatureClip loadFeatureClip(const std::string& path, const AsfAmcOptions& amc)
{
    if (hasExtension(path, ".npy")) {
        const NpyArray a = readNpy(path);
        if (isFeaturesShape(a))
            return featureClipFromNpy(a, path);
        if (isJointsShape(a))
            return encodeFeatures(jointClipFromNpy(a, path));
        throwUnknownShape(a, path);
    }
    return encodeFeatures(loadJointClip(path, amc));
}

bool isRigMotionFile(const std::string& path)
{
    return hasExtension(path, ".bvh") || hasExtension(path, ".amc") || hasExtension(path, ".asf");
}

BvhClip readRigClip(const std::string& path, const AsfAmcOptions& amc)
{
    if (hasExtension(path, ".bvh"))
        return readBvh(path);
    if (hasExtension(path, ".amc"))
        return readAsfAmc(path, amc);
    if (hasExtension(path, ".asf"))
        throw fileError(path, "an .asf file holds only a skeleton: open the .amc motion that uses it");
    throw fileError(path, "not a rig motion file (expected .bvh or .amc)");
}

void saveJointsNpy(const std::string& path, const JointClip& joints)
{
    writeNpy(path, {static_cast<std::size_t>(joints.frames), static_cast<std::size_t>(joints.joints), 3}, joints.xyz);
}

void saveFeaturesNpy(const std::string& path, const FeatureClip& features)
{
    writeNpy(path, {static_cast<std::size_t>(features.frames), static_cast<std::size_t>(kFeatureDim)},
             features.values);
}

} // namespace stepmotion
