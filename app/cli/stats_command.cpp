// stepmotion data stats DIR: summary of a HumanML3D-layout directory (a real HumanML3D or
// our own `data build` output), read through core's dataset_reader.h.

#include "cli_args.h"

#include "stepmotion/core/dataset/dataset_reader.h"
#include "stepmotion/core/runtime/error.h"

#include <iostream>

namespace stepmotion::cli {
namespace {

const char* const kStatsUsage =
    "usage: stepmotion data stats DIR [--split train|val|test|all] [--fine-texts DIR]\n"
    "                             [--bpmsd FILE.json] [--bpmp FILE.json] [--warnings]";

} // namespace

/// `data stats` (called by runData): prints the table and, with --warnings, every warning.
int runDataStats(int argc, char** argv)
{
    if (helpRequested(argc, argv, 3))
        return printHelp(kStatsUsage);
    const Args args(argc, argv, 3, {"warnings"});
    args.requireKnown({"split", "fine-texts", "bpmsd", "bpmp", "warnings"});
    if (args.positional().size() != 1)
        throw Error(kStatsUsage);
    DatasetReadOptions options;
    options.fineTextsDir = args.value("fine-texts");
    options.bpmsdJson = args.value("bpmsd");
    options.bpmpJson = args.value("bpmp");
    const DatasetIndex index = readDatasetIndex(args.positional().front(), args.value("split", "all"), options);
    std::cout << "dataset      " << index.dir << "\n"
              << formatDatasetStats(computeDatasetStats(index));
    if (args.flag("warnings"))
        for (const std::string& w : index.warnings)
            std::cout << "warning: " << w << "\n";
    else if (!index.warnings.empty())
        std::cout << "(first warning: " << index.warnings.front() << "; --warnings lists all)\n";
    return 0;
}

} // namespace stepmotion::cli
