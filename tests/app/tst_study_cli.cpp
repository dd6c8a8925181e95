// `stepmotion study` as a researcher runs it: init from a prompt list, scripted raters (one of
// which crashes mid-session and resumes), report and CSV export, and the errors for bad input.

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/study/study_responses.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace stepmotion;

namespace {

struct Run {
    int exitCode = -1;
    bool crashed = false;
    QString out;
    QString err;
};

Run runStudy(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(STEPMOTION_CLI), QStringList{"study"} + args);
    p.waitForFinished(60000);
    return {p.exitCode(), p.exitStatus() == QProcess::CrashExit, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// Three prompts: two inline step lists and one step-list file beside the prompt list.
void writePrompts(const QString& dir)
{
    writeFileAtomically((dir + "/wave.json").toStdString(),
                        R"({"version": 1, "steps": [{"start": 0, "end": 1, "body_parts": ["right_arm"], "text": "Raise your right arm."},
                            {"start": 1, "end": 2, "body_parts": ["right_hand"], "text": "Wave."}]})");
    writeFileAtomically((dir + "/prompts.json").toStdString(), R"([
  {"id": "kick", "tags": ["basic", "seen"], "steps": {"version": 1, "steps": [
      {"start": 0, "end": 1, "body_parts": ["left_leg"], "text": "Kick with your left leg."}]}},
  {"id": "wave", "tags": ["basic", "seen"], "steps": "wave.json"},
  {"id": "combo", "tags": ["composite", "unseen"], "steps": {"version": 1, "steps": [
      {"start": 0, "end": 2, "body_parts": ["whole_body"], "text": "Walk forward."},
      {"start": 0.5, "end": 1.5, "body_parts": ["left_arm"], "text": "Swing your left arm."}]}}
])");
}

} // namespace

class TestStudyCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        writePrompts(m_dir.path());
        m_study = m_dir.path() + "/study";
        const Run r = runStudy({"init", m_study, "--prompts", m_dir.path() + "/prompts.json", "--system",
                                "full=models/full", "--system", "coarse=models/coarse", "--seeds", "1,2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // 3 prompts x 2 seeds x (1 pair + 2 Likert + 2 step checks) + 2 attention checks.
        QVERIFY2(r.out.contains("3 prompts, 2 systems, 2 seeds, 12 clips, 32 trials per rater"), qPrintable(r.out));
    }

    void initRefusesToOverwriteAndNamesBadFields()
    {
        Run r = runStudy({"init", m_study, "--prompts", m_dir.path() + "/prompts.json", "--system", "a=m"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("study.json: already exists"), qPrintable(r.err));
        writeFileAtomically((m_dir.path() + "/bad.json").toStdString(), R"([{"id": "x", "steps": 4}])");
        r = runStudy({"init", m_dir.path() + "/other", "--prompts", m_dir.path() + "/bad.json", "--system", "a=m"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("bad.json: [0].steps: must be a step-list file name"), qPrintable(r.err));
        r = runStudy({"init", m_dir.path() + "/other", "--prompts", m_dir.path() + "/prompts.json", "--system", "a"});
        QVERIFY2(r.err.contains("--system must be ID=MODEL_DIR"), qPrintable(r.err));
    }

    void crashedRaterResumesWithoutLoss()
    {
        Run r = runStudy({"simulate", m_study, "--rater", "ann", "--answers", "100", "--abort-after", "5"});
        QVERIFY(r.crashed);
        const std::string path = studyResponsesPath(m_study.toStdString(), "ann");
        QCOMPARE(loadResponses(path).responses.size(), std::size_t(5));
        r = runStudy({"simulate", m_study, "--rater", "ann", "--answers", "100"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("ann: answered 27 trials, next trial 32 of 32"), qPrintable(r.out));
        const LoadedResponses all = loadResponses(path);
        QCOMPARE(all.responses.size(), std::size_t(32));
        for (std::size_t i = 0; i < all.responses.size(); ++i)
            QCOMPARE(all.responses[i].trialIndex, int(i));
    }

    void reportPrintsTablesAndWritesFiles()
    {
        QCOMPARE(runStudy({"simulate", m_study, "--rater", "bob", "--answers", "100", "--seed", "3"}).exitCode, 0);
        QCOMPARE(runStudy({"simulate", m_study, "--rater", "cat", "--answers", "100", "--careless"}).exitCode, 0);
        const QString out = m_dir.path() + "/report";
        const Run r = runStudy({"report", m_study, "--out", out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("## Pairwise preference"), qPrintable(r.out));
        QVERIFY(r.out.contains("| full | coarse | "));
        QVERIFY(r.out.contains("| cat | 32 | 0/2 | yes |"));
        QVERIFY(r.out.contains("## Tag: composite+unseen"));
        QVERIFY(r.out.contains("Responses used: 60 "));
        for (const char* file : {"report.md", "pairs.csv", "likert.csv", "steps.csv", "raters.csv", "chart_pairs.svg",
                                 "chart_likert.svg", "chart_steps.svg"})
            QVERIFY2(std::filesystem::exists((out + "/" + file).toStdString()), file);
        const Run all = runStudy({"report", m_study, "--out", out, "--include-failed-raters"});
        QVERIFY(all.out.contains("Responses used: 90 "));
        const Run csv = runStudy({"export-csv", m_study, "--out", m_dir.path() + "/all.csv"});
        QVERIFY2(csv.out.contains("wrote 96 responses"), qPrintable(csv.out + csv.err));
    }

    void reportOnBadFolder()
    {
        Run r = runStudy({"report", m_dir.path() + "/nowhere"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("nowhere: not a study folder"), qPrintable(r.err));
        r = runStudy({"report"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("usage: stepmotion study"));
        r = runStudy({"frobnicate"});
        QVERIFY(r.err.contains("unknown subcommand 'frobnicate'"));
    }

private:
    QTemporaryDir m_dir;
    QString m_study;
};

QTEST_APPLESS_MAIN(TestStudyCli)
#include "tst_study_cli.moc"
