// exportOntoCharacter: resample, retarget, and write in the character's own format: a BVH in
// its hierarchy, channel orders and unit, or its FBX/glTF node tree with the animation.

#include "stepmotion/core/character/character.h"

#include "export/assimp_exporter.h"
#include "bvh/bvh_maths.h"
#include "export/export_files.h"
#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/import/motion_io.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

namespace stepmotion {
namespace {

bool sameRate(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); }

const char* formatName(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Bvh: return "BVH";
    case ExportFormat::Fbx:
    case ExportFormat::FbxAscii: return "FBX";
    case ExportFormat::Gltf:
    case ExportFormat::Glb: return "glTF";
    case ExportFormat::Npy: break;
    }
    return "npy";
}

/// The format `path` asks for, which must be the character's (glTF as .gltf or .glb).
ExportFormat outputFormat(const std::string& path, const Character& character)
{
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const bool gltf = character.format == ExportFormat::Gltf || character.format == ExportFormat::Glb;
    if (gltf && (ext == ".gltf" || ext == ".glb"))
        return ext == ".gltf" ? ExportFormat::Gltf : ExportFormat::Glb;
    if (ext == formatExtension(character.format))
        return character.format;
    throw fileError(path, std::string("the character is a ") + formatName(character.format) +
                              " file and is written back in its own format: name the export " +
                              (gltf ? ".gltf or .glb" : formatExtension(character.format)));
}

/// The character's BVH hierarchy with the motion as its frames: translations where the file has
/// position channels (the pelvis's solved one, the others at rest), rotations in each joint's
/// own channel order, each Euler triple the one nearest the frame before.
BvhClip characterBvh(const Character& character, const CharacterMotion& motion)
{
    BvhClip out = character.bvh;
    // A root OFFSET under position channels is added to them by some readers and replaced by
    // others (Assimp): with the OFFSET zero and the whole translation in the channels all agree.
    const bool replaces = bvhTranslationReplacesOffset(out);
    const auto layouts = bvh_detail::jointLayouts(out);
    for (std::size_t j = 0; j < out.joints.size(); ++j) {
        if (out.joints[j].parent < 0 && !replaces && layouts[j].hasPosition)
            out.joints[j].offset = {0.0, 0.0, 0.0};
    }
    out.frames = motion.frames;
    out.frameTime = 1.0 / motion.fps;
    out.values.assign(static_cast<std::size_t>(out.frames) * static_cast<std::size_t>(out.channelCount), 0.0);
    const std::size_t n = out.joints.size();
    std::vector<glm::dvec3> euler(n, glm::dvec3(0.0));
    for (std::size_t j = 0; j < n; ++j) {
        for (int a = 0; a < 3 && layouts[j].hasRotation; ++a)
            euler[j][a] = character.bvh.frame(0)[layouts[j].rotIndex[a]];
    }
    for (int f = 0; f < out.frames; ++f) {
        double* values = out.frame(f);
        for (std::size_t j = 0; j < n; ++j) {
            const std::size_t k = motion.at(f, static_cast<int>(j), n);
            if (layouts[j].hasPosition) {
                for (int a = 0; a < 3; ++a) {
                    const double t = motion.translation[k][static_cast<std::size_t>(a)];
                    values[layouts[j].posIndex[a]] = replaces ? t : t - out.joints[j].offset[static_cast<std::size_t>(a)];
                }
            }
            if (!layouts[j].hasRotation)
                continue;
            const auto& q = motion.rotation[k]; // w, x, y, z: glm's constructor order
            const glm::dquat rotation = glm::normalize(glm::dquat(q[0], q[1], q[2], q[3]));
            euler[j] = bvh_detail::matrixToEuler(glm::mat3_cast(rotation), layouts[j].rotAxis, euler[j]);
            for (int a = 0; a < 3; ++a)
                values[layouts[j].rotIndex[a]] = euler[j][a];
        }
    }
    // 1e-6 file units and 1e-5 degrees, as the other BVH exports.
    bvh_detail::roundBvhValues(out, 6, 5);
    return out;
}

} // namespace

void exportOntoCharacter(const JointClip& clip, const Character& character, const CharacterMapping& mapping,
                         const std::string& path, double fps)
{
    if (!(fps > 0) || !std::isfinite(fps))
        throw fileError(path, "the export frame rate must be a positive number");
    const ExportFormat format = outputFormat(path, character);
    const CharacterMotion motion =
        retargetOntoCharacter(sameRate(fps, clip.fps) || clip.frames < 1 ? clip : resampleJointClip(clip, fps), character, mapping);
    if (format == ExportFormat::Bvh) {
        writeFileAtomically(path, formatBvh(characterBvh(character, motion)));
        return;
    }
    writeThroughTemporaryFolder(path, [&](const std::string& tmp) {
        assimp_io::writeCharacterScene(character, motion, format, tmp, path);
    });
}

} // namespace stepmotion
