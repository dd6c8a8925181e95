// Sentences for the tokenizer and for MLM pre-training: dataset captions and step texts, and
// FineMotion's step snippets and paragraphs (most of which have no motion in our data).

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/text/text_pretraining.h"
#include "formats/text_trim.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>

namespace stepmotion {
namespace {

// FineMotion's caption sets that hold English step texts ({"id": ["text", ...]}).
const char* const kFineMotionFiles[] = {"BPMSD_auto.json", "BPMSD_human.json", "BPMP_human.json"};

void insertTrimmed(std::set<std::string>& sentences, const std::string& text)
{
    if (std::string s = detail::trimWhitespace(text); !s.empty())
        sentences.insert(std::move(s));
}

} // namespace

std::vector<std::string> fineMotionSentences(const std::string& dir)
{
    std::set<std::string> sentences;
    for (const char* name : kFineMotionFiles) {
        const std::string path = (std::filesystem::path(dir) / name).string();
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw fileError(path, "cannot open the FineMotion file");
        nlohmann::json doc;
        try {
            doc = nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception& e) {
            throw fileError(path, std::string("not valid JSON: ") + e.what());
        }
        if (!doc.is_object())
            throw fileError(path, "expected an object of id -> list of texts");
        for (const auto& [id, texts] : doc.items()) {
            if (!texts.is_array())
                throw fileError(path, "\"" + id + "\": expected a list of texts");
            for (const auto& text : texts) {
                if (!text.is_string())
                    throw fileError(path, "\"" + id + "\": expected only strings in the list");
                insertTrimmed(sentences, text.get<std::string>());
            }
        }
    }
    return {sentences.begin(), sentences.end()};
}

std::vector<std::string> datasetSentences(const std::string& dataDir, const DatasetReadOptions& options)
{
    const DatasetIndex index = readDatasetIndex(dataDir, "all", options);
    std::set<std::string> sentences;
    for (const auto& clip : index.clips) {
        for (const auto& caption : clip.captions)
            insertTrimmed(sentences, caption.text);
        for (const auto& list : clip.stepLists) {
            insertTrimmed(sentences, list.list.coarse);
            for (const auto& step : list.list.steps)
                insertTrimmed(sentences, step.text);
        }
    }
    return {sentences.begin(), sentences.end()};
}

} // namespace stepmotion
