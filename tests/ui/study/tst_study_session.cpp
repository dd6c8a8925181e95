// The rating session (offscreen, GL-free: the clip views are stand-ins that record what they were
// given): clip preparation on the worker thread, answers by keys and clicks written as JSONL lines
// at once, blind captions, left/right from the plan, resuming after the window is destroyed, and
// attention checks.

#include "stepmotion/core/study/study_responses.h"
#include "stepmotion/ui/study/study_preparer.h"
#include "stepmotion/ui/study/study_rater_session.h"
#include "stepmotion/ui/study/study_session_widget.h"
#include "stepmotion/ui/study/study_trial_parts.h"
#include "study_ui_fixtures.h"
#include "test_helpers.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <fstream>
#include <memory>

using namespace stepmotion;
using namespace stepmotion::ui;

namespace {

/// Records the clip it was given instead of drawing it.
class FakeClipView : public StudyClipView {
public:
    explicit FakeClipView(QWidget* parent) : m_widget(new QWidget(parent)) {}
    QWidget* widget() override { return m_widget; }
    void setMotion(LoadedMotion motion) override
    {
        frames = motion.joints.frames;
        name = motion.name;
        path = motion.path;
    }
    void showFrame(int f) override { frame = f; }

    int frames = 0;
    int frame = -1;
    QString name, path;

private:
    QWidget* m_widget;
};

StudyClipViewFactory fakeViews()
{
    return [](QWidget* parent) -> std::unique_ptr<StudyClipView> { return std::make_unique<FakeClipView>(parent); };
}

int viewFrames(const StudySessionWidget& w, int slot)
{
    return static_cast<FakeClipView*>(w.clipView(slot))->frames;
}

QStringList responseLines(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return lines;
}

/// Clicks a check box or radio button on its indicator (the middle of a wide one is not clickable).
void clickIndicator(QAbstractButton* button)
{
    QTest::mouseClick(button, Qt::LeftButton, Qt::NoModifier, QPoint(6, button->height() / 2));
}

/// Every text a rater can see: visible labels and buttons, and the window title.
QStringList visibleTexts(QWidget* root)
{
    QStringList texts{root->windowTitle()};
    for (QLabel* l : root->findChildren<QLabel*>())
        if (l->isVisible())
            texts << l->text();
    for (QAbstractButton* b : root->findChildren<QAbstractButton*>())
        if (b->isVisible())
            texts << b->text();
    return texts;
}

} // namespace

class TestStudySession : public QObject {
    Q_OBJECT

private:
    std::string dir() const { return m_dir.path().toStdString(); }
    std::unique_ptr<StudySessionWidget> open(const std::string& rater, uint64_t freshSeed = 11)
    {
        auto w = std::make_unique<StudySessionWidget>(openRaterSession(dir(), rater, freshSeed), fakeViews());
        w->resize(1000, 700);
        w->show();
        return w;
    }
    /// Answers the trial on screen: pairwise by `key`, Likert 4/2 by clicks, step check with the
    /// first box ticked; then Return. Returns the trial answered.
    Trial answer(StudySessionWidget& w, Qt::Key key = Qt::Key_1);

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase();
    void prepareIsResumable();
    void sessionSeedIsStoredOnce();
    void answersAreWrittenAtOnce();
    void namesAreHidden();
    void sidesFollowThePlan();
    void likertNeedsBothScales();
    void resumesAfterTheWindowIsDestroyed();
    void attentionChecksAppear();
    void finishesAfterTheLastTrial();
    void stepsAreHighlightedWhilePlaying();
};

Trial TestStudySession::answer(StudySessionWidget& w, Qt::Key key)
{
    const Trial trial = *w.currentTrial();
    switch (trial.kind) {
    case TrialKind::Pairwise: QTest::keyClick(&w, key); break;
    case TrialKind::Likert: {
        const QList<QRadioButton*> radios = w.likertPanel()->findChildren<QRadioButton*>();
        // Rows are built faithfulness first: radios 0..4, then naturalness 5..9.
        clickIndicator(radios.at(3));
        clickIndicator(radios.at(6));
        break;
    }
    case TrialKind::StepCheck: clickIndicator(w.stepCheckPanel()->boxes().front()); break;
    }
    [&] { QVERIFY(w.nextButton()->isEnabled()); }();
    QTest::keyClick(&w, Qt::Key_Return);
    return trial;
}

void TestStudySession::initTestCase()
{
    QVERIFY(m_dir.isValid());
    saveStudyDesign(test::smallStudyDesign(), studyDesignPath(dir()));
}

void TestStudySession::prepareIsResumable()
{
    const StudyDesign design = loadStudyDesign(studyDesignPath(dir()));
    QCOMPARE(missingStudyClips(dir(), design).size(), std::size_t(6));
    QThread* sourceThread = nullptr;
    const ClipSource fake = test::fakeClipSource();
    const ClipSource source = [&](const StudyPrompt& p, const StudySystem& s, uint64_t seed) {
        sourceThread = QThread::currentThread();
        return fake(p, s, seed);
    };
    {
        StudyClipPreparer preparer(m_dir.path(), design, source);
        QSignalSpy progress(&preparer, &StudyClipPreparer::progress);
        QSignalSpy finished(&preparer, &StudyClipPreparer::finished);
        preparer.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.front().at(0).toInt(), 6); // generated
        QCOMPARE(finished.front().at(2).toBool(), false);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.back().at(1).toInt(), 6); // total
        QVERIFY(sourceThread && sourceThread != QThread::currentThread()); // the model never runs on the UI thread
    }
    QVERIFY(missingStudyClips(dir(), design).empty());
    StudyClipPreparer again(m_dir.path(), design, source);
    QSignalSpy finished(&again, &StudyClipPreparer::finished);
    again.start();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.front().at(0).toInt(), 0); // nothing generated
    QCOMPARE(finished.front().at(1).toInt(), 6); // every clip skipped
}

void TestStudySession::sessionSeedIsStoredOnce()
{
    const StudyRaterSession first = openRaterSession(dir(), "seedcheck", 1234);
    QVERIFY(QFile::exists(QString::fromStdString(raterSessionPath(dir(), "seedcheck"))));
    const StudyRaterSession second = openRaterSession(dir(), "seedcheck", 999);
    QCOMPARE(second.sessionSeed, uint64_t(1234));
    QCOMPARE(first.plan.size(), second.plan.size());
    for (std::size_t i = 0; i < first.plan.size(); ++i)
        QCOMPARE(first.plan[i].key, second.plan[i].key);
    QCOMPARE(first.plan.size(), std::size_t(3 * 5 + 2)); // 3 prompts x (1 pair + 2 Likert + 2 step) + 2 checks
    const QString bad = test::errorOf([&] { openRaterSession(dir(), "bad/id", 1); });
    QVERIFY2(bad.contains(QStringLiteral("sessions")) && bad.contains(QStringLiteral("rater")), qPrintable(bad));
}

void TestStudySession::answersAreWrittenAtOnce()
{
    auto w = open("writer");
    const QString path = QString::fromStdString(studyResponsesPath(dir(), "writer"));
    QSignalSpy recorded(w.get(), &StudySessionWidget::answerRecorded);
    for (int n = 1; n <= 6; ++n) {
        const Trial trial = answer(*w);
        const QStringList lines = responseLines(path);
        QCOMPARE(lines.size(), n); // on disk before the next trial shows
        const TrialResponse r = parseTrialResponse(lines.back().toStdString(), "writer.jsonl", n);
        QCOMPARE(r.trialKey, trial.key);
        QCOMPARE(r.trialIndex, trial.index);
        QCOMPARE(r.rater, std::string("writer"));
        switch (trial.kind) {
        case TrialKind::Pairwise: // key 1 = the left clip, which is A exactly when aOnLeft
            QCOMPARE(r.preferred, preferredAnswer(trial, trial.aOnLeft));
            break;
        case TrialKind::Likert:
            QCOMPARE(r.faithfulness, 4);
            QCOMPARE(r.naturalness, 2);
            break;
        case TrialKind::StepCheck: QCOMPARE(r.stepsPerformed, (std::vector<bool>{true, false})); break;
        }
    }
    QCOMPARE(recorded.size(), 6);
    QCOMPARE(w->progressLabel()->text(), QStringLiteral("Trial 7 of 17"));
}

void TestStudySession::namesAreHidden()
{
    auto w = open("blind");
    const QStringList secrets{QStringLiteral("sysalpha"), QStringLiteral("sysbeta"), QStringLiteral("Alpha Model"),
                              QStringLiteral("Beta Model"), QStringLiteral("alpha"), QStringLiteral("beta")};
    int pairwise = 0;
    while (const Trial* trial = w->currentTrial()) {
        const QStringList texts = visibleTexts(w.get());
        for (const QString& text : texts)
            for (const QString& secret : secrets)
                QVERIFY2(!text.contains(secret, Qt::CaseInsensitive),
                         qPrintable(QStringLiteral("'%1' shows '%2'").arg(text, secret)));
        for (int slot = 0; slot < 2; ++slot) {
            auto* view = static_cast<FakeClipView*>(w->clipView(slot));
            if (!w->shownClipPath(slot).isEmpty())
                QVERIFY2(view->path.isEmpty() && !view->name.contains(QStringLiteral("sys")), qPrintable(view->name));
        }
        if (trial->kind == TrialKind::Pairwise) {
            ++pairwise;
            QVERIFY(texts.contains(QStringLiteral("Motion A")) && texts.contains(QStringLiteral("Motion B")));
        }
        answer(*w, Qt::Key_2);
    }
    QCOMPARE(pairwise, 3 + 2);
}

void TestStudySession::sidesFollowThePlan()
{
    // Several raters, so both orientations occur.
    int leftA = 0, leftB = 0;
    for (const std::string rater : {"sides1", "sides2", "sides3"}) {
        auto w = open(rater);
        while (const Trial* trial = w->currentTrial()) {
            if (trial->kind == TrialKind::Pairwise) {
                const std::string& promptLeft = trial->aOnLeft ? trial->promptId : trial->promptB;
                const std::string& promptRight = trial->aOnLeft ? trial->promptB : trial->promptId;
                const std::string& systemLeft = trial->aOnLeft ? trial->systemA : trial->systemB;
                const std::string& systemRight = trial->aOnLeft ? trial->systemB : trial->systemA;
                QCOMPARE(viewFrames(*w, 0), test::fakeClipFrames(promptLeft, systemLeft));
                QCOMPARE(viewFrames(*w, 1), test::fakeClipFrames(promptRight, systemRight));
                QCOMPARE(w->shownClipPath(0).toStdString(), trialClipPath(dir(), *trial, trial->aOnLeft));
                (trial->aOnLeft ? leftA : leftB)++;
            } else {
                QVERIFY(w->shownClipPath(1).isEmpty());
                QCOMPARE(viewFrames(*w, 0), test::fakeClipFrames(trial->promptId, trial->systemA));
            }
            answer(*w, Qt::Key_3);
        }
    }
    QVERIFY(leftA > 0 && leftB > 0);
}

void TestStudySession::likertNeedsBothScales()
{
    auto w = open("likert");
    while (w->currentTrial() && w->currentTrial()->kind != TrialKind::Likert)
        answer(*w, Qt::Key_Down);
    QVERIFY(w->currentTrial());
    QVERIFY(!w->nextButton()->isEnabled());
    QTest::keyClick(w.get(), Qt::Key_1); // pairwise keys do nothing here
    QVERIFY(!w->nextButton()->isEnabled());
    w->likertPanel()->setValue(true, 5);
    QVERIFY(!w->nextButton()->isEnabled());
    const int index = w->trialIndex();
    QVERIFY(!w->submit());
    QCOMPARE(w->trialIndex(), index);
    w->likertPanel()->setValue(false, 1);
    QVERIFY(w->nextButton()->isEnabled());
    QVERIFY(w->submit());
    QCOMPARE(w->trialIndex(), index + 1);
}

void TestStudySession::resumesAfterTheWindowIsDestroyed()
{
    std::vector<std::string> answeredKeys;
    {
        auto w = open("resumer", 77);
        for (int n = 0; n < 4; ++n)
            answeredKeys.push_back(answer(*w, Qt::Key_Right).key);
    } // closed mid-session
    const StudyRaterSession session = openRaterSession(dir(), "resumer", 5);
    QCOMPARE(session.sessionSeed, uint64_t(77));
    QCOMPARE(session.resumeIndex, 4);
    for (std::size_t i = 0; i < answeredKeys.size(); ++i)
        QCOMPARE(session.plan[i].key, answeredKeys[i]);
    auto w = open("resumer", 5);
    QCOMPARE(w->trialIndex(), 4);
    QCOMPARE(w->currentTrial()->key, session.plan[4].key);
    QCOMPARE(w->progressLabel()->text(), QStringLiteral("Trial 5 of 17"));
}

void TestStudySession::attentionChecksAppear()
{
    auto w = open("attentive");
    const QString path = QString::fromStdString(studyResponsesPath(dir(), "attentive"));
    int checks = 0;
    while (const Trial* trial = w->currentTrial()) {
        if (!trial->attentionCheck) {
            answer(*w, Qt::Key_2);
            continue;
        }
        ++checks;
        QCOMPARE(trial->kind, TrialKind::Pairwise);
        QVERIFY(trial->promptB != trial->promptId);
        // Choose the side that plays the prompt's own clip (A).
        answer(*w, trial->aOnLeft ? Qt::Key_Left : Qt::Key_Right);
        const TrialResponse r = parseTrialResponse(responseLines(path).back().toStdString(), "attentive", 1);
        QVERIFY(r.attentionCheck);
        QCOMPARE(r.preferred, std::string(kAttentionMatch));
        QVERIFY(attentionPassed(r));
    }
    QCOMPARE(checks, 2);
}

void TestStudySession::finishesAfterTheLastTrial()
{
    auto w = open("finisher");
    QSignalSpy finished(w.get(), &StudySessionWidget::sessionFinished);
    while (w->currentTrial())
        answer(*w);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(w->trialIndex(), w->trialCount());
    QVERIFY(!w->nextButton()->isVisible());
    QVERIFY(!w->submit());
    QCOMPARE(responseLines(QString::fromStdString(studyResponsesPath(dir(), "finisher"))).size(), 17);
    auto reopened = open("finisher");
    QVERIFY(!reopened->currentTrial());
}

void TestStudySession::stepsAreHighlightedWhilePlaying()
{
    auto w = open("watcher");
    QVERIFY(w->clock().isPlaying());
    QVERIFY(w->clock().looping());
    QCOMPARE(w->stepsView()->list()->count(), 2);
    // Steps run 0-1 s and 1-2 s; let playback pass 1.2 s (fake clips are at least 2.5 s long).
    QTRY_VERIFY_WITH_TIMEOUT(w->clock().frameTime() > 1.1 && w->clock().frameTime() < 1.9, 5000);
    QCOMPARE(w->stepsView()->activeRows(), std::vector<int>{1});
    auto* view = static_cast<FakeClipView*>(w->clipView(0));
    QVERIFY(view->frame > 0);
}

QTEST_MAIN(TestStudySession)
#include "tst_study_session.moc"
