// Tokenizer: training on real FineMotion step texts, encode/decode, determinism, bad model
// files. The binary links core and therefore libtorch, so merely running it proves that the
// sentencepiece module's protobuf stays apart from libtorch's (the two crash when mixed).

#include "test_data.h"
#include "test_helpers.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/text/tokenizer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>
#include <thread>

using namespace stepmotion;

namespace {

// BPMSD_human from the unpacked tree ($STEPMOTION_UNPACKED_DATASETS, set by ctest), or empty.
QString findBpmsdHuman()
{
    const QString root = test::unpackedDatasets();
    const QString path = root + QStringLiteral("/finemotion/BPMSD_human.json");
    return !root.isEmpty() && QFileInfo::exists(path) ? path : QString();
}

// The trimmed non-empty sentences of a FineMotion JSON ({"id": [text, ...]}), sorted and unique.
std::vector<std::string> sentencesOf(const QString& jsonPath)
{
    std::ifstream in(test::toStd(jsonPath));
    const nlohmann::json doc = nlohmann::json::parse(in);
    std::set<std::string> unique;
    for (const auto& [id, texts] : doc.items()) {
        for (const auto& text : texts) {
            const std::string s = text.get<std::string>();
            const auto first = s.find_first_not_of(" \t\r\n");
            if (first != std::string::npos)
                unique.insert(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
        }
    }
    return {unique.begin(), unique.end()};
}

void writeText(const QString& path, const std::string& bytes)
{
    std::ofstream(test::toStd(path), std::ios::binary) << bytes;
}

std::string readBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll().toStdString() : std::string();
}

// The first `pieces` top-level fields of a model (its first pieces): a cut that protobuf
// itself still parses.
std::string cutAfterPieces(const std::string& model, int pieces)
{
    std::size_t pos = 0;
    for (int i = 0; i < pieces; ++i) {
        if (model[pos] != '\x0a') // field 1 (pieces), length-delimited
            return {};
        ++pos;
        std::size_t length = 0;
        for (int shift = 0;; shift += 7) {
            const auto byte = static_cast<unsigned char>(model[pos++]);
            length |= std::size_t(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                break;
        }
        pos += length;
    }
    return model.substr(0, pos);
}

} // namespace

class TestTokenizer : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_corpus;
    QString m_prefix;
    std::vector<std::string> m_sentences;

    TokenizerTrainOptions options(const QString& prefix) const
    {
        TokenizerTrainOptions o;
        o.corpusFiles = {test::toStd(m_corpus)};
        o.outputPrefix = test::toStd(prefix);
        o.vocabSize = 500;
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        STEPMOTION_REQUIRE_TOKENIZER();
        QVERIFY(m_dir.isValid());
        const QString json = findBpmsdHuman();
        if (json.isEmpty())
            QSKIP("finemotion/BPMSD_human.json not found: run ../shared/datasets/unpack.sh "
                  "/tmp/stepmotion-datasets or the whole suite with ctest");
        m_sentences = sentencesOf(json);
        QCOMPARE(int(m_sentences.size()), 15389);
        std::string corpus;
        for (const std::string& s : m_sentences)
            corpus += s + "\n";
        m_corpus = m_dir.filePath(QStringLiteral("bpmsd_human.txt"));
        writeText(m_corpus, corpus);
        m_prefix = m_dir.filePath(QStringLiteral("human"));
        try {
            Tokenizer::train(options(m_prefix));
        } catch (const Error& e) {
            if (std::string(e.what()).find("AddressSanitizer") != std::string::npos)
                QSKIP(e.what());
            QFAIL(e.what());
        }
    }

    void trainsAModelAndVocabulary()
    {
        const Tokenizer tok = Tokenizer::load(test::toStd(m_prefix + QStringLiteral(".model")));
        // BPMSD_human has only ~250 distinct words, so the 500 asked for is a soft ceiling.
        QVERIFY2(tok.vocabSize() > 150 && tok.vocabSize() <= 500, std::to_string(tok.vocabSize()).c_str());
        QCOMPARE(tok.padId(), 0);
        QCOMPARE(tok.unkId(), 1);
        QCOMPARE(tok.bosId(), 2);
        QCOMPARE(tok.eosId(), 3);
        const std::string vocab = readBytes(m_prefix + QStringLiteral(".vocab"));
        QCOMPARE(int(std::count(vocab.begin(), vocab.end(), '\n')), tok.vocabSize());
        QVERIFY(vocab.rfind("<pad>\t", 0) == 0);
    }

    void roundTripsNormalisedText()
    {
        const Tokenizer tok = Tokenizer::load(test::toStd(m_prefix + QStringLiteral(".model")));
        const std::vector<int> ids = tok.encode("Raise your left arm to shoulder height.");
        QVERIFY(ids.size() >= 7 && ids.size() <= 20);
        for (int id : ids) {
            QVERIFY(id > tok.eosId() && id < tok.vocabSize());
            QVERIFY(id != tok.unkId());
        }
        QCOMPARE(tok.decode(ids), std::string("raise your left arm to shoulder height."));
        QVERIFY(tok.encode("").empty());
        QCOMPARE(tok.decode({}), std::string());
        // Case folding: the same pieces whatever the capitals.
        QCOMPARE(tok.encode("RAISE YOUR LEFT ARM"), tok.encode("raise your left arm"));
    }

    void encodesTheCorpusCompactly()
    {
        const Tokenizer tok = Tokenizer::load(test::toStd(m_prefix + QStringLiteral(".model")));
        std::size_t tokens = 0, words = 0, unknown = 0;
        for (std::size_t i = 0; i < m_sentences.size(); i += 10) {
            const std::vector<int> ids = tok.encode(m_sentences[i]);
            tokens += ids.size();
            unknown += std::count(ids.begin(), ids.end(), tok.unkId());
            words += std::count(m_sentences[i].begin(), m_sentences[i].end(), ' ') + 1;
        }
        QCOMPARE(unknown, std::size_t(0));
        const double perWord = double(tokens) / double(words);
        QVERIFY2(perWord >= 1.0 && perWord < 1.6, std::to_string(perWord).c_str());
    }

    void encodesFromSeveralThreads()
    {
        const Tokenizer tok = Tokenizer::load(test::toStd(m_prefix + QStringLiteral(".model")));
        std::vector<std::vector<int>> expected;
        for (std::size_t i = 0; i < 200; ++i)
            expected.push_back(tok.encode(m_sentences[i]));
        std::vector<int> mismatches(4, 0);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (std::size_t i = 0; i < 200; ++i)
                    mismatches[std::size_t(t)] += tok.encode(m_sentences[i]) != expected[i] ? 1 : 0;
            });
        }
        for (auto& thread : threads)
            thread.join();
        QCOMPARE(mismatches, std::vector<int>(4, 0));
    }

    void trainingIsDeterministic()
    {
        const QString again = m_dir.filePath(QStringLiteral("again"));
        Tokenizer::train(options(again));
        const std::string first = readBytes(m_prefix + QStringLiteral(".model"));
        QVERIFY(first.size() > 1000);
        QVERIFY(first == readBytes(again + QStringLiteral(".model")));
        QVERIFY(readBytes(m_prefix + QStringLiteral(".vocab")) == readBytes(again + QStringLiteral(".vocab")));
    }

    void trainsBpe()
    {
        TokenizerTrainOptions o = options(m_dir.filePath(QStringLiteral("bpe")));
        o.modelType = "bpe";
        o.vocabSize = 300;
        o.userDefinedSymbols = {"<sep>"};
        Tokenizer::train(o);
        const Tokenizer tok = Tokenizer::load(o.outputPrefix + ".model");
        QVERIFY(tok.vocabSize() > 100 && tok.vocabSize() <= 300);
        QCOMPARE(tok.decode(tok.encode("Bend both your knees <sep> lean left.")),
                 std::string("bend both your knees <sep> lean left."));
        // A user-defined symbol is one piece (after the word-boundary piece "▁").
        const std::vector<int> sep = tok.encode("<sep>");
        QVERIFY(!sep.empty() && sep.size() <= 2);
        QCOMPARE(tok.decode({sep.back()}), std::string("<sep>"));
    }

    void decodeRejectsIdsOutsideTheVocabulary()
    {
        const Tokenizer tok = Tokenizer::load(test::toStd(m_prefix + QStringLiteral(".model")));
        for (int bad : {-1, tok.vocabSize()}) {
            try {
                (void)tok.decode({5, bad});
                QFAIL("no error for an out-of-range id");
            } catch (const Error& e) {
                const std::string what = e.what();
                QVERIFY2(what.find(std::to_string(bad)) != std::string::npos, e.what());
                QVERIFY2(what.find("human.model") != std::string::npos, e.what());
            }
        }
    }

    void badModelFilesNameTheFile_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("keepBytes"); // -1: file absent, -2: text instead of a model, -3: 40 pieces
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing") << "missing.model" << -1 << "not found";
        QTest::newRow("empty") << "empty.model" << 0 << "empty";
        QTest::newRow("truncated") << "truncated.model" << 5000 << "not a valid sentencepiece model";
        QTest::newRow("text") << "text.model" << -2 << "not a valid sentencepiece model";
        QTest::newRow("cut between pieces") << "cut.model" << -3 << "ends before the trainer";
    }

    void badModelFilesNameTheFile()
    {
        QFETCH(QString, name);
        QFETCH(int, keepBytes);
        QFETCH(QString, expected);
        const QString path = m_dir.filePath(name);
        if (keepBytes >= 0)
            writeText(path, readBytes(m_prefix + QStringLiteral(".model")).substr(0, std::size_t(keepBytes)));
        else if (keepBytes == -2)
            writeText(path, "Raise your left arm.\nLower it.\n");
        else if (keepBytes == -3)
            writeText(path, cutAfterPieces(readBytes(m_prefix + QStringLiteral(".model")), 40));
        try {
            (void)Tokenizer::load(test::toStd(path));
            QFAIL("loading a bad model did not throw");
        } catch (const Error& e) {
            const std::string what = e.what();
            QVERIFY2(what.find(test::toStd(path)) != std::string::npos, e.what());
            QVERIFY2(what.find(test::toStd(expected)) != std::string::npos, e.what());
        }
    }

    void badTrainingInputsAreReported()
    {
        TokenizerTrainOptions o = options(m_dir.filePath(QStringLiteral("bad")));
        o.corpusFiles.push_back(test::toStd(m_dir.filePath(QStringLiteral("no_such_corpus.txt"))));
        QVERIFY_THROWS_EXCEPTION(Error, Tokenizer::train(o));
        try {
            Tokenizer::train(o);
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("no_such_corpus.txt") != std::string::npos, e.what());
        }
        o = options(m_dir.filePath(QStringLiteral("bad")));
        o.modelType = "word2vec";
        QVERIFY_THROWS_EXCEPTION(Error, Tokenizer::train(o));
        o = options(m_dir.filePath(QStringLiteral("bad")));
        o.userDefinedSymbols = {"a,b"};
        QVERIFY_THROWS_EXCEPTION(Error, Tokenizer::train(o));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("bad.model"))));
    }
};

QTEST_APPLESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
