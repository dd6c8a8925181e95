#include "amc_options.h"
#include "cli_args.h"
#include "commands.h"
#include "output_path.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/export/motion_export.h"
#include "stepmotion/core/import/motion_io.h"

#include <algorithm>
#include <cstdio>

namespace stepmotion::cli {
namespace {

const char* const kConvertUsage =
    "usage: stepmotion convert IN OUT [--to joints|features|bvh] [--units m|cm]\n"
    "                          [--asf SKELETON.asf] [--amc-fps 120]   (IN: any file `info` reads)";

enum class Target { Joints, Features, Bvh };

Target chooseTarget(const std::string& out, const std::string& to)
{
    const std::string ext = lowerExtension(out);
    if (to.empty())
        return ext == ".bvh" ? Target::Bvh : Target::Joints;
    if (to == "joints" || to == "features") {
        if (ext != ".npy")
            throw Error(out + ": --to " + to + " writes a .npy file");
        return to == "joints" ? Target::Joints : Target::Features;
    }
    if (to == "bvh") {
        if (ext != ".bvh")
            throw Error(out + ": --to bvh writes a .bvh file");
        return Target::Bvh;
    }
    throw Error("--to must be joints, features or bvh (got '" + to + "')");
}

} // namespace

int runConvert(int argc, char** argv)
{
    if (helpRequested(argc, argv, 2))
        return printHelp(kConvertUsage);
    const Args args(argc, argv, 2, {});
    args.requireKnown({"to", "units", "asf", "amc-fps"});
    if (args.positional().size() != 2)
        throw Error(kConvertUsage);
    const std::string& in = args.positional()[0];
    const std::string& out = args.positional()[1];
    const Target target = chooseTarget(out, args.value("to"));
    const std::string units = args.value("units", "m");
    if (units != "m" && units != "cm")
        throw Error("--units must be m or cm (got '" + units + "')");
    if (target != Target::Bvh && args.has("units"))
        throw Error("--units applies to BVH output only");

    if (target == Target::Features) {
        const FeatureClip features = loadFeatureClip(in, amcOptions(args, in));
        saveFeaturesNpy(out, features);
        std::printf("%s: %d frames of 263-d features\n", out.c_str(), features.frames);
        return 0;
    }
    // Joints and BVH go through the export path `stepmotion export` uses, at the clip's own rate.
    const JointClip joints = loadJointClip(in, amcOptions(args, in));
    ExportOptions options;
    options.fps = joints.fps;
    options.format = target == Target::Joints ? ExportFormat::Npy : ExportFormat::Bvh;
    options.unit = units == "cm" ? LengthUnit::Centimetres : LengthUnit::Metres;
    exportMotion(joints, out, options);
    if (target == Target::Joints) {
        std::printf("%s: %d frames x 22 joints\n", out.c_str(), joints.frames);
        return 0;
    }
    std::printf("%s: %d frames at %.0f fps (%s)\n", out.c_str(), joints.frames, joints.fps, units.c_str());
    return 0;
}

} // namespace stepmotion::cli
