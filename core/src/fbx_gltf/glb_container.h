#pragma once
// The binary glTF container: a 12-byte header (magic "glTF", version, total length) and chunks
// of (uint32 length, uint32 type, data), the JSON chunk first. Shared by the glTF repair and
// the structure check. Not part of the public API.

#include <cstddef>
#include <cstdint>
#include <string>

namespace stepmotion::glb {

constexpr std::uint32_t kMagic = 0x46546C67; // "glTF"
constexpr std::uint32_t kJsonChunk = 0x4E4F534A; // "JSON"
constexpr std::uint32_t kBinChunk = 0x004E4942; // "BIN\0"
constexpr std::size_t kHeader = 12;
constexpr std::size_t kChunkHeader = 8;

/// Little-endian uint32 at `at`; the caller checks that four bytes are there.
inline std::uint32_t readU32(const std::string& bytes, std::size_t at)
{
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i)
        v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
    return v;
}

inline bool isGlb(const std::string& bytes) { return bytes.size() >= 4 && readU32(bytes, 0) == kMagic; }

} // namespace stepmotion::glb
