#include "export/assimp_read.h"

#include "fbx_gltf/fbx_check.h"
#include "fbx_gltf/gltf_check.h"
#include "stepmotion/core/runtime/error.h"

#include <stdexcept>

// Debian's Assimp is built with its assertions on, and its aiAssertViolation aborts: an FBX
// whose skin names a vertex its mesh lacks ended the program (fuzz_fbx; FBXConverter.cpp:1523,
// "out_idx != nullptr"). ai_assert.h lets the violation be customised, but Assimp 5.2 exports no
// handler setter, so this definition, linked into every program that reads through readScene,
// replaces the library's: it throws, and Importer::ReadFile catches that as any failed import.
namespace Assimp {
void aiAssertViolation(const char* failedExpression, const char* file, int line)
{
    throw std::runtime_error(std::string("Assimp's check \"") + failedExpression + "\" failed (" + file + ":" +
                             std::to_string(line) + ")");
}
} // namespace Assimp

namespace stepmotion::assimp_io {

const aiScene* readScene(Assimp::Importer& importer, const std::string& path)
{
    if (gltf_check::isGltf(path))
        gltf_check::checkFile(path);
    else if (fbx_check::isFbx(path))
        fbx_check::checkFile(path);
    const aiScene* scene = importer.ReadFile(path, 0u);
    if (!scene || !scene->mRootNode)
        throw fileError(path, std::string("Assimp cannot read it: ") + importer.GetErrorString());
    return scene;
}

} // namespace stepmotion::assimp_io
