// Arguments of `stepmotion study init`: --system and --seeds (the prompt list is read by core).

#include "study_cli.h"

#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <filesystem>

namespace stepmotion::cli {

namespace fs = std::filesystem;

std::vector<StudySystem> parseSystemArgs(const std::vector<std::string>& values)
{
    std::vector<StudySystem> systems;
    for (const std::string& v : values) {
        const auto eq = v.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == v.size())
            throw Error("--system must be ID=MODEL_DIR (got '" + v + "')");
        systems.push_back({v.substr(0, eq), "", fs::absolute(v.substr(eq + 1)).lexically_normal().string(), false});
    }
    return systems;
}

std::vector<uint64_t> parseSeedList(const std::string& text)
{
    std::vector<uint64_t> seeds;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, end - start);
        if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos || item.size() > 19)
            throw Error("--seeds must be a comma-separated list of non-negative integers (got '" + text + "')");
        seeds.push_back(std::stoull(item));
        start = end + 1;
    }
    return seeds;
}

} // namespace stepmotion::cli
