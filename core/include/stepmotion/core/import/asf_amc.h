#pragma once
// Acclaim ASF/AMC motion capture, CMU's native format: the skeleton in an .asf file (units,
// root, each bone's direction, length, axis and DOFs, the hierarchy), the motion in an .amc
// file (per frame: the frame number, then one line per bone with its DOF values). The pair is
// converted to a BvhClip, so rig detection, resampling and retargeting treat it like a BVH.

#include "stepmotion/core/bvh/bvh.h"

#include <string>

namespace stepmotion {

struct AsfAmcOptions {
    std::string asfPath; // the skeleton; empty: found beside the .amc (findAsfForAmc)
    double fps = 120.0;  // an .amc does not store its rate; CMU's trials are 120 fps
};

/// The .asf an .amc uses: `explicitAsf` when non-empty (it must exist), otherwise, in the
/// .amc's folder, `<stem>.asf` ("walk.amc" → "walk.asf") or `<subject>.asf`, the stem up to
/// its first '_' (CMU: "01_02.amc" → "01.asf"). Throws Error naming the .amc and every path
/// tried when none exists.
std::string findAsfForAmc(const std::string& amcPath, const std::string& explicitAsf = {});

/// Reads an .amc with its .asf. The clip has one joint per ASF bone, named as in the ASF and
/// placed at the bone's proximal end, under a ROOT "root"; bones without children end in an
/// End Site at their tip. Lengths are in centimetres: an ASF length unit is 1/`length` inch
/// (`:units length 0.45`, CMU's convention). Every joint has Zrotation Yrotation Xrotation
/// channels holding the bone's rotation in world-aligned rest axes (C·M·C⁻¹ for the ASF
/// `axis` C and the AMC angles M, DOFs applied in their listed order); the root also has
/// X/Y/Z position channels with the AMC root translation. Frame Time is 1 / options.fps.
/// Malformed input throws Error "FILE:LINE: what is wrong" for the .asf or .amc.
BvhClip readAsfAmc(const std::string& amcPath, const AsfAmcOptions& options = {});

/// The same from text; the names are used in error messages.
BvhClip parseAsfAmc(const std::string& asfText, const std::string& asfName, const std::string& amcText,
                    const std::string& amcName, double fps = 120.0);

} // namespace stepmotion
