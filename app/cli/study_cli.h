#pragma once
// Pieces of `stepmotion study` shared by its source files (see study_command.cpp).

#include "stepmotion/core/study/study.h"

#include <cstdint>
#include <string>
#include <vector>

namespace stepmotion::cli {

/// "--system ID=MODEL_DIR" values -> model systems (model folders made absolute).
std::vector<StudySystem> parseSystemArgs(const std::vector<std::string>& values);

/// "1,2,7" -> seeds; throws stepmotion::Error for anything but non-negative integers.
std::vector<uint64_t> parseSeedList(const std::string& text);

/// `stepmotion study simulate`: a deterministic scripted rater (see study_simulate_command.cpp).
int runStudySimulate(int argc, char** argv);

} // namespace stepmotion::cli
