// The append-only response writer. POSIX on purpose: one write() on an O_APPEND descriptor
// followed by fsync() is the smallest sequence after which an answer survives a crash or a
// power loss; a torn write can only affect the last line, which the reader tolerates.

#include "stepmotion/core/study/study_responses.h"

#include "stepmotion/core/runtime/error.h"
#include "study/study_format.h"
#include "stepmotion/core/formats/file_paths.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace stepmotion {
namespace {

std::string errnoText()
{
    return std::strerror(errno);
}

// A crash inside write() can leave a partial record without its newline. Appending after it
// would glue the next record onto the fragment and corrupt a middle line, so cut it off:
// the fragment's append never returned, so no caller was told it was saved.
void dropTornTail(int fd, const std::string& path)
{
    struct stat st{};
    if (fstat(fd, &st) != 0)
        throw fileError(path, "cannot stat: " + errnoText());
    off_t end = st.st_size;
    char c = '\n';
    while (end > 0) {
        if (pread(fd, &c, 1, end - 1) != 1)
            throw fileError(path, "cannot read: " + errnoText());
        if (c == '\n')
            break;
        --end;
    }
    if (end != st.st_size && (ftruncate(fd, end) != 0 || fsync(fd) != 0))
        throw fileError(path, "cannot drop the incomplete last line: " + errnoText());
}

void syncDirectory(const std::string& dir)
{
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return; // best effort: the file's own fsync already holds its data
    fsync(fd);
    ::close(fd);
}

} // namespace

ResponseLog::ResponseLog(std::string path) : m_path(std::move(path))
{
    const std::filesystem::path parent = std::filesystem::path(m_path).parent_path();
    if (!parent.empty())
        makeDirectories(parent.string());
    std::error_code ec;
    const bool existed = std::filesystem::exists(m_path, ec);
    m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (m_fd < 0)
        throw fileError(m_path, "cannot open for appending: " + errnoText());
    try {
        dropTornTail(m_fd, m_path);
    } catch (...) {
        ::close(m_fd);
        m_fd = -1;
        throw;
    }
    if (!existed)
        syncDirectory(parent.empty() ? std::string(".") : parent.string());
}

ResponseLog::~ResponseLog()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

ResponseLog::ResponseLog(ResponseLog&& other) noexcept
    : m_path(std::move(other.m_path)), m_fd(std::exchange(other.m_fd, -1))
{
}

ResponseLog& ResponseLog::operator=(ResponseLog&& other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_path = std::move(other.m_path);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

void ResponseLog::append(const TrialResponse& response)
{
    if (m_fd < 0)
        throw fileError(m_path, "response log is closed");
    std::string line;
    try {
        line = trialResponseToJson(response) + "\n";
    } catch (const Error& e) {
        throw fileError(m_path, std::string("answer not saved: ") + e.what());
    }
    std::size_t written = 0;
    while (written < line.size()) {
        const ssize_t n = ::write(m_fd, line.data() + written, line.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw fileError(m_path, "answer not saved: " + errnoText());
        written += static_cast<std::size_t>(n);
    }
    if (fsync(m_fd) != 0)
        throw fileError(m_path, "answer not saved (fsync failed): " + errnoText());
}

} // namespace stepmotion
