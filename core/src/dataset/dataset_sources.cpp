// Reading the source tree for the dataset builder: the HumanML3D/CMU join, KIT-ML captions,
// CMU trial descriptions, FineMotion snippets and Bandai labels. Every problem is recorded
// as "FILE: reason" and the file is left out; nothing here throws to the caller.

#include "dataset/dataset_pipeline.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "formats/text_trim.h"
#include "formats/number_text.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace stepmotion::dataset {
namespace {

const char* const kCmuLicence =
    "CMU Graphics Lab Motion Capture Database (mocap.cs.cmu.edu): free for research and for "
    "inclusion in products, not for resale; funded by NSF EIA-0196217";
const char* const kBandaiLicence =
    "CC BY-NC 4.0, Bandai Namco Research Inc. (Bandai-Namco-Research-Motiondataset)";

std::vector<std::string> readLines(const std::string& path)
{
    std::istringstream in(readWholeFile(path));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(detail::trimWhitespace(line));
    return lines;
}

int columnIndex(const std::vector<std::string>& header, const std::string& name, const std::string& path)
{
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end())
        throw fileError(path, "missing column '" + name + "'");
    return static_cast<int>(it - header.begin());
}

int toInt(const std::string& text, const std::string& path, long line, const std::string& field)
{
    if (const auto v = detail::wholeInt(text))
        return *v;
    throw lineError(path, line, "field '" + field + "' is not an integer: '" + text + "'");
}

/// CMU trial ("02_01") -> HumanML3D segments with a staged motion file, named in column
/// `fileColumn` (joins/hml3d_cmu_join.csv: bvh_file; cmu_extra/hml3d_rows.csv: file).
std::map<std::string, std::vector<HmlSegment>> readJoin(const std::string& path, const std::string& fileColumn)
{
    const auto rows = parseCsv(readWholeFile(path), path);
    if (rows.empty())
        throw fileError(path, "empty file");
    const auto& h = rows.front();
    const int cId = columnIndex(h, "hml_id", path), cSplit = columnIndex(h, "split", path);
    const int cTrial = columnIndex(h, "cmu_trial", path), cBvh = columnIndex(h, fileColumn, path);
    const int cStart = columnIndex(h, "start_frame_20fps", path);
    const int cEnd = columnIndex(h, "end_frame_20fps", path);
    std::map<std::string, std::vector<HmlSegment>> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        const long line = static_cast<long>(r) + 1;
        if (row.size() != h.size())
            throw lineError(path, line, "expected " + std::to_string(h.size()) + " fields");
        if (row[static_cast<std::size_t>(cBvh)].empty())
            continue;
        HmlSegment s;
        s.id = row[static_cast<std::size_t>(cId)];
        s.split = row[static_cast<std::size_t>(cSplit)];
        s.start = toInt(row[static_cast<std::size_t>(cStart)], path, line, "start_frame_20fps");
        s.end = toInt(row[static_cast<std::size_t>(cEnd)], path, line, "end_frame_20fps");
        if (s.split != "train" && s.split != "val" && s.split != "test")
            throw lineError(path, line, "unknown split '" + s.split + "'");
        out[row[static_cast<std::size_t>(cTrial)]].push_back(s);
    }
    return out;
}

/// CMU trial -> KIT-ML captions (annotations.json paths "CMU/SS/SS_TT_poses").
std::map<std::string, std::vector<TimedCaption>> readKitml(const std::string& path)
{
    const nlohmann::json root = nlohmann::json::parse(readWholeFile(path), nullptr, false);
    if (root.is_discarded() || !root.is_object())
        throw fileError(path, "not a JSON object");
    std::map<std::string, std::vector<TimedCaption>> out;
    for (const auto& [key, entry] : root.items()) {
        const std::string p = entry.value("path", std::string());
        if (p.rfind("CMU/", 0) != 0 || p.size() < 7 || p.substr(p.size() - 6) != "_poses")
            continue;
        const std::string file = p.substr(p.find_last_of('/') + 1);
        const std::string trial = file.substr(0, file.size() - 6);
        if (!entry.contains("annotations") || !entry["annotations"].is_array())
            throw fileError(path, "entry " + key + ": missing 'annotations'");
        for (const auto& a : entry["annotations"]) {
            TimedCaption c;
            c.start = a.value("start", 0.0);
            c.end = a.value("end", 0.0);
            c.text = detail::trimWhitespace(a.value("text", std::string()));
            if (!c.text.empty())
                out[trial].push_back(c);
        }
    }
    return out;
}

std::map<std::string, std::string> readCmuDescriptions(const std::string& path)
{
    std::map<std::string, std::string> out;
    const auto lines = readLines(path);
    for (std::size_t i = 1; i < lines.size(); ++i) {
        if (lines[i].empty())
            continue;
        const auto tab = lines[i].find('\t');
        if (tab == std::string::npos)
            throw lineError(path, static_cast<long>(i) + 1, "expected trial<TAB>description");
        const auto tab2 = lines[i].find('\t', tab + 1);
        out[lines[i].substr(0, tab)] = detail::trimWhitespace(lines[i].substr(tab + 1, tab2 == std::string::npos ? std::string::npos : tab2 - tab - 1));
    }
    return out;
}

template <typename F>
void tryRead(const std::string& path, std::vector<std::string>& skipped, F&& read)
{
    try {
        if (!fs::exists(path))
            throw fileError(path, "missing");
        read();
    } catch (const std::exception& e) {
        skipped.push_back(e.what());
    }
}

std::vector<std::string> sortedFiles(const std::string& dir, const std::string& ext)
{
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().extension() == ext)
            out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

void addCmuJobs(const std::string& root, SourceCatalog& cat)
{
    std::map<std::string, std::vector<HmlSegment>> join;
    std::map<std::string, std::vector<TimedCaption>> kit;
    std::map<std::string, std::string> descriptions;
    tryRead(root + "/joins/hml3d_cmu_join.csv", cat.skipped,
            [&] { join = readJoin(root + "/joins/hml3d_cmu_join.csv", "bvh_file"); });
    tryRead(root + "/kitml/annotations.json", cat.skipped, [&] { kit = readKitml(root + "/kitml/annotations.json"); });
    const std::string descPath = root + "/cmu_descriptions/cmu_trial_descriptions.tsv";
    tryRead(descPath, cat.skipped, [&] { descriptions = readCmuDescriptions(descPath); });
    // cmu_extra/ (more trials: 20 fps BVH and CMU's native ASF/AMC) has its own join table.
    std::map<std::string, std::vector<HmlSegment>> extraJoin;
    const std::string extraRows = root + "/cmu_extra/hml3d_rows.csv";
    const bool hasExtra = fs::is_directory(root + "/cmu_extra");
    if (hasExtra)
        tryRead(extraRows, cat.skipped, [&] { extraJoin = readJoin(extraRows, "file"); });

    std::set<std::string> trials;
    const auto addTrials = [&](const std::string& relDir, const std::string& ext,
                               std::map<std::string, std::vector<HmlSegment>>& segments) {
        const std::string dir = root + "/" + relDir;
        if (!fs::is_directory(dir)) {
            cat.skipped.push_back(dir + ": missing");
            return;
        }
        for (const std::string& file : sortedFiles(dir, ext)) {
            const std::string trial = file.substr(0, file.size() - ext.size());
            if (!trials.insert(trial).second) { // one take per trial, or its clips would repeat
                cat.skipped.push_back(dir + "/" + file + ": trial " + trial + " is already read from another file");
                continue;
            }
            TakeJob job;
            job.source = "cmu";
            job.path = dir + "/" + file;
            job.relPath = relDir + "/" + file;
            job.licence = kCmuLicence;
            job.idStem = "C" + trial;
            job.split = "train";
            if (segments.count(trial))
                job.hml = segments[trial];
            if (kit.count(trial))
                job.kitCaptions = kit[trial];
            if (descriptions.count(trial))
                job.cmuDescription = descriptions[trial];
            cat.jobs.push_back(std::move(job));
        }
    };
    addTrials("cmu_bvh20", ".bvh", join);
    if (!hasExtra) {
        cat.skipped.push_back(root + "/cmu_extra: missing");
        return;
    }
    addTrials("cmu_extra/bvh20", ".bvh", extraJoin);
    addTrials("cmu_extra/asfamc", ".amc", extraJoin); // each .amc finds 01.asf beside it
}

/// "dataset-2_walk" -> "walk"; labels are indexed 0-based by the take's JSON.
std::vector<std::string> readLabels(const std::string& path, const std::string& prefix)
{
    std::vector<std::string> out;
    for (const std::string& line : readLines(path)) {
        if (line.empty())
            continue;
        out.push_back(line.rfind(prefix, 0) == 0 ? line.substr(prefix.size()) : line);
    }
    return out;
}

void addBandaiJobs(const std::string& root, int number, SourceCatalog& cat)
{
    const std::string base = root + "/bandai/dataset-" + std::to_string(number);
    const std::string prefix = "dataset-" + std::to_string(number) + "_";
    std::vector<std::string> contents, styles;
    try {
        contents = readLabels(base + "/cfg/content_label.txt", prefix);
        styles = readLabels(base + "/cfg/style_label.txt", prefix);
    } catch (const std::exception& e) {
        cat.skipped.push_back(e.what());
        return;
    }
    for (const std::string& file : sortedFiles(base + "/data", ".bvh")) {
        const std::string stem = file.substr(0, file.size() - 4);
        const std::string jsonPath = base + "/data/" + stem + ".json";
        try {
            const nlohmann::json labels = nlohmann::json::parse(readWholeFile(jsonPath), nullptr, false);
            if (labels.is_discarded() || !labels.is_object() || !labels.contains("content") ||
                !labels.contains("style") || !labels["content"].is_number_integer() ||
                !labels["style"].is_number_integer())
                throw fileError(jsonPath, "expected {\"content\": int, \"style\": int}");
            const int c = labels["content"].get<int>(), s = labels["style"].get<int>();
            if (c < 0 || c >= static_cast<int>(contents.size()) || s < 0 || s >= static_cast<int>(styles.size()))
                throw fileError(jsonPath, "content/style index out of range");
            TakeJob job;
            job.source = "bandai-" + std::to_string(number);
            job.path = base + "/data/" + file;
            job.relPath = "bandai/dataset-" + std::to_string(number) + "/data/" + file;
            job.licence = kBandaiLicence;
            job.idStem = "B" + std::to_string(number) + "_" +
                         (stem.rfind(prefix, 0) == 0 ? stem.substr(prefix.size()) : stem);
            job.split = splitForTake(file);
            job.content = contents[static_cast<std::size_t>(c)];
            job.style = styles[static_cast<std::size_t>(s)];
            cat.jobs.push_back(std::move(job));
        } catch (const std::exception& e) {
            cat.skipped.push_back(e.what());
        }
    }
}

void readFineMotion(const std::string& path, SourceCatalog& cat)
{
    std::set<std::string> wanted;
    for (const TakeJob& job : cat.jobs)
        for (const HmlSegment& s : job.hml) {
            wanted.insert(s.id);
            wanted.insert("M" + s.id);
        }
    if (wanted.empty())
        return;
    tryRead(path, cat.skipped, [&] {
        const nlohmann::json root = nlohmann::json::parse(readWholeFile(path), nullptr, false);
        if (root.is_discarded() || !root.is_object())
            throw fileError(path, "not a JSON object");
        for (const std::string& id : wanted) {
            const auto it = root.find(id);
            if (it == root.end() || !it->is_array())
                continue;
            std::vector<std::string> snippets;
            for (const auto& s : *it)
                snippets.push_back(s.is_string() ? s.get<std::string>() : std::string());
            cat.fineMotion[id] = std::move(snippets);
        }
    });
}

bool wanted(const std::vector<std::string>& only, const std::string& source)
{
    return only.empty() || std::find(only.begin(), only.end(), source) != only.end();
}

} // namespace

std::vector<std::vector<std::string>> parseCsv(const std::string& text, const std::string& name)
{
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    long line = 1, quoteLine = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                line += c == '\n';
                field += c;
            }
            continue;
        }
        if (c == '"') {
            quoted = true;
            quoteLine = line;
            any = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            any = true;
        } else if (c == '\n') {
            if (any || !field.empty()) {
                row.push_back(std::move(field));
                rows.push_back(std::move(row));
            }
            row.clear();
            field.clear();
            any = false;
            ++line;
        } else if (c != '\r') {
            field += c;
            any = true;
        }
    }
    if (quoted)
        throw lineError(name, quoteLine, "unterminated quoted field");
    if (any || !field.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

SourceCatalog readSources(const std::string& root, const std::vector<std::string>& onlySources)
{
    SourceCatalog cat;
    if (wanted(onlySources, "cmu"))
        addCmuJobs(root, cat);
    for (int n : {1, 2})
        if (wanted(onlySources, "bandai-" + std::to_string(n)))
            addBandaiJobs(root, n, cat);
    readFineMotion(root + "/finemotion/BPMSD_auto.json", cat);
    std::sort(cat.jobs.begin(), cat.jobs.end(),
              [](const TakeJob& a, const TakeJob& b) { return a.idStem < b.idStem; });
    return cat;
}

} // namespace stepmotion::dataset
