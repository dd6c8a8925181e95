// The names of generator.h's Sampler, Torch-free like step_composition_name.cpp: Studio's
// project files and the CLI read the choice by name.

#include "stepmotion/core/generation/generator.h"

#include "stepmotion/core/runtime/error.h"

namespace stepmotion {

std::string samplerName(Sampler sampler)
{
    return sampler == Sampler::DpmSolver ? "dpm-solver++" : "ddim";
}

Sampler samplerFromName(const std::string& name)
{
    if (name == "ddim")
        return Sampler::Ddim;
    if (name == "dpm-solver++")
        return Sampler::DpmSolver;
    throw Error("sampler must be ddim or dpm-solver++ (got '" + name + "')");
}

} // namespace stepmotion
