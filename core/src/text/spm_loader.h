#pragma once
// Finds and opens the stepmotion_spm module (see core/spm_module/spm_api.h) once per
// process, in its own symbol scope. Private to core.

#include "../../spm_module/spm_api.h"

#include <string>

namespace stepmotion::detail {

/// The module's entry points. Valid for the life of the process (the module is never closed).
struct SpmApi {
    std::string path; ///< where the module was loaded from
    StepmotionSpmTrainFn train = nullptr;
    StepmotionSpmLoadFn load = nullptr;
    StepmotionSpmEncodeFn encode = nullptr;
    StepmotionSpmDecodeFn decode = nullptr;
    StepmotionSpmPieceCountFn pieceCount = nullptr;
    StepmotionSpmSpecialIdFn specialId = nullptr;
    StepmotionSpmCloseFn close = nullptr;
    StepmotionSpmFreeFn free = nullptr;
};

/// The loaded module. Searches $STEPMOTION_SPM_MODULE, then <exe dir>/../lib/stepmotion/ and
/// <exe dir>/../<libdir>/stepmotion/, then the build tree. Throws stepmotion::Error listing
/// the places tried, or saying why the tokenizer is unavailable (sanitizer builds); a later
/// call tries again. Thread-safe.
const SpmApi& spmApi();

/// Takes ownership of a string the module allocated and returns it as std::string ("" for null).
std::string takeSpmString(const SpmApi& api, char* text);

} // namespace stepmotion::detail
