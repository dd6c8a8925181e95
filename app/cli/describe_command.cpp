#include "amc_options.h"
#include "cli_args.h"
#include "commands.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/describer/step_describer.h"
#include "stepmotion/core/steps/steps.h"

#include <cstdio>

namespace stepmotion::cli {
namespace {

const char* const kDescribeUsage =
    "usage: stepmotion describe FILE [--out STEPS.json] [--json] [--asf SKELETON.asf] [--amc-fps 120]";

} // namespace

int runDescribe(int argc, char** argv)
{
    if (helpRequested(argc, argv, 2))
        return printHelp(kDescribeUsage);
    const Args args(argc, argv, 2, {"json"});
    args.requireKnown({"out", "json", "asf", "amc-fps"});
    if (args.positional().size() != 1)
        throw Error(kDescribeUsage);
    const JointClip joints = loadJointClip(args.positional()[0], amcOptions(args, args.positional()[0]));
    const StepList steps = describeMotion(joints);
    if (args.has("out")) {
        saveStepList(args.value("out"), steps);
        std::printf("%s: %zu steps\n", args.value("out").c_str(), steps.steps.size());
        return 0;
    }
    if (args.flag("json")) {
        std::printf("%s\n", stepListToJson(steps).c_str());
        return 0;
    }
    if (!steps.coarse.empty())
        std::printf("%s\n", steps.coarse.c_str());
    for (const Step& step : steps.steps) {
        std::string parts;
        for (const BodyPart part : step.bodyParts)
            parts += (parts.empty() ? "" : ",") + std::string(bodyPartName(part));
        std::printf("%5.2f-%5.2f s  [%s]  %s\n", step.start, step.end, parts.c_str(), step.text.c_str());
    }
    return 0;
}

} // namespace stepmotion::cli
