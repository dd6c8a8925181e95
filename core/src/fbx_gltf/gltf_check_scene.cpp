// glTF structure check: materials, cameras, skins, meshes, nodes, scenes and animations
// (gltf_checker.h), after the accessors they use were checked.

#include "fbx_gltf/gltf_checker.h"

#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace stepmotion::gltf_check::detail {

void Checker::checkImagesTexturesMaterials() const
{
    const json& images = objects("images");
    for (std::size_t i = 0; i < images.size(); ++i) {
        const std::string where = "images[" + std::to_string(i) + "]";
        reference(images[i], "bufferView", "bufferViews", where);
        stringField(images[i], "uri", where, false);
    }
    objects("samplers");
    const json& textures = objects("textures");
    for (std::size_t t = 0; t < textures.size(); ++t) {
        const std::string where = "textures[" + std::to_string(t) + "]";
        reference(textures[t], "source", "images", where);
        reference(textures[t], "sampler", "samplers", where);
    }
    const json& materials = objects("materials");
    for (std::size_t m = 0; m < materials.size(); ++m)
        checkTextureRefs(materials[m], "materials[" + std::to_string(m) + "]");
}

/// Every {"index": N} under a key ending in "Texture", at any depth.
void Checker::checkTextureRefs(const json& value, const std::string& where) const
{
    if (!value.is_object())
        return;
    for (auto it = value.begin(); it != value.end(); ++it) {
        const std::string& key = it.key();
        const std::string at = where + "." + key;
        if (key == "extras")
            continue;
        if (key.size() >= 7 && key.compare(key.size() - 7, 7, "Texture") == 0) {
            if (!it->is_object())
                fail(at, "is not an object");
            reference(*it, "index", "textures", at, true);
            integer(*it, "texCoord", at, false, 0);
        }
        checkTextureRefs(*it, at);
    }
}

void Checker::checkCameras() const
{
    const json& cameras = objects("cameras");
    for (std::size_t c = 0; c < cameras.size(); ++c) {
        const std::string where = "cameras[" + std::to_string(c) + "]";
        const std::string type = stringField(cameras[c], "type", where, true);
        if (type != "perspective" && type != "orthographic")
            fail(where + ".type", "is \"" + type + "\", not perspective or orthographic");
        const auto it = cameras[c].find(type);
        if (it == cameras[c].end() || !it->is_object())
            fail(where, "has no \"" + type + "\" object");
        for (auto v = it->begin(); v != it->end(); ++v) {
            if (v.key() != "extensions" && v.key() != "extras" && (!v->is_number() || !std::isfinite(v->get<double>())))
                fail(where + "." + type + "." + v.key(), "is not a finite number");
        }
    }
}

void Checker::checkSkins() const
{
    const json& skins = objects("skins");
    for (std::size_t s = 0; s < skins.size(); ++s) {
        const std::string where = "skins[" + std::to_string(s) + "]";
        const std::vector<std::int64_t> joints = references(skins[s], "joints", "nodes", where);
        if (joints.empty())
            fail(where + ".joints", "is missing or empty");
        reference(skins[s], "skeleton", "nodes", where);
        // glTF allows a skin without them (identity matrices), but Assimp 5.2 then reads
        // through a null pointer (fuzz_gltf); every exporter we know writes them.
        if (!skins[s].contains("inverseBindMatrices"))
            fail(where, "has no inverseBindMatrices (the glTF reader here needs them)");
        const AccessorInfo* ibm = accessor(skins[s], "inverseBindMatrices", where, true, {"MAT4"}, {5126});
        if (ibm->count < joints.size())
            fail(where + ".inverseBindMatrices", "holds " + std::to_string(ibm->count) + " matrices for " +
                                                     std::to_string(joints.size()) + " joints");
        if (!allFinite(*ibm))
            fail(where + ".inverseBindMatrices", "holds values that are not finite");
    }
}

/// Per mesh, the fewest joints of any skin placed with it (SIZE_MAX when none is): one pass
/// over the nodes.
std::vector<std::size_t> Checker::fewestSkinJoints() const
{
    std::vector<std::size_t> fewest(countOf("meshes"), SIZE_MAX);
    for (const json& node : objects("nodes")) {
        const auto m = node.find("mesh");
        const auto s = node.find("skin");
        if (m == node.end() || s == node.end() || !m->is_number_unsigned() || !s->is_number_unsigned() ||
            m->get<std::uint64_t>() >= fewest.size() || s->get<std::uint64_t>() >= countOf("skins"))
            continue;
        std::size_t& least = fewest[m->get<std::size_t>()];
        least = std::min<std::size_t>(least, doc_["skins"][s->get<std::size_t>()]["joints"].size());
    }
    return fewest;
}

void Checker::checkMeshes() const
{
    const json& meshes = objects("meshes");
    const std::vector<std::size_t> skinJoints = fewestSkinJoints();
    for (std::size_t m = 0; m < meshes.size(); ++m) {
        const std::string where = "meshes[" + std::to_string(m) + "]";
        const json& primitives = objects(meshes[m], "primitives", where + ".");
        if (primitives.empty())
            fail(where + ".primitives", "is missing or empty");
        std::size_t targets = SIZE_MAX;
        for (std::size_t p = 0; p < primitives.size(); ++p) {
            const std::string at = where + ".primitives[" + std::to_string(p) + "]";
            const std::size_t n = checkPrimitive(primitives[p], at, skinJoints[m]);
            if (targets != SIZE_MAX && n != targets)
                fail(at + ".targets", "differs in number from the mesh's first primitive");
            targets = n;
        }
        numbers(meshes[m], "weights", 0, where);
        if (meshes[m].contains("weights") && meshes[m]["weights"].size() != targets)
            fail(where + ".weights", "holds " + std::to_string(meshes[m]["weights"].size()) + " weights for " +
                                         std::to_string(targets) + " morph targets");
    }
}

/// Checks one primitive; returns its number of morph targets.
std::size_t Checker::checkPrimitive(const json& primitive, const std::string& where, std::size_t skinJoints) const
{
    const std::size_t vertices = checkAttributes(primitive, where, skinJoints);
    const std::int64_t mode = integer(primitive, "mode", where, false, 4);
    if (mode > 6)
        fail(where + ".mode", "is " + std::to_string(mode) + " (0 to 6)");
    const std::size_t elements = checkIndices(primitive, where, vertices);
    // Elements per primitive of each mode: points, lines, line loop/strip, triangles, strip/fan.
    static const std::size_t kMultiple[] = {1, 2, 1, 1, 3, 1, 1};
    static const std::size_t kLeast[] = {1, 2, 2, 2, 3, 3, 3};
    if (elements % kMultiple[mode] != 0 || elements < kLeast[mode])
        fail(where, std::to_string(elements) + " vertices do not make whole primitives of mode " + std::to_string(mode));
    reference(primitive, "material", "materials", where);
    return checkMorphTargets(primitive, where, vertices);
}

/// A primitive's attributes, POSITION first as it sets the vertex count, which every other
/// attribute must match; returns that count.
std::size_t Checker::checkAttributes(const json& primitive, const std::string& where, std::size_t skinJoints) const
{
    const auto attributes = primitive.find("attributes");
    if (attributes == primitive.end() || !attributes->is_object())
        fail(where + ".attributes", "is missing");
    const AccessorInfo* position = accessor(*attributes, "POSITION", where + ".attributes", true, {"VEC3"}, {5126});
    if (!allFinite(*position))
        fail(where + ".attributes.POSITION", "holds values that are not finite");
    const std::size_t vertices = position->count;
    for (auto it = attributes->begin(); it != attributes->end(); ++it) {
        const std::string& name = it.key();
        const std::string at = where + ".attributes";
        const AccessorInfo* info = attributeAccessor(*attributes, name, at);
        if (info->count != vertices)
            fail(at + "." + name, "holds " + std::to_string(info->count) + " elements for " +
                                      std::to_string(vertices) + " positions");
        if (name.rfind("JOINTS_", 0) == 0)
            checkJointIndices(*info, at + "." + name, skinJoints);
    }
    return vertices;
}

/// The accessor of attribute `name`, checked for the types and component types glTF allows
/// its semantic; any for an attribute of the application's own.
const AccessorInfo* Checker::attributeAccessor(const json& attributes, const std::string& name,
                                               const std::string& at) const
{
    if (name == "NORMAL")
        return accessor(attributes, "NORMAL", at, true, {"VEC3"}, {5126});
    if (name == "TANGENT")
        return accessor(attributes, "TANGENT", at, true, {"VEC4"}, {5126});
    if (name.rfind("TEXCOORD_", 0) == 0)
        return accessor(attributes, name.c_str(), at, true, {"VEC2"}, {5126, 5121, 5123});
    if (name.rfind("COLOR_", 0) == 0)
        return accessor(attributes, name.c_str(), at, true, {"VEC3", "VEC4"}, {5126, 5121, 5123});
    if (name.rfind("JOINTS_", 0) == 0)
        return accessor(attributes, name.c_str(), at, true, {"VEC4"}, {5121, 5123});
    if (name.rfind("WEIGHTS_", 0) == 0)
        return accessor(attributes, name.c_str(), at, true, {"VEC4"}, {5126, 5121, 5123});
    return accessor(attributes, name.c_str(), at, true, {}, {});
}

/// A JOINTS_n accessor names only joints of the skins its mesh is placed with (`skinJoints`,
/// the fewest of theirs; SIZE_MAX when the mesh has no skin, so nothing is read).
void Checker::checkJointIndices(const AccessorInfo& joints, const std::string& at, std::size_t skinJoints) const
{
    if (joints.sparse)
        fail(at, "is sparse (not supported for joints)");
    const double joint = skinJoints != SIZE_MAX ? maxValue(joints) : 0.0;
    if (joint >= static_cast<double>(skinJoints))
        fail(at, "names joint " + std::to_string(static_cast<std::uint64_t>(joint)) + " of a skin with " +
                     std::to_string(skinJoints));
}

/// A primitive's indices, if any, name only its vertices; returns the number of elements
/// drawn (the index count, or the vertex count without indices).
std::size_t Checker::checkIndices(const json& primitive, const std::string& where, std::size_t vertices) const
{
    const AccessorInfo* indices = accessor(primitive, "indices", where, false, {"SCALAR"}, {5121, 5123, 5125});
    if (!indices)
        return vertices;
    if (indices->sparse)
        fail(where + ".indices", "is sparse (not supported for indices)");
    const double vertex = maxValue(*indices);
    if (vertex >= static_cast<double>(vertices))
        fail(where + ".indices", "names vertex " + std::to_string(static_cast<std::uint64_t>(vertex)) + " of " +
                                     std::to_string(vertices));
    return indices->count;
}

/// Each morph target's accessors hold one element per vertex; returns the number of targets.
std::size_t Checker::checkMorphTargets(const json& primitive, const std::string& where, std::size_t vertices) const
{
    const json& targets = objects(primitive, "targets", where + ".");
    for (std::size_t t = 0; t < targets.size(); ++t) {
        const std::string at = where + ".targets[" + std::to_string(t) + "]";
        for (auto it = targets[t].begin(); it != targets[t].end(); ++it) {
            const AccessorInfo* info = accessor(targets[t], it.key().c_str(), at, true, {"VEC3", "VEC4"}, {5126, 5120, 5122});
            if (info->count != vertices)
                fail(at + "." + it.key(), "holds " + std::to_string(info->count) + " elements for " +
                                              std::to_string(vertices) + " positions");
        }
    }
    return targets.size();
}

void Checker::checkNodes() const
{
    const json& nodes = objects("nodes");
    std::vector<std::int64_t> parent(nodes.size(), -1);
    const std::size_t lights = lightCount();
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        const std::string where = "nodes[" + std::to_string(n) + "]";
        const json& node = nodes[n];
        for (const std::int64_t child : references(node, "children", "nodes", where)) {
            if (parent[static_cast<std::size_t>(child)] >= 0 || child == static_cast<std::int64_t>(n))
                fail(where + ".children", "names node " + std::to_string(child) + ", which already has a parent");
            parent[static_cast<std::size_t>(child)] = static_cast<std::int64_t>(n);
        }
        reference(node, "mesh", "meshes", where);
        reference(node, "skin", "skins", where);
        reference(node, "camera", "cameras", where);
        numbers(node, "matrix", 16, where);
        numbers(node, "translation", 3, where);
        numbers(node, "rotation", 4, where);
        numbers(node, "scale", 3, where);
        numbers(node, "weights", 0, where);
        const auto ext = node.find("extensions");
        if (ext != node.end() && ext->is_object() && ext->contains("KHR_lights_punctual")) {
            const json& light = (*ext)["KHR_lights_punctual"];
            if (!light.is_object())
                fail(where + ".extensions.KHR_lights_punctual", "is not an object");
            const std::int64_t l = integer(light, "light", where + ".extensions.KHR_lights_punctual", true);
            if (static_cast<std::size_t>(l) >= lights)
                fail(where + ".extensions.KHR_lights_punctual.light",
                     "is " + std::to_string(l) + ", but the file has " + std::to_string(lights) + " lights");
        }
    }
    // One parent each leaves cycles without any root; walking up finds them.
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        std::size_t steps = 0;
        for (std::int64_t up = parent[n]; up >= 0; up = parent[static_cast<std::size_t>(up)]) {
            if (++steps > nodes.size())
                fail("nodes[" + std::to_string(n) + "]", "is its own ancestor (the node hierarchy has a cycle)");
        }
    }
}

std::size_t Checker::lightCount() const
{
    const auto ext = doc_.find("extensions");
    if (ext == doc_.end() || !ext->is_object() || !ext->contains("KHR_lights_punctual"))
        return 0;
    const json& block = (*ext)["KHR_lights_punctual"];
    if (!block.is_object())
        fail("extensions.KHR_lights_punctual", "is not an object");
    const json& lights = objects(block, "lights", "extensions.KHR_lights_punctual.");
    for (std::size_t l = 0; l < lights.size(); ++l) {
        const std::string where = "extensions.KHR_lights_punctual.lights[" + std::to_string(l) + "]";
        const std::string type = stringField(lights[l], "type", where, true);
        if (type != "directional" && type != "point" && type != "spot")
            fail(where + ".type", "is \"" + type + "\", not directional, point or spot");
        numbers(lights[l], "color", 3, where);
    }
    return lights.size();
}

void Checker::checkScenes() const
{
    const json& scenes = objects("scenes");
    for (std::size_t s = 0; s < scenes.size(); ++s)
        references(scenes[s], "nodes", "nodes", "scenes[" + std::to_string(s) + "]");
    reference(doc_, "scene", "scenes", "the document");
}

/// Morph targets of the mesh on node `node`, which a weights channel animates.
std::size_t Checker::morphTargets(std::size_t node, const std::string& where) const
{
    const json& n = doc_["nodes"][node];
    const auto mesh = n.find("mesh");
    if (mesh == n.end())
        fail(where + ".target", "animates the weights of node " + std::to_string(node) + ", which has no mesh");
    const json& primitive = doc_["meshes"][mesh->get<std::size_t>()]["primitives"][0];
    const std::size_t targets = primitive.contains("targets") ? primitive["targets"].size() : 0;
    if (targets == 0)
        fail(where + ".target", "animates the weights of node " + std::to_string(node) +
                                    ", whose mesh has no morph targets");
    return targets;
}

void Checker::checkAnimations() const
{
    const json& animations = objects("animations");
    for (std::size_t a = 0; a < animations.size(); ++a) {
        const std::string where = "animations[" + std::to_string(a) + "]";
        const json& samplers = objects(animations[a], "samplers", where + ".");
        const json& channels = objects(animations[a], "channels", where + ".");
        std::vector<std::pair<std::size_t, std::size_t>> counts; // input, output elements
        std::vector<std::string> interpolation;
        for (std::size_t s = 0; s < samplers.size(); ++s) {
            const std::string at = where + ".samplers[" + std::to_string(s) + "]";
            const AccessorInfo* input = accessor(samplers[s], "input", at, true, {"SCALAR"}, {5126});
            if (input->sparse || !allFinite(*input))
                fail(at + ".input", "holds key times that are not finite");
            const AccessorInfo* output = accessor(samplers[s], "output", at, true, {}, {});
            const std::string how = samplers[s].contains("interpolation")
                                        ? stringField(samplers[s], "interpolation", at, false)
                                        : std::string("LINEAR");
            if (how != "LINEAR" && how != "STEP" && how != "CUBICSPLINE")
                fail(at + ".interpolation", "is \"" + how + "\", not LINEAR, STEP or CUBICSPLINE");
            counts.emplace_back(input->count, output->count);
            interpolation.push_back(how);
        }
        for (std::size_t c = 0; c < channels.size(); ++c) {
            const std::string at = where + ".channels[" + std::to_string(c) + "]";
            const std::int64_t s = integer(channels[c], "sampler", at, true);
            if (static_cast<std::size_t>(s) >= samplers.size())
                fail(at + ".sampler", "is " + std::to_string(s) + ", but the animation has " +
                                          std::to_string(samplers.size()) + " samplers");
            const auto target = channels[c].find("target");
            if (target == channels[c].end() || !target->is_object())
                fail(at + ".target", "is missing");
            reference(*target, "node", "nodes", at + ".target", true);
            const std::string pathName = stringField(*target, "path", at + ".target", true);
            const json& sampler = samplers[static_cast<std::size_t>(s)];
            const std::string outAt = at + " (sampler " + std::to_string(s) + ")";
            if (pathName == "translation" || pathName == "scale")
                accessor(sampler, "output", outAt, true, {"VEC3"}, {5126});
            else if (pathName == "rotation")
                accessor(sampler, "output", outAt, true, {"VEC4"}, {5126, 5120, 5121, 5122, 5123});
            else if (pathName == "weights")
                accessor(sampler, "output", outAt, true, {"SCALAR"}, {5126, 5120, 5121, 5122, 5123});
            else
                fail(at + ".target.path", "is \"" + pathName + "\", not translation, rotation, scale or weights");
            const auto [in, out] = counts[static_cast<std::size_t>(s)];
            const std::size_t perKey = interpolation[static_cast<std::size_t>(s)] == "CUBICSPLINE" ? 3 : 1;
            const std::size_t perTime =
                pathName == "weights" ? morphTargets(target->at("node").get<std::size_t>(), at) : 1;
            if (out != in * perKey * perTime)
                fail(outAt + ".output", "holds " + std::to_string(out) + " values for " + std::to_string(in) +
                                            " key times");
        }
    }
}

} // namespace stepmotion::gltf_check::detail
