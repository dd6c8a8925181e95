#include "output_path.h"

#include "stepmotion/core/formats/file_paths.h"
#include "stepmotion/core/runtime/error.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace stepmotion::cli {
namespace {

namespace fs = std::filesystem;

std::string joined(const std::vector<std::string>& items)
{
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i == 0 ? "" : i + 1 == items.size() ? " or " : ", ") + items[i];
    return out;
}

/// Whether a new file can be created in `dir` (which exists and is a folder).
bool acceptsNewFile(const fs::path& dir)
{
    const fs::path probe = dir / (".stepmotion-write-check-" + std::to_string(::getpid()));
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return false;
    ::close(fd);
    std::error_code ec;
    fs::remove(probe, ec);
    return true;
}

void requireWritableDir(const fs::path& dir, const std::string& path, const std::string& option)
{
    std::error_code ec;
    if (!fs::exists(dir, ec))
        throw fileError(path, option + ": the folder " + dir.string() + " does not exist");
    if (!fs::is_directory(dir, ec))
        throw fileError(path, option + ": " + dir.string() + " is not a folder");
    if (!acceptsNewFile(dir))
        throw fileError(path, option + ": the folder " + dir.string() + " is not writable");
}

} // namespace

void requireWritableFile(const std::string& path, const std::string& option, const std::vector<std::string>& extensions)
{
    if (path.empty())
        throw Error(option + " needs a file name");
    std::error_code ec;
    if (fs::is_directory(path, ec))
        throw fileError(path, option + " names a folder, not a file");
    if (!extensions.empty() && std::find(extensions.begin(), extensions.end(), lowerExtension(path)) == extensions.end())
        throw fileError(path, option + " must name a " + joined(extensions) + " file");
    const fs::path dir = fs::path(path).parent_path();
    requireWritableDir(dir.empty() ? fs::path(".") : dir, path, option);
}

void requireWritableFolder(const std::string& path, const std::string& option)
{
    if (path.empty())
        throw Error(option + " needs a folder name");
    std::error_code ec;
    fs::path dir = fs::absolute(fs::path(path), ec).lexically_normal();
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
        throw fileError(path, option + " names a file, not a folder");
    while (!fs::exists(dir, ec) && dir.has_parent_path() && dir.parent_path() != dir)
        dir = dir.parent_path();
    requireWritableDir(dir, path, option);
}

} // namespace stepmotion::cli
