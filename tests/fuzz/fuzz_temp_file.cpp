#include "fuzz_temp_file.h"

#include <cstdlib>
#include <stdexcept>

#include <unistd.h>

namespace stepmotion::fuzz {

TempInputFile::TempInputFile(const uint8_t* data, std::size_t size, const std::string& suffix)
{
    const char* tmp = std::getenv("TMPDIR");
    m_path = std::string(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : (tmp ? tmp : "/tmp")) +
             "/stepmotion-fuzz-XXXXXX" + suffix;
    const int fd = mkstemps(m_path.data(), static_cast<int>(suffix.size()));
    if (fd < 0)
        throw std::runtime_error("fuzz harness: cannot create " + m_path);
    std::size_t written = 0;
    while (written < size) {
        const ssize_t n = write(fd, data + written, size - written);
        if (n <= 0)
            break;
        written += static_cast<std::size_t>(n);
    }
    close(fd);
    if (written != size) {
        unlink(m_path.c_str());
        throw std::runtime_error("fuzz harness: cannot write " + m_path);
    }
}

TempInputFile::~TempInputFile() { unlink(m_path.c_str()); }

} // namespace stepmotion::fuzz
