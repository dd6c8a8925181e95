#pragma once
// The one door to Assimp: everything that touches Assimp types lives in
// assimp_exporter.cpp. Not part of the public API.

#include "stepmotion/core/bvh.h"
#include "stepmotion/core/motion_export.h"

#include <string>
#include <vector>

namespace stepmotion::assimp_io {

/// Writes the hierarchy and motion of `rig` (a clip from jointsToBvh, in `unit`) as an
/// FBX/glTF scene at `path` (written in place: the caller handles atomicity). Format must be
/// Fbx, FbxAscii, Gltf or Glb. Throws Error naming `name` (the file the user asked for)
/// when Assimp fails.
void writeScene(const BvhClip& rig, LengthUnit unit, ExportFormat format, const std::string& path,
                const std::string& name);

/// See importWithAssimp / inspectWithAssimp in motion_export.h.
JointClip importJoints(const std::string& path);
JointClip importNodes(const std::string& path, const std::vector<std::string>& names);
AnimationSummary summarize(const std::string& path);

} // namespace stepmotion::assimp_io
