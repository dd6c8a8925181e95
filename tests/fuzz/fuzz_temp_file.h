#pragma once
// The fuzz input as a file, for readers that only take a path (responses, Assimp scenes).

#include <cstddef>
#include <cstdint>
#include <string>

namespace stepmotion::fuzz {

/// Writes the bytes to a fresh file in /dev/shm (else $TMPDIR, else /tmp) whose name ends in
/// `suffix` (Assimp picks its importer by extension); removed again when the scope ends.
class TempInputFile {
public:
    TempInputFile(const uint8_t* data, std::size_t size, const std::string& suffix = {});
    ~TempInputFile();
    TempInputFile(const TempInputFile&) = delete;
    TempInputFile& operator=(const TempInputFile&) = delete;

    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

} // namespace stepmotion::fuzz
