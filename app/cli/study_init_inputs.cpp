// Inputs of `stepmotion study init`: the prompt list file and the --system/--seeds arguments.

#include "study_cli.h"

#include "stepmotion/core/atomic_file.h"
#include "stepmotion/core/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace stepmotion::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string absoluteFrom(const fs::path& base, const std::string& file)
{
    const fs::path p(file);
    return fs::absolute(p.is_absolute() ? p : base / p).lexically_normal().string();
}

StudyPrompt parsePromptEntry(const Json& v, const std::string& path, const fs::path& base, const std::string& field)
{
    const auto fail = [&](const std::string& sub, const std::string& what) {
        return fileError(path, field + sub + ": " + what);
    };
    if (!v.is_object())
        throw fail("", "must be an object with \"id\" and \"steps\"");
    StudyPrompt prompt;
    for (auto it = v.begin(); it != v.end(); ++it) {
        if (it.key() != "id" && it.key() != "tags" && it.key() != "steps" && it.key() != "ground_truth"
            && it.key() != "kind")
            throw fail("." + it.key(), "unknown field");
    }
    if (!v.contains("id") || !v["id"].is_string())
        throw fail(".id", "missing or not a string");
    prompt.id = v["id"].get<std::string>();
    if (v.contains("tags")) {
        if (!v["tags"].is_array())
            throw fail(".tags", "must be an array of strings");
        for (const Json& tag : v["tags"]) {
            if (!tag.is_string())
                throw fail(".tags", "must be an array of strings");
            prompt.tags.push_back(tag.get<std::string>());
        }
    }
    // A composite prompt set's entries (`data composite-prompts`) carry their kind: keep it as a tag.
    if (v.contains("kind")) {
        if (!v["kind"].is_string())
            throw fail(".kind", "must be a string");
        const std::string kind = v["kind"].get<std::string>();
        if (std::find(prompt.tags.begin(), prompt.tags.end(), kind) == prompt.tags.end())
            prompt.tags.push_back(kind);
    }
    if (v.contains("ground_truth")) {
        if (!v["ground_truth"].is_string())
            throw fail(".ground_truth", "must be a file name");
        prompt.groundTruthClip = absoluteFrom(base, v["ground_truth"].get<std::string>());
    }
    if (!v.contains("steps"))
        throw fail(".steps", "missing");
    const Json& steps = v["steps"];
    if (steps.is_string())
        prompt.steps = loadStepList(absoluteFrom(base, steps.get<std::string>()));
    else if (steps.is_object())
        prompt.steps = parseStepList(steps.dump(), path + ": " + field + ".steps");
    else
        throw fail(".steps", "must be a step-list file name or a step-list object");
    return prompt;
}

} // namespace

std::vector<StudyPrompt> loadStudyPrompts(const std::string& path)
{
    Json root;
    try {
        root = Json::parse(readWholeFile(path));
    } catch (const Json::exception& e) {
        throw fileError(path, "not valid JSON (" + std::string(e.what()) + ")");
    }
    // Either a plain array of prompts or a prompt-set file ({"version": 1, "prompts": [...]}).
    if (root.is_object() && root.contains("prompts"))
        root = Json(root["prompts"]);
    if (!root.is_array() || root.empty())
        throw fileError(path, "expected a non-empty JSON array of prompts (or an object with \"prompts\")");
    const fs::path base = fs::path(path).parent_path();
    std::vector<StudyPrompt> prompts;
    for (std::size_t i = 0; i < root.size(); ++i)
        prompts.push_back(parsePromptEntry(root[i], path, base, "[" + std::to_string(i) + "]"));
    return prompts;
}

std::vector<StudySystem> parseSystemArgs(const std::vector<std::string>& values)
{
    std::vector<StudySystem> systems;
    for (const std::string& v : values) {
        const auto eq = v.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == v.size())
            throw Error("--system must be ID=MODEL_DIR (got '" + v + "')");
        systems.push_back({v.substr(0, eq), "", absoluteFrom(fs::current_path(), v.substr(eq + 1)), false});
    }
    return systems;
}

std::vector<uint64_t> parseSeedList(const std::string& text)
{
    std::vector<uint64_t> seeds;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, end - start);
        if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos || item.size() > 19)
            throw Error("--seeds must be a comma-separated list of non-negative integers (got '" + text + "')");
        seeds.push_back(std::stoull(item));
        start = end + 1;
    }
    return seeds;
}

} // namespace stepmotion::cli
