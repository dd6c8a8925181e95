// The describer-versus-FineMotion check: reads the join table and the BPMSD texts, describes
// each clip's frame range of its CMU trial, and counts per body-part group how the describer's
// tagged steps line up with the parts each 0.5 s snippet names.

#include "stepmotion/core/describer/describer_check.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/import/motion_io.h"
#include "formats/number_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace stepmotion {

namespace {

constexpr double kSnippetS = 0.5; // FineMotion's snippet length: 10 frames at 20 fps
const std::array<const char*, 6> kGroups = {"head", "torso", "left_arm", "right_arm", "left_leg", "right_leg"};

// The join table's columns this check reads (see the data tree's README).
struct JoinRow {
    std::string id;
    int startFrame = 0;
    int endFrame = -1; // -1: to the end of the trial
    std::string bvh;   // relative to the data tree
};

std::vector<std::string> splitCsvHead(const std::string& line, std::size_t fields)
{
    // Only the last column (CMU's description) is ever quoted, so the first fields split plainly.
    std::vector<std::string> out;
    std::stringstream in(line);
    std::string field;
    while (out.size() < fields && std::getline(in, field, ','))
        out.push_back(field);
    return out;
}

int parseFrame(const std::string& path, long line, const std::string& text)
{
    if (const auto v = detail::wholeInt(text))
        return *v;
    throw lineError(path, line, "frame number '" + text + "' is not an integer");
}

std::vector<JoinRow> readJoinRows(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        throw fileError(path, "cannot open the join table");
    std::string line;
    std::getline(in, line);
    if (line.rfind("hml_id,", 0) != 0)
        throw lineError(path, 1, "expected the header of hml3d_cmu_join.csv");
    std::vector<JoinRow> rows;
    for (long n = 2; std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty())
            continue;
        const std::vector<std::string> f = splitCsvHead(line, 10);
        if (f.size() < 10)
            throw lineError(path, n, "fewer than 10 fields");
        if (f[9].empty())
            continue; // no BVH for this clip
        rows.push_back({f[0], parseFrame(path, n, f[5]), parseFrame(path, n, f[6]), f[9]});
    }
    return rows;
}

nlohmann::json readJson(const std::string& path)
{
    try {
        return nlohmann::json::parse(readWholeFile(path));
    } catch (const nlohmann::json::exception& e) {
        throw fileError(path, std::string("not valid JSON: ") + e.what());
    }
}

std::vector<std::string> snippetTexts(const nlohmann::json& texts, const std::string& path, const std::string& id)
{
    const nlohmann::json& list = texts.at(id);
    if (!list.is_array())
        throw fileError(path, id + ": expected a list of snippet texts");
    std::vector<std::string> out;
    for (const nlohmann::json& s : list) {
        if (!s.is_string())
            throw fileError(path, id + ": snippet texts must be strings");
        out.push_back(s.get<std::string>());
    }
    return out;
}

JointClip clipRange(const JointClip& trial, const JoinRow& row)
{
    const int a = std::clamp(row.startFrame, 0, trial.frames - 1);
    const int b = row.endFrame < 0 ? trial.frames : std::clamp(row.endFrame, a + 1, trial.frames);
    JointClip clip(b - a, kJointCount);
    clip.fps = trial.fps;
    std::copy_n(trial.at(a, 0), std::size_t(b - a) * kJointCount * 3, clip.at(0, 0));
    return clip;
}

bool contains(const std::string& text, const char* word) { return text.find(word) != std::string::npos; }

// Adds one clip's counts: per non-empty snippet, the named and the tagged groups.
void scoreClip(const MotionDescription& d, const std::vector<std::string>& snippets, double toleranceS,
               std::map<std::string, PartScore>& scores, int& windows)
{
    for (std::size_t i = 0; i < snippets.size(); ++i) {
        if (snippets[i].find_first_not_of(" \t\r\n") == std::string::npos)
            continue;
        ++windows;
        const double w0 = kSnippetS * double(i) - toleranceS;
        const double w1 = kSnippetS * double(i + 1) + toleranceS;
        std::set<std::string> tagged;
        for (const DescribedStep& s : d.steps) {
            if (s.rule == "still" || s.step.start >= w1 || s.step.end <= w0)
                continue;
            for (const std::string& g : describerBodyPartGroups(s.step))
                tagged.insert(g);
        }
        const std::vector<std::string> named = fineMotionBodyPartGroups(snippets[i]);
        for (const char* g : kGroups) {
            const bool isNamed = std::find(named.begin(), named.end(), g) != named.end();
            const bool isTagged = tagged.count(g) > 0;
            PartScore& score = scores[g];
            score.named += isNamed;
            score.tagged += isTagged;
            score.namedAndTagged += isNamed && isTagged;
        }
    }
}

} // namespace

std::vector<std::string> fineMotionBodyPartGroups(const std::string& snippet)
{
    std::string text = snippet;
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    static const std::array<std::pair<const char*, std::vector<const char*>>, 6> kWords = {{
        {"head", {"head", "look "}},
        {"torso", {"lean", "torso", "upper body", "bend your body", "bend forward", "your back", "your waist"}},
        {"left_arm", {"left arm", "left hand", "left elbow", "left wrist", "left shoulder", "left forearm"}},
        {"right_arm", {"right arm", "right hand", "right elbow", "right wrist", "right shoulder", "right forearm"}},
        {"left_leg", {"left leg", "left foot", "left knee", "left thigh", "left ankle", "left heel", "left toe"}},
        {"right_leg",
         {"right leg", "right foot", "right knee", "right thigh", "right ankle", "right heel", "right toe"}},
    }};
    std::set<std::string> groups;
    for (const auto& [group, words] : kWords) {
        for (const char* w : words) {
            if (contains(text, w))
                groups.insert(group);
        }
    }
    for (const char* both : {"your arms", "your hands", "your elbows", "both arms", "both hands"}) {
        if (contains(text, both))
            groups.insert({"left_arm", "right_arm"});
    }
    for (const char* both : {"your legs", "your knees", "your feet", "both legs", "both feet"}) {
        if (contains(text, both))
            groups.insert({"left_leg", "right_leg"});
    }
    std::vector<std::string> out;
    for (const char* g : kGroups) {
        if (groups.count(g))
            out.push_back(g);
    }
    return out;
}

std::vector<std::string> describerBodyPartGroups(const Step& step)
{
    std::set<std::string> groups;
    for (BodyPart p : step.bodyParts) {
        switch (p) {
        case BodyPart::LeftArm: case BodyPart::LeftHand: groups.insert("left_arm"); break;
        case BodyPart::RightArm: case BodyPart::RightHand: groups.insert("right_arm"); break;
        case BodyPart::WholeBody: break;
        default: groups.insert(std::string(bodyPartName(p))); break;
        }
    }
    std::vector<std::string> out;
    for (const char* g : kGroups) {
        if (groups.count(g))
            out.push_back(g);
    }
    return out;
}

DescriberCheckResult checkDescriberOnFineMotion(const std::string& dataTree, const DescriberCheckOptions& options)
{
    const std::string root = dataTree.empty() || dataTree.back() == '/' ? dataTree : dataTree + "/";
    const std::string joinPath = root + "joins/hml3d_cmu_join.csv";
    const std::string autoPath = root + "finemotion/BPMSD_auto.json";
    const std::string humanPath = root + "finemotion/BPMSD_human.json";
    const std::vector<JoinRow> rows = readJoinRows(joinPath);
    const nlohmann::json autoTexts = readJson(autoPath);
    const nlohmann::json humanTexts = options.texts == FineMotionTextSet::PreferHuman ? readJson(humanPath)
                                                                                      : nlohmann::json::object();
    DescriberCheckResult result;
    std::map<std::string, PartScore> scores;
    std::map<std::string, JointClip> trials;
    double describeMs = 0;
    for (const JoinRow& row : rows) {
        if (!autoTexts.contains(row.id))
            continue;
        bool human = humanTexts.contains(row.id);
        std::vector<std::string> snippets = human ? snippetTexts(humanTexts, humanPath, row.id)
                                                  : snippetTexts(autoTexts, autoPath, row.id);
        if (human && std::all_of(snippets.begin(), snippets.end(), [](const std::string& s) { return s.empty(); })) {
            human = false; // an all-empty human entry says nothing: fall back to the automatic texts
            snippets = snippetTexts(autoTexts, autoPath, row.id);
        }
        auto trial = trials.find(row.bvh);
        if (trial == trials.end())
            trial = trials.emplace(row.bvh, loadJointClip(root + row.bvh)).first;
        const JointClip clip = clipRange(trial->second, row);
        const auto t0 = std::chrono::steady_clock::now();
        const MotionDescription d = analyseMotion(clip, options.describer);
        describeMs += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        scoreClip(d, snippets, options.windowToleranceS, scores, result.windows);
        ++result.clips;
        result.humanTextClips += human;
    }
    if (result.clips == 0)
        throw fileError(joinPath, "no clip has both a BVH in the data tree and FineMotion snippets");
    result.describeMsPerClip = describeMs / result.clips;
    result.overall.group = "overall";
    for (const char* g : kGroups) {
        PartScore s = scores[g];
        s.group = g;
        result.overall.named += s.named;
        result.overall.tagged += s.tagged;
        result.overall.namedAndTagged += s.namedAndTagged;
        result.parts.push_back(s);
    }
    return result;
}

std::string formatDescriberCheck(const DescriberCheckResult& result)
{
    std::string out;
    char line[160];
    std::snprintf(line, sizeof line,
                  "%d clips (%d against BPMSD_human, the rest BPMSD_auto), %d snippets, %.2f ms per clip\n",
                  result.clips, result.humanTextClips, result.windows, result.describeMsPerClip);
    out += line;
    out += "group       named  tagged  both   recall  precision\n";
    std::vector<PartScore> rows = result.parts;
    rows.push_back(result.overall);
    for (const PartScore& s : rows) {
        std::snprintf(line, sizeof line, "%-10s %6d %7d %5d   %6.3f  %9.3f\n", s.group.c_str(), s.named, s.tagged,
                      s.namedAndTagged, s.recall(), s.precision());
        out += line;
    }
    return out;
}

} // namespace stepmotion
