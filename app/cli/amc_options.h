#pragma once
// --asf and --amc-fps, the two options of every subcommand that reads a motion file: where an
// .amc's skeleton is (when it is not beside the .amc) and its frame rate (an .amc does not
// store one). Refused for other inputs, which would ignore them.

#include "cli_args.h"

#include "stepmotion/core/import/asf_amc.h"
#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace stepmotion::cli {

inline AsfAmcOptions amcOptions(const Args& args, const std::string& input)
{
    std::string ext = input.size() >= 4 ? input.substr(input.size() - 4) : std::string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    for (const char* option : {"asf", "amc-fps"})
        if (args.has(option) && ext != ".amc")
            throw Error(std::string("--") + option + " applies to an .amc input only (got " + input + ")");
    AsfAmcOptions options;
    options.asfPath = args.value("asf");
    options.fps = args.doubleValue("amc-fps", options.fps, 1.0, 10000.0);
    return options;
}

} // namespace stepmotion::cli
