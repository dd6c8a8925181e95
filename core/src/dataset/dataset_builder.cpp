// Orchestrates the dataset build: read the sources, run the takes on worker threads over a
// pre-sorted job list, then merge the per-take results in job order (so the manifest, split
// lists and Mean/Std do not depend on scheduling) and write the shared files.

#include "stepmotion/core/dataset/dataset_builder.h"

#include "dataset/dataset_pipeline.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/runtime/resource_paths.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace stepmotion {
namespace {

const char* const kClipDirs[] = {"new_joints", "new_joint_vecs", "texts", "steps"};
const char* const kSplits[] = {"train", "val", "test"};

/// Creates the output folder; a previous build there is cleared first. Refuses a non-empty
/// folder that is not a previous build, so a wrong --out never deletes someone's files.
void prepareOutput(const std::string& out)
{
    std::error_code ec;
    if (fs::exists(out, ec) && !fs::is_empty(out, ec)) {
        if (!fs::exists(out + "/manifest.json"))
            throw fileError(out, "exists, is not empty and holds no manifest.json from a previous build");
        for (const char* d : kClipDirs)
            fs::remove_all(out + "/" + d, ec);
        for (const char* f : {"Mean.npy", "Std.npy", "train.txt", "val.txt", "test.txt", "all.txt", "manifest.json"})
            fs::remove(out + "/" + f, ec);
    }
    for (const char* d : kClipDirs) {
        fs::create_directories(out + "/" + d, ec);
        if (ec)
            throw fileError(out + "/" + d, "cannot create folder: " + ec.message());
    }
}

std::vector<dataset::TakeResult> runTakes(const dataset::SourceCatalog& catalog, const DatasetBuildOptions& options)
{
    const int total = static_cast<int>(catalog.jobs.size());
    std::vector<dataset::TakeResult> results(catalog.jobs.size());
    std::atomic<int> next{0};
    std::mutex progressMutex;
    int done = 0;
    auto worker = [&] {
        for (int i = next++; i < total; i = next++) {
            const auto& job = catalog.jobs[static_cast<std::size_t>(i)];
            try {
                results[static_cast<std::size_t>(i)] = dataset::processTake(job, catalog, options.outDir, options.mirror);
            } catch (const std::exception& e) {
                results[static_cast<std::size_t>(i)].skipped.push_back(job.path + ": " + e.what());
            }
            const std::lock_guard<std::mutex> lock(progressMutex);
            ++done;
            if (options.progress)
                options.progress(done, total);
        }
    };
    std::vector<std::thread> threads;
    for (int t = 1; t < std::max(1, options.threads); ++t)
        threads.emplace_back(worker);
    worker();
    for (std::thread& t : threads)
        t.join();
    return results;
}

std::string idList(std::vector<std::string> ids)
{
    std::sort(ids.begin(), ids.end());
    std::string out;
    for (const std::string& id : ids)
        out += id + "\n";
    return out;
}

/// Everything the per-take results add up to, merged in job order.
struct Merged {
    DatasetBuildSummary summary;
    nlohmann::json clips = nlohmann::json::object();
    std::map<std::string, std::vector<std::string>> splitIds;
    std::vector<double> sum = std::vector<double>(kFeatureDim, 0.0);
    std::vector<double> sumSq = std::vector<double>(kFeatureDim, 0.0);
    long long trainFrames = 0;
};

Merged mergeResults(const dataset::SourceCatalog& catalog, const std::vector<dataset::TakeResult>& results)
{
    Merged m;
    m.summary.skipped = catalog.skipped;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const dataset::TakeResult& r = results[i];
        const std::string& source = catalog.jobs[i].source;
        for (const auto& [id, entry] : r.manifest.items())
            m.clips[id] = entry;
        for (const auto& [split, ids] : r.splitIds)
            m.splitIds[split].insert(m.splitIds[split].end(), ids.begin(), ids.end());
        for (std::size_t d = 0; d < r.sum.size(); ++d) {
            m.sum[d] += r.sum[d];
            m.sumSq[d] += r.sumSq[d];
        }
        m.trainFrames += r.trainFrames;
        m.summary.droppedShort += r.droppedShort;
        for (const auto& [split, n] : r.clipsPerSplit) {
            m.summary.clips[source][split] += n;
            m.summary.totalClips += n;
        }
        m.summary.seconds[source] += r.seconds;
        m.summary.totalSeconds += r.seconds;
        m.summary.skipped.insert(m.summary.skipped.end(), r.skipped.begin(), r.skipped.end());
        m.summary.warnings.insert(m.summary.warnings.end(), r.warnings.begin(), r.warnings.end());
    }
    std::sort(m.summary.skipped.begin(), m.summary.skipped.end());
    std::sort(m.summary.warnings.begin(), m.summary.warnings.end());
    return m;
}

/// Split lists, Mean/Std and the manifest.
void writeShared(const std::string& outDir, Merged& merged)
{
    std::vector<std::string> all;
    for (const char* split : kSplits) {
        const auto& ids = merged.splitIds[split];
        writeFileAtomically(outDir + "/" + split + ".txt", idList(ids));
        all.insert(all.end(), ids.begin(), ids.end());
    }
    writeFileAtomically(outDir + "/all.txt", idList(all));
    dataset::writeMeanStd(outDir, merged.sum, merged.sumSq, merged.trainFrames);

    nlohmann::json manifest = nlohmann::json::object();
    manifest["version"] = 1;
    manifest["fps"] = kFps;
    manifest["min_frames"] = kDatasetMinFrames;
    manifest["max_frames"] = kDatasetMaxFrames;
    manifest["clips"] = std::move(merged.clips);
    manifest["skipped"] = merged.summary.skipped;
    manifest["warnings"] = merged.summary.warnings;
    writeFileAtomically(outDir + "/manifest.json", manifest.dump(1) + "\n");
}

} // namespace

DatasetBuildSummary buildDataset(const DatasetBuildOptions& options)
{
    if (!fs::is_directory(options.sourceDir))
        throw fileError(options.sourceDir, "source folder not found");
    dataset::SourceCatalog catalog = dataset::readSources(options.sourceDir, options.onlySources);
    if (catalog.jobs.empty())
        throw fileError(options.sourceDir, "no motion files found (expected cmu_bvh20/, cmu_extra/ or bandai/)");
    catalog.rigs = loadRigMaps(resourcePath("rigs"));
    prepareOutput(options.outDir);
    const std::vector<dataset::TakeResult> results = runTakes(catalog, options);

    Merged merged = mergeResults(catalog, results);
    if (merged.summary.totalClips == 0)
        throw fileError(options.sourceDir, "no clip could be built (" +
                                               std::to_string(merged.summary.skipped.size()) + " files skipped)");
    writeShared(options.outDir, merged);
    return merged.summary;
}

std::string formatDatasetSummary(const DatasetBuildSummary& summary)
{
    std::ostringstream out;
    char line[160];
    std::snprintf(line, sizeof line, "%-10s %8s %8s %8s %8s %8s\n", "source", "train", "val", "test", "clips", "hours");
    out << line;
    for (const auto& [source, splits] : summary.clips) {
        int n = 0;
        for (const auto& [split, c] : splits)
            n += c;
        // Init-capture: C++17 does not let a lambda capture a structured binding (clang refuses).
        const auto get = [&bySplit = splits](const char* s) {
            const auto it = bySplit.find(s);
            return it == bySplit.end() ? 0 : it->second;
        };
        const auto secs = summary.seconds.find(source);
        std::snprintf(line, sizeof line, "%-10s %8d %8d %8d %8d %8.2f\n", source.c_str(), get("train"), get("val"),
                      get("test"), n, secs == summary.seconds.end() ? 0.0 : secs->second / 3600.0);
        out << line;
    }
    std::snprintf(line, sizeof line, "%-10s %35d %8.2f\n", "total", summary.totalClips, summary.totalSeconds / 3600.0);
    out << line << "(clip counts and hours include the mirrored copies)\n";
    out << summary.droppedShort << " takes or HumanML3D clips dropped as shorter than 2 s\n";
    out << summary.skipped.size() << " source files skipped" << (summary.skipped.empty() ? "\n" : ":\n");
    for (const std::string& s : summary.skipped)
        out << "  " << s << "\n";
    // Warnings can be many (one per clip): show a few, the manifest has them all.
    out << summary.warnings.size() << " warnings" << (summary.warnings.empty() ? "\n" : " (all in manifest.json):\n");
    for (std::size_t i = 0; i < summary.warnings.size() && i < 10; ++i)
        out << "  " << summary.warnings[i] << "\n";
    return out.str();
}

} // namespace stepmotion
