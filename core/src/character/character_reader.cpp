// loadCharacter: a character's skeleton at rest from BVH (the project's reader; frame 0 is the
// rest pose) or from FBX/glTF (Assimp's node tree), with its length unit.

#include "stepmotion/core/formats/file_paths.h"
#include "stepmotion/core/character/character.h"

#include "export/assimp_exporter.h"
#include "bvh/bvh_maths.h"
#include "stepmotion/core/runtime/error.h"

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

namespace stepmotion {
namespace {

/// BVH joints as nodes: translation = OFFSET plus (or replaced by) the rest frame's position
/// channels, rotation = the rest frame's Euler angles.
std::vector<CharacterNode> bvhNodes(const BvhClip& clip)
{
    const auto layouts = bvh_detail::jointLayouts(clip);
    const bool replaces = bvhTranslationReplacesOffset(clip);
    const double* rest = clip.frame(0);
    std::vector<CharacterNode> nodes;
    for (std::size_t j = 0; j < clip.joints.size(); ++j) {
        const BvhJoint& joint = clip.joints[j];
        CharacterNode n;
        n.name = joint.name;
        n.parent = joint.parent;
        n.translation = joint.offset;
        if (layouts[j].hasPosition) {
            for (int a = 0; a < 3; ++a)
                n.translation[static_cast<std::size_t>(a)] =
                    (replaces ? 0.0 : joint.offset[static_cast<std::size_t>(a)]) + rest[layouts[j].posIndex[a]];
        }
        if (layouts[j].hasRotation) {
            const glm::dvec3 degrees(rest[layouts[j].rotIndex[0]], rest[layouts[j].rotIndex[1]], rest[layouts[j].rotIndex[2]]);
            const glm::dquat q = bvh_detail::eulerToQuat(layouts[j].rotAxis, degrees);
            n.rotation = {q.w, q.x, q.y, q.z};
        }
        nodes.push_back(std::move(n));
    }
    return nodes;
}

/// The rest pose's tallest extent, for guessing a BVH file's unit: a person stands 1 to 2.5 m.
double restHeight(const std::vector<CharacterNode>& nodes)
{
    std::vector<glm::dvec3> world(nodes.size());
    std::vector<glm::dquat> rot(nodes.size());
    glm::dvec3 lo(1e300), hi(-1e300);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const CharacterNode& n = nodes[i];
        const glm::dvec3 t(n.translation[0], n.translation[1], n.translation[2]);
        const glm::dquat q(n.rotation[0], n.rotation[1], n.rotation[2], n.rotation[3]);
        if (n.parent < 0) {
            world[i] = t;
            rot[i] = q;
        } else {
            const auto p = static_cast<std::size_t>(n.parent);
            world[i] = world[p] + rot[p] * t;
            rot[i] = rot[p] * q;
        }
        lo = glm::min(lo, world[i]);
        hi = glm::max(hi, world[i]);
    }
    const glm::dvec3 extent = hi - lo;
    return std::max({extent.x, extent.y, extent.z});
}

double guessMetresPerUnit(double height)
{
    // Metres, centimetres, inches, CMU's ASF unit and millimetres: the one nearest 1.7 m.
    const double units[] = {1.0, 0.01, 0.0254, 0.056444, 0.001};
    double best = 1.0, bestError = 1e300;
    for (double u : units) {
        const double error = std::abs(std::log(height * u / 1.7));
        if (error < bestError) {
            bestError = error;
            best = u;
        }
    }
    return best;
}

} // namespace

int Character::nodeIndex(const std::string& name) const
{
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].name == name)
            return static_cast<int>(i);
    }
    return -1;
}

Character loadCharacter(const std::string& path)
{
    Character character;
    character.path = path;
    const std::string ext = lowerExtension(path);
    if (ext == ".bvh") {
        character.format = ExportFormat::Bvh;
        character.bvh = readBvh(path);
        if (character.bvh.frames < 1)
            throw fileError(path, "the BVH file has no frame to take the character's rest pose from");
        character.bvh.frames = 1;
        character.bvh.values.resize(static_cast<std::size_t>(character.bvh.channelCount));
        character.nodes = bvhNodes(character.bvh);
        character.metresPerUnit = guessMetresPerUnit(restHeight(character.nodes));
    } else if (ext == ".fbx" || ext == ".gltf" || ext == ".glb") {
        character.format = ext == ".fbx" ? ExportFormat::Fbx : ext == ".gltf" ? ExportFormat::Gltf : ExportFormat::Glb;
        assimp_io::CharacterScene scene = assimp_io::readCharacterScene(path);
        character.nodes = std::move(scene.nodes);
        if (character.format == ExportFormat::Fbx) {
            character.axes = scene.axes;
            character.metresPerUnit = scene.axes.unitScaleFactor > 0 ? scene.axes.unitScaleFactor / 100.0 : 0.01;
        } else {
            character.metresPerUnit = 1.0; // glTF is metres by definition
        }
    } else {
        throw fileError(path, "a character is read from .fbx, .gltf, .glb or .bvh (got '" + ext + "')");
    }
    if (character.nodes.size() < 2)
        throw fileError(path, "the file holds no skeleton (fewer than two nodes)");
    return character;
}

} // namespace stepmotion
