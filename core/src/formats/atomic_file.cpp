#include "stepmotion/core/formats/atomic_file.h"

#include "stepmotion/core/runtime/error.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

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

// Unique among the threads and processes writing the same target at the same time.
std::string temporaryName(const std::string& path)
{
    return path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(::gettid());
}

// Writes all of `bytes` to `fd` and fsyncs it; returns "" or the reason it failed.
std::string writeAndSync(int fd, const std::string& bytes)
{
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return "write failed: " + systemError();
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0)
        return "cannot flush to disk: " + systemError();
    return {};
}

// Preferred route: an unnamed file (O_TMPFILE) in the target's directory, given a name only
// once its bytes are on disk. A process killed while writing leaves nothing behind. Returns
// false (having created nothing) when the file system does not support it.
bool writeUnnamedThenLink(const std::string& path, const std::string& tmp, const std::string& bytes)
{
#ifdef O_TMPFILE
    const int fd = ::open(directoryOf(path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0)
        return false;
    if (const std::string why = writeAndSync(fd, bytes); !why.empty()) {
        ::close(fd);
        throw fileError(path, why);
    }
    const std::string self = "/proc/self/fd/" + std::to_string(fd);
    const bool linked = ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, tmp.c_str(), AT_SYMLINK_FOLLOW) == 0;
    ::close(fd);
    return linked; // without /proc: fall back to the named route
#else
    (void)path, (void)tmp, (void)bytes;
    return false;
#endif
}

// Fallback: a named temporary file; a process killed while writing leaves `tmp` behind.
void writeNamed(const std::string& path, const std::string& tmp, const std::string& bytes)
{
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw fileError(path, "cannot create temporary file " + tmp + ": " + systemError());
    std::string why = writeAndSync(fd, bytes);
    if (::close(fd) != 0 && why.empty())
        why = "cannot flush to disk: " + systemError();
    if (!why.empty()) {
        ::unlink(tmp.c_str());
        throw fileError(path, why);
    }
}

} // namespace

void writeFileAtomically(const std::string& path, const std::string& bytes)
{
    const std::string tmp = temporaryName(path);
    if (!writeUnnamedThenLink(path, tmp, bytes))
        writeNamed(path, tmp, bytes);
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

void syncToDisk(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw fileError(path, "cannot open to flush it to disk: " + systemError());
    const bool ok = ::fsync(fd) == 0;
    const std::string why = ok ? std::string() : systemError();
    ::close(fd);
    if (!ok)
        throw fileError(path, "cannot flush to disk: " + why);
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

void copyFileAtomically(const std::string& from, const std::string& to)
{
    std::error_code ec;
    if (std::filesystem::exists(to, ec) && std::filesystem::equivalent(from, to, ec))
        return;
    writeFileAtomically(to, readWholeFile(from));
}

} // namespace stepmotion
