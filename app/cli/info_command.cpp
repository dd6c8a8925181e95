#include "amc_options.h"
#include "cli_args.h"
#include "commands.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/runtime/runtime_info.h"

#include <cstdio>
#include <iostream>

namespace stepmotion::cli {
namespace {

const char* const kInfoUsage =
    "usage: stepmotion info FILE [--asf SKELETON.asf] [--amc-fps 120]\n"
    "  frames, fps, joints and duration of a motion file: .bvh, .amc (CMU ASF/AMC: the .asf is\n"
    "  <stem>.asf or <subject>.asf beside it, or --asf; 120 fps unless --amc-fps), .npy (joints\n"
    "  or features), or an .fbx, .gltf or .glb with StepMotion's 22 named joints (as\n"
    "  `stepmotion export` writes them);\n"
    "  duration = (frames - 1) / fps, the time from the first frame to the last";

const char* kindName(MotionFileKind kind)
{
    switch (kind) {
    case MotionFileKind::Joints: return "joints (T x 22 x 3)";
    case MotionFileKind::Features: return "HumanML3D features (T x 263)";
    case MotionFileKind::Bvh: return "BVH";
    case MotionFileKind::Fbx: return "FBX (22 named joints, read with Assimp)";
    case MotionFileKind::Gltf: return "glTF (22 named joints, read with Assimp)";
    case MotionFileKind::AsfAmc: return "ASF/AMC (Acclaim)";
    }
    return "?";
}

} // namespace

int runInfo(int argc, char** argv)
{
    if (helpRequested(argc, argv, 2))
        return printHelp(kInfoUsage);
    const Args args(argc, argv, 2, {});
    args.requireKnown({"asf", "amc-fps"});
    if (args.positional().size() != 1)
        throw Error(kInfoUsage);
    const std::string& path = args.positional()[0];
    const MotionFileInfo info = inspectMotionFile(path, amcOptions(args, path));
    std::printf("file:     %s\n", path.c_str());
    std::printf("kind:     %s\n", kindName(info.kind));
    if (info.kind == MotionFileKind::AsfAmc)
        std::printf("skeleton: %s\n", info.skeleton.c_str());
    if (info.kind == MotionFileKind::Bvh || info.kind == MotionFileKind::AsfAmc)
        std::printf("rig:      %s\n", info.rig.empty() ? "unknown (cannot retarget)" : info.rig.c_str());
    std::printf("frames:   %d\n", info.frames);
    std::printf("fps:      %.3f\n", info.fps);
    std::printf("joints:   %d\n", info.joints);
    std::printf("duration: %.3f s\n", info.durationSeconds());
    return 0;
}

int runVersion()
{
    const RuntimeInfo info = runtimeInfo();
    std::cout << "stepmotion " << info.version << "\n"
              << "LibTorch " << info.torchVersion << "\n"
              << "CUDA " << (info.cudaAvailable ? "available" : "not available") << "\n";
    return 0;
}

} // namespace stepmotion::cli
