#include "cli_args.h"
#include "commands.h"

#include "stepmotion/core/describer/describer_check.h"
#include "stepmotion/core/runtime/error.h"

#include <cstdio>

namespace stepmotion::cli {
namespace {

const char* const kDescriberCheckUsage =
    "usage: stepmotion describer-check DATA_TREE [--set auto|human] [--tolerance 0.25]";

} // namespace

int runDescriberCheck(int argc, char** argv)
{
    if (helpRequested(argc, argv, 2))
        return printHelp(kDescriberCheckUsage);
    const Args args(argc, argv, 2, {});
    args.requireKnown({"set", "tolerance"});
    if (args.positional().size() != 1)
        throw Error(kDescriberCheckUsage);
    DescriberCheckOptions options;
    const std::string set = args.value("set", "human");
    if (set == "auto")
        options.texts = FineMotionTextSet::Auto;
    else if (set == "human")
        options.texts = FineMotionTextSet::PreferHuman;
    else
        throw Error("--set must be auto or human (got '" + set + "')");
    options.windowToleranceS = args.doubleValue("tolerance", options.windowToleranceS, 0.0, 2.0);
    const DescriberCheckResult result = checkDescriberOnFineMotion(args.positional()[0], options);
    std::printf("describer vs FineMotion BPMSD (%s), windows = snippet span +-%.2f s\n",
                set == "auto" ? "BPMSD_auto" : "BPMSD_human where present, else BPMSD_auto", options.windowToleranceS);
    std::printf("%s", formatDescriberCheck(result).c_str());
    return 0;
}

} // namespace stepmotion::cli
