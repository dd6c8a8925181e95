#pragma once
// `stepmotion generate --keep FILE --span A-B` (regenerate one span of a take, keeping the
// rest) and `--continue FILE` (new steps after the last frame of a loaded motion).

#include "cli_args.h"

#include "stepmotion/core/generation/generator.h"

#include <optional>
#include <string>

namespace stepmotion::cli {

/// The option names these read: keep, span, blend, continue.
extern const char* const kKeptUsage;

/// The steps of a take .json that `stepmotion generate` wrote; nullopt for any other file.
std::optional<StepList> takeSteps(const std::string& path);

/// Applies --keep/--span or --continue to `request`, whose steps are set (for --keep in the
/// take's times; for --continue counted from the loaded motion's end, so they are shifted
/// after it; `seconds`, when > 0, is then the length of the new part). Does nothing when
/// neither is given. Throws stepmotion::Error for a bad combination, a span outside the take,
/// or a file that holds no motion.
void applyKeptMotion(const Args& args, GenerationRequest& request, double seconds);

} // namespace stepmotion::cli
