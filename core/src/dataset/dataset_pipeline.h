#pragma once
// Internal pieces of the dataset builder (dataset_builder.h), shared by dataset_*.cpp.

#include "stepmotion/core/motion/motion.h"
#include "stepmotion/core/import/retarget.h"
#include "stepmotion/core/steps/steps.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace stepmotion::dataset {

/// A HumanML3D clip inside a CMU trial, from joins/hml3d_cmu_join.csv (20 fps frames).
struct HmlSegment {
    std::string id;
    std::string split;
    int start = 0;
    int end = 0;
};

/// A caption with its time span in the source trial (seconds); whole-trial texts span all.
struct TimedCaption {
    double start = 0.0;
    double end = 0.0;
    std::string text;
};

/// One source motion file: a worker loads it and cuts it into clips.
struct TakeJob {
    std::string source;        // "cmu", "bandai-1", "bandai-2"
    std::string path;          // absolute path of the BVH
    std::string relPath;       // path relative to the source tree (manifest)
    std::string licence;
    std::string idStem;        // "C02_01" or "B2_walk_normal_013"
    std::string split;         // split of every extra clip cut from this take
    std::vector<HmlSegment> hml;          // CMU only
    std::vector<TimedCaption> kitCaptions; // CMU only, seconds in the trial
    std::string cmuDescription;           // CMU only
    std::string content;                  // Bandai only (label without "dataset-N_")
    std::string style;                    // Bandai only
};

/// A clip to write: frames [start, end) of the 20 fps take (end - start - 1 stored frames).
struct ClipPlan {
    std::string id;
    std::string split;
    std::string hmlId;  // non-empty for HumanML3D clips
    int start = 0;
    int end = 0;
};

/// Everything parsed from the source tree.
struct SourceCatalog {
    std::vector<TakeJob> jobs;                          // sorted by idStem
    std::map<std::string, std::vector<std::string>> fineMotion; // BPMSD_auto id -> snippets
    std::vector<std::string> skipped;                   // "FILE: reason"
    std::vector<RigMap> rigs;                           // resources/rigs, for retargeting
};

// dataset_sources.cpp
/// Reads every source under `root`; problems go to catalog.skipped, never throw.
SourceCatalog readSources(const std::string& root, const std::vector<std::string>& onlySources);
/// Minimal RFC-4180 CSV: quoted fields, doubled quotes. Throws lineError on an open quote.
std::vector<std::vector<std::string>> parseCsv(const std::string& text, const std::string& name);

// dataset_splits.cpp
/// Stable 64-bit FNV-1a hash (used for splits and template choice; never std::hash).
std::uint64_t stableHash(const std::string& text);
/// "train" / "val" / "test" (~80/10/10) from the take's file name.
std::string splitForTake(const std::string& fileName);
/// Cuts [start, end) joint frames into pieces of kDatasetMinFrames..kDatasetMaxFrames stored
/// frames each (stored = joint frames - 1); too short gives none.
std::vector<std::pair<int, int>> splitRange(int start, int end);
/// Clips of one take with `frames` joint frames at 20 fps.
std::vector<ClipPlan> planClips(const TakeJob& job, int frames);

// dataset_captions.cpp
/// Whole-clip coarse captions (before mirroring) for a clip of a take, several for Bandai;
/// `described` (the describer's coarse sentence, may be empty) is added last.
std::vector<std::string> coarseCaptions(const TakeJob& job, const ClipPlan& clip, const std::string& described);

// dataset_writer.cpp
/// Result of one take: written clips' manifest entries and train feature sums.
struct TakeResult {
    nlohmann::json manifest = nlohmann::json::object(); // id -> entry
    std::map<std::string, std::vector<std::string>> splitIds;
    std::vector<double> sum, sumSq;                      // 263 each, train frames only
    long long trainFrames = 0;
    double seconds = 0.0;
    std::map<std::string, int> clipsPerSplit;
    std::vector<std::string> skipped;
    std::vector<std::string> warnings;
    int droppedShort = 0;
};
/// Loads, cuts, encodes and writes every clip of one take (plus mirrors).
TakeResult processTake(const TakeJob& job, const SourceCatalog& catalog, const std::string& outDir,
                       bool mirror);
/// Writes Mean.npy / Std.npy from the summed train features.
void writeMeanStd(const std::string& outDir, const std::vector<double>& sum,
                  const std::vector<double>& sumSq, long long frames);

// dataset_steps.cpp
/// The describer's steps for a clip (step_describer.h).
StepList describerSteps(const JointClip& joints);
/// A described list as step-list JSON (steps.h), mirrored with mirrorStepList when asked.
nlohmann::json describerStepList(const StepList& described, bool mirrored);
/// FineMotion snippets as a step-list JSON with source "finemotion"; snippet i covers
/// frames [10i, 10i+10); body parts are read from the words of the text.
nlohmann::json fineMotionStepList(const std::vector<std::string>& snippets, int frames);

} // namespace stepmotion::dataset
