#include "stepmotion/core/text/tokenizer.h"

#include "text/spm_loader.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <system_error>

namespace stepmotion {
namespace {

using detail::SpmApi;
using detail::spmApi;
using detail::takeSpmString;

// Fixed, not the machine's core count: sentencepiece's EM sums per-thread statistics, so the
// thread count is part of what makes training reproducible byte for byte.
constexpr int kTrainThreads = 4;

void checkReadable(const std::string& path, const char* what)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw fileError(path, std::string(what) + " not found");
    if (!std::filesystem::is_regular_file(path, ec))
        throw fileError(path, std::string(what) + " is not a regular file");
    if (!std::ifstream(path, std::ios::binary))
        throw fileError(path, std::string("cannot open the ") + what);
}

void validate(const TokenizerTrainOptions& options)
{
    if (options.corpusFiles.empty())
        throw Error("tokenizer training needs at least one corpus file");
    for (const std::string& path : options.corpusFiles)
        checkReadable(path, "corpus file");
    if (options.outputPrefix.empty())
        throw Error("tokenizer training needs an output prefix");
    if (options.vocabSize < 8)
        throw Error("tokenizer vocabulary size must be at least 8 (got " + std::to_string(options.vocabSize) + ")");
    if (options.modelType != "unigram" && options.modelType != "bpe")
        throw Error("tokenizer model type must be unigram or bpe (got '" + options.modelType + "')");
    if (!(options.characterCoverage > 0.0 && options.characterCoverage <= 1.0))
        throw Error("tokenizer character coverage must be in (0, 1] (got " +
                    std::to_string(options.characterCoverage) + ")");
    for (const std::string& symbol : options.userDefinedSymbols) {
        if (symbol.empty() || symbol.find_first_of(", \t\n\r") != std::string::npos)
            throw Error("tokenizer user-defined symbol '" + symbol + "' must be non-empty, without commas or spaces");
    }
}

// Reads one protobuf varint at `pos`; false when the bytes end first.
bool readVarint(const std::string& bytes, std::size_t& pos, std::uint64_t& out)
{
    out = 0;
    for (int shift = 0; shift < 64 && pos < bytes.size(); shift += 7) {
        const auto byte = static_cast<unsigned char>(bytes[pos++]);
        out |= std::uint64_t(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return true;
    }
    return false;
}

// A model cut exactly between two pieces still parses (with fewer pieces), so walk the
// top-level fields of the ModelProto and require pieces (1), trainer spec (2) and normaliser
// spec (3): sentencepiece writes the specs after all the pieces.
void checkModelStructure(const std::string& path, const std::string& bytes)
{
    const std::string prefix = "not a valid sentencepiece model (truncated or another format): ";
    bool seen[4] = {false, false, false, false};
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        std::uint64_t key = 0, length = 0;
        if (!readVarint(bytes, pos, key))
            throw fileError(path, prefix + "it ends inside a field header");
        const std::uint64_t field = key >> 3;
        switch (key & 7) {
        case 0: if (!readVarint(bytes, pos, length)) pos = bytes.size() + 1; break;
        case 1: pos += 8; break;
        case 5: pos += 4; break;
        case 2:
            if (!readVarint(bytes, pos, length) || length > bytes.size() - pos)
                throw fileError(path, prefix + "field " + std::to_string(field) + " runs past the end at byte " +
                                          std::to_string(bytes.size()));
            pos += length;
            if (field >= 1 && field <= 3)
                seen[field] = true;
            break;
        default: throw fileError(path, prefix + "unknown field encoding near byte " + std::to_string(pos));
        }
        if (pos > bytes.size())
            throw fileError(path, prefix + "it ends inside field " + std::to_string(field));
    }
    if (!seen[1] || !seen[2] || !seen[3])
        throw fileError(path, prefix + (seen[1] ? "it ends before the trainer and normaliser settings"
                                                : "it holds no pieces"));
}

std::string joinSymbols(const std::vector<std::string>& symbols)
{
    std::string out;
    for (const std::string& symbol : symbols)
        out += (out.empty() ? "" : ",") + symbol;
    return out;
}

// Frees a module-allocated buffer when it goes out of scope.
struct SpmBuffer {
    const SpmApi& api;
    void* data = nullptr;
    ~SpmBuffer() { api.free(data); }
};

} // namespace

struct Tokenizer::Impl {
    const SpmApi& api;
    StepmotionSpm* handle = nullptr;
    std::string path;
    int pieces = 0;
    int pad = -1, unk = -1, bos = -1, eos = -1;

    Impl(const SpmApi& a, StepmotionSpm* h, std::string p) : api(a), handle(h), path(std::move(p)) {}
    ~Impl() { api.close(handle); }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
};

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

Tokenizer Tokenizer::load(const std::string& modelPath)
{
    // The file first: a missing or damaged model is named even where the sentencepiece module
    // cannot load (AddressSanitizer builds).
    checkReadable(modelPath, "tokenizer model");
    const std::string bytes = readWholeFile(modelPath);
    if (bytes.empty())
        throw fileError(modelPath, "tokenizer model is empty");
    checkModelStructure(modelPath, bytes);
    const SpmApi& api = spmApi();
    char* error = nullptr;
    StepmotionSpm* handle = api.load(modelPath.c_str(), &error);
    if (!handle)
        throw fileError(modelPath, "not a valid sentencepiece model (truncated or another format): " +
                                       takeSpmString(api, error));
    auto impl = std::make_unique<Impl>(api, handle, modelPath);
    impl->pieces = api.pieceCount(handle);
    impl->unk = api.specialId(handle, STEPMOTION_SPM_UNK);
    impl->bos = api.specialId(handle, STEPMOTION_SPM_BOS);
    impl->eos = api.specialId(handle, STEPMOTION_SPM_EOS);
    impl->pad = api.specialId(handle, STEPMOTION_SPM_PAD);
    if (impl->pieces <= 0)
        throw fileError(modelPath, "tokenizer model has no pieces");
    return Tokenizer(std::move(impl));
}

void Tokenizer::train(const TokenizerTrainOptions& options)
{
    const SpmApi& api = spmApi();
    validate(options);
    std::vector<const char*> corpus;
    for (const std::string& path : options.corpusFiles)
        corpus.push_back(path.c_str());
    const std::string symbols = joinSymbols(options.userDefinedSymbols);
    StepmotionSpmTrainSpec spec{};
    spec.corpusPaths = corpus.data();
    spec.corpusCount = static_cast<int>(corpus.size());
    spec.vocabSize = options.vocabSize;
    spec.modelType = options.modelType.c_str();
    spec.characterCoverage = options.characterCoverage;
    spec.userDefinedSymbols = symbols.c_str();
    spec.normalizationRule = options.lowercase ? "nmt_nfkc_cf" : "nmt_nfkc";
    spec.numThreads = kTrainThreads;
    spec.verbose = options.verbose ? 1 : 0;

    char* model = nullptr;
    char* vocab = nullptr;
    char* error = nullptr;
    std::size_t modelSize = 0;
    if (api.train(&spec, &model, &modelSize, &vocab, &error) != 0)
        throw Error("training the tokenizer " + options.outputPrefix + ": " + takeSpmString(api, error));
    const SpmBuffer modelBuffer{api, model};
    const std::string vocabText = takeSpmString(api, vocab);
    writeFileAtomically(options.outputPrefix + ".model", std::string(model, modelSize));
    writeFileAtomically(options.outputPrefix + ".vocab", vocabText);
}

std::vector<int> Tokenizer::encode(const std::string& text) const
{
    int* ids = nullptr;
    std::size_t count = 0;
    char* error = nullptr;
    if (m_impl->api.encode(m_impl->handle, text.data(), text.size(), &ids, &count, &error) != 0)
        throw fileError(m_impl->path, "cannot encode text: " + takeSpmString(m_impl->api, error));
    const SpmBuffer buffer{m_impl->api, ids};
    return std::vector<int>(ids, ids + count);
}

std::string Tokenizer::decode(const std::vector<int>& ids) const
{
    char* error = nullptr;
    char* text = m_impl->api.decode(m_impl->handle, ids.data(), ids.size(), &error);
    if (!text)
        throw fileError(m_impl->path, "cannot decode: " + takeSpmString(m_impl->api, error));
    return takeSpmString(m_impl->api, text);
}

int Tokenizer::vocabSize() const { return m_impl->pieces; }
int Tokenizer::padId() const { return m_impl->pad; }
int Tokenizer::unkId() const { return m_impl->unk; }
int Tokenizer::bosId() const { return m_impl->bos; }
int Tokenizer::eosId() const { return m_impl->eos; }
const std::string& Tokenizer::modelPath() const { return m_impl->path; }

} // namespace stepmotion
