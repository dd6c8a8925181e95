// The study's real clip source: generation with each system's trained model.
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/generation/generator.h"
#include "stepmotion/core/study/study.h"

#include <map>
#include <memory>

namespace stepmotion {

ClipSource modelClipSource(const std::string& studyDir, const StudyDesign& design, PrepareCancel cancel)
{
    // Shared so that copies of the source (std::function copies) reuse the loaded models.
    auto generators = std::make_shared<std::map<std::string, std::shared_ptr<MotionGenerator>>>();
    const double guidance = design.guidanceScale;
    const int samplingSteps = design.samplingSteps;
    return [studyDir, generators, guidance, samplingSteps, cancel](const StudyPrompt& prompt,
                                                                   const StudySystem& system, uint64_t seed) {
        const std::string dir = resolveStudyPath(studyDir, system.modelDir);
        std::shared_ptr<MotionGenerator>& generator = (*generators)[dir];
        if (!generator)
            generator = std::make_shared<MotionGenerator>(MotionGenerator::load(dir));
        GenerationRequest request;
        request.steps = prompt.steps;
        request.seed = seed;
        request.guidanceScale = guidance;
        request.samplingSteps = samplingSteps;
        GenerationResult result = generator->generate(request, {}, cancel);
        if (result.cancelled || result.motions.empty())
            throw Error("generation of " + prompt.id + " by " + system.id + " was cancelled");
        return std::move(result.motions.front());
    };
}

} // namespace stepmotion
