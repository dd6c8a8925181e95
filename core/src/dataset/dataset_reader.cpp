// Indexes a HumanML3D-layout directory (dataset_reader.h). Per-clip problems become warnings
// and the clip is left out, so one bad file never stops a whole training run.

#include "stepmotion/core/dataset/dataset_reader.h"

#include "dataset/dataset_pipeline.h"
#include "stepmotion/core/steps/body_part_words.h"
#include "stepmotion/core/runtime/error.h"
#include "formats/text_trim.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace stepmotion {
namespace fs = std::filesystem;
namespace {

std::string readText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw fileError(path, "cannot be read");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

double parseTime(const std::string& field, const std::string& name, long line, const char* what)
{
    try {
        std::size_t used = 0;
        const double v = std::stod(field, &used);
        if (used != field.size() && field.find_first_not_of(" \t\r", used) != std::string::npos)
            throw std::invalid_argument(field);
        return std::isnan(v) ? 0.0 : v;
    } catch (const std::exception&) {
        throw lineError(name, line, std::string(what) + " time '" + field + "' is not a number");
    }
}

/// The body parts the builder's FineMotion word table finds in `text` (reused, not copied).
/// Length of a numbered marker ("Step 2:", "2.", "2)") at `pos`, or 0.
std::size_t markerLength(const std::string& t, std::size_t pos)
{
    std::size_t i = pos;
    if (t.compare(i, 4, "Step") == 0 || t.compare(i, 4, "step") == 0) {
        i += 4;
        while (i < t.size() && t[i] == ' ')
            ++i;
    }
    const std::size_t digits = i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])))
        ++i;
    if (i == digits || i >= t.size() || (t[i] != ':' && t[i] != '.' && t[i] != ')'))
        return 0;
    if (i + 1 < t.size() && t[i + 1] != ' ')
        return 0; // "1.5 m" is a number, not a marker
    return i + 1 - pos;
}

std::vector<std::string> splitSteps(const std::string& text)
{
    // Numbered markers win when there are at least two of them; else plain sentences.
    std::vector<std::size_t> marks;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool boundary = i == 0 || (text[i - 1] == ' ' && i >= 2 &&
                                         std::string(".!?:;").find(text[i - 2]) != std::string::npos);
        if (boundary && markerLength(text, i) > 0)
            marks.push_back(i);
    }
    std::vector<std::string> parts;
    if (marks.size() >= 2) {
        for (std::size_t k = 0; k < marks.size(); ++k) {
            const std::size_t a = marks[k] + markerLength(text, marks[k]);
            const std::size_t b = k + 1 < marks.size() ? marks[k + 1] : text.size();
            parts.push_back(detail::trimWhitespace(text.substr(a, b - a)));
        }
    } else {
        std::size_t a = 0;
        for (std::size_t i = 0; i < text.size(); ++i)
            if (std::string(".!?").find(text[i]) != std::string::npos &&
                (i + 1 == text.size() || text[i + 1] == ' ')) {
                parts.push_back(detail::trimWhitespace(text.substr(a, i + 1 - a)));
                a = i + 1;
            }
        parts.push_back(detail::trimWhitespace(text.substr(a)));
    }
    parts.erase(std::remove(parts.begin(), parts.end(), std::string()), parts.end());
    return parts;
}

std::vector<std::string> readIdList(const std::string& path)
{
    std::vector<std::string> ids;
    std::istringstream in(readText(path));
    for (std::string line; std::getline(in, line);)
        if (!detail::trimWhitespace(line).empty())
            ids.push_back(detail::trimWhitespace(line));
    return ids;
}

nlohmann::json readJsonFile(const std::string& path)
{
    try {
        return nlohmann::json::parse(readText(path));
    } catch (const nlohmann::json::exception& e) {
        throw fileError(path, std::string("not valid JSON: ") + e.what());
    }
}

/// FineMotion's {"id": [text, ...]} (every value an array of strings).
std::map<std::string, std::vector<std::string>> readFineMotion(const std::string& path)
{
    const nlohmann::json j = readJsonFile(path);
    if (!j.is_object())
        throw fileError(path, "expected an object of id -> list of texts");
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& [id, texts] : j.items()) {
        if (!texts.is_array())
            throw fileError(path, "\"" + id + "\": expected a list of texts");
        for (const auto& t : texts) {
            if (!t.is_string())
                throw fileError(path, "\"" + id + "\": expected only strings");
            out[id].push_back(t.get<std::string>());
        }
    }
    return out;
}

struct Context {
    std::string dir;
    DatasetReadOptions options;
    std::string fineDir;
    std::map<std::string, std::vector<std::string>> bpmsd, bpmp;
    nlohmann::json manifest;  // "clips" object, or null
    std::map<std::string, std::string> splitOf;
};

void addStepsJson(const Context& ctx, DatasetClip& clip)
{
    const std::string rel = "steps/" + clip.id + ".json";
    if (!ctx.options.readSteps || !fs::exists(ctx.dir + "/" + rel))
        return;
    const nlohmann::json j = readJsonFile(ctx.dir + "/" + rel);
    if (!j.is_object() || !j.contains("lists") || !j["lists"].is_array())
        throw fileError(rel, "expected {\"lists\": [...]}");
    for (std::size_t i = 0; i < j["lists"].size(); ++i)
        clip.stepLists.push_back(
            {"steps.json", parseStepList(j["lists"][i].dump(), rel + ": lists[" + std::to_string(i) + "]")});
}

void addFineTexts(const Context& ctx, DatasetClip& clip)
{
    const std::string path = ctx.fineDir + "/" + clip.id + ".txt";
    if (ctx.fineDir.empty() || !fs::exists(path))
        return;
    std::istringstream in(readText(path));
    std::size_t line = 0;
    for (std::string text; std::getline(in, text); ++line) {
        // Fine files may be tagged like the captions ("text#tokens#..."): keep the text.
        const std::string fine = detail::trimWhitespace(text.substr(0, text.find('#')));
        if (fine.empty())
            continue;
        const DatasetCaption* cap = line < clip.captions.size() ? &clip.captions[line] : nullptr;
        const double start = cap ? cap->start : 0.0;
        const double end = cap && cap->end > cap->start ? cap->end : clip.seconds();
        DatasetStepList list{"finehumanml3d", {}};
        list.list.source = "finemotion";
        list.list.coarse = cap ? cap->text : std::string();
        list.list.steps = fineTextToSteps(fine, start, end);
        clip.stepLists.push_back(std::move(list));
    }
}

void addFineMotion(const Context& ctx, DatasetClip& clip)
{
    if (auto it = ctx.bpmsd.find(clip.id); it != ctx.bpmsd.end()) {
        const nlohmann::json j = dataset::fineMotionStepList(it->second, clip.frames);
        clip.stepLists.push_back({"bpmsd", parseStepList(j.dump(), ctx.options.bpmsdJson)});
    }
    if (auto it = ctx.bpmp.find(clip.id); it != ctx.bpmp.end())
        for (const std::string& paragraph : it->second)
            if (!detail::trimWhitespace(paragraph).empty())
                clip.captions.push_back({detail::trimWhitespace(paragraph), "", 0.0, 0.0});
}

/// The clip's "source" and "fps" from manifest.json; a wrong type or a non-positive fps makes the
/// clip unusable (nlohmann's own type errors would not name the file or the clip).
void readManifestEntry(const nlohmann::json& m, const std::string& id, DatasetClip& clip)
{
    const std::string field = "clips." + id;
    if (!m.is_object())
        throw fileError("manifest.json", field + ": must be an object");
    if (m.contains("source")) {
        if (!m["source"].is_string())
            throw fileError("manifest.json", field + ".source: must be a string");
        clip.source = m["source"].get<std::string>();
    }
    if (m.contains("fps")) {
        const nlohmann::json& fps = m["fps"];
        if (!fps.is_number() || !(fps.get<double>() > 0) || !std::isfinite(fps.get<double>()))
            throw fileError("manifest.json", field + ".fps: must be a positive number of frames per second");
        clip.fps = fps.get<double>();
    }
}

/// Builds one clip; throws stepmotion::Error naming the file when it is unusable.
DatasetClip readClip(const Context& ctx, const std::string& id)
{
    DatasetClip clip;
    clip.id = id;
    auto split = ctx.splitOf.find(id);
    clip.split = split == ctx.splitOf.end() ? std::string() : split->second;
    clip.featurePath = ctx.dir + "/new_joint_vecs/" + id + ".npy";
    clip.jointsPath = ctx.dir + "/new_joints/" + id + ".npy";
    for (const std::string* p : {&clip.featurePath, &clip.jointsPath})
        if (!fs::exists(*p))
            throw fileError(p->substr(ctx.dir.size() + 1), "missing");
    try {
        clip.frames = npyRowCount(clip.featurePath);
    } catch (const Error& e) {
        throw Error(std::string(e.what()).substr(ctx.dir.size() + 1));
    }
    if (ctx.manifest.is_object() && ctx.manifest.contains(id))
        readManifestEntry(ctx.manifest[id], id, clip);
    const std::string textRel = "texts/" + id + ".txt";
    if (!fs::exists(ctx.dir + "/" + textRel))
        throw fileError(textRel, "missing");
    clip.captions = parseHumanMl3dText(readText(ctx.dir + "/" + textRel), textRel);
    addStepsJson(ctx, clip);
    addFineTexts(ctx, clip);
    addFineMotion(ctx, clip);
    return clip;
}

std::vector<std::string> wantedIds(Context& ctx, const std::string& split, std::vector<std::string>& warnings)
{
    for (const char* s : {"train", "val", "test"}) {
        const std::string path = ctx.dir + "/" + s + ".txt";
        if (fs::exists(path))
            for (const std::string& id : readIdList(path))
                ctx.splitOf.emplace(id, s);
        else
            warnings.push_back(std::string(s) + ".txt: missing");
    }
    if (split == "train" || split == "val" || split == "test") {
        if (!fs::exists(ctx.dir + "/" + split + ".txt"))
            throw fileError(ctx.dir + "/" + split + ".txt", "missing (needed for split '" + split + "')");
        return readIdList(ctx.dir + "/" + split + ".txt");
    }
    if (fs::exists(ctx.dir + "/all.txt"))
        return readIdList(ctx.dir + "/all.txt");
    std::vector<std::string> ids;
    for (const auto& [id, s] : ctx.splitOf)
        ids.push_back(id);
    if (ids.empty() && fs::is_directory(ctx.dir + "/texts"))
        for (const auto& e : fs::directory_iterator(ctx.dir + "/texts"))
            if (e.path().extension() == ".txt")
                ids.push_back(e.path().stem().string());
    return ids;
}

} // namespace

std::vector<DatasetCaption> parseHumanMl3dText(const std::string& text, const std::string& name)
{
    std::vector<DatasetCaption> out;
    std::istringstream in(text);
    long lineNo = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNo;
        if (detail::trimWhitespace(line).empty())
            continue;
        std::vector<std::string> f;
        std::istringstream fields(line);
        for (std::string s; std::getline(fields, s, '#');)
            f.push_back(s);
        if (f.size() < 4)
            throw lineError(name, lineNo, "missing '#' fields (expected caption#tokens#start#end)");
        DatasetCaption c;
        c.text = detail::trimWhitespace(f[0]);
        c.tokens = detail::trimWhitespace(f[1]);
        c.start = parseTime(detail::trimWhitespace(f[2]), name, lineNo, "start");
        c.end = parseTime(detail::trimWhitespace(f[3]), name, lineNo, "end");
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<Step> fineTextToSteps(const std::string& fineText, double start, double end)
{
    const std::vector<std::string> parts = splitSteps(detail::trimWhitespace(fineText));
    std::vector<Step> steps;
    const double span = std::max(0.0, end - start) / std::max<std::size_t>(parts.size(), 1);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        Step s;
        s.start = start + span * double(i);
        s.end = i + 1 == parts.size() ? std::max(start, end) : start + span * double(i + 1);
        s.bodyParts = bodyPartsNamedIn(parts[i]);
        s.text = parts[i];
        steps.push_back(std::move(s));
    }
    return steps;
}

int npyRowCount(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw fileError(path, "missing or unreadable");
    char pre[12] = {};
    in.read(pre, sizeof pre);
    if (in.gcount() < 10 || std::string(pre, 6) != "\x93NUMPY")
        throw fileError(path, "not a .npy file (bad magic)");
    const auto u = [&](int i) { return std::uint32_t(static_cast<unsigned char>(pre[i])); };
    const bool v1 = pre[6] == 1;
    const std::uint32_t len = v1 ? (u(8) | u(9) << 8) : (u(8) | u(9) << 8 | u(10) << 16 | u(11) << 24);
    if (len > 65536)
        throw fileError(path, "malformed .npy header length");
    in.seekg(v1 ? 10 : 12);
    std::string header(len, '\0');
    in.read(&header[0], len);
    const auto shape = header.find("'shape'");
    const auto open = header.find('(', shape == std::string::npos ? header.size() : shape);
    if (in.gcount() != std::streamsize(len) || open == std::string::npos)
        throw fileError(path, "malformed .npy header (no shape)");
    std::size_t i = open + 1;
    while (i < header.size() && header[i] == ' ')
        ++i;
    if (i >= header.size() || !std::isdigit(static_cast<unsigned char>(header[i])))
        throw fileError(path, "malformed .npy header (empty or bad shape)");
    long long rows = 0; // digit by digit: std::stoi would throw std::out_of_range, not a named Error
    for (; i < header.size() && std::isdigit(static_cast<unsigned char>(header[i])); ++i) {
        rows = rows * 10 + (header[i] - '0');
        if (rows > std::numeric_limits<int>::max())
            throw fileError(path, "declared row count is too large");
    }
    return static_cast<int>(rows);
}

DatasetIndex readDatasetIndex(const std::string& dir, const std::string& split, const DatasetReadOptions& options)
{
    if (!fs::is_directory(dir))
        throw fileError(dir, "not a directory");
    if (!split.empty() && split != "all" && split != "train" && split != "val" && split != "test")
        throw Error("unknown split '" + split + "' (train, val, test or all)");
    DatasetIndex index;
    index.dir = dir;
    Context ctx;
    ctx.dir = dir;
    ctx.options = options;
    ctx.fineDir = options.fineTextsDir;
    if (ctx.fineDir.empty() && fs::is_directory(dir + "/texts_all_code_v2_marked_texts_tagged"))
        ctx.fineDir = dir + "/texts_all_code_v2_marked_texts_tagged";
    if (!options.bpmsdJson.empty())
        ctx.bpmsd = readFineMotion(options.bpmsdJson);
    if (!options.bpmpJson.empty())
        ctx.bpmp = readFineMotion(options.bpmpJson);
    if (fs::exists(dir + "/manifest.json")) {
        const nlohmann::json m = readJsonFile(dir + "/manifest.json");
        ctx.manifest = m.is_object() && m.contains("clips") ? m["clips"] : nlohmann::json();
        index.hasManifest = true;
    }
    for (const auto& [file, member] : {std::pair{"Mean.npy", &index.meanPath}, std::pair{"Std.npy", &index.stdPath}}) {
        if (fs::exists(dir + "/" + file))
            *member = dir + "/" + file;
        else
            index.warnings.push_back(std::string(file) + ": missing");
    }
    std::vector<std::string> ids = wantedIds(ctx, split, index.warnings);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (const std::string& id : ids) {
        try {
            index.clips.push_back(readClip(ctx, id));
        } catch (const std::exception& e) {
            index.warnings.push_back(e.what());
        }
    }
    return index;
}

} // namespace stepmotion
