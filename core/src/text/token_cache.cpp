#include "stepmotion/core/text/token_cache.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "formats/text_trim.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace stepmotion {
namespace {

} // namespace

void writeTokenCache(const std::string& path, const Tokenizer& tokenizer, const std::vector<std::string>& sentences)
{
    std::set<std::string> unique;
    for (const auto& s : sentences)
        if (std::string t = detail::trimWhitespace(s); !t.empty())
            unique.insert(std::move(t));
    std::ostringstream out;
    out << nlohmann::json{{"stepmotion_token_cache", 1}, {"vocab", tokenizer.vocabSize()}, {"pad", tokenizer.padId()},
                          {"unk", tokenizer.unkId()}, {"bos", tokenizer.bosId()}, {"eos", tokenizer.eosId()}}
                .dump()
        << '\n';
    for (const auto& s : unique)
        out << nlohmann::json{{"t", s}, {"i", tokenizer.encode(s)}}.dump() << '\n';
    writeFileAtomically(path, out.str());
}

TokenCache TokenCache::load(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw fileError(path, "cannot open the token cache");
    TokenCache cache;
    cache.m_path = path;
    std::string line;
    int number = 0;
    try {
        if (!std::getline(in, line))
            throw lineError(path, 1, "empty file: not a token cache");
        ++number;
        const auto header = nlohmann::json::parse(line);
        if (!header.is_object() || header.value("stepmotion_token_cache", 0) != 1)
            throw lineError(path, 1, "not a StepMotion token cache (version 1 header expected)");
        cache.m_vocab = header.at("vocab").get<int>();
        cache.m_bos = header.at("bos").get<int>();
        while (std::getline(in, line)) {
            ++number;
            const auto entry = nlohmann::json::parse(line);
            std::vector<int> ids = entry.at("i").get<std::vector<int>>();
            for (const int id : ids)
                if (id < 0 || id >= cache.m_vocab)
                    throw lineError(path, number, "token id " + std::to_string(id) + " outside the vocabulary");
            cache.m_ids.emplace(entry.at("t").get<std::string>(), std::move(ids));
        }
    } catch (const nlohmann::json::exception& e) {
        throw lineError(path, std::max(number, 1), std::string("malformed entry: ") + e.what());
    }
    return cache;
}

std::vector<int> TokenCache::encode(const std::string& text) const
{
    const std::string t = detail::trimWhitespace(text);
    if (t.empty())
        return {};
    const auto it = m_ids.find(t);
    if (it == m_ids.end())
        throw fileError(m_path, "has no tokens for \"" + t.substr(0, 60) + "\": rebuild it from this dataset");
    return it->second;
}

std::vector<std::string> TokenCache::sentences() const
{
    std::vector<std::string> out;
    out.reserve(m_ids.size());
    for (const auto& [text, ids] : m_ids)
        out.push_back(text);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace stepmotion
