#pragma once
// `stepmotion data encode DIR`: HumanML3D's motion_representation step for a directory that
// holds joint positions only (new_joints/ID.npy, e.g. after HumanML3D's raw_pose_processing or a
// copy of a dataset without its features): writes new_joint_vecs/ID.npy for every id of
// all.txt (else the split files), making a missing mirrored clip MID from ID's joints first.
// Features are one frame shorter than the joints (velocities need a next frame), as in HumanML3D.

#include <functional>
#include <string>
#include <vector>

namespace stepmotion {

struct DatasetEncodeOptions {
    int threads = 2;
    bool overwrite = false; // re-encode ids whose features already exist
};

struct DatasetEncodeResult {
    int encoded = 0;                    // feature files written
    int mirrored = 0;                   // M-prefixed joint files made from their originals
    int skipped = 0;                    // features present and not overwritten
    std::vector<std::string> failures;  // "new_joints/X.npy: ..." per clip that could not be encoded
};

/// Throws stepmotion::Error when `dir` has no id list or no new_joints folder. Per-clip problems
/// are collected in failures. `progress(done, total)` is called from worker threads, serialised.
DatasetEncodeResult encodeDatasetFeatures(const std::string& dir, const DatasetEncodeOptions& options,
                                          const std::function<void(int, int)>& progress = {});

} // namespace stepmotion
