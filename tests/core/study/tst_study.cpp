// Study design files, trial plans, the response log (including a real crash of a writer
// process) and clip preparation.

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/formats/npy.h"
#include "stepmotion/core/study/study.h"
#include "stepmotion/core/study/study_responses.h"

#include "study_test_support.h"
#include "test_helpers.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include <sys/wait.h>
#include <unistd.h>

using namespace stepmotion;
using nlohmann::json;

namespace {

std::string preferFull(const Trial&) { return "full"; }
int four(const Trial&) { return 4; }
bool allSteps(const Trial&, int) { return true; }

const test::RaterScript kCareful{true, preferFull, four, four, allSteps};

std::string messageOf(const std::string& text)
{
    return test::errorOf([&] { parseStudyDesign(text, "study.json"); }).toStdString();
}

} // namespace

class TestStudy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void designRoundTrip();
    void designFileErrorsNameFile();
    void badDesign_data();
    void badDesign();
    void promptListForInit();
    void clipPaths();
    void planIsDeterministicPerRater();
    void planCountsAndAttentionChecks();
    void planRespectsTrialTypesAndGroundTruth();
    void responseLogRoundTrip();
    void tornLastLineDroppedWithWarning();
    void badMiddleLineThrowsNamingLine();
    void responseValidation();
    void resumeIndex();
    void crashLosesNoAnswer();
    void prepareIsResumable();
    void responsesCsv();
};

void TestStudy::designRoundTrip()
{
    StudyDesign d = test::sampleStudy();
    d.seeds = {3, 9};
    d.trialTypes.likert = false;
    d.systems.push_back({"gt", "", "", true});
    d.prompts[0].groundTruthClip = "gt/p1.npy";
    d.guidanceScale = 3.0;
    const std::string text = studyDesignToJson(d);
    const StudyDesign back = parseStudyDesign(text, "study.json");
    QCOMPARE(studyDesignToJson(back), text);
    QCOMPARE(back.prompts.size(), std::size_t(3));
    QCOMPARE(back.prompts[2].steps, d.prompts[2].steps);
    QCOMPARE(back.prompts[0].tags, (std::vector<std::string>{"basic", "seen"}));
    QCOMPARE(back.prompts[0].groundTruthClip, std::string("gt/p1.npy"));
    QCOMPARE(back.systems[2].groundTruth, true);
    QCOMPARE(back.seeds, (std::vector<uint64_t>{3, 9}));
    QCOMPARE(back.trialTypes.likert, false);
    QCOMPARE(back.guidanceScale, 3.0);
    QVERIFY(text.find("\"step_checks\": true") != std::string::npos);
}

void TestStudy::designFileErrorsNameFile()
{
    QTemporaryDir dir;
    const std::string path = studyDesignPath(dir.path().toStdString());
    saveStudyDesign(test::sampleStudy(), path);
    QCOMPARE(loadStudyDesign(path).prompts.size(), std::size_t(3));
    writeFileAtomically(path, "{\"version\": 1}");
    QVERIFY(test::errorOf([&] { loadStudyDesign(path); }).startsWith(QString::fromStdString(path + ": prompts")));
    QVERIFY(test::errorOf([&] { loadStudyDesign(path + ".none"); }).contains("study.json.none"));
}

void TestStudy::badDesign_data()
{
    QTest::addColumn<QString>("patch"); // JSON merge patch applied to the sample design
    QTest::addColumn<QString>("message");
    QTest::newRow("newer version") << R"({"version": 2})" << "study.json: study version 2 is newer";
    QTest::newRow("unknown field") << R"({"titel": "x"})" << "study.json: titel: unknown field";
    QTest::newRow("duplicate system")
        << R"({"systems": [{"id": "full", "model": "a"}, {"id": "full", "model": "b"}]})"
        << "study.json: systems[1].id: duplicate 'full'";
    QTest::newRow("system without model") << R"({"systems": [{"id": "full"}]})"
                                          << "study.json: systems[0].model: missing";
    QTest::newRow("two ground truths")
        << R"({"systems": [{"id": "a", "ground_truth": true}, {"id": "b", "ground_truth": true}]})"
        << "study.json: systems[1].ground_truth: only one";
    QTest::newRow("bad prompt id") << R"({"prompts": [{"id": "a b", "steps": {}}]})"
                                   << "study.json: prompts[0].id: invalid id 'a b'";
    QTest::newRow("bad step")
        << R"({"prompts": [{"id": "x", "steps": {"version": 1, "steps": [{"start": 2, "end": 1, "body_parts": ["head"], "text": "Nod."}]}}]})"
        << "study.json: prompts[0].steps: steps[0].end: must be >= start";
    QTest::newRow("duplicate seed") << R"({"seeds": [1, 1]})" << "study.json: seeds[1]: duplicate 1";
    QTest::newRow("negative seed") << R"({"seeds": [-4]})" << "study.json: seeds[0]: must be a non-negative integer";
    QTest::newRow("sampling steps") << R"({"sampling_steps": 0})" << "study.json: sampling_steps: must be from 1";
    QTest::newRow("no trial type") << R"({"trials": {"pairwise": false, "likert": false, "step_checks": false}})"
                                   << "study.json: trials: enables no trial type";
    QTest::newRow("no prompts") << R"({"prompts": []})" << "study.json: prompts: must be a non-empty array";
    QTest::newRow("tags not strings") << R"({"prompts": [{"id": "x", "tags": [3], "steps": {}}]})"
                                      << "study.json: prompts[0].tags[0]: must be a string";
}

void TestStudy::badDesign()
{
    QFETCH(QString, patch);
    QFETCH(QString, message);
    json doc = json::parse(studyDesignToJson(test::sampleStudy()));
    doc.merge_patch(json::parse(patch.toStdString()));
    const std::string got = messageOf(doc.dump());
    QVERIFY2(got.rfind(message.toStdString(), 0) == 0, got.c_str());
}

void TestStudy::promptListForInit()
{
    QTemporaryDir dir;
    const std::string root = dir.path().toStdString();
    const std::string nod = R"({"version": 1, "steps": [{"start": 0, "end": 1, "body_parts": ["head"], "text": "Nod."}]})";
    writeFileAtomically(root + "/nod.json", nod);
    // A plain list: steps by file (relative to the list) or inline, ground truth made absolute.
    writeFileAtomically(root + "/list.json", R"([{"id": "a", "tags": ["seen"], "steps": "nod.json", "ground_truth": "gt/a.npy"},)"
                                             R"( {"id": "b", "steps": )" + nod + "}]");
    const auto list = loadStudyPrompts(root + "/list.json");
    QCOMPARE(list.size(), std::size_t(2));
    QCOMPARE(list[0].steps.steps.at(0).text, std::string("Nod."));
    QCOMPARE(list[0].groundTruthClip, root + "/gt/a.npy");
    QCOMPARE(list[0].tags, std::vector<std::string>{"seen"});
    QVERIFY(list[1].groundTruthClip.empty());
    // A prompt-set file: its "kind" joins the tags once.
    writeFileAtomically(root + "/set.json", R"({"version": 1, "prompts": [{"id": "c", "kind": "spatial", "tags": ["unseen", "spatial"], "steps": )"
                                            + nod + "}]}");
    QCOMPARE(loadStudyPrompts(root + "/set.json").at(0).tags, (std::vector<std::string>{"unseen", "spatial"}));

    const auto errorFor = [&](const std::string& text) {
        writeFileAtomically(root + "/bad.json", text);
        return test::errorOf([&] { loadStudyPrompts(root + "/bad.json"); }).toStdString();
    };
    const std::string bad = root + "/bad.json: ";
    QCOMPARE(errorFor("[]"), bad + "expected a non-empty JSON array of prompts (or an object with \"prompts\")");
    QCOMPARE(errorFor(R"([{"steps": "nod.json"}])"), bad + "[0].id: missing");
    QCOMPARE(errorFor(R"([{"id": "a", "steps": 3}])"), bad + "[0].steps: must be a step-list file name or a step-list object");
    QCOMPARE(errorFor(R"([{"id": "a", "stpes": "nod.json"}])"), bad + "[0].stpes: unknown field");
    QCOMPARE(errorFor(R"([{"id": "a", "tags": ["x", 2], "steps": "nod.json"}])"), bad + "[0].tags[1]: must be a string");
    QVERIFY(errorFor(R"([{"id": "a", "steps": "missing.json"}])").find("missing.json") != std::string::npos);
    QVERIFY(errorFor("[1e999]").rfind(bad + "not valid JSON: ", 0) == 0);
}

void TestStudy::clipPaths()
{
    QCOMPARE(studyClipPath("/s", "p1", "full", 7), std::string("/s/clips/p1__full__s7.npy"));
    QVERIFY(isValidStudyId("coarse-only.v2"));
    QVERIFY(!isValidStudyId("a__b"));
    QVERIFY(!isValidStudyId("-x"));
    QVERIFY(!isValidStudyId("a/b"));
    QVERIFY(messageOf("{\"version\": 1, ").rfind("study.json: not valid JSON at byte", 0) == 0);
    QVERIFY(messageOf("{}").rfind("study.json: version: missing", 0) == 0);
    StudyDesign same = test::sampleStudy();
    same.prompts[1].steps = same.prompts[0].steps;
    same.prompts[2].steps = same.prompts[0].steps;
    QVERIFY(test::errorOf([&] { studyDesignToJson(same); }).contains("attention_checks: need two prompts"));
}

void TestStudy::planIsDeterministicPerRater()
{
    const StudyDesign d = test::sampleStudy();
    const auto keys = [](const std::vector<Trial>& plan) {
        std::vector<std::string> out;
        for (const Trial& t : plan)
            out.push_back(t.key + (t.aOnLeft ? "<" : ">"));
        return out;
    };
    QCOMPARE(keys(planTrials(d, "r1", 5)), keys(planTrials(d, "r1", 5)));
    QVERIFY(keys(planTrials(d, "r1", 5)) != keys(planTrials(d, "r2", 5)));
    QVERIFY(keys(planTrials(d, "r1", 5)) != keys(planTrials(d, "r1", 6)));
    // FNV-1a is fixed by its definition: the plan must not change between builds or platforms.
    QCOMPARE(fnv1a64(""), uint64_t(14695981039346656037ULL));
    QCOMPARE(fnv1a64("a"), uint64_t(0xaf63dc4c8601ec8cULL));
}

void TestStudy::planCountsAndAttentionChecks()
{
    const StudyDesign d = test::sampleStudy();
    const std::vector<Trial> plan = planTrials(d, "r1", 1);
    std::map<TrialKind, int> kinds;
    std::set<std::string> keys;
    int attention = 0, left = 0;
    for (std::size_t i = 0; i < plan.size(); ++i) {
        const Trial& t = plan[i];
        QCOMPARE(t.index, int(i));
        QVERIFY2(keys.insert(t.key).second, t.key.c_str());
        left += t.aOnLeft ? 1 : 0;
        if (t.attentionCheck) {
            ++attention;
            QVERIFY(i > 0);
            QCOMPARE(t.kind, TrialKind::Pairwise);
            QVERIFY(t.promptB != t.promptId);
            QCOMPARE(t.systemA, t.systemB);
            QCOMPARE(t.expectedPreferred, std::string(kAttentionMatch));
            QCOMPARE(preferredAnswer(t, true), std::string(kAttentionMatch));
            QVERIFY(trialClipPath("/s", t, false) == studyClipPath("/s", t.promptB, t.systemA, t.seed));
        } else {
            ++kinds[t.kind];
        }
    }
    // 3 prompts x 1 seed: 1 pair each; Likert and StepCheck for 2 systems each.
    QCOMPARE(kinds[TrialKind::Pairwise], 3);
    QCOMPARE(kinds[TrialKind::Likert], 6);
    QCOMPARE(kinds[TrialKind::StepCheck], 6);
    QCOMPARE(attention, 2);
    QCOMPARE(int(plan.size()), 17);
    QVERIFY(left > 0 && left < 17); // sides are randomised
    QVERIFY(keys.count("pair:p2:full:coarse:s1"));
    QVERIFY(keys.count("steps:p3:coarse:s1"));
}

void TestStudy::planRespectsTrialTypesAndGroundTruth()
{
    StudyDesign d = test::sampleStudy();
    d.systems.push_back({"gt", "", "", true});
    d.prompts[0].groundTruthClip = "p1.npy";
    d.seeds = {1, 2};
    d.trialTypes.stepChecks = false;
    d.attentionChecks = 0;
    std::map<TrialKind, int> kinds;
    for (const Trial& t : planTrials(d, "r", 1))
        ++kinds[t.kind];
    // Pairs: 3 prompts x 2 seeds x (full-coarse) + p1 x 2 seeds x (full-gt, coarse-gt) = 6 + 4.
    QCOMPARE(kinds[TrialKind::Pairwise], 10);
    QCOMPARE(kinds[TrialKind::Likert], 12); // ground truth gets no Likert trial
    QCOMPARE(kinds.count(TrialKind::StepCheck), std::size_t(0));
    QCOMPARE(studyClips("/s", d).size(), std::size_t(3 * 2 * 2 + 2));
}

void TestStudy::responseLogRoundTrip()
{
    QTemporaryDir dir;
    const StudyDesign d = test::sampleStudy();
    const std::vector<Trial> plan = planTrials(d, "r1", 1);
    const std::string path = studyResponsesPath(dir.path().toStdString(), "r1");
    test::answerTrials(path, "r1", plan, d, kCareful, 0, plan.size());
    const LoadedResponses loaded = loadResponses(path);
    QVERIFY(loaded.warnings.empty());
    QCOMPARE(loaded.responses.size(), plan.size());
    for (std::size_t i = 0; i < plan.size(); ++i) {
        const TrialResponse& r = loaded.responses[i];
        QCOMPARE(r.trialKey, plan[i].key);
        QCOMPARE(r.trialIndex, int(i));
        QCOMPARE(r.aOnLeft, plan[i].aOnLeft);
        QCOMPARE(r.seconds, 3.5);
        QCOMPARE(int(r.answeredAt.size()), 20);
        if (r.kind == TrialKind::Likert)
            QCOMPARE(r.faithfulness, 4);
        if (r.kind == TrialKind::StepCheck)
            QVERIFY(r.stepsPerformed.size() >= 2);
        if (r.attentionCheck)
            QVERIFY(attentionPassed(r));
    }
    QCOMPARE(loadStudyResponses(dir.path().toStdString()).responses.size(), plan.size());
    QVERIFY(loadStudyResponses(dir.path().toStdString() + "/none").responses.empty());
}

void TestStudy::tornLastLineDroppedWithWarning()
{
    QTemporaryDir dir;
    const StudyDesign d = test::sampleStudy();
    const std::vector<Trial> plan = planTrials(d, "r1", 1);
    const std::string path = studyResponsesPath(dir.path().toStdString(), "r1");
    test::answerTrials(path, "r1", plan, d, kCareful, 0, 4);
    const std::string whole = readWholeFile(path);
    writeFileAtomically(path, whole + "{\"rater\": \"r1\", \"trial\": \"pa"); // a write cut short by a crash
    const LoadedResponses torn = loadResponses(path);
    QCOMPARE(torn.responses.size(), std::size_t(4));
    QCOMPARE(torn.warnings.size(), std::size_t(1));
    QVERIFY2(torn.warnings[0].find(path + ":5: incomplete last line dropped") == 0, torn.warnings[0].c_str());
    // Reopening the log cuts the fragment off, so the next answer starts on a fresh line.
    test::answerTrials(path, "r1", plan, d, kCareful, 4, 5);
    const LoadedResponses after = loadResponses(path);
    QCOMPARE(after.responses.size(), std::size_t(5));
    QVERIFY(after.warnings.empty());
}

void TestStudy::badMiddleLineThrowsNamingLine()
{
    QTemporaryDir dir;
    const StudyDesign d = test::sampleStudy();
    const std::vector<Trial> plan = planTrials(d, "r1", 1);
    const std::string path = studyResponsesPath(dir.path().toStdString(), "r1");
    test::answerTrials(path, "r1", plan, d, kCareful, 0, 3);
    std::string text = readWholeFile(path);
    const std::size_t secondLine = text.find('\n') + 1;
    writeFileAtomically(path, text.substr(0, secondLine) + "garbage\n" + text.substr(secondLine));
    QVERIFY(test::errorOf([&] { loadResponses(path); }).startsWith(QString::fromStdString(path + ":2: not valid JSON")));
    json first = json::parse(text.substr(0, secondLine - 1));
    first["seed"] = "one";
    writeFileAtomically(path, first.dump() + "\n" + text.substr(secondLine));
    QVERIFY(test::errorOf([&] { loadResponses(path); }).startsWith(QString::fromStdString(path + ":1: seed: must be")));
    first["seed"] = 1;
    first["faithfulness"] = 9;
    writeFileAtomically(path, first.dump() + "\n" + text.substr(secondLine));
    QVERIFY(test::errorOf([&] { loadResponses(path); }).contains(":1: faithfulness: must be from 0 to 5"));
}

void TestStudy::responseValidation()
{
    const std::vector<Trial> plan = planTrials(test::sampleStudy(), "r1", 1);
    TrialResponse r = responseForTrial(plan[0], "r1");
    if (r.kind == TrialKind::Pairwise)
        r.preferred = "nobody";
    QVERIFY(!test::errorOf([&] { trialResponseToJson(r); }).isEmpty());
    r.rater = "bad id";
    QVERIFY(test::errorOf([&] { trialResponseToJson(r); }).contains("rater"));
    QTemporaryDir dir;
    ResponseLog log(dir.path().toStdString() + "/r.jsonl");
    QVERIFY(test::errorOf([&] { log.append(r); }).contains("answer not saved"));
}

void TestStudy::resumeIndex()
{
    const StudyDesign d = test::sampleStudy();
    const std::vector<Trial> plan = planTrials(d, "r1", 1);
    std::vector<TrialResponse> answered;
    QCOMPARE(resumeTrialIndex(plan, answered), 0);
    for (int i : {0, 1, 2, 4})
        answered.push_back(responseForTrial(plan[std::size_t(i)], "r1"));
    QCOMPARE(resumeTrialIndex(plan, answered), 3);
    for (const Trial& t : plan)
        answered.push_back(responseForTrial(t, "r1"));
    QCOMPARE(resumeTrialIndex(plan, answered), int(plan.size()));
}

void TestStudy::crashLosesNoAnswer()
{
    QTemporaryDir dir;
    const StudyDesign d = test::sampleStudy();
    const std::vector<Trial> plan = planTrials(d, "crash", 11);
    const std::string path = studyResponsesPath(dir.path().toStdString(), "crash");
    constexpr int kAnswered = 7;
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        // The writer process: answers, then dies without any cleanup (no destructors, no flush).
        // Qt Test's crash handler (inherited) would print a stack trace; die the plain way.
        std::signal(SIGABRT, SIG_DFL);
        try {
            ResponseLog log(path);
            for (int i = 0; i < kAnswered; ++i) {
                TrialResponse r = responseForTrial(plan[std::size_t(i)], "crash");
                r.preferred = preferredAnswer(plan[std::size_t(i)], true);
                r.faithfulness = r.naturalness = r.kind == TrialKind::Likert ? 3 : 0;
                if (r.kind == TrialKind::StepCheck)
                    r.stepsPerformed = {true, false};
                if (r.kind != TrialKind::Pairwise)
                    r.preferred.clear();
                log.append(r);
            }
        } catch (...) {
            _exit(2);
        }
        std::abort();
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "the writer did not abort");
    const LoadedResponses loaded = loadResponses(path);
    QVERIFY(loaded.warnings.empty());
    QCOMPARE(int(loaded.responses.size()), kAnswered);
    for (int i = 0; i < kAnswered; ++i)
        QCOMPARE(loaded.responses[std::size_t(i)].trialKey, plan[std::size_t(i)].key);
    QCOMPARE(resumeTrialIndex(planTrials(d, "crash", 11), loaded.responses), kAnswered);
}

void TestStudy::prepareIsResumable()
{
    QTemporaryDir dir;
    const std::string root = dir.path().toStdString();
    StudyDesign d = test::sampleStudy();
    QCOMPARE(missingStudyClips(root, d).size(), std::size_t(6));
    int calls = 0;
    const ClipSource source = [&](const StudyPrompt& p, const StudySystem& s, uint64_t seed) {
        ++calls;
        return test::fakeClip(p, s, seed);
    };
    // Cancel after two clips: those stay, nothing partial is left behind.
    int polled = 0;
    PrepareResult first = prepareStudyClips(root, d, source, {}, [&] { return ++polled > 2; });
    QVERIFY(first.cancelled);
    QCOMPARE(first.generated, 2);
    QCOMPARE(missingStudyClips(root, d).size(), std::size_t(4));
    std::vector<PrepareProgress> seen;
    PrepareResult second = prepareStudyClips(root, d, source, [&](const PrepareProgress& p) { seen.push_back(p); });
    QCOMPARE(second.skipped, 2);
    QCOMPARE(second.generated, 4);
    QCOMPARE(calls, 6);
    QVERIFY(missingStudyClips(root, d).empty());
    QCOMPARE(seen.back().done, 6);
    QCOMPARE(seen.back().total, 6);
    QCOMPARE(seen.front().current, std::string("p2__full__s1.npy"));
    const NpyArray clip = readNpy(studyClipPath(root, "p3", "coarse", 1));
    QCOMPARE(clip.shape, (std::vector<std::size_t>{40, std::size_t(kFeatureDim)}));
    // A ground-truth system whose clip file is missing: the error names the clip and the file.
    d.systems.push_back({"gt", "", "", true});
    d.prompts[0].groundTruthClip = "missing.npy";
    const QString message = test::errorOf([&] { prepareStudyClips(root, d, source); });
    QVERIFY2(message.contains("p1__gt__s1.npy: cannot prepare clip") && message.contains("missing.npy"),
             qPrintable(message));
}

void TestStudy::responsesCsv()
{
    const StudyDesign d = test::sampleStudy();
    const std::vector<Trial> plan = planTrials(d, "r1", 1);
    QTemporaryDir dir;
    const std::string path = studyResponsesPath(dir.path().toStdString(), "r1");
    test::answerTrials(path, "r1", plan, d, kCareful, 0, plan.size());
    const std::string csvPath = dir.path().toStdString() + "/all.csv";
    writeResponsesCsv(loadResponses(path).responses, csvPath);
    const std::string csv = readWholeFile(csvPath);
    QVERIFY(csv.rfind("rater,trial,index,kind,", 0) == 0);
    QCOMPARE(int(std::count(csv.begin(), csv.end(), '\n')), int(plan.size()) + 1);
    QVERIFY(csv.find(",step_check,p3,coarse,,,1,0,") != std::string::npos);
    QVERIFY(csv.find(",111,3.500,") != std::string::npos); // p3's three steps all ticked
}

QTEST_APPLESS_MAIN(TestStudy)
#include "tst_study.moc"
