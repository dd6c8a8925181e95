#pragma once
// Human-evaluation studies: the design (prompts x systems x seeds, saved as STUDY_DIR/study.json),
// the cached clips raters watch, and the per-rater randomised trial plan. Torch-free and Qt-free:
// the app's rating view and the `stepmotion study` CLI both build on this header.

#include "stepmotion/core/motion/motion.h"
#include "stepmotion/core/steps/steps.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stepmotion {

/// The newest study.json version this build reads and the one it writes.
constexpr int kStudyVersion = 1;

/// One description raters judge motions against.
struct StudyPrompt {
    std::string id;                 // see isValidStudyId; unique within the study
    StepList steps;                 // shown to raters; the model input
    std::vector<std::string> tags;  // e.g. "basic", "composite", "seen", "unseen"; for breakdowns
    std::string groundTruthClip;    // optional .npy (263-d features or 22-joint positions) or .bvh,
                                    // relative to the study dir or absolute; "" = none
};

/// A motion source being compared: a model checkpoint directory or the dataset's ground truth.
struct StudySystem {
    std::string id;        // see isValidStudyId; unique; hidden from raters
    std::string label;     // shown in reports ("" = use id)
    std::string modelDir;  // relative to the study dir or absolute; "" for ground truth
    bool groundTruth = false; // at most one ground-truth system; it has no modelDir
};

struct StudyTrialTypes {
    bool pairwise = true;   // A/B preference with "about the same"
    bool likert = true;     // faithfulness and naturalness, 1..5
    bool stepChecks = true; // "which steps are performed?" checkboxes
};

struct StudyDesign {
    int version = kStudyVersion;
    std::string title;
    std::string question = "Which motion follows the description better?";
    std::vector<StudyPrompt> prompts;   // at least one
    std::vector<StudySystem> systems;   // at least one
    std::vector<uint64_t> seeds{1};     // at least one, no duplicates
    StudyTrialTypes trialTypes;
    int attentionChecks = 2;            // >= 0; > 0 needs two prompts whose steps differ
    double guidanceScale = 2.5;         // generation settings used by prepare
    int samplingSteps = 50;
};

/// Ids name files and trial keys: 1..64 characters from [A-Za-z0-9._-], starting with a letter or
/// digit, and without "__" (the clip file name separator).
bool isValidStudyId(std::string_view id);

/// Parses and validates study.json text. `name` (usually the path) starts every error, followed by
/// the field path: "study.json: systems[1].id: duplicate 'full'". Throws stepmotion::Error for
/// invalid JSON, a missing/newer version, unknown fields, bad ids, duplicate ids/seeds, a second
/// ground-truth system, a non-ground-truth system without "model", invalid steps (steps.h rules),
/// out-of-range numbers, or attention checks without two prompts whose steps differ.
StudyDesign parseStudyDesign(const std::string& json, const std::string& name);

/// Reads and parses a study.json file (errors name the file).
StudyDesign loadStudyDesign(const std::string& path);

/// Reads a prompt list for a new study (`stepmotion study init --prompts`): a JSON array of
/// {"id", "tags": [...], "kind", "steps": FILE or {step-list object}, "ground_truth": FILE}, or a
/// prompt-set file ({"version": 1, "prompts": [...]}, as `data composite-prompts` writes) whose
/// "kind" becomes a tag. Relative files resolve against the list's folder and are stored absolute.
/// Errors name the file and the field ("p.json: [1].steps: ...").
std::vector<StudyPrompt> loadStudyPrompts(const std::string& path);

/// Pretty JSON in study.json's layout, ending in a newline; validated first (throws like parse,
/// with name "study").
std::string studyDesignToJson(const StudyDesign& design);

/// Writes studyDesignToJson(design) atomically to `path`.
void saveStudyDesign(const StudyDesign& design, const std::string& path);

/// STUDY_DIR/study.json
std::string studyDesignPath(const std::string& studyDir);

/// STUDY_DIR/clips/<prompt>__<system>__s<seed>.npy (T x 263 float32 features).
std::string studyClipPath(const std::string& studyDir, const std::string& promptId, const std::string& systemId,
                          uint64_t seed);

/// `path` when absolute, else studyDir/path (for modelDir and groundTruthClip).
std::string resolveStudyPath(const std::string& studyDir, const std::string& path);

enum class TrialKind { Pairwise, Likert, StepCheck };

/// "pairwise", "likert", "step_check".
std::string_view trialKindName(TrialKind kind);
std::optional<TrialKind> trialKindFromName(std::string_view name);

/// The `preferred` answers of an attention check: the clip that matches the prompt, or the other.
inline constexpr const char* kAttentionMatch = "match";
inline constexpr const char* kAttentionMismatch = "mismatch";
/// The `preferred` answer for "about the same" in every pairwise trial.
inline constexpr const char* kPreferTie = "tie";

/// One screen a rater sees.
struct Trial {
    int index = 0;          // position in the rater's plan, 0-based
    TrialKind kind = TrialKind::Pairwise;
    std::string key;        // stable id across plans/raters: "pair:p1:full:coarse:s1", "likert:p1:full:s1",
                            // "steps:p1:full:s1", "attn:0:p1:p2:gt:s1"
    std::string promptId;   // the prompt shown (steps displayed)
    std::string systemA, systemB; // systemB empty for Likert/StepCheck
    std::string promptB;    // whose clip plays as B: == promptId, except in attention checks where it is
                            // a prompt with different steps; empty for Likert/StepCheck
    uint64_t seed = 1;
    bool aOnLeft = true;    // display side of clip A
    bool attentionCheck = false; // Pairwise only: A (systemA's clip of promptId) is the matching clip,
                                 // B (the same system's clip of promptB) the mismatched one
    std::string expectedPreferred; // attention checks: kAttentionMatch; otherwise ""
};

/// The `preferred` value for choosing clip A (`chooseA`) or clip B of a pairwise trial: the system id,
/// or kAttentionMatch/kAttentionMismatch in attention checks.
std::string preferredAnswer(const Trial& trial, bool chooseA);

/// Clip file of side A (`sideA`) or B of a trial (Likert/StepCheck: A is the only clip).
std::string trialClipPath(const std::string& studyDir, const Trial& trial, bool sideA);

/// The rater's plan. For every prompt x seed: one Pairwise trial per unordered system pair (design
/// order: A is the earlier system), one Likert and one StepCheck trial per non-ground-truth system
/// (each kind only when enabled in trialTypes); ground-truth trials only for prompts with a clip; plus
/// design.attentionChecks attention trials. Trial order and A/B sides are shuffled by a
/// std::mt19937_64 seeded from fnv1a64(raterId) + sessionSeed: deterministic for (design, rater,
/// seed), different across raters. `index` is the final position.
std::vector<Trial> planTrials(const StudyDesign& design, const std::string& raterId, uint64_t sessionSeed);

/// 64-bit FNV-1a of `text` (stable across platforms and runs, unlike std::hash).
uint64_t fnv1a64(std::string_view text);

/// One clip the study needs.
struct StudyClip {
    std::string promptId, systemId;
    uint64_t seed = 1;
    std::string path; // studyClipPath(...)
};

/// Every clip the trials can show: each prompt x seed x system (ground truth only for prompts with a
/// clip), in design order.
std::vector<StudyClip> studyClips(const std::string& studyDir, const StudyDesign& design);

/// Paths of studyClips(...) that do not exist yet.
std::vector<std::string> missingStudyClips(const std::string& studyDir, const StudyDesign& design);

/// Produces a model system's clip for (prompt, system, seed). Ground-truth clips never reach it.
using ClipSource = std::function<FeatureClip(const StudyPrompt&, const StudySystem&, uint64_t seed)>;

struct PrepareProgress {
    int done = 0;        // clips present so far (skipped + generated)
    int total = 0;       // studyClips(...).size()
    std::string current; // clip file name being produced ("" when finished)
};
using PrepareProgressCallback = std::function<void(const PrepareProgress&)>;
/// Polled before each clip; true stops preparation (already written clips stay).
using PrepareCancel = std::function<bool()>;

struct PrepareResult {
    int generated = 0; // clips written by this call
    int skipped = 0;   // clips that already existed
    bool cancelled = false;
};

/// The real ClipSource: each system's MotionGenerator (its model folder resolved against the study
/// folder) loaded once on first use and shared by copies of the source, generating with the design's
/// guidance and sampling steps. `cancel` is polled between denoising steps; a cancelled generation
/// throws stepmotion::Error. Calls must come from one thread at a time.
ClipSource modelClipSource(const std::string& studyDir, const StudyDesign& design, PrepareCancel cancel = {});

/// Writes every missing clip (creating STUDY_DIR/clips): ground truth by converting the prompt's clip
/// file to features, model systems through `source`. Existing clips are skipped, so an interrupted
/// run resumes; each clip is written atomically, so an interruption never leaves a partial file.
/// Throws stepmotion::Error (naming the clip) when a clip cannot be produced.
PrepareResult prepareStudyClips(const std::string& studyDir, const StudyDesign& design, const ClipSource& source,
                                const PrepareProgressCallback& progress = {}, const PrepareCancel& cancel = {});

} // namespace stepmotion
