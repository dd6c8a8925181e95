#include "stepmotion/core/formats/file_paths.h"

#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

namespace stepmotion {

std::string joinPath(const std::string& dir, const std::string& name)
{
    return dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
}

std::string lowerExtension(const std::string& path)
{
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

void makeDirectories(const std::string& dir)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (!std::filesystem::is_directory(dir))
        throw fileError(dir, "cannot create the folder" + (ec ? ": " + ec.message() : std::string()));
}

} // namespace stepmotion
