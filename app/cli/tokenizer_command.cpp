// stepmotion train-tokenizer --out PREFIX [--finemotion DIR] [--data DIR] [--text FILE...] [--vocab N]:
// gathers sentences (FineMotion JSON, a dataset's captions and steps, plain text) into one
// sorted, de-duplicated corpus and trains the sentencepiece tokenizer on it.

#include "cli_args.h"
#include "commands.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/text/tokenizer.h"
#include "stepmotion/core/text/text_pretraining.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

namespace stepmotion::cli {
namespace {

namespace fs = std::filesystem;

const char* const kUsage =
    "usage: stepmotion train-tokenizer --out PREFIX [--finemotion DIR] [--data DIR] [--text FILE...]\n"
    "                                  [--vocab N] [--model-type unigram|bpe] [--keep-case] [--verbose]\n"
    "  writes PREFIX.model and PREFIX.vocab; DIR holds FineMotion's BPMSD_auto.json,\n"
    "  BPMSD_human.json and BPMP_human.json; --data adds every caption and step text\n"
    "  of a HumanML3D-layout dataset; each FILE has one sentence per line";

struct TokenizerArgs {
    std::string out;
    std::string fineMotionDir;
    std::string dataDir;
    std::vector<std::string> textFiles;
    int vocab = 4000;
    std::string modelType = "unigram";
    bool keepCase = false;
    bool verbose = false;
};

int parseVocab(const std::string& text)
{
    try {
        std::size_t used = 0;
        const int n = std::stoi(text, &used);
        if (used == text.size() && n >= 8 && n <= 1000000)
            return n;
    } catch (const std::exception&) {
    }
    throw Error("--vocab must be an integer from 8 to 1000000 (got '" + text + "')");
}

// Hand-rolled because --text takes any number of files (--text a b c, or --text a --text b).
TokenizerArgs parseArgs(int argc, char** argv)
{
    TokenizerArgs args;
    auto valueOf = [&](int& i, const std::string& name) -> std::string {
        if (i + 1 >= argc || std::string(argv[i + 1]).rfind("--", 0) == 0)
            throw Error("option " + name + " needs a value\n" + kUsage);
        return argv[++i];
    };
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--out") {
            args.out = valueOf(i, arg);
        } else if (arg == "--data") {
            args.dataDir = valueOf(i, arg);
        } else if (arg == "--finemotion") {
            args.fineMotionDir = valueOf(i, arg);
        } else if (arg == "--vocab") {
            args.vocab = parseVocab(valueOf(i, arg));
        } else if (arg == "--model-type") {
            args.modelType = valueOf(i, arg);
        } else if (arg == "--keep-case") {
            args.keepCase = true;
        } else if (arg == "--verbose") {
            args.verbose = true;
        } else if (arg == "--text") {
            args.textFiles.push_back(valueOf(i, arg));
            while (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0)
                args.textFiles.push_back(argv[++i]);
        } else {
            throw Error("unexpected argument '" + arg + "'\n" + kUsage);
        }
    }
    if (args.out.empty() || (args.fineMotionDir.empty() && args.dataDir.empty() && args.textFiles.empty()))
        throw Error(kUsage);
    if (args.modelType != "unigram" && args.modelType != "bpe")
        throw Error("--model-type must be unigram or bpe (got '" + args.modelType + "')");
    return args;
}

std::string trimmed(const std::string& s)
{
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

void addTextFile(const std::string& path, std::set<std::string>& sentences)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw fileError(path, "cannot open the text file");
    for (std::string line; std::getline(in, line);) {
        if (std::string s = trimmed(line); !s.empty())
            sentences.insert(std::move(s));
    }
    if (in.bad())
        throw fileError(path, "read error");
}

// The corpus file, removed when training is over (successful or not).
class TemporaryCorpus {
public:
    explicit TemporaryCorpus(const std::set<std::string>& sentences)
        : m_path((fs::temp_directory_path() / ("stepmotion-corpus-" + std::to_string(getpid()) + ".txt")).string())
    {
        std::ofstream out(m_path, std::ios::binary | std::ios::trunc);
        for (const std::string& s : sentences)
            out << s << '\n';
        if (!out.flush())
            throw fileError(m_path, "cannot write the temporary corpus");
    }
    ~TemporaryCorpus() { std::remove(m_path.c_str()); }
    TemporaryCorpus(const TemporaryCorpus&) = delete;
    TemporaryCorpus& operator=(const TemporaryCorpus&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

void printSummary(const Tokenizer& tokenizer, const std::set<std::string>& sentences, double seconds)
{
    std::size_t tokens = 0, words = 0, unknown = 0;
    for (const std::string& s : sentences) {
        const std::vector<int> ids = tokenizer.encode(s);
        tokens += ids.size();
        for (int id : ids)
            unknown += id == tokenizer.unkId() ? 1 : 0;
        words += static_cast<std::size_t>(std::count(s.begin(), s.end(), ' ')) + 1;
    }
    const double n = static_cast<double>(sentences.size());
    std::printf("wrote %s and .vocab: %d pieces, trained in %.1f s\n", tokenizer.modelPath().c_str(),
                tokenizer.vocabSize(), seconds);
    std::printf("corpus: %zu sentences; %.1f tokens per sentence, %.2f per word, %zu <unk>\n", sentences.size(),
                static_cast<double>(tokens) / n, static_cast<double>(tokens) / static_cast<double>(words), unknown);
}

} // namespace

int runTrainTokenizer(int argc, char** argv)
{
    if (helpRequested(argc, argv, 2))
        return printHelp(kUsage);
    const TokenizerArgs args = parseArgs(argc, argv);
    std::set<std::string> sentences; // sorted + unique: the same inputs give the same model
    if (!args.fineMotionDir.empty())
        for (std::string& s : fineMotionSentences(args.fineMotionDir))
            sentences.insert(std::move(s));
    if (!args.dataDir.empty())
        for (std::string& s : datasetSentences(args.dataDir))
            sentences.insert(std::move(s));
    for (const std::string& path : args.textFiles)
        addTextFile(path, sentences);
    if (sentences.empty())
        throw Error("no sentences to train on");

    const fs::path parent = fs::path(args.out).parent_path();
    std::error_code ec;
    if (!parent.empty() && !fs::create_directories(parent, ec) && ec)
        throw fileError(parent.string(), "cannot create the output folder: " + ec.message());

    const TemporaryCorpus corpus(sentences);
    TokenizerTrainOptions options;
    options.corpusFiles = {corpus.path()};
    options.outputPrefix = args.out;
    options.vocabSize = args.vocab;
    options.modelType = args.modelType;
    options.lowercase = !args.keepCase;
    options.verbose = args.verbose;
    std::fprintf(stderr, "training a %s tokenizer (at most %d pieces) on %zu sentences...\n",
                 args.modelType.c_str(), args.vocab, sentences.size());
    const auto started = std::chrono::steady_clock::now();
    Tokenizer::train(options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    printSummary(Tokenizer::load(args.out + ".model"), sentences, seconds);
    return 0;
}

} // namespace stepmotion::cli
