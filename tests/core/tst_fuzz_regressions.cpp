// Replays the fuzzing inputs through the same harness bodies the libFuzzer targets run
// (tests/fuzz/fuzz_entries.h): every seed of tests/fuzz/corpus/<target> must be accepted, and
// every crash input kept in tests/fuzz/regressions/<target> must now be either accepted or
// rejected with stepmotion::Error. A crash, a sanitizer report (asan preset) or any other
// exception fails the test.

#include "fuzz_entries.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <exception>
#include <functional>
#include <map>

namespace {

using Entry = std::function<bool(const uint8_t*, std::size_t)>;

const std::map<QString, Entry>& entries()
{
    static const std::map<QString, Entry> table = {
        {QStringLiteral("npy"), stepmotion::fuzz::fuzzNpy},
        {QStringLiteral("bvh"), stepmotion::fuzz::fuzzBvh},
        {QStringLiteral("asf_amc"), stepmotion::fuzz::fuzzAsfAmc},
        {QStringLiteral("steps_json"), stepmotion::fuzz::fuzzStepsJson},
        {QStringLiteral("project"), stepmotion::fuzz::fuzzProject},
        {QStringLiteral("study_responses"), stepmotion::fuzz::fuzzStudyResponses},
        {QStringLiteral("step_text"), stepmotion::fuzz::fuzzStepText},
        {QStringLiteral("study_design"), stepmotion::fuzz::fuzzStudyDesign},
        {QStringLiteral("model_config"), stepmotion::fuzz::fuzzModelConfig},
        {QStringLiteral("fbx"), stepmotion::fuzz::fuzzFbx},
        {QStringLiteral("gltf"), stepmotion::fuzz::fuzzGltf},
    };
    return table;
}

QString fuzzDir() { return QStringLiteral(STEPMOTION_SOURCE_DIR "/tests/fuzz"); }

/// One row per file of <kind>/<target>/ for every target.
void addRows(const QString& kind)
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("path");
    int rows = 0;
    for (const auto& [target, entry] : entries()) {
        const QDir dir(fuzzDir() + QLatin1Char('/') + kind + QLatin1Char('/') + target);
        for (const QString& file : dir.entryList(QDir::Files, QDir::Name)) {
            const QByteArray tag = (target + QLatin1Char('/') + file).toUtf8();
            QTest::newRow(tag.constData()) << target << dir.filePath(file);
            ++rows;
        }
    }
    if (rows == 0)
        QTest::newRow("none") << QString() << QString();
}

/// Runs the target's entry on the file; fails on anything but acceptance or stepmotion::Error.
bool replay(const QString& target, const QString& path, bool& accepted)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot read %s", qPrintable(path));
        return false;
    }
    const QByteArray bytes = file.readAll();
    try {
        accepted = entries().at(target)(reinterpret_cast<const uint8_t*>(bytes.constData()),
                                        static_cast<std::size_t>(bytes.size()));
    } catch (const std::exception& e) {
        qWarning("%s: unexpected exception: %s", qPrintable(path), e.what());
        return false;
    }
    return true;
}

} // namespace

class TestFuzzRegressions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // run.sh fuzzes every folder of tests/fuzz/corpus; each must be replayed here and hold seeds.
    void everyCorpusFolderHasAnEntry()
    {
        const QDir corpus(fuzzDir() + QStringLiteral("/corpus"));
        const QStringList folders = corpus.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QCOMPARE(static_cast<std::size_t>(folders.size()), entries().size());
        for (const QString& folder : folders) {
            QVERIFY2(entries().count(folder), qPrintable(folder + QStringLiteral(": no harness entry")));
            QVERIFY2(!QDir(corpus.filePath(folder)).entryList(QDir::Files).isEmpty(),
                     qPrintable(folder + QStringLiteral(": no seeds")));
        }
    }

    void seedsAreAccepted_data() { addRows(QStringLiteral("corpus")); }
    void seedsAreAccepted()
    {
        QFETCH(QString, target);
        QFETCH(QString, path);
        if (target.isEmpty())
            QFAIL("no seed corpus found under tests/fuzz/corpus");
        bool accepted = false;
        QVERIFY(replay(target, path, accepted));
        QVERIFY2(accepted, qPrintable(path + QStringLiteral(" is a seed but was rejected")));
    }

    void crashInputsAreHandled_data() { addRows(QStringLiteral("regressions")); }
    void crashInputsAreHandled()
    {
        QFETCH(QString, target);
        QFETCH(QString, path);
        if (target.isEmpty())
            QSKIP("no crash inputs kept under tests/fuzz/regressions");
        bool accepted = false;
        QVERIFY(replay(target, path, accepted));
    }
};

QTEST_APPLESS_MAIN(TestFuzzRegressions)
#include "tst_fuzz_regressions.moc"
