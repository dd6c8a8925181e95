#pragma once
// The sampling options that generate, eval, bench and the timeline benchmark share, read one way.

#include "cli_args.h"

#include "stepmotion/core/generation/generator.h"

namespace stepmotion::cli {

/// --composition own-words|per-step|joint, kDefaultComposition when absent.
inline StepComposition compositionOption(const Args& args)
{
    return stepCompositionFromName(args.value("composition", stepCompositionName(kDefaultComposition)));
}

/// --sampler ddim|dpm-solver++, ddim when absent.
inline Sampler samplerOption(const Args& args) { return samplerFromName(args.value("sampler", "ddim")); }

} // namespace stepmotion::cli
