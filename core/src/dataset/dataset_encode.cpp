#include "stepmotion/core/dataset/dataset_encode.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/import/motion_io.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

namespace stepmotion {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> readIds(const fs::path& dir)
{
    std::set<std::string> ids;
    const bool haveAll = fs::exists(dir / "all.txt");
    for (const char* name : {"all.txt", "train.txt", "val.txt", "test.txt"}) {
        if (haveAll && std::string(name) != "all.txt")
            break;
        std::ifstream in(dir / name);
        for (std::string line; std::getline(in, line);) {
            line.erase(std::remove_if(line.begin(), line.end(), [](unsigned char c) { return std::isspace(c); }),
                       line.end());
            if (!line.empty())
                ids.insert(line);
        }
    }
    if (ids.empty())
        throw fileError(dir.string(), "no ids: expected all.txt or train/val/test.txt listing the clips");
    return {ids.begin(), ids.end()};
}

} // namespace

DatasetEncodeResult encodeDatasetFeatures(const std::string& dirName, const DatasetEncodeOptions& options,
                                          const std::function<void(int, int)>& progress)
{
    const fs::path dir(dirName);
    if (!fs::is_directory(dir / "new_joints"))
        throw fileError(dirName, "has no new_joints/ folder to encode");
    const std::vector<std::string> ids = readIds(dir);
    fs::create_directories(dir / "new_joint_vecs");

    DatasetEncodeResult result;
    std::mutex mutex;
    std::atomic<std::size_t> next{0};
    int done = 0;
    const auto work = [&] {
        for (std::size_t i = next++; i < ids.size(); i = next++) {
            const std::string& id = ids[i];
            const fs::path joints = dir / "new_joints" / (id + ".npy");
            const fs::path features = dir / "new_joint_vecs" / (id + ".npy");
            bool mirrored = false, encoded = false, skipped = false;
            std::string failure;
            try {
                if (!options.overwrite && fs::exists(features)) {
                    skipped = true;
                } else {
                    JointClip clip;
                    if (!fs::exists(joints) && id.size() > 1 && id[0] == 'M') {
                        // HumanML3D's mirrored copy: made from the original when only that was kept.
                        clip = mirrorJoints(loadJointClip((dir / "new_joints" / (id.substr(1) + ".npy")).string()));
                        saveJointsNpy(joints.string(), clip);
                        mirrored = true;
                    } else {
                        clip = loadJointClip(joints.string());
                    }
                    FeatureEncodeOptions encode;
                    encode.uniformSkeleton = false; // new_joints are already on the reference skeleton
                    saveFeaturesNpy(features.string(), encodeFeatures(clip, encode));
                    encoded = true;
                }
            } catch (const std::exception& e) {
                failure = e.what();
            }
            std::lock_guard<std::mutex> lock(mutex);
            result.mirrored += mirrored ? 1 : 0;
            result.encoded += encoded ? 1 : 0;
            result.skipped += skipped ? 1 : 0;
            if (!failure.empty())
                result.failures.push_back(failure);
            if (progress)
                progress(++done, static_cast<int>(ids.size()));
        }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < std::max(1, options.threads); ++t)
        pool.emplace_back(work);
    for (auto& thread : pool)
        thread.join();
    std::sort(result.failures.begin(), result.failures.end());
    return result;
}

} // namespace stepmotion
