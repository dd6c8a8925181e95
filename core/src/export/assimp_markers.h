#pragma once
// Internal (behind assimp_exporter.h's door): the marker mesh both scene writers put beside a
// skeleton. Not part of the public API.

#include <assimp/scene.h>

#include <string>
#include <vector>

namespace stepmotion::assimp_io {

/// A marker mesh skinned to a skeleton: one small triangle (corners `size` file units apart) at
/// each bone, bound with weight 1 to it; bone k is named names[k] and sits at rest world
/// transform rest[k] (its offset matrix the inverse). It makes FBX writers emit the joints as a
/// skeleton (LimbNodes, skin clusters, bind pose) and glTF writers a skin, which engines need
/// to import the hierarchy as a rig rather than as loose transforms.
aiMesh* buildMarkerMesh(const std::vector<std::string>& names, const std::vector<aiMatrix4x4>& rest, double size);

/// Puts `mesh` into `scene` as its only mesh, on a "joint_markers" node under the scene root,
/// with one default material.
void attachMarkerMesh(aiScene& scene, aiMesh* mesh);

} // namespace stepmotion::assimp_io
