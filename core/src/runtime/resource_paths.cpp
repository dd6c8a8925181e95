#include "stepmotion/core/runtime/resource_paths.h"

#include "stepmotion/core/runtime/error.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace stepmotion {
namespace {

namespace fs = std::filesystem;

bool looksLikeResources(const fs::path& dir)
{
    std::error_code ec;
    return fs::is_directory(dir / "rigs", ec);
}

fs::path executableDirectory()
{
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : self.parent_path();
}

} // namespace

std::string resourceDirectory()
{
    std::string tried;
    if (const char* env = std::getenv("STEPMOTION_RESOURCES"); env && *env) {
        if (looksLikeResources(env))
            return env;
        tried += std::string(" $STEPMOTION_RESOURCES=") + env;
    }
    const fs::path exeDir = executableDirectory();
    if (!exeDir.empty()) {
        // <prefix>/bin/stepmotion → <prefix>/share/stepmotion
        const fs::path installed = exeDir.parent_path() / STEPMOTION_INSTALL_DATADIR;
        if (looksLikeResources(installed))
            return installed.string();
        tried += " " + installed.string();
    }
    const fs::path source = STEPMOTION_SOURCE_RESOURCES;
    if (looksLikeResources(source))
        return source.string();
    tried += " " + source.string();
    throw Error("cannot find StepMotion's resources directory (tried:" + tried +
                "); set STEPMOTION_RESOURCES to the folder holding rigs/ and models/");
}

std::string resourcePath(const std::string& relative)
{
    return resourceDirectory() + "/" + relative;
}

} // namespace stepmotion
