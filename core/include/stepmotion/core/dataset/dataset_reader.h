#pragma once
// Reads a training directory in HumanML3D's layout: a real HumanML3D prepared by its README
// (texts/, new_joint_vecs/, new_joints/, Mean.npy, Std.npy, train/val/test.txt) or the
// project's own build (dataset_builder.h: the same plus steps/ID.json and manifest.json).
// Optional extras: FineHumanML3D fine texts and FineMotion's BPMSD / BPMP JSON files.
//
// Nothing here loads motion arrays: only .npy headers are read (for the frame count), so
// indexing tens of thousands of clips stays cheap. A clip whose files are missing or
// malformed is left out and the reason recorded in DatasetIndex::warnings; the reader only
// throws when the directory itself is unusable.
//
// FineHumanML3D step rule (fineTextToSteps): a fine description is cut into steps at numbered
// markers ("Step 1:", "1.", "1)" at the start of the text or after a sentence end); without
// markers, at sentence ends ('.', '!' or '?' followed by a space or the end). The steps share
// the caption's span evenly (the whole clip when the caption has no times), in text order.

#include "stepmotion/core/steps/steps.h"

#include <map>
#include <string>
#include <vector>

namespace stepmotion {

/// One HumanML3D caption line "caption#tokens#start#end". start = end = 0 means the whole
/// clip (HumanML3D writes 0.0#0.0, and NaN is read as 0 as HumanML3D's own loader does).
struct DatasetCaption {
    std::string text;
    std::string tokens;  // "word/POS ..." as written, may be empty
    double start = 0.0;  // seconds
    double end = 0.0;    // seconds; 0 = to the end of the clip
};

/// A step list with where it came from: "steps.json" (the project's build), "finehumanml3d",
/// "bpmsd".
struct DatasetStepList {
    std::string origin;
    StepList list;
};

struct DatasetClip {
    std::string id;
    std::string split;         // "train", "val", "test", or "" when no split file names it
    std::string source;        // manifest.json's "source", or "" without a manifest
    std::string featurePath;   // absolute-or-as-given path of new_joint_vecs/ID.npy
    std::string jointsPath;    // new_joints/ID.npy
    int frames = 0;            // rows of the feature array (from its .npy header)
    double fps = 20.0;         // manifest "fps", else HumanML3D's 20
    std::vector<DatasetCaption> captions;      // in file order; BPMP paragraphs appended last
    std::vector<DatasetStepList> stepLists;    // steps.json lists, then FineHumanML3D, then BPMSD

    double seconds() const { return fps > 0 ? frames / fps : 0.0; }
};

struct DatasetReadOptions {
    /// FineHumanML3D texts folder; empty = DIR/texts_all_code_v2_marked_texts_tagged when it
    /// exists. Line i of ID.txt is the fine text of caption line i (blank = none).
    std::string fineTextsDir;
    /// FineMotion BPMSD JSON {"id": [snippet, ...]}; snippet i covers [0.5 i, 0.5 i + 0.5] s
    /// (cut at the clip's end); blank snippets are skipped. Empty = not used.
    std::string bpmsdJson;
    /// FineMotion BPMP JSON {"id": [paragraph, ...]}: each paragraph becomes an extra
    /// whole-clip caption. Empty = not used.
    std::string bpmpJson;
    bool readSteps = true;  // parse steps/ID.json when present
};

struct DatasetIndex {
    std::string dir;
    std::string meanPath, stdPath;         // empty when the file is missing (a warning says so)
    bool hasManifest = false;
    std::vector<DatasetClip> clips;        // sorted by id
    std::vector<std::string> warnings;     // "texts/000123.txt:3: missing '#' fields", ...
};

/// Indexes `dir`. `split` is "train", "val", "test" (ids of that file) or "all"/"" (all.txt
/// when present, else the union of the three split files, else every texts/*.txt).
/// Throws stepmotion::Error when `dir` is not a directory, `split` is unknown, the wanted
/// split file is missing, or an options file (BPMSD/BPMP JSON) cannot be read or parsed.
DatasetIndex readDatasetIndex(const std::string& dir, const std::string& split,
                              const DatasetReadOptions& options = {});

/// Parses a HumanML3D text file's contents; `name` starts error messages ("NAME:LINE: ...").
/// Blank lines are skipped. Throws stepmotion::Error for a line with fewer than four
/// '#'-separated fields or non-numeric times.
std::vector<DatasetCaption> parseHumanMl3dText(const std::string& text, const std::string& name);

/// Splits one FineHumanML3D description into steps over [start, end] seconds (see the rule
/// above); body parts are read from the words. Empty text gives no steps.
std::vector<Step> fineTextToSteps(const std::string& fineText, double start, double end);

/// Rows of a .npy file read from its header only (the first dimension). Throws
/// stepmotion::Error naming the file for a missing file or a malformed header.
int npyRowCount(const std::string& path);

/// Figures for `stepmotion data stats`.
struct DatasetStats {
    int clips = 0;
    int captions = 0;
    int stepLists = 0;
    int steps = 0;
    int vocabulary = 0;  // distinct lower-case words over captions and step texts
    std::map<std::string, std::map<std::string, int>> clipsBySourceSplit;     // "unknown" source without manifest
    std::map<std::string, std::map<std::string, double>> secondsBySourceSplit;
    std::vector<int> lengthHistogram;  // clip lengths in 2 s bins: [0,2), [2,4), ...
    int warnings = 0;
};

DatasetStats computeDatasetStats(const DatasetIndex& index);

/// A readable multi-line table (hours per source and split, counts, histogram with bars).
std::string formatDatasetStats(const DatasetStats& stats);

} // namespace stepmotion
