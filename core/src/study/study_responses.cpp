// Response records: the JSON line format of STUDY_DIR/responses/<rater>.jsonl, loading with
// crash tolerance (only the last line may be torn), resuming and CSV export.

#include "stepmotion/core/study/study_responses.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "study/study_format.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <set>
#include <sstream>

namespace stepmotion {
namespace {

using study_detail::Json;
using study_detail::JsonContext;
using OrderedJson = nlohmann::ordered_json;

// The rules every response obeys, checked on write and on read.
void validateResponse(const TrialResponse& r, const JsonContext& ctx)
{
    if (!isValidStudyId(r.rater))
        ctx.fail("rater", "invalid rater id '" + r.rater + "'");
    if (r.trialKey.empty())
        ctx.fail("trial", "must not be empty");
    if (r.trialIndex < 0)
        ctx.fail("index", "must be >= 0");
    if (r.kind == TrialKind::Pairwise) {
        const bool ok = r.attentionCheck ? (r.preferred == kAttentionMatch || r.preferred == kAttentionMismatch)
                                         : (r.preferred == r.systemA || r.preferred == r.systemB);
        if (!ok && r.preferred != kPreferTie)
            ctx.fail("preferred", "'" + r.preferred + "' is neither clip of the trial nor \"tie\"");
    } else if (r.attentionCheck) {
        ctx.fail("attention", "only pairwise trials are attention checks");
    }
    if (r.kind == TrialKind::Likert && (r.faithfulness < 1 || r.naturalness < 1))
        ctx.fail("faithfulness", "a Likert answer needs both ratings (1-5)");
    if (r.faithfulness < 0 || r.faithfulness > 5)
        ctx.fail("faithfulness", "must be from 1 to 5 (0 = not asked), found " + std::to_string(r.faithfulness));
    if (r.naturalness < 0 || r.naturalness > 5)
        ctx.fail("naturalness", "must be from 1 to 5 (0 = not asked), found " + std::to_string(r.naturalness));
    if (r.kind == TrialKind::StepCheck && r.stepsPerformed.empty())
        ctx.fail("steps_performed", "a step check needs one answer per step");
    if (!std::isfinite(r.seconds) || r.seconds < 0)
        ctx.fail("seconds", "must be a non-negative number");
}

std::vector<bool> parseSteps(const Json& root, const JsonContext& ctx)
{
    std::vector<bool> steps;
    const auto it = root.find("steps_performed");
    if (it == root.end())
        return steps;
    if (!it->is_array())
        ctx.fail("steps_performed", "must be an array of true/false");
    for (std::size_t i = 0; i < it->size(); ++i) {
        if (!(*it)[i].is_boolean())
            ctx.fail("steps_performed[" + std::to_string(i) + "]", "must be true or false");
        steps.push_back((*it)[i].get<bool>());
    }
    return steps;
}

std::string csvField(const std::string& s)
{
    if (s.find_first_of(",\"\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

} // namespace

TrialResponse responseForTrial(const Trial& trial, const std::string& rater)
{
    TrialResponse r;
    r.rater = rater;
    r.trialKey = trial.key;
    r.trialIndex = trial.index;
    r.kind = trial.kind;
    r.promptId = trial.promptId;
    r.systemA = trial.systemA;
    r.systemB = trial.systemB;
    r.promptB = trial.promptB;
    r.seed = trial.seed;
    r.attentionCheck = trial.attentionCheck;
    r.aOnLeft = trial.aOnLeft;
    r.answeredAt = currentUtcIso8601();
    return r;
}

std::string currentUtcIso8601()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

bool attentionPassed(const TrialResponse& response)
{
    return response.attentionCheck && response.preferred == kAttentionMatch;
}

std::string trialResponseToJson(const TrialResponse& r)
{
    validateResponse(r, JsonContext{"response"});
    OrderedJson j = OrderedJson::object();
    j["rater"] = r.rater;
    j["trial"] = r.trialKey;
    j["index"] = r.trialIndex;
    j["kind"] = std::string(trialKindName(r.kind));
    j["prompt"] = r.promptId;
    j["a"] = r.systemA;
    j["b"] = r.systemB;
    j["prompt_b"] = r.promptB;
    j["seed"] = r.seed;
    j["attention"] = r.attentionCheck;
    j["a_on_left"] = r.aOnLeft;
    j["preferred"] = r.preferred;
    j["faithfulness"] = r.faithfulness;
    j["naturalness"] = r.naturalness;
    j["steps_performed"] = r.stepsPerformed;
    j["seconds"] = r.seconds;
    j["answered_at"] = r.answeredAt;
    return j.dump();
}

TrialResponse parseTrialResponse(const std::string& line, const std::string& name, long lineNumber)
{
    const JsonContext ctx{name, lineNumber};
    const Json j = ctx.parse(line);
    if (!j.is_object())
        ctx.fail("", "expected a JSON object");
    ctx.rejectUnknownKeys(j, {"rater", "trial", "index", "kind", "prompt", "a", "b", "prompt_b", "seed", "attention",
                              "a_on_left", "preferred", "faithfulness", "naturalness", "steps_performed", "seconds",
                              "answered_at"}, "");
    TrialResponse r;
    r.rater = ctx.string(j, "rater", "");
    r.trialKey = ctx.string(j, "trial", "");
    r.trialIndex = int(ctx.integer(j, "index", "", -1, 0, 1000000000));
    const auto kind = trialKindFromName(ctx.string(j, "kind", ""));
    if (!kind)
        ctx.fail("kind", "unknown trial kind (expected pairwise, likert or step_check)");
    r.kind = *kind;
    r.promptId = ctx.string(j, "prompt", "");
    r.systemA = ctx.string(j, "a", "");
    r.systemB = ctx.optionalString(j, "b", "", "");
    r.promptB = ctx.optionalString(j, "prompt_b", "", "");
    r.seed = ctx.unsignedValue(ctx.required(j, "seed", ""), "seed");
    r.attentionCheck = ctx.boolean(j, "attention", "", false);
    r.aOnLeft = ctx.boolean(j, "a_on_left", "", true);
    r.preferred = ctx.optionalString(j, "preferred", "", "");
    r.faithfulness = int(ctx.integer(j, "faithfulness", "", 0, 0, 5));
    r.naturalness = int(ctx.integer(j, "naturalness", "", 0, 0, 5));
    r.stepsPerformed = parseSteps(j, ctx);
    r.seconds = ctx.number(j, "seconds", "", 0.0, 0.0, 1e9);
    r.answeredAt = ctx.optionalString(j, "answered_at", "", "");
    if (r.trialIndex < 0)
        ctx.fail("index", "missing");
    validateResponse(r, ctx);
    return r;
}

std::string studyResponsesPath(const std::string& studyDir, const std::string& rater)
{
    return (std::filesystem::path(studyDir) / "responses" / (rater + ".jsonl")).string();
}

LoadedResponses loadResponses(const std::string& path)
{
    const std::string text = readWholeFile(path);
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    LoadedResponses out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const long number = long(i) + 1;
        if (lines[i].find_first_not_of(" \t\r") == std::string::npos) {
            if (i + 1 < lines.size())
                throw lineError(path, number, "empty line inside the response log");
            continue;
        }
        try {
            out.responses.push_back(parseTrialResponse(lines[i], path, number));
        } catch (const Error& e) {
            if (i + 1 < lines.size())
                throw;
            out.warnings.push_back(lineError(path, number, "incomplete last line dropped (crash while writing?)").what());
        }
    }
    return out;
}

LoadedResponses loadStudyResponses(const std::string& studyDir)
{
    const std::filesystem::path dir = std::filesystem::path(studyDir) / "responses";
    LoadedResponses all;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        return all;
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".jsonl")
            files.push_back(entry.path().string());
    }
    if (ec)
        throw fileError(dir.string(), "cannot list folder: " + ec.message());
    std::sort(files.begin(), files.end());
    for (const std::string& file : files) {
        LoadedResponses one = loadResponses(file);
        all.responses.insert(all.responses.end(), one.responses.begin(), one.responses.end());
        all.warnings.insert(all.warnings.end(), one.warnings.begin(), one.warnings.end());
    }
    return all;
}

int resumeTrialIndex(const std::vector<Trial>& plan, const std::vector<TrialResponse>& answered)
{
    std::set<std::string> keys;
    for (const TrialResponse& r : answered)
        keys.insert(r.trialKey);
    for (std::size_t i = 0; i < plan.size(); ++i) {
        if (keys.count(plan[i].key) == 0)
            return static_cast<int>(i);
    }
    return static_cast<int>(plan.size());
}

std::string responsesToCsv(const std::vector<TrialResponse>& responses)
{
    std::string out = "rater,trial,index,kind,prompt,a,b,prompt_b,seed,attention,a_on_left,preferred,faithfulness,"
                      "naturalness,steps_performed,seconds,answered_at\n";
    for (const TrialResponse& r : responses) {
        std::string steps;
        for (bool s : r.stepsPerformed)
            steps += s ? '1' : '0';
        out += csvField(r.rater) + "," + csvField(r.trialKey) + "," + std::to_string(r.trialIndex) + ","
               + std::string(trialKindName(r.kind)) + "," + csvField(r.promptId) + "," + csvField(r.systemA) + ","
               + csvField(r.systemB) + "," + csvField(r.promptB) + "," + std::to_string(r.seed) + ","
               + (r.attentionCheck ? "1" : "0") + "," + (r.aOnLeft ? "1" : "0") + "," + csvField(r.preferred) + ","
               + std::to_string(r.faithfulness) + "," + std::to_string(r.naturalness) + "," + steps + ","
               + study_detail::fixed(r.seconds, 3) + "," + csvField(r.answeredAt) + "\n";
    }
    return out;
}

void writeResponsesCsv(const std::vector<TrialResponse>& responses, const std::string& path)
{
    writeFileAtomically(path, responsesToCsv(responses));
}

} // namespace stepmotion
