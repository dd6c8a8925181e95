#include "amc_options.h"
#include "cli_args.h"
#include "commands.h"

#include "stepmotion/core/error.h"
#include "stepmotion/core/motion_io.h"
#include "stepmotion/core/runtime_info.h"

#include <cstdio>
#include <iostream>

namespace stepmotion::cli {
namespace {

const char* kindName(MotionFileKind kind)
{
    switch (kind) {
    case MotionFileKind::Joints: return "joints (T x 22 x 3)";
    case MotionFileKind::Features: return "HumanML3D features (T x 263)";
    case MotionFileKind::Bvh: return "BVH";
    case MotionFileKind::AsfAmc: return "ASF/AMC (Acclaim)";
    }
    return "?";
}

} // namespace

int runInfo(int argc, char** argv)
{
    const Args args(argc, argv, 2, {});
    args.requireKnown({"asf", "amc-fps"});
    if (args.positional().size() != 1)
        throw Error("usage: stepmotion info FILE [--asf SKELETON.asf] [--amc-fps 120]");
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
