// The stepmotion_spm module: sentencepiece training and encoding behind the plain C API of
// spm_api.h. Everything here catches its own exceptions; errors leave as malloc'd strings.

#include "spm_api.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#define STEPMOTION_SPM_EXPORT extern "C" __attribute__((visibility("default")))

struct StepmotionSpm {
    sentencepiece::SentencePieceProcessor processor;
};

namespace {

char* copyString(const std::string& text)
{
    char* out = static_cast<char*>(std::malloc(text.size() + 1));
    if (out)
        std::memcpy(out, text.c_str(), text.size() + 1);
    return out;
}

void setError(char** error, const std::string& message)
{
    if (error)
        *error = copyString(message);
}

// Feeds sentencepiece the non-empty lines of several files in order, so paths need no
// escaping (the trainer's own `input` flag splits on commas) and errors name the file.
class FileLines : public sentencepiece::SentenceIterator {
public:
    explicit FileLines(std::vector<std::string> paths) : m_paths(std::move(paths)) { advance(); }

    bool done() const override { return m_done; }
    void Next() override { advance(); }
    const std::string& value() const override { return m_line; }
    sentencepiece::util::Status status() const override { return m_status; }

private:
    void advance()
    {
        while (!m_done) {
            if (m_in.is_open() && std::getline(m_in, m_line)) {
                if (!m_line.empty() && m_line.back() == '\r')
                    m_line.pop_back();
                if (!m_line.empty())
                    return;
                continue;
            }
            if (m_in.is_open() && m_in.bad()) {
                fail(m_paths[m_next - 1] + ": read error");
                return;
            }
            openNext();
        }
    }

    void openNext()
    {
        m_in.close();
        m_in.clear();
        if (m_next >= m_paths.size()) {
            m_done = true;
            return;
        }
        const std::string& path = m_paths[m_next++];
        m_in.open(path, std::ios::binary);
        if (!m_in)
            fail(path + ": cannot open the corpus file");
    }

    void fail(const std::string& message)
    {
        m_status = sentencepiece::util::Status(sentencepiece::util::StatusCode::kNotFound, message);
        m_done = true;
    }

    std::vector<std::string> m_paths;
    std::size_t m_next = 0;
    std::ifstream m_in;
    std::string m_line;
    bool m_done = false;
    sentencepiece::util::Status m_status;
};

std::unordered_map<std::string, std::string> trainArguments(const StepmotionSpmTrainSpec& spec)
{
    std::ostringstream coverage;
    coverage.precision(17);
    coverage << spec.characterCoverage;
    return {
        {"model_prefix", ""},
        {"vocab_size", std::to_string(spec.vocabSize)},
        {"model_type", spec.modelType ? spec.modelType : "unigram"},
        {"character_coverage", coverage.str()},
        {"user_defined_symbols", spec.userDefinedSymbols ? spec.userDefinedSymbols : ""},
        {"normalization_rule_name", spec.normalizationRule ? spec.normalizationRule : "nmt_nfkc"},
        // Padding is id 0 so zero-filled token batches are padding.
        {"pad_id", "0"},
        {"unk_id", "1"},
        {"bos_id", "2"},
        {"eos_id", "3"},
        // Use every sentence, unshuffled, so the same corpus gives the same model bytes.
        {"input_sentence_size", "0"},
        {"shuffle_input_sentence", "false"},
        {"max_sentence_length", "65536"},
        {"hard_vocab_limit", "false"},
        {"num_threads", std::to_string(spec.numThreads > 0 ? spec.numThreads : 1)},
        {"minloglevel", spec.verbose ? "0" : "2"},
    };
}

// One "piece<TAB>score" line per id, like sentencepiece's own .vocab file.
std::string vocabularyText(const std::string& serializedModel)
{
    sentencepiece::SentencePieceProcessor processor;
    const auto status = processor.LoadFromSerializedProto(serializedModel);
    if (!status.ok())
        throw std::runtime_error("the trained model does not load back: " + status.ToString());
    std::ostringstream out;
    for (int id = 0; id < processor.GetPieceSize(); ++id)
        out << processor.IdToPiece(id) << '\t' << processor.GetScore(id) << '\n';
    return out.str();
}

} // namespace

STEPMOTION_SPM_EXPORT int stepmotion_spm_abi_version(void)
{
    return STEPMOTION_SPM_ABI_VERSION;
}

STEPMOTION_SPM_EXPORT int stepmotion_spm_train(const StepmotionSpmTrainSpec* spec, char** model,
                                               size_t* modelSize, char** vocab, char** error)
{
    try {
        std::vector<std::string> paths;
        for (int i = 0; i < spec->corpusCount; ++i)
            paths.emplace_back(spec->corpusPaths[i]);
        FileLines lines(std::move(paths));
        sentencepiece::SetRandomGeneratorSeed(20240601u);
        std::string serialized;
        const auto status = sentencepiece::SentencePieceTrainer::Train(trainArguments(*spec), &lines, &serialized);
        if (!lines.status().ok()) {
            setError(error, lines.status().error_message());
            return -1;
        }
        if (!status.ok()) {
            setError(error, "sentencepiece training failed: " + status.ToString());
            return -1;
        }
        const std::string vocabText = vocabularyText(serialized);
        *model = static_cast<char*>(std::malloc(serialized.size() > 0 ? serialized.size() : 1));
        *vocab = copyString(vocabText);
        if (!*model || !*vocab) {
            std::free(*model);
            std::free(*vocab);
            *model = *vocab = nullptr;
            throw std::bad_alloc();
        }
        std::memcpy(*model, serialized.data(), serialized.size());
        *modelSize = serialized.size();
        return 0;
    } catch (const std::exception& e) {
        setError(error, std::string("sentencepiece training failed: ") + e.what());
        return -1;
    }
}

STEPMOTION_SPM_EXPORT StepmotionSpm* stepmotion_spm_load(const char* modelPath, char** error)
{
    try {
        auto handle = std::make_unique<StepmotionSpm>();
        const auto status = handle->processor.Load(modelPath);
        if (!status.ok()) {
            setError(error, status.ToString());
            return nullptr;
        }
        return handle.release();
    } catch (const std::exception& e) {
        setError(error, e.what());
        return nullptr;
    }
}

STEPMOTION_SPM_EXPORT int stepmotion_spm_encode(const StepmotionSpm* handle, const char* text, size_t length,
                                                int** ids, size_t* count, char** error)
{
    try {
        std::vector<int> out;
        const auto status = handle->processor.Encode(std::string(text, length), &out);
        if (!status.ok()) {
            setError(error, status.ToString());
            return -1;
        }
        *ids = nullptr;
        *count = out.size();
        if (!out.empty()) {
            *ids = static_cast<int*>(std::malloc(out.size() * sizeof(int)));
            if (!*ids)
                throw std::bad_alloc();
            std::memcpy(*ids, out.data(), out.size() * sizeof(int));
        }
        return 0;
    } catch (const std::exception& e) {
        setError(error, e.what());
        return -1;
    }
}

STEPMOTION_SPM_EXPORT char* stepmotion_spm_decode(const StepmotionSpm* handle, const int* ids, size_t count,
                                                  char** error)
{
    try {
        const int pieces = handle->processor.GetPieceSize();
        for (size_t i = 0; i < count; ++i) {
            if (ids[i] < 0 || ids[i] >= pieces) {
                setError(error, "token id " + std::to_string(ids[i]) + " at position " + std::to_string(i) +
                                    " is outside the vocabulary [0, " + std::to_string(pieces) + ")");
                return nullptr;
            }
        }
        std::string text;
        const auto status = handle->processor.Decode(std::vector<int>(ids, ids + count), &text);
        if (!status.ok()) {
            setError(error, status.ToString());
            return nullptr;
        }
        char* out = copyString(text);
        if (!out)
            throw std::bad_alloc();
        return out;
    } catch (const std::exception& e) {
        setError(error, e.what());
        return nullptr;
    }
}

STEPMOTION_SPM_EXPORT int stepmotion_spm_piece_count(const StepmotionSpm* handle)
{
    return handle->processor.GetPieceSize();
}

STEPMOTION_SPM_EXPORT int stepmotion_spm_special_id(const StepmotionSpm* handle, int which)
{
    switch (which) {
    case STEPMOTION_SPM_UNK: return handle->processor.unk_id();
    case STEPMOTION_SPM_BOS: return handle->processor.bos_id();
    case STEPMOTION_SPM_EOS: return handle->processor.eos_id();
    case STEPMOTION_SPM_PAD: return handle->processor.pad_id();
    default: return -1;
    }
}

STEPMOTION_SPM_EXPORT void stepmotion_spm_close(StepmotionSpm* handle)
{
    delete handle;
}

STEPMOTION_SPM_EXPORT void stepmotion_spm_free(void* buffer)
{
    std::free(buffer);
}
