#pragma once
// Subword tokenizer for step descriptions (a sentencepiece unigram or BPE model).
// sentencepiece itself lives in the separate stepmotion_spm module, opened at run time in
// its own symbol scope, because Debian's build exports a protobuf that crashes libtorch;
// nothing of it (nor of torch) appears here.

#include <memory>
#include <string>
#include <vector>

namespace stepmotion {

struct TokenizerTrainOptions {
    std::vector<std::string> corpusFiles; ///< UTF-8 text, one sentence per line; empty lines skipped
    std::string outputPrefix;             ///< writes PREFIX.model and PREFIX.vocab (atomically)
    int vocabSize = 4000;                 ///< pieces including <pad>, <unk>, <s>, </s>
    std::string modelType = "unigram";    ///< "unigram" or "bpe"
    bool lowercase = true;                ///< NFKC + case folding, so "Raise" and "raise" share pieces
    double characterCoverage = 1.0;       ///< share of characters kept as pieces; the rest map to <unk>
    std::vector<std::string> userDefinedSymbols; ///< always kept whole; no commas or spaces
    bool verbose = false;                 ///< let sentencepiece log its progress to stderr
};

class Tokenizer {
public:
    /// Loads PREFIX.model. Throws stepmotion::Error naming the file when it is missing,
    /// truncated or not a sentencepiece model, when the stepmotion_spm module cannot be
    /// found, and always in AddressSanitizer builds (the sanitizer refuses RTLD_DEEPBIND).
    static Tokenizer load(const std::string& modelPath);

    /// Trains a model on the corpus files and writes PREFIX.model / PREFIX.vocab with ids
    /// <pad>=0, <unk>=1, <s>=2, </s>=3. The same corpus and options give the same bytes.
    /// Throws stepmotion::Error naming the offending file or option.
    static void train(const TokenizerTrainOptions& options);

    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;
    ~Tokenizer();

    /// Piece ids of `text` (UTF-8), without <s>/</s>. Empty text gives no ids.
    /// Safe to call from several threads at once.
    std::vector<int> encode(const std::string& text) const;

    /// The normalised text for `ids` (special pieces vanish). Throws stepmotion::Error when
    /// an id is outside [0, vocabSize()).
    std::string decode(const std::vector<int>& ids) const;

    int vocabSize() const;
    int padId() const;
    int unkId() const;
    int bosId() const;
    int eosId() const;
    const std::string& modelPath() const;

private:
    struct Impl;
    explicit Tokenizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace stepmotion
