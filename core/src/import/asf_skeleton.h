#pragma once
// Internal: an Acclaim skeleton as parsed from an .asf file, before it becomes a BVH
// hierarchy (asf_amc_reader.cpp). Not part of the public API.

#include <glm/glm.hpp>

#include <array>
#include <string>
#include <vector>

namespace stepmotion::asf_detail {

using Vec3 = glm::dvec3; // as everywhere in core; a declared Vec3 is not zeroed

/// A rotation or translation degree of freedom, in the order the .amc lists its values.
enum class Dof { Rx, Ry, Rz, Tx, Ty, Tz };

struct AsfBone {
    std::string name;
    Vec3 direction{0.0};        // unit vector, world rest axes
    double length = 0.0;        // ASF length units
    Vec3 axisDegrees{0.0};      // the bone's local axes relative to the world
    std::array<int, 3> axisOrder{0, 1, 2}; // "XYZ": X applied first
    std::vector<Dof> dofs;      // rotations only for bones
    int parent = -1;            // index into AsfSkeleton::bones, -1 for the root
    std::vector<int> children;  // in hierarchy order
    long line = 0;              // of its "begin", for messages
};

struct AsfSkeleton {
    double lengthUnit = 1.0;            // `:units length`: one ASF unit is 1/lengthUnit inch
    bool degrees = true;                // `:units angle`
    std::vector<Dof> rootOrder;         // the root's .amc values, in order
    std::array<int, 3> rootAxisOrder{0, 1, 2};
    Vec3 rootOrientationDegrees{0.0};
    std::vector<int> rootChildren;      // bones hanging from the root, in hierarchy order
    std::vector<AsfBone> bones;         // in file order
    int boneIndex(const std::string& name) const; // -1 when absent
};

/// Parses .asf text; throws Error "NAME:LINE: what is wrong".
AsfSkeleton parseAsf(const std::string& text, const std::string& name);

} // namespace stepmotion::asf_detail
