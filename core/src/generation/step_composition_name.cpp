// The names of generator.h's StepComposition. Kept out of motion_generator.cpp (a Torch source)
// because file readers need them too: Studio's project files store the choice by name, and
// those readers must build without Torch (the fuzz build instruments only Torch-free sources).

#include "stepmotion/core/generation/generator.h"

#include "stepmotion/core/runtime/error.h"

namespace stepmotion {

std::string stepCompositionName(StepComposition composition)
{
    switch (composition) {
    case StepComposition::PerStep: return "per-step";
    case StepComposition::OwnWords: return "own-words";
    case StepComposition::Joint: break;
    }
    return "joint";
}

StepComposition stepCompositionFromName(const std::string& name)
{
    if (name == "per-step")
        return StepComposition::PerStep;
    if (name == "own-words")
        return StepComposition::OwnWords;
    if (name == "joint")
        return StepComposition::Joint;
    throw Error("composition must be per-step, own-words or joint (got '" + name + "')");
}

} // namespace stepmotion
