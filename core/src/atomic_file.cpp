#include "stepmotion/core/atomic_file.h"

#include "stepmotion/core/error.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace stepmotion {
namespace {

std::string directoryOf(const std::string& path)
{
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string systemError() { return std::strerror(errno); }

} // namespace

void writeFileAtomically(const std::string& path, const std::string& bytes)
{
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw fileError(path, "cannot create temporary file " + tmp + ": " + systemError());
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const std::string why = systemError();
            ::close(fd);
            ::unlink(tmp.c_str());
            throw fileError(path, "write failed: " + why);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string why = systemError();
        ::unlink(tmp.c_str());
        throw fileError(path, "cannot flush to disk: " + why);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = systemError();
        ::unlink(tmp.c_str());
        throw fileError(path, "cannot replace file: " + why);
    }
    // Make the rename itself durable.
    const int dirFd = ::open(directoryOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
}

std::string readWholeFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw fileError(path, "cannot open file: " + systemError());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
        throw fileError(path, "read failed");
    return buffer.str();
}

} // namespace stepmotion
