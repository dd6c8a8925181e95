#pragma once
// NumPy .npy reading and writing (format versions 1.0, 2.0 and 3.0 headers; little-endian
// float32/float64; C order; any shape). Everything is held as float32 in memory, which is
// what models and the renderer use; float64 files are converted on read.

#include <cstddef>
#include <string>
#include <vector>

namespace stepmotion {

struct NpyArray {
    std::vector<std::size_t> shape;
    std::vector<float> data;  // product(shape) values, C order
    bool sourceWasFloat64 = false;

    std::size_t size() const;
};

/// Reads a .npy file. Throws stepmotion::Error naming the file and the problem (bad magic,
/// unsupported dtype, Fortran order, truncated data, a declared size larger than the file...).
NpyArray readNpy(const std::string& path);

/// Parses .npy bytes already in memory; `name` is used in error messages.
NpyArray parseNpy(const std::string& bytes, const std::string& name);

enum class NpyDtype { Float32, Float64 };

/// Writes `values` with `shape` atomically (temporary file, fsync, rename). Throws on failure.
void writeNpy(const std::string& path, const std::vector<std::size_t>& shape,
              const std::vector<float>& values, NpyDtype dtype = NpyDtype::Float32);

/// Serialises to .npy bytes (version 1.0 header, 64-byte aligned as NumPy writes it).
std::string serializeNpy(const std::vector<std::size_t>& shape, const std::vector<float>& values,
                         NpyDtype dtype = NpyDtype::Float32);

} // namespace stepmotion
