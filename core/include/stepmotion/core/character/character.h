#pragma once
// Putting a 22-joint clip onto the user's own character: any humanoid skeleton read from an
// FBX, glTF/GLB or BVH file. The character keeps its bones (lengths, rest rotations, extra
// joints, units, axes, names); only rotations are solved:
//  - the 22 joints are found on the character by name (Mixamo, Unreal mannequin, Unity
//    Humanoid, Blender metarig/Rigify, CMU/cgspeed, Daz, Bandai) and by structure (the pelvis
//    joins the thighs, the chest the collars, the spine runs between them), or read from a
//    mapping JSON the user edits;
//  - each mapped bone is turned, by the smallest rotation from its rest pose under its parent,
//    so that it points where the clip's bone points (the pelvis and chest, which hold several
//    bones, get the least-squares rotation); joints the mapping does not name (fingers, twist
//    bones, props) keep their rest rotation;
//  - the root path is scaled by the character's leg length over the clip's, in the
//    character's axes (found from its rest pose: head above pelvis, left hip on the left);
//  - the pelvis height is corrected frame by frame so that the lower foot stands as high
//    above its rest height as the clip's foot above the clip's floor, scaled (feet stay planted;
//    see clipFloorHeights). That is for a character modelled standing on its ground (feet level,
//    within a tenth of a leg of height 0); any other rest pose (a BVH rig with its hips at the
//    origin, a capture's first frame) has its feet planted where the clip's are, scaled, above 0.
// The export is written in the character's own format, node tree, rest transforms and, for
// FBX, its axis and unit settings, so it lines up with the original character on re-import.

#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/motion/motion.h"
#include "stepmotion/core/export/motion_export.h"
#include "stepmotion/core/import/retarget.h"
#include "stepmotion/core/motion/skeleton.h"

#include <array>
#include <string>
#include <vector>

namespace stepmotion {

/// One node of a character file at rest: local transform = T * R * S, in file units.
struct CharacterNode {
    std::string name;
    int parent = -1;                               // index into Character::nodes, -1 for a root
    std::array<double, 3> translation{};
    std::array<double, 4> rotation{1.0, 0.0, 0.0, 0.0}; // unit quaternion w, x, y, z
    std::array<double, 3> scale{1.0, 1.0, 1.0};
};

/// FBX axis and unit settings (GlobalSettings), kept to write them back unchanged.
struct CharacterAxes {
    bool present = false;
    int upAxis = 1, upSign = 1, frontAxis = 2, frontSign = 1, coordAxis = 0, coordSign = 1;
    double unitScaleFactor = 1.0;         // centimetres per file unit
    double originalUnitScaleFactor = 1.0;
};

struct Character {
    std::string path;
    ExportFormat format = ExportFormat::Bvh; // Bvh, Fbx, Gltf or Glb: what an export writes
    std::vector<CharacterNode> nodes;        // every node (joints, meshes, helpers), parents first
    double metresPerUnit = 1.0;              // FBX: UnitScaleFactor / 100; glTF: 1; BVH: from its legs
    CharacterAxes axes;                      // FBX only
    BvhClip bvh;                             // BVH only: the hierarchy and its rest frame (frame 0)

    int nodeIndex(const std::string& name) const; // -1 when absent
};

/// Reads a character's skeleton: .bvh with the project's BVH reader (the first frame is the
/// rest pose), .fbx/.gltf/.glb through Assimp (node rest transforms; meshes are not read).
/// Throws Error naming the file when it cannot be read or holds no nodes.
Character loadCharacter(const std::string& path);

/// Where each of the 22 joints lies on the character: a node's origin, or a point between a
/// node and its child (RigJointSource, as the rig maps have it); `from` empty where unknown.
struct CharacterMapping {
    std::array<RigJointSource, kJointCount> joints;
    /// How each joint was found: "name", "structure", "file" (a mapping JSON) or "" (not).
    std::array<std::string, kJointCount> how;

    /// The joints (snake_case names) with no node.
    std::vector<std::string> unmapped() const;
    /// The same as one line for messages: "left_foot, right_foot".
    std::string unmappedList() const;
};

/// The automatic mapping, as far as names and structure reach; see unmapped().
CharacterMapping guessCharacterMapping(const Character& character);

/// guessCharacterMapping, required complete: throws Error naming the character file, the joints
/// it could not map and how to map them by hand (a mapping JSON).
CharacterMapping mapCharacter(const Character& character);

/// Reads a mapping JSON {"joints": {"pelvis": "mixamorig:Hips", "spine2": {"from": "Spine",
/// "to": "Spine1", "t": 0.5}, ...}} (a node name, or a point between a node and its child, as in
/// the rig maps). Joints it leaves out are
/// guessed as mapCharacter does; every named node must exist in the character. Errors name the
/// mapping file and the field.
CharacterMapping loadCharacterMapping(const std::string& path, const Character& character);

/// The mapping as the JSON loadCharacterMapping reads ("" for unmapped joints), for editing.
std::string formatCharacterMapping(const CharacterMapping& mapping, const Character& character);

/// The clip solved onto the character: per frame, every node's local transform (file units).
/// Nodes outside `animated` keep their rest transform.
struct CharacterMotion {
    int frames = 0;
    double fps = kFps;
    std::vector<bool> animated;                     // per node: the pelvis and every node below it
    std::vector<std::array<double, 3>> translation; // frames * nodes
    std::vector<std::array<double, 4>> rotation;    // frames * nodes, w x y z
    /// The axes found in the rest pose: clip axis k (X left, Y up, Z forward) is the
    /// character's world axis `axis[k]`, signed by `sign[k]`.
    std::array<int, 3> axis{0, 1, 2};
    std::array<int, 3> sign{1, 1, 1};
    double pathScale = 1.0; // file units per clip metre: the character's leg over the clip's

    std::size_t at(int frame, int node, std::size_t nodes) const { return static_cast<std::size_t>(frame) * nodes + static_cast<std::size_t>(node); }
};

/// Solves `clip` (metres, Y up, >= 1 frame) onto the character. Throws Error when the mapping
/// is incomplete, when a mapped joint or its ancestors carry a non-uniform or mirroring scale,
/// or when the rest pose shows no up and left axes.
CharacterMotion retargetOntoCharacter(const JointClip& clip, const Character& character, const CharacterMapping& mapping);

/// The floor the clip stands on, per foot point (left ankle, right ankle, left toe, right toe):
/// the height each one is at or below on a tenth of the frames (its planted height, robust to
/// a stray low frame and to a clip that drifts up after its first frames). Below it the foot
/// counts as on the floor.
std::array<double, 4> clipFloorHeights(const JointClip& clip);

/// World positions of every node of the character over the motion, in the clip's convention
/// (metres, Y up, facing +Z; the character at its own size): for previews and checks.
JointClip characterWorldPositions(const Character& character, const CharacterMotion& motion);

/// Retargets `clip` at `fps` (resampled as exportMotion does) onto the character and writes it
/// to `path` in the character's format (`path`'s extension must name it: .bvh, .fbx, .gltf or
/// .glb), atomically. Throws Error naming `path` otherwise.
void exportOntoCharacter(const JointClip& clip, const Character& character, const CharacterMapping& mapping,
                         const std::string& path, double fps = kFps);

} // namespace stepmotion
