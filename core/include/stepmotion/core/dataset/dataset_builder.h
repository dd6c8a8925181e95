#pragma once
// Builds a training set in HumanML3D's layout from the public sources that
// /work/shared/datasets/unpack.sh writes (CMU 20 fps BVH + HumanML3D joins, KIT-ML captions,
// CMU descriptions, FineMotion BPMSD_auto, Bandai Namco 1 and 2), so the same training code
// reads our build and a user's real HumanML3D.
//
// Layout under the output directory (one entry per clip id, mirrors prefixed "M"):
//   new_joints/ID.npy       (T x 22 x 3 float32; decoded from the features, as HumanML3D does)
//   new_joint_vecs/ID.npy   (T x 263 float32; T = joint frames cut from the source - 1)
//   texts/ID.txt            HumanML3D lines "caption#word/POS ...#0.0#0.0": KIT-ML / CMU /
//                           Bandai-label captions, plus the describer's coarse sentence
//   steps/ID.json           {"version":1,"id":ID,"frames":T,"fps":20,"lists":[L...]} where each
//                           L is a complete step-list document (steps.h, stepListToJson): first
//                           source "describer" (describeMotion on new_joints; mirrors get
//                           mirrorStepList of it), then for CMU clips with a HumanML3D id source
//                           "finemotion" (FineMotion's real BPMSD_auto 0.5 s snippets, snippet i =
//                           frames [10i, 10i+10), body parts read from the text; mirrors use
//                           FineMotion's own "M" texts) and "finemotion_set":"BPMSD_auto"
//   Mean.npy, Std.npy       263-d, over train features (incl. mirrors); Std is group-averaged
//                           like HumanML3D and floored at kDatasetStdFloor
//   train.txt, val.txt, test.txt, all.txt   sorted ids
//   manifest.json           per id: source, file, rig, licence, frame range, fps, mirror flag...
// The output is byte-identical for the same input, whatever the thread scheduling.

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace stepmotion {

constexpr int kDatasetMinFrames = 40;   // stored frames (2 s); shorter clips are dropped
constexpr int kDatasetMaxFrames = 196;  // stored frames (9.8 s); longer clips are split
constexpr float kDatasetStdFloor = 0.01f;

struct DatasetBuildOptions {
    std::string sourceDir;  // the unpacked source tree
    std::string outDir;     // created; a previous build there (manifest.json) is replaced
    int threads = 2;        // worker threads (>= 1)
    bool mirror = true;     // also write "M" left/right mirrored copies
    /// Restricts the build to sources whose name is listed ("cmu", "bandai-1", "bandai-2");
    /// empty = all.
    std::vector<std::string> onlySources;
    /// Called from worker threads (serialised by the builder) after each take: done, total.
    std::function<void(int, int)> progress;
};

struct DatasetBuildSummary {
    std::map<std::string, std::map<std::string, int>> clips; // source -> split -> clips (incl. mirrors)
    std::map<std::string, double> seconds;                   // source -> motion seconds (incl. mirrors)
    std::vector<std::string> skipped;                        // "FILE: reason", sorted
    std::vector<std::string> warnings;  // clips written with a problem (e.g. no describer steps), sorted
    int droppedShort = 0;  // takes and HumanML3D clips that gave no clip (under 2 s)
    int totalClips = 0;
    double totalSeconds = 0.0;
};

/// Runs the whole build. Missing or malformed source files are recorded in `skipped` and
/// left out; throws stepmotion::Error only when the output cannot be written or nothing at
/// all could be built.
DatasetBuildSummary buildDataset(const DatasetBuildOptions& options);

/// Human-readable summary (clips per source and split, hours, skipped files).
std::string formatDatasetSummary(const DatasetBuildSummary& summary);

/// One HumanML3D text line for a whole-clip caption: "caption#w/POS w/POS#0.0#0.0".
/// '#' and line breaks in the caption are replaced by spaces.
std::string humanMl3dTextLine(const std::string& caption);

} // namespace stepmotion
