#pragma once
// A rater's place in a study: the session seed (STUDY_DIR/sessions/<rater>.json, written once,
// atomically, at the rater's first start) that makes the randomised trial plan reproducible, the
// plan itself and the answers already on disk. Closing the rating window pauses a session;
// reopening the same study and rater re-plans identically and resumes at the first unanswered trial.

#include "stepmotion/core/study/study.h"
#include "stepmotion/core/study/study_responses.h"

#include <cstdint>
#include <string>
#include <vector>

namespace stepmotion::ui {

struct StudyRaterSession {
    std::string studyDir;
    std::string rater;
    uint64_t sessionSeed = 0;
    StudyDesign design;
    std::vector<Trial> plan;
    std::vector<TrialResponse> answered; // this rater's responses, file order
    std::vector<std::string> warnings;   // e.g. a torn last line the log dropped
    int resumeIndex = 0;                 // first unanswered trial; plan.size() when done
};

/// STUDY_DIR/sessions/<rater>.json
std::string raterSessionPath(const std::string& studyDir, const std::string& rater);

/// The rater's session seed: read from the session file, or `freshSeed` written there (atomically,
/// creating sessions/) when the file does not exist yet. Throws stepmotion::Error naming the file
/// for an invalid rater id (isValidStudyId), a file that is not the session JSON, or a failed write.
uint64_t raterSessionSeed(const std::string& studyDir, const std::string& rater, uint64_t freshSeed);

/// Loads study.json, the session seed (see raterSessionSeed), plans the trials and reads the
/// rater's responses (a missing responses file = none answered). Throws stepmotion::Error naming
/// the file and field of whatever is wrong.
StudyRaterSession openRaterSession(const std::string& studyDir, const std::string& rater, uint64_t freshSeed);

} // namespace stepmotion::ui
