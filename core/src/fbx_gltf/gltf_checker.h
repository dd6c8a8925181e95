#pragma once
// The glTF structure check's checker (gltf_check.h): one pass over a parsed document, split
// by what it checks: JSON fields and references (gltf_check.cpp), buffers and accessors
// (gltf_check_data.cpp), scene objects (gltf_check_scene.cpp). Not part of the public API.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace stepmotion::gltf_check::detail {

using nlohmann::json;

/// The JSON text and the binary chunk (empty when absent) of a file.
struct Container {
    std::string text;
    std::string bin;
    bool glb = false;
};

/// One accessor after its checks: where its elements lie and how to read them.
struct AccessorInfo {
    std::size_t count = 0;
    std::size_t components = 0;
    std::int64_t componentType = 0;
    std::string type;
    bool sparse = false;
    const std::string* data = nullptr; // the buffer's bytes
    std::size_t offset = 0; // of element 0 in `data`
    std::size_t stride = 0;
};

/// Component size in bytes of an accessor componentType, 0 for none.
std::size_t componentSize(std::int64_t type);

/// Components of an accessor type ("VEC3" -> 3), 0 for none.
std::size_t componentsOf(const std::string& type);

class Checker {
public:
    Checker(const json& doc, const Container& container, const std::string& path);
    void run();

private:
    const json& doc_;
    const Container& container_;
    const std::string& path_;
    std::vector<std::string> buffers_;
    std::vector<AccessorInfo> accessors_;

    [[noreturn]] void fail(const std::string& where, const std::string& what) const;
    /// The top-level array `key` (empty when absent), each item an object.
    const json& objects(const json& owner, const char* key, const std::string& where) const;
    const json& objects(const char* key) const { return objects(doc_, key, ""); }
    std::size_t countOf(const char* key) const;
    /// A non-negative integer field; `fallback` when absent and not required.
    std::int64_t integer(const json& owner, const char* key, const std::string& where, bool required,
                         std::int64_t fallback = -1) const;
    /// An index field naming an object of the top-level array `target`; -1 when absent.
    std::int64_t reference(const json& owner, const char* key, const char* target, const std::string& where,
                           bool required = false) const;
    /// Every item of the array field `key` as an index into `target`.
    std::vector<std::int64_t> references(const json& owner, const char* key, const char* target,
                                         const std::string& where) const;
    void numbers(const json& owner, const char* key, std::size_t size, const std::string& where) const;
    std::string stringField(const json& owner, const char* key, const std::string& where, bool required) const;
    void checkAsset() const;
    void checkBuffers();
    void checkBufferViews() const;
    /// Checks that `count` elements of `elementSize` bytes from `offset` in view `view` (with its
    /// stride, or `stride` when the view has none) lie inside the view; returns where they start.
    std::size_t placeInView(std::int64_t view, std::size_t offset, std::size_t count, std::size_t elementSize,
                            std::size_t& stride, const std::string& where) const;
    const std::string& viewBuffer(std::int64_t view) const;
    void checkAccessors();
    void checkSparse(const json& sparse, AccessorInfo& info, const std::string& where) const;
    static double readComponent(const std::string& data, std::size_t at, std::int64_t type);
    /// Largest component value of a non-sparse accessor (its data as stored).
    double maxValue(const AccessorInfo& info) const;
    bool allFinite(const AccessorInfo& info) const;
    /// The accessor named by `owner[key]`, checked for type and component types.
    const AccessorInfo* accessor(const json& owner, const char* key, const std::string& where, bool required,
                                 std::initializer_list<const char*> types,
                                 std::initializer_list<std::int64_t> componentTypes) const;
    void checkImagesTexturesMaterials() const;
    /// Every {"index": N} under a key ending in "Texture", at any depth.
    void checkTextureRefs(const json& value, const std::string& where) const;
    void checkCameras() const;
    void checkSkins() const;
    /// Per mesh, the fewest joints of any skin placed with it (SIZE_MAX when none is).
    std::vector<std::size_t> fewestSkinJoints() const;
    void checkMeshes() const;
    /// Checks one primitive; returns its number of morph targets.
    std::size_t checkPrimitive(const json& primitive, const std::string& where, std::size_t skinJoints) const;
    /// Checks a primitive's attributes; returns its number of vertices (POSITION's count).
    std::size_t checkAttributes(const json& primitive, const std::string& where, std::size_t skinJoints) const;
    /// The accessor of one attribute, checked for the formats its semantic allows.
    const AccessorInfo* attributeAccessor(const json& attributes, const std::string& name,
                                          const std::string& at) const;
    /// Checks that a JOINTS_n accessor names only joints of its mesh's skins.
    void checkJointIndices(const AccessorInfo& joints, const std::string& at, std::size_t skinJoints) const;
    /// Checks a primitive's indices; returns the number of elements it draws.
    std::size_t checkIndices(const json& primitive, const std::string& where, std::size_t vertices) const;
    /// Checks a primitive's morph targets; returns their number.
    std::size_t checkMorphTargets(const json& primitive, const std::string& where, std::size_t vertices) const;
    void checkNodes() const;
    std::size_t lightCount() const;
    void checkScenes() const;
    /// Morph targets of the mesh on node `node`, which a weights channel animates.
    std::size_t morphTargets(std::size_t node, const std::string& where) const;
    void checkAnimations() const;
};

} // namespace stepmotion::gltf_check::detail
