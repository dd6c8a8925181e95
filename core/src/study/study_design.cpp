// study.json: parsing, validation and writing of a study design. Strict (unknown fields are
// errors) because the file is often hand-edited and a typo must not silently change a study.

#include "stepmotion/core/study/study.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "study/study_format.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

namespace stepmotion {
namespace {

using study_detail::Json;
using study_detail::JsonContext;
using study_detail::quoted;
using OrderedJson = nlohmann::ordered_json;

void checkId(const std::string& id, const JsonContext& ctx, const std::string& field)
{
    if (!isValidStudyId(id))
        ctx.fail(field, "invalid id " + quoted(id)
                            + " (1-64 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit, no \"__\")");
}

std::vector<std::string> parseTags(const Json& prompt, const JsonContext& ctx, const std::string& prefix)
{
    const std::vector<std::string> tags = ctx.optionalStrings(prompt, "tags", prefix);
    for (std::size_t i = 0; i < tags.size(); ++i) {
        const std::string field = prefix + "tags[" + std::to_string(i) + "]";
        checkId(tags[i], ctx, field);
        const auto earlier = tags.begin() + static_cast<std::ptrdiff_t>(i);
        if (std::find(tags.begin(), earlier, tags[i]) != earlier)
            ctx.fail(field, "duplicate " + quoted(tags[i]));
    }
    return tags;
}

StudyPrompt parsePrompt(const Json& v, const JsonContext& ctx, const std::string& prefix)
{
    if (!v.is_object())
        ctx.fail(prefix.substr(0, prefix.size() - 1), "must be an object");
    ctx.rejectUnknownKeys(v, {"id", "tags", "ground_truth", "steps"}, prefix);
    StudyPrompt prompt;
    prompt.id = ctx.string(v, "id", prefix);
    checkId(prompt.id, ctx, prefix + "id");
    prompt.tags = parseTags(v, ctx, prefix);
    prompt.groundTruthClip = ctx.optionalString(v, "ground_truth", prefix, "");
    const Json& steps = ctx.required(v, "steps", prefix);
    if (!steps.is_object())
        ctx.fail(prefix + "steps", "must be a step-list object");
    // The step-list parser names its own fields; prefix them with where the list sits.
    prompt.steps = parseStepList(steps.dump(), ctx.name + ": " + prefix + "steps");
    if (prompt.steps.steps.empty())
        ctx.fail(prefix + "steps.steps", "must contain at least one step");
    return prompt;
}

StudySystem parseSystem(const Json& v, const JsonContext& ctx, const std::string& prefix)
{
    if (!v.is_object())
        ctx.fail(prefix.substr(0, prefix.size() - 1), "must be an object");
    ctx.rejectUnknownKeys(v, {"id", "label", "model", "ground_truth"}, prefix);
    StudySystem system;
    system.id = ctx.string(v, "id", prefix);
    checkId(system.id, ctx, prefix + "id");
    system.label = ctx.optionalString(v, "label", prefix, "");
    system.modelDir = ctx.optionalString(v, "model", prefix, "");
    system.groundTruth = ctx.boolean(v, "ground_truth", prefix, false);
    if (system.groundTruth && !system.modelDir.empty())
        ctx.fail(prefix + "model", "a ground-truth system has no model");
    if (!system.groundTruth && system.modelDir.empty())
        ctx.fail(prefix + "model", "missing (every system except ground truth needs a model folder)");
    return system;
}

void parseTrialTypes(const Json& root, StudyDesign& design, const JsonContext& ctx)
{
    const auto it = root.find("trials");
    if (it == root.end())
        return;
    if (!it->is_object())
        ctx.fail("trials", "must be an object");
    ctx.rejectUnknownKeys(*it, {"pairwise", "likert", "step_checks"}, "trials.");
    design.trialTypes.pairwise = ctx.boolean(*it, "pairwise", "trials.", true);
    design.trialTypes.likert = ctx.boolean(*it, "likert", "trials.", true);
    design.trialTypes.stepChecks = ctx.boolean(*it, "step_checks", "trials.", true);
    if (!design.trialTypes.pairwise && !design.trialTypes.likert && !design.trialTypes.stepChecks)
        ctx.fail("trials", "enables no trial type");
}

// Rules that involve more than one field; shared by parsing and saving.
void validateDesign(const StudyDesign& d, const JsonContext& ctx)
{
    std::set<std::string> ids;
    for (std::size_t i = 0; i < d.prompts.size(); ++i) {
        if (!ids.insert(d.prompts[i].id).second)
            ctx.fail("prompts[" + std::to_string(i) + "].id", "duplicate " + quoted(d.prompts[i].id));
    }
    ids.clear();
    bool groundTruthSeen = false;
    for (std::size_t i = 0; i < d.systems.size(); ++i) {
        const std::string prefix = "systems[" + std::to_string(i) + "].";
        if (!ids.insert(d.systems[i].id).second)
            ctx.fail(prefix + "id", "duplicate " + quoted(d.systems[i].id));
        if (d.systems[i].groundTruth && groundTruthSeen)
            ctx.fail(prefix + "ground_truth", "only one system can be the ground truth");
        groundTruthSeen = groundTruthSeen || d.systems[i].groundTruth;
    }
    std::set<uint64_t> seeds;
    for (std::size_t i = 0; i < d.seeds.size(); ++i) {
        if (!seeds.insert(d.seeds[i]).second)
            ctx.fail("seeds[" + std::to_string(i) + "]", "duplicate " + std::to_string(d.seeds[i]));
    }
    if (d.attentionChecks > 0) {
        const bool distinct = std::any_of(d.prompts.begin(), d.prompts.end(),
                                          [&](const StudyPrompt& p) { return p.steps != d.prompts[0].steps; });
        if (!distinct)
            ctx.fail("attention_checks", "need two prompts whose steps differ (or set attention_checks to 0)");
    }
}

} // namespace

bool isValidStudyId(std::string_view id)
{
    if (id.empty() || id.size() > 64 || !std::isalnum(static_cast<unsigned char>(id[0])))
        return false;
    if (id.find("__") != std::string_view::npos)
        return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
    });
}

StudyDesign parseStudyDesign(const std::string& json, const std::string& name)
{
    const JsonContext ctx{name};
    const Json root = ctx.parse(json);
    if (!root.is_object())
        ctx.fail("", "expected a JSON object with \"version\", \"prompts\" and \"systems\"");
    const long long version = ctx.integer(root, "version", "", -1, 1, 1LL << 40);
    if (version < 0)
        ctx.fail("version", "missing (this StepMotion writes " + std::to_string(kStudyVersion) + ")");
    if (version > kStudyVersion)
        ctx.fail("", "study version " + std::to_string(version) + " is newer than this StepMotion supports ("
                         + std::to_string(kStudyVersion) + ")");
    ctx.rejectUnknownKeys(root, {"version", "title", "question", "prompts", "systems", "seeds", "trials",
                                 "attention_checks", "guidance", "sampling_steps"}, "");
    StudyDesign d;
    d.title = ctx.optionalString(root, "title", "", "");
    d.question = ctx.optionalString(root, "question", "", d.question);
    const Json& prompts = ctx.array(root, "prompts", "", true);
    for (std::size_t i = 0; i < prompts.size(); ++i)
        d.prompts.push_back(parsePrompt(prompts[i], ctx, "prompts[" + std::to_string(i) + "]."));
    const Json& systems = ctx.array(root, "systems", "", true);
    for (std::size_t i = 0; i < systems.size(); ++i)
        d.systems.push_back(parseSystem(systems[i], ctx, "systems[" + std::to_string(i) + "]."));
    if (root.contains("seeds")) {
        const Json& seeds = ctx.array(root, "seeds", "", true);
        d.seeds.clear();
        for (std::size_t i = 0; i < seeds.size(); ++i)
            d.seeds.push_back(ctx.unsignedValue(seeds[i], "seeds[" + std::to_string(i) + "]"));
    }
    parseTrialTypes(root, d, ctx);
    d.attentionChecks = int(ctx.integer(root, "attention_checks", "", d.attentionChecks, 0, 1000));
    d.guidanceScale = ctx.number(root, "guidance", "", d.guidanceScale, 0.0, 100.0);
    d.samplingSteps = int(ctx.integer(root, "sampling_steps", "", d.samplingSteps, 1, 10000));
    validateDesign(d, ctx);
    return d;
}

StudyDesign loadStudyDesign(const std::string& path)
{
    return parseStudyDesign(readWholeFile(path), path);
}

std::string studyDesignToJson(const StudyDesign& d)
{
    // Round-tripping through the parser applies every rule the reader applies.
    OrderedJson root = OrderedJson::object();
    root["version"] = kStudyVersion;
    root["title"] = d.title;
    root["question"] = d.question;
    OrderedJson prompts = OrderedJson::array();
    for (const StudyPrompt& p : d.prompts) {
        OrderedJson prompt = OrderedJson::object();
        prompt["id"] = p.id;
        prompt["tags"] = p.tags;
        if (!p.groundTruthClip.empty())
            prompt["ground_truth"] = p.groundTruthClip;
        prompt["steps"] = OrderedJson::parse(stepListToJson(p.steps));
        prompts.push_back(std::move(prompt));
    }
    root["prompts"] = std::move(prompts);
    OrderedJson systems = OrderedJson::array();
    for (const StudySystem& s : d.systems) {
        OrderedJson system = OrderedJson::object();
        system["id"] = s.id;
        if (!s.label.empty())
            system["label"] = s.label;
        if (!s.modelDir.empty())
            system["model"] = s.modelDir;
        system["ground_truth"] = s.groundTruth;
        systems.push_back(std::move(system));
    }
    root["systems"] = std::move(systems);
    root["seeds"] = d.seeds;
    root["trials"] = {{"pairwise", d.trialTypes.pairwise}, {"likert", d.trialTypes.likert},
                      {"step_checks", d.trialTypes.stepChecks}};
    root["attention_checks"] = d.attentionChecks;
    root["guidance"] = d.guidanceScale;
    root["sampling_steps"] = d.samplingSteps;
    std::string text = root.dump(2) + "\n";
    parseStudyDesign(text, "study");
    return text;
}

void saveStudyDesign(const StudyDesign& design, const std::string& path)
{
    std::string bytes;
    try {
        bytes = studyDesignToJson(design);
    } catch (const Error& e) {
        throw fileError(path, std::string("not saved: ") + e.what());
    }
    writeFileAtomically(path, bytes);
}

std::string studyDesignPath(const std::string& studyDir)
{
    return (std::filesystem::path(studyDir) / "study.json").string();
}

std::string resolveStudyPath(const std::string& studyDir, const std::string& path)
{
    const std::filesystem::path p(path);
    return p.is_absolute() ? path : (std::filesystem::path(studyDir) / p).string();
}

} // namespace stepmotion
