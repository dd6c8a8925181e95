// Clip preparation: every clip a study can show is produced before rating starts, so raters
// never wait on the model. Resumable: existing clips are kept and each new one is written
// atomically, so an interrupted run leaves only whole files behind.

#include "stepmotion/core/study/study.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/import/motion_io.h"
#include "study/study_format.h"
#include "stepmotion/core/formats/file_paths.h"

#include <filesystem>
#include <map>

namespace stepmotion {
namespace {

FeatureClip produceClip(const std::string& studyDir, const StudyPrompt& prompt, const StudySystem& system,
                        uint64_t seed, const ClipSource& source)
{
    if (system.groundTruth)
        return loadFeatureClip(resolveStudyPath(studyDir, prompt.groundTruthClip));
    if (!source)
        throw Error("no clip source for system '" + system.id + "'");
    return source(prompt, system, seed);
}

} // namespace

PrepareResult prepareStudyClips(const std::string& studyDir, const StudyDesign& design, const ClipSource& source,
                                const PrepareProgressCallback& progress, const PrepareCancel& cancel)
{
    std::map<std::string, const StudyPrompt*> prompts;
    for (const StudyPrompt& p : design.prompts)
        prompts[p.id] = &p;
    std::map<std::string, const StudySystem*> systems;
    for (const StudySystem& s : design.systems)
        systems[s.id] = &s;

    const std::vector<StudyClip> clips = studyClips(studyDir, design);
    makeDirectories((std::filesystem::path(studyDir) / "clips").string());
    PrepareResult result;
    PrepareProgress state{0, static_cast<int>(clips.size()), {}};
    for (const StudyClip& clip : clips) {
        std::error_code ec;
        if (std::filesystem::exists(clip.path, ec)) {
            ++result.skipped;
            ++state.done;
            continue;
        }
        if (cancel && cancel()) {
            result.cancelled = true;
            return result;
        }
        state.current = std::filesystem::path(clip.path).filename().string();
        if (progress)
            progress(state);
        FeatureClip features;
        try {
            features = produceClip(studyDir, *prompts.at(clip.promptId), *systems.at(clip.systemId), clip.seed, source);
        } catch (const Error& e) {
            throw fileError(clip.path, std::string("cannot prepare clip: ") + e.what());
        }
        if (features.frames < 1 || features.values.size() != std::size_t(features.frames) * kFeatureDim)
            throw fileError(clip.path, "cannot prepare clip: the source returned an empty or malformed clip");
        saveFeaturesNpy(clip.path, features);
        ++result.generated;
        ++state.done;
    }
    state.current.clear();
    if (progress)
        progress(state);
    return result;
}

} // namespace stepmotion
