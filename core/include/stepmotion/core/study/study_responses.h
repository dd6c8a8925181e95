#pragma once
// Raters' answers: one JSON object per line in STUDY_DIR/responses/<rater>.jsonl, appended and
// fsync'ed before the app moves on, so a crash or power loss loses at most the trial on screen.

#include "stepmotion/core/study/study.h"

#include <cstdint>
#include <string>
#include <vector>

namespace stepmotion {

/// One answered trial. The trial's fields are copied in so responses can be analysed without
/// re-planning (and survive later edits of the design).
struct TrialResponse {
    std::string rater;     // isValidStudyId
    std::string trialKey;  // Trial::key
    int trialIndex = 0;    // Trial::index in this rater's plan
    TrialKind kind = TrialKind::Pairwise;
    std::string promptId, systemA, systemB, promptB;
    uint64_t seed = 1;
    bool attentionCheck = false;
    bool aOnLeft = true;
    std::string preferred;          // Pairwise: systemA, systemB or kPreferTie (attention: kAttentionMatch,
                                    // kAttentionMismatch or kPreferTie); "" otherwise
    int faithfulness = 0;           // Likert 1..5; 0 = not asked
    int naturalness = 0;            // Likert 1..5; 0 = not asked
    std::vector<bool> stepsPerformed; // StepCheck: one per prompt step; empty otherwise
    double seconds = 0;             // time spent on the trial, >= 0
    std::string answeredAt;         // ISO-8601 UTC, e.g. "2026-01-31T12:00:00Z"
};

/// A response pre-filled from `trial` (answer fields empty, answeredAt = now).
TrialResponse responseForTrial(const Trial& trial, const std::string& rater);

/// Current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string currentUtcIso8601();

/// True when an attention-check response picked the matching clip.
bool attentionPassed(const TrialResponse& response);

/// One compact JSON line (no newline). Throws stepmotion::Error naming the field when the response
/// is inconsistent (bad rater id, Likert outside 0..5, pairwise without a valid `preferred`...).
std::string trialResponseToJson(const TrialResponse& response);

/// Parses one line; errors read "NAME:LINE: FIELD: what".
TrialResponse parseTrialResponse(const std::string& line, const std::string& name, long lineNumber);

/// STUDY_DIR/responses/<rater>.jsonl
std::string studyResponsesPath(const std::string& studyDir, const std::string& rater);

/// Append-only writer for one rater's file. Opening creates missing directories and the file, and
/// cuts off a torn last line left by a crash (an append that never returned, so never acknowledged).
class ResponseLog {
public:
    /// Throws stepmotion::Error naming the file when it cannot be opened.
    explicit ResponseLog(std::string path);
    ~ResponseLog();
    ResponseLog(const ResponseLog&) = delete;
    ResponseLog& operator=(const ResponseLog&) = delete;
    ResponseLog(ResponseLog&& other) noexcept;
    ResponseLog& operator=(ResponseLog&& other) noexcept;

    /// Writes one JSON line with a single write() on an O_APPEND descriptor and fsync()s it before
    /// returning. Throws stepmotion::Error naming the file (or the field, for an invalid response).
    void append(const TrialResponse& response);

    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    int m_fd = -1;
};

struct LoadedResponses {
    std::vector<TrialResponse> responses; // file order
    std::vector<std::string> warnings;    // e.g. "r1.jsonl:12: incomplete last line dropped (crash while writing?)"
};

/// Reads one rater file. A bad LAST line (torn by a crash mid-write) is dropped with a warning; any
/// other bad line throws stepmotion::Error naming file:line and the field. A missing file throws.
LoadedResponses loadResponses(const std::string& path);

/// Every STUDY_DIR/responses/*.jsonl, raters in file-name order. No responses folder = no responses.
LoadedResponses loadStudyResponses(const std::string& studyDir);

/// Index in `plan` of the first trial whose key has no response in `answered` (the rater's own
/// responses); plan.size() when every trial is answered.
int resumeTrialIndex(const std::vector<Trial>& plan, const std::vector<TrialResponse>& answered);

/// All responses as CSV (header row; steps_performed as e.g. "101"), written atomically.
void writeResponsesCsv(const std::vector<TrialResponse>& responses, const std::string& path);

/// The CSV text writeResponsesCsv writes.
std::string responsesToCsv(const std::vector<TrialResponse>& responses);

} // namespace stepmotion
