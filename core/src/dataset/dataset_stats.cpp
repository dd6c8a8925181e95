// Summary figures of an indexed dataset (dataset_reader.h), for `stepmotion data stats`.

#include "stepmotion/core/dataset/dataset_reader.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>
#include <sstream>

namespace stepmotion {
namespace {

/// Adds the lower-case words of `text` (letters, digits, apostrophes) to `words`.
void collectWords(const std::string& text, std::set<std::string>& words)
{
    std::string word;
    for (const char ch : text + " ") {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '\'' || c >= 0x80) {
            word += static_cast<char>(std::tolower(c));
        } else if (!word.empty()) {
            words.insert(word);
            word.clear();
        }
    }
}

std::string format(const char* fmt, double a, double b = 0.0)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, a, b);
    return buf;
}

std::string pad(const std::string& s, std::size_t width)
{
    return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

void formatSourceTable(const DatasetStats& s, std::ostringstream& out)
{
    const std::vector<std::string> splits = {"train", "val", "test", ""};
    out << pad("source", 12) << pad("split", 8) << pad("clips", 9) << "hours\n";
    for (const auto& [source, bySplit] : s.clipsBySourceSplit) {
        int clips = 0;
        double seconds = 0.0;
        for (const std::string& split : splits) {
            const auto it = bySplit.find(split);
            if (it == bySplit.end())
                continue;
            const double sec = s.secondsBySourceSplit.at(source).at(split);
            out << pad(source, 12) << pad(split.empty() ? "(none)" : split, 8)
                << pad(std::to_string(it->second), 9) << format("%.2f", sec / 3600.0) << "\n";
            clips += it->second;
            seconds += sec;
        }
        out << pad(source, 12) << pad("total", 8) << pad(std::to_string(clips), 9)
            << format("%.2f", seconds / 3600.0) << "\n";
    }
}

void formatHistogram(const DatasetStats& s, std::ostringstream& out)
{
    const int peak = s.lengthHistogram.empty() ? 0 : *std::max_element(s.lengthHistogram.begin(), s.lengthHistogram.end());
    constexpr int kBarWidth = 50;
    out << "clip lengths (2 s bins):\n";
    for (std::size_t i = 0; i < s.lengthHistogram.size(); ++i) {
        const int n = s.lengthHistogram[i];
        const int bar = peak > 0 ? (n * kBarWidth + peak - 1) / peak : 0;
        out << format("  %4.0f-%-4.0f s ", 2.0 * double(i), 2.0 * double(i + 1)) << pad(std::to_string(n), 7)
            << std::string(static_cast<std::size_t>(bar), '#') << "\n";
    }
}

} // namespace

DatasetStats computeDatasetStats(const DatasetIndex& index)
{
    DatasetStats s;
    std::set<std::string> words;
    for (const DatasetClip& clip : index.clips) {
        ++s.clips;
        const std::string source = index.hasManifest && !clip.source.empty() ? clip.source : "unknown";
        ++s.clipsBySourceSplit[source][clip.split];
        s.secondsBySourceSplit[source][clip.split] += clip.seconds();
        s.captions += static_cast<int>(clip.captions.size());
        for (const DatasetCaption& c : clip.captions)
            collectWords(c.text, words);
        for (const DatasetStepList& l : clip.stepLists) {
            ++s.stepLists;
            s.steps += static_cast<int>(l.list.steps.size());
            for (const Step& step : l.list.steps)
                collectWords(step.text, words);
        }
        const auto bin = static_cast<std::size_t>(std::max(0.0, clip.seconds()) / 2.0);
        if (s.lengthHistogram.size() <= bin)
            s.lengthHistogram.resize(bin + 1, 0);
        ++s.lengthHistogram[bin];
    }
    s.vocabulary = static_cast<int>(words.size());
    s.warnings = static_cast<int>(index.warnings.size());
    return s;
}

std::string formatDatasetStats(const DatasetStats& s)
{
    std::ostringstream out;
    double seconds = 0.0;
    for (const auto& [source, bySplit] : s.secondsBySourceSplit)
        for (const auto& [split, sec] : bySplit)
            seconds += sec;
    out << "clips        " << s.clips << " (" << format("%.2f", seconds / 3600.0) << " h)\n"
        << "captions     " << s.captions << "\n"
        << "step lists   " << s.stepLists << " (" << s.steps << " steps)\n"
        << "vocabulary   " << s.vocabulary << " distinct lower-case words\n"
        << "warnings     " << s.warnings << " (clips left out or files missing)\n\n";
    formatSourceTable(s, out);
    out << "\n";
    formatHistogram(s, out);
    return out.str();
}

} // namespace stepmotion
