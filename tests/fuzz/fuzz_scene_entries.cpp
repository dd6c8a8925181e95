// Harness bodies for FBX and glTF through the Assimp import path (importWithAssimp,
// motion_export.h); see fuzz_entries.h. Assimp reads files only, and picks
// its importer by the extension, so the input is written to a temporary file first.

#include "fuzz_entries.h"

#include "fuzz_checks.h"
#include "fuzz_temp_file.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/export/motion_export.h"

#include <cmath>
#include <cstring>
#include <string>

namespace stepmotion::fuzz {
namespace {

bool fuzzScene(const uint8_t* data, std::size_t size, const std::string& suffix)
{
    const TempInputFile file(data, size, suffix);
    JointClip clip;
    try {
        clip = importWithAssimp(file.path());
    } catch (const Error&) {
        return false;
    }
    require(clip.frames >= 1 && clip.joints > 0, "an imported clip without frames or joints");
    require(clip.xyz.size() == static_cast<std::size_t>(clip.frames) * static_cast<std::size_t>(clip.joints) * 3,
            "imported positions != frames * joints * 3");
    require(std::isfinite(clip.fps) && clip.fps > 0,
            "imported clip without a positive frame rate (" + std::to_string(clip.fps) + " fps, " +
                std::to_string(clip.frames) + " frames)");
    return true;
}

} // namespace

bool fuzzFbx(const uint8_t* data, std::size_t size) { return fuzzScene(data, size, ".fbx"); }

bool fuzzGltf(const uint8_t* data, std::size_t size)
{
    // A binary glTF starts with the magic "glTF"; anything else is read as .gltf JSON.
    const bool binary = size >= 4 && std::memcmp(data, "glTF", 4) == 0;
    return fuzzScene(data, size, binary ? ".glb" : ".gltf");
}

} // namespace stepmotion::fuzz
