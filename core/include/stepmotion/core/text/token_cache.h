#pragma once
// A pre-tokenized corpus: every sentence with its piece ids, as JSON lines. Training reads it
// instead of running sentencepiece, so it can run where sentencepiece cannot be loaded (the GPU
// training image, whose libraries crash Debian's libsentencepiece) and skips re-tokenizing.
// Line 1: {"stepmotion_token_cache": 1, "vocab": N, "pad": 0, "unk": 1, "bos": 2, "eos": 3}
// Then one {"t": "sentence", "i": [ids...]} per sentence (trimmed, unique, sorted).

#include "stepmotion/core/text/tokenizer.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace stepmotion {

/// Tokenizes `sentences` and writes the cache atomically. Throws stepmotion::Error naming the file.
void writeTokenCache(const std::string& path, const Tokenizer& tokenizer, const std::vector<std::string>& sentences);

class TokenCache {
public:
    /// Throws stepmotion::Error naming the file and line for a missing file, a bad header or line.
    static TokenCache load(const std::string& path);

    /// Ids of `text` (trimmed first; empty text gives none). Throws stepmotion::Error when the
    /// text is not in the cache (the cache was made from other data).
    std::vector<int> encode(const std::string& text) const;

    int vocabSize() const { return m_vocab; }
    int bosId() const { return m_bos; }
    std::vector<std::string> sentences() const;

private:
    std::string m_path;
    int m_vocab = 0;
    int m_bos = 2;
    std::unordered_map<std::string, std::vector<int>> m_ids;
};

} // namespace stepmotion
