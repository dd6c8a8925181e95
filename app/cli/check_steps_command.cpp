// stepmotion data check-steps DIR: the timeline benchmark's physical checks on a dataset's own
// clips (dataset_step_checks.h), to see whether the data does what a step text asks.

#include "cli_args.h"

#include "stepmotion/core/dataset/dataset_reader.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/runtime/resource_paths.h"
#include "stepmotion/core/timeline/dataset_step_checks.h"

#include <iostream>

namespace stepmotion::cli {
namespace {

const char* const kCheckStepsUsage =
    "usage: stepmotion data check-steps DIR [--split train|val|test|all] [--checks MAP.json]\n"
    "  every step whose text MAP names a check for is checked on the clip's ground-truth joints over\n"
    "  its span; MAP is {\"step text\": \"check_name\"} (default: the bundled\n"
    "  benchmarks/data_step_checks.json, the describer's texts for each check)";

} // namespace

/// `data check-steps` (called by runData): prints one table row per mapped step text found.
int runDataCheckSteps(int argc, char** argv)
{
    if (helpRequested(argc, argv, 3))
        return printHelp(kCheckStepsUsage);
    const Args args(argc, argv, 3, {});
    args.requireKnown({"split", "checks"});
    if (args.positional().size() != 1)
        throw Error(kCheckStepsUsage);
    const auto checks = readStepCheckMap(args.value("checks", resourcePath("benchmarks/data_step_checks.json")));
    const DatasetIndex index = readDatasetIndex(args.positional().front(), args.value("split", "train"));
    const auto rows = checkDatasetSteps(index, checks);
    std::cout << index.dir << " (" << args.value("split", "train") << "): " << rows.size() << " of " << checks.size()
              << " mapped step texts found\n"
              << formatDatasetStepChecks(rows);
    return 0;
}

} // namespace stepmotion::cli
