// The step timeline strip: lanes for overlapping steps, bar geometry, the highlight at the
// current time, clicks selecting the table row, and the playhead following the player.

#include "stepmotion/ui/main_window.h"
#include "stepmotion/ui/player_widget.h"
#include "stepmotion/ui/step_editor.h"
#include "stepmotion/ui/step_list_model.h"
#include "stepmotion/ui/step_timeline.h"

#include <QTableView>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace stepmotion;
using namespace stepmotion::ui;

namespace {

Step makeStep(double start, double end, BodyPart part, const std::string& text)
{
    Step step;
    step.start = start;
    step.end = end;
    step.bodyParts = {part};
    step.text = text;
    return step;
}

/// Wave 0-2 s and nod 1-3 s overlap; walk 2-4 s fits after the wave.
StepList threeSteps()
{
    StepList list;
    list.source = "user";
    list.steps = {makeStep(0, 2, BodyPart::RightHand, "Wave."), makeStep(1, 3, BodyPart::Head, "Nod."),
                  makeStep(2, 4, BodyPart::WholeBody, "Walk.")};
    return list;
}

} // namespace

class TestStepTimeline : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void lanesSeparateOverlaps();
    void barsFollowTheTimeAxis();
    void highlightsStepsAtTheCurrentTime();
    void clickSelectsTheTableRow();
    void playheadFollowsThePlayer();

private:
    QTemporaryDir m_settingsDir;
};

void TestStepTimeline::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestStepTimeline::lanesSeparateOverlaps()
{
    QUndoStack stack;
    StepListModel model(&stack);
    StepTimeline timeline(&model);
    QCOMPARE(timeline.spanSeconds(), 1.0);
    model.replaceStepList(threeSteps(), QStringLiteral("Open"));
    QCOMPARE(timeline.lanes(), (std::vector<int>{0, 1, 0}));
    const int twoLanes = timeline.sizeHint().height();
    model.insertStep(3, makeStep(1.5, 2.5, BodyPart::LeftLeg, "Kick."));
    QCOMPARE(timeline.lanes()[3], 2);
    QVERIFY(timeline.sizeHint().height() > twoLanes);
    stack.undo();
    QCOMPARE(timeline.lanes().size(), std::size_t(3));
}

void TestStepTimeline::barsFollowTheTimeAxis()
{
    QUndoStack stack;
    StepListModel model(&stack);
    model.replaceStepList(threeSteps(), QStringLiteral("Open"));
    StepTimeline timeline(&model);
    timeline.resize(412, timeline.sizeHint().height()); // 400 usable pixels: 100 per second
    QCOMPARE(timeline.spanSeconds(), 4.0);
    const QRect walk = timeline.stepRect(2);
    QVERIFY2(qAbs(walk.left() - 206) <= 1 && qAbs(walk.right() - 406) <= 1,
             qPrintable(QStringLiteral("%1..%2").arg(walk.left()).arg(walk.right())));
    QCOMPARE(timeline.stepRect(1).top() > walk.top(), true); // second lane below
    QCOMPARE(timeline.stepAt(walk.center()), 2);
    QCOMPARE(timeline.stepAt(timeline.stepRect(1).center()), 1);
    QCOMPARE(timeline.stepAt(QPoint(300, timeline.height() - 2)), -1); // the axis
    QVERIFY(timeline.stepRect(7).isNull());
}

void TestStepTimeline::highlightsStepsAtTheCurrentTime()
{
    QUndoStack stack;
    StepListModel model(&stack);
    model.replaceStepList(threeSteps(), QStringLiteral("Open"));
    StepTimeline timeline(&model);
    QCOMPARE(timeline.activeRows(), (std::vector<int>{0}));
    timeline.setCurrentTime(1.5);
    QCOMPARE(timeline.activeRows(), (std::vector<int>{0, 1}));
    timeline.setCurrentTime(3.5);
    QCOMPARE(timeline.activeRows(), (std::vector<int>{2}));
    timeline.setCurrentTime(9);
    QVERIFY(timeline.activeRows().empty());
    timeline.setCurrentTime(-1);
    QCOMPARE(timeline.currentTime(), 0.0);
    // Painting works offscreen and draws something where the bars are.
    timeline.resize(400, timeline.sizeHint().height());
    const QImage image = timeline.grab().toImage();
    QCOMPARE(image.isNull(), false);
}

void TestStepTimeline::clickSelectsTheTableRow()
{
    QUndoStack stack;
    StepListModel model(&stack);
    model.replaceStepList(threeSteps(), QStringLiteral("Open"));
    StepEditor editor(&model);
    editor.resize(500, 600);
    StepTimeline* timeline = editor.timeline();
    timeline->resize(400, timeline->sizeHint().height());
    QSignalSpy clicked(timeline, &StepTimeline::stepClicked);
    QTest::mouseClick(timeline, Qt::LeftButton, Qt::NoModifier, timeline->stepRect(1).center());
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(editor.table()->currentIndex().row(), 1);
    QCOMPARE(timeline->selectedRow(), 1);
    QTest::mouseClick(timeline, Qt::LeftButton, Qt::NoModifier, QPoint(2, timeline->height() - 2));
    QCOMPARE(clicked.count(), 1);
}

void TestStepTimeline::playheadFollowsThePlayer()
{
    MainWindow window;
    window.stepModel()->replaceStepList(threeSteps(), QStringLiteral("Open"));
    std::vector<LoadedMotion> motions(1);
    motions[0].name = QStringLiteral("still");
    motions[0].joints = JointClip(80, kJointCount, 20.0);
    window.showMotions(std::move(motions), QStringLiteral("still"));
    window.player()->setFrame(50);
    QCOMPARE(window.stepEditor()->timeline()->currentTime(), 2.5);
    QCOMPARE(window.stepEditor()->timeline()->activeRows(), (std::vector<int>{1, 2}));
}

QTEST_MAIN(TestStepTimeline)
#include "tst_step_timeline.moc"
