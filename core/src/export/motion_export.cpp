// exportMotion: validates, resamples, and routes each format to its writer. Skeletal formats
// all start from the same BVH rig (jointsToBvh: T-pose rest offsets, rotations solved by
// IK; or jointsToRig for the Bandai and CMU rigs), so BVH, FBX and glTF files of one clip
// carry identical motion.

#include "stepmotion/core/export/motion_export.h"

#include "export/assimp_exporter.h"
#include "export/export_files.h"
#include "bvh/bvh_maths.h"
#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/export/rig_export.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

namespace stepmotion {
namespace {

namespace fs = std::filesystem;

bool sameRate(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); }

void validate(const JointClip& clip, const std::string& path, const ExportOptions& options)
{
    const auto& rigs = exportRigNames();
    if (options.rig != "smpl22" && std::find(rigs.begin(), rigs.end(), options.rig) == rigs.end())
        throw fileError(path, "unknown rig '" + options.rig + "' (expected smpl22, bandai or cmu)");
    // The Bandai rig map reads its files as centimetres, so a BVH in metres would not read back.
    if (options.rig != "smpl22" && options.format == ExportFormat::Bvh && options.unit != LengthUnit::Centimetres &&
        loadExportRig(options.rig).centimetresOnly)
        throw fileError(path, options.rig + " BVH files are in centimetres: export them with --units cm");
    if (!(options.fps > 0) || !std::isfinite(options.fps))
        throw fileError(path, "the export frame rate must be a positive number");
    if (clip.frames < 1 || clip.joints != kJointCount ||
        clip.xyz.size() != static_cast<std::size_t>(clip.frames) * kJointCount * 3)
        throw fileError(path, "nothing to export: the clip must hold at least one frame of 22 joints");
    if (!(clip.fps > 0))
        throw fileError(path, "the clip's frame rate must be positive");
    for (float v : clip.xyz) {
        if (!std::isfinite(v))
            throw fileError(path, "the clip holds NaN or infinite positions");
    }
}

BvhClip solveRig(const JointClip& clip, const std::string& rigName, LengthUnit unit, double fps, const std::string& path,
                 RigChannels channels = RigChannels::RootMotion)
{
    try {
        BvhClip rig = rigName == "smpl22" ? jointsToBvh(clip, BvhWriteOptions{unit})
                                          : jointsToRig(clip, loadExportRig(rigName), unit, channels);
        BvhClip out = sameRate(fps, clip.fps) ? std::move(rig) : resampleBvh(rig, fps);
        // Last, after solving and resampling: 1e-6 file units, 1e-5 degrees, no binary noise.
        bvh_detail::roundBvhValues(out, 6, 5);
        return out;
    } catch (const Error& e) {
        throw fileError(path, e.what());
    }
}

void exportViaAssimp(const BvhClip& rig, LengthUnit unit, ExportFormat format, const std::string& path)
{
    writeThroughTemporaryFolder(path, [&](const std::string& tmp) { assimp_io::writeScene(rig, unit, format, tmp, path); });
}

} // namespace

/// Assimp writes in place (and a .gltf drags its .bin along), so it writes into a fresh
/// directory beside the target and every file is renamed into place, the named file last.
void writeThroughTemporaryFolder(const std::string& path, const std::function<void(const std::string&)>& write)
{
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string pattern = (dir / ".stepmotion-export-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        throw fileError(path, "cannot create a temporary folder in " + dir.string() + " (does it exist?)");
    const fs::path tmp(pattern);
    std::error_code ec;
    try {
        write((tmp / target.filename()).string());
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(tmp))
            files.push_back(entry.path());
        std::stable_partition(files.begin(), files.end(), [&](const fs::path& p) { return p.filename() != target.filename(); });
        for (const fs::path& file : files) {
            syncToDisk(file.string()); // Assimp never fsyncs: the bytes must be on disk before the rename
            fs::rename(file, dir / file.filename(), ec);
            if (ec)
                throw fileError(path, "cannot move " + file.filename().string() + " into place: " + ec.message());
        }
    } catch (...) {
        fs::remove_all(tmp, ec);
        throw;
    }
    fs::remove_all(tmp, ec);
    syncToDisk(dir.string()); // make the renames durable
}

ExportFormat formatFromName(const std::string& name)
{
    std::string n = name;
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (n == "bvh") return ExportFormat::Bvh;
    if (n == "fbx") return ExportFormat::Fbx;
    if (n == "fbxa") return ExportFormat::FbxAscii;
    if (n == "gltf") return ExportFormat::Gltf;
    if (n == "glb") return ExportFormat::Glb;
    if (n == "npy") return ExportFormat::Npy;
    throw Error("unknown export format '" + name + "' (expected bvh, fbx, fbxa, gltf, glb or npy)");
}

std::string formatExtension(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Bvh: return ".bvh";
    case ExportFormat::Fbx:
    case ExportFormat::FbxAscii: return ".fbx";
    case ExportFormat::Gltf: return ".gltf";
    case ExportFormat::Glb: return ".glb";
    case ExportFormat::Npy: return ".npy";
    }
    return {};
}

void exportMotion(const JointClip& clip, const std::string& path, const ExportOptions& options)
{
    validate(clip, path, options);
    switch (options.format) {
    case ExportFormat::Npy:
        saveJointsNpy(path, sameRate(options.fps, clip.fps) ? clip : resampleJointClip(clip, options.fps));
        return;
    case ExportFormat::Bvh:
        writeFileAtomically(path, formatBvh(solveRig(clip, options.rig, options.unit, options.fps, path, options.bvhChannels)));
        return;
    case ExportFormat::Fbx:
    case ExportFormat::FbxAscii:
        // Root motion on the top-most joint: Blender connects Bandai's Hips to joint_Root's
        // tail and then ignores Hips' translation keys.
        exportViaAssimp(solveRig(clip, options.rig, options.unit, options.fps, path), options.unit, options.format, path);
        return;
    case ExportFormat::Gltf:
    case ExportFormat::Glb:
        exportViaAssimp(solveRig(clip, options.rig, LengthUnit::Metres, options.fps, path), LengthUnit::Metres, options.format, path);
        return;
    }
}

JointClip importWithAssimp(const std::string& path) { return assimp_io::importJoints(path); }

JointClip importNodesWithAssimp(const std::string& path, const std::vector<std::string>& names)
{
    return assimp_io::importNodes(path, names);
}

AnimationSummary inspectWithAssimp(const std::string& path) { return assimp_io::summarize(path); }

} // namespace stepmotion
