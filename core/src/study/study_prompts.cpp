// The prompt list `stepmotion study init` builds a design from; see loadStudyPrompts in study.h.

#include "stepmotion/core/study/study.h"

#include "stepmotion/core/formats/atomic_file.h"

#include "study/study_format.h"

#include <algorithm>
#include <filesystem>

namespace stepmotion {
namespace {

namespace fs = std::filesystem;
using study_detail::Json;
using study_detail::JsonContext;

std::string absoluteFrom(const fs::path& base, const std::string& file)
{
    const fs::path p(file);
    return fs::absolute(p.is_absolute() ? p : base / p).lexically_normal().string();
}

StudyPrompt parsePromptEntry(const Json& v, const JsonContext& ctx, const fs::path& base, const std::string& prefix)
{
    if (!v.is_object())
        ctx.fail(prefix.substr(0, prefix.size() - 1), "must be an object with \"id\" and \"steps\"");
    ctx.rejectUnknownKeys(v, {"id", "tags", "kind", "steps", "ground_truth"}, prefix);
    StudyPrompt prompt;
    prompt.id = ctx.string(v, "id", prefix);
    prompt.tags = ctx.optionalStrings(v, "tags", prefix);
    // A prompt-set entry (`data composite-prompts`) carries its kind: keep it as a tag.
    const std::string kind = ctx.optionalString(v, "kind", prefix, "");
    if (!kind.empty() && std::find(prompt.tags.begin(), prompt.tags.end(), kind) == prompt.tags.end())
        prompt.tags.push_back(kind);
    const std::string clip = ctx.optionalString(v, "ground_truth", prefix, "");
    if (!clip.empty())
        prompt.groundTruthClip = absoluteFrom(base, clip);
    const Json& steps = ctx.required(v, "steps", prefix);
    if (steps.is_string())
        prompt.steps = loadStepList(absoluteFrom(base, steps.get<std::string>()));
    else if (steps.is_object())
        prompt.steps = parseStepList(steps.dump(), ctx.name + ": " + prefix + "steps");
    else
        ctx.fail(prefix + "steps", "must be a step-list file name or a step-list object");
    return prompt;
}

} // namespace

std::vector<StudyPrompt> loadStudyPrompts(const std::string& path)
{
    const JsonContext ctx{path};
    Json root = ctx.parse(readWholeFile(path));
    // Either a plain array of prompts or a prompt-set file ({"version": 1, "prompts": [...]}).
    if (root.is_object() && root.contains("prompts"))
        root = Json(root["prompts"]);
    if (!root.is_array() || root.empty())
        ctx.fail("", "expected a non-empty JSON array of prompts (or an object with \"prompts\")");
    const fs::path base = fs::path(path).parent_path();
    std::vector<StudyPrompt> prompts;
    for (std::size_t i = 0; i < root.size(); ++i)
        prompts.push_back(parsePromptEntry(root[i], ctx, base, "[" + std::to_string(i) + "]."));
    return prompts;
}

} // namespace stepmotion
