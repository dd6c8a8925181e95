// The step timeline strip: lanes for overlapping steps, bar geometry, the highlight at the
// current time, clicks selecting the table row, the playhead following the player, range
// selection, and zooming and scrolling a long (60 s, 40 steps) timeline.

#include "stepmotion/ui/window/main_window.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/steps/step_editor.h"
#include "stepmotion/ui/steps/step_list_model.h"
#include "stepmotion/ui/steps/step_timeline.h"
#include "stepmotion/ui/steps/step_timeline_view.h"

#include <QApplication>
#include <QItemSelectionModel>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QTableView>
#include <QWheelEvent>
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

/// 40 steps of 1.5 s one after the other: a 60 s timeline.
StepList fortySteps()
{
    StepList list;
    list.source = "user";
    for (int i = 0; i < 40; ++i)
        list.steps.push_back(makeStep(1.5 * i, 1.5 * (i + 1), i % 2 ? BodyPart::WholeBody : BodyPart::RightHand,
                                      "Step " + std::to_string(i + 1) + "."));
    return list;
}

/// Sends a wheel event of `notches` (120 each, vertical) to `widget` at `pos`. (A sent wheel
/// event is not propagated to parents as the window system's are, so tests send it to the
/// scroll area's viewport, where the strip's own events end up.)
void wheel(QWidget* widget, const QPoint& pos, int notches, Qt::KeyboardModifiers modifiers)
{
    QWheelEvent event(pos, widget->mapToGlobal(pos), QPoint(), QPoint(0, 120 * notches), Qt::NoButton, modifiers,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &event);
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
    void dragModesByPosition();
    void draggingMovesAndResizes_data();
    void draggingMovesAndResizes();
    void dragPreviewsAndClamps();
    void draggingWhereThereIsNoBarSelectsARange();
    void selectedSpanFollowsRowsOrRange();
    void longTimelineZoomsAndScrolls();
    void totalLineSaysWhenWindowsOverlap();

private:
    QTemporaryDir m_settingsDir;
};

void TestStepTimeline::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings().setValue(QStringLiteral("generation/livePreview"), false); // tst_live_preview covers it
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

void TestStepTimeline::dragModesByPosition()
{
    QUndoStack stack;
    StepListModel model(&stack);
    model.replaceStepList(threeSteps(), QStringLiteral("Open"));
    StepTimeline timeline(&model);
    timeline.resize(412, timeline.sizeHint().height()); // 100 px per second
    const QRect walk = timeline.stepRect(2);
    using Mode = StepTimeline::DragMode;
    QCOMPARE(timeline.dragModeAt(walk.center()), Mode::Move);
    QCOMPARE(timeline.dragModeAt(QPoint(walk.left() + 1, walk.center().y())), Mode::ResizeStart);
    QCOMPARE(timeline.dragModeAt(QPoint(walk.right() - 1, walk.center().y())), Mode::ResizeEnd);
    QCOMPARE(timeline.dragModeAt(QPoint(walk.left() + 10, walk.center().y())), Mode::Move);
    QCOMPARE(timeline.dragModeAt(QPoint(300, timeline.height() - 2)), Mode::None);
}

void TestStepTimeline::draggingMovesAndResizes_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("grabAt");  // -1 left edge, 0 middle, +1 right edge
    QTest::addColumn<int>("dx");      // pixels: 5 px = 0.05 s
    QTest::addColumn<double>("start");
    QTest::addColumn<double>("end");
    QTest::addColumn<QString>("label");
    QTest::newRow("move walk later") << 2 << 0 << 23 << 2.25 << 4.25 << "Move step";
    QTest::newRow("move nod earlier") << 1 << 0 << -48 << 0.5 << 2.5 << "Move step";
    QTest::newRow("move wave before 0 clamps") << 0 << 0 << -120 << 0.0 << 2.0 << "";
    QTest::newRow("shorten wave") << 0 << 1 << -47 << 0.0 << 1.55 << "Resize step";
    QTest::newRow("lengthen walk") << 2 << 1 << 61 << 2.0 << 4.6 << "Resize step";
    QTest::newRow("nod starts later") << 1 << -1 << 31 << 1.3 << 3.0 << "Resize step";
    QTest::newRow("nod start past its end") << 1 << -1 << 400 << 3.0 << 3.0 << "Resize step";
    QTest::newRow("walk end before its start") << 2 << 1 << -300 << 2.0 << 2.0 << "Resize step";
    QTest::newRow("tiny wiggle snaps back") << 2 << 0 << 2 << 2.0 << 4.0 << "";
}

void TestStepTimeline::draggingMovesAndResizes()
{
    QFETCH(int, row);
    QFETCH(int, grabAt);
    QFETCH(int, dx);
    QFETCH(double, start);
    QFETCH(double, end);
    QFETCH(QString, label);
    QUndoStack stack;
    StepListModel model(&stack);
    model.replaceStepList(threeSteps(), QStringLiteral("Open"));
    stack.clear();
    StepTimeline timeline(&model);
    timeline.resize(412, timeline.sizeHint().height());
    const QRect bar = timeline.stepRect(row);
    const int y = bar.center().y();
    const QPoint press(grabAt < 0 ? bar.left() + 1 : grabAt > 0 ? bar.right() - 1 : bar.center().x(), y);
    QTest::mousePress(&timeline, Qt::LeftButton, Qt::NoModifier, press);
    QVERIFY(timeline.isDragging());
    // Several moves on the way: nothing reaches the model before the release.
    for (int step = 1; step <= 4; ++step)
        QTest::mouseMove(&timeline, press + QPoint(dx * step / 4, 0));
    QCOMPARE(stack.count(), 0);
    QTest::mouseRelease(&timeline, Qt::LeftButton, Qt::NoModifier, press + QPoint(dx, 0));
    QVERIFY(!timeline.isDragging());
    const Step& step = model.stepList().steps[static_cast<std::size_t>(row)];
    QCOMPARE(step.start, start);
    QCOMPARE(step.end, end);
    if (label.isEmpty()) {
        QCOMPARE(stack.count(), 0);
        return;
    }
    QCOMPARE(stack.count(), 1); // one drag, one command
    QCOMPARE(stack.undoText(), label);
    stack.undo();
    QCOMPARE(model.stepList(), threeSteps());
}

void TestStepTimeline::dragPreviewsAndClamps()
{
    QUndoStack stack;
    StepListModel model(&stack);
    model.replaceStepList(threeSteps(), QStringLiteral("Open"));
    stack.clear();
    StepTimeline timeline(&model);
    timeline.resize(412, timeline.sizeHint().height());
    const QRect before = timeline.stepRect(2);
    QTest::mousePress(&timeline, Qt::LeftButton, Qt::NoModifier, before.center());
    QTest::mouseMove(&timeline, before.center() + QPoint(50, 0));
    // The bar follows the pointer (0.5 s = 50 px) while the model keeps its times.
    QVERIFY2(qAbs(timeline.stepRect(2).left() - (before.left() + 50)) <= 1, qPrintable(QString::number(timeline.stepRect(2).left())));
    QCOMPARE(model.stepList().steps[2].start, 2.0);
    QCOMPARE(timeline.spanSeconds(), 4.0);
    QTest::mouseRelease(&timeline, Qt::LeftButton, Qt::NoModifier, before.center() + QPoint(50, 0));
    QCOMPARE(model.stepList().steps[2].start, 2.5);
    QCOMPARE(model.stepList().steps[2].end, 4.5);
    QCOMPARE(timeline.spanSeconds(), 4.5); // the axis grows after the drop
    // Two drags, two undo steps.
    const QRect nod = timeline.stepRect(1);
    QTest::mousePress(&timeline, Qt::LeftButton, Qt::NoModifier, QPoint(nod.right() - 1, nod.center().y()));
    QTest::mouseRelease(&timeline, Qt::LeftButton, Qt::NoModifier, QPoint(nod.right() + 40, nod.center().y()));
    QCOMPARE(stack.count(), 2);
    stack.undo();
    stack.undo();
    QCOMPARE(model.stepList(), threeSteps());
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

void TestStepTimeline::draggingWhereThereIsNoBarSelectsARange()
{
    QUndoStack stack;
    StepListModel model(&stack);
    model.replaceStepList(threeSteps(), QStringLiteral("Open"));
    stack.clear();
    StepTimeline timeline(&model);
    timeline.resize(412, timeline.sizeHint().height()); // 100 px per second
    QSignalSpy changed(&timeline, &StepTimeline::selectedRangeChanged);
    const int y = timeline.height() - 2; // the axis: no bar there
    const QPoint from(static_cast<int>(timeline.xOf(3.5)), y), to(static_cast<int>(timeline.xOf(0.5)), y);
    QTest::mousePress(&timeline, Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(&timeline, from - QPoint(100, 0));
    QTest::mouseMove(&timeline, to);
    QTest::mouseRelease(&timeline, Qt::LeftButton, Qt::NoModifier, to);
    QVERIFY(timeline.selectedRange().has_value());
    QCOMPARE(timeline.selectedRange()->first, 0.5); // ordered and snapped to 0.05 s
    QCOMPARE(timeline.selectedRange()->second, 3.5);
    QVERIFY(changed.count() >= 1);
    QCOMPARE(stack.count(), 0); // selecting a range edits nothing
    QVERIFY(!timeline.grab().toImage().isNull());
    // A click where there is no bar clears it; a range shorter than 0.05 s is no range.
    QTest::mouseClick(&timeline, Qt::LeftButton, Qt::NoModifier, QPoint(200, y));
    QVERIFY(!timeline.selectedRange());
    timeline.setSelectedRange(2.0, 2.01);
    QVERIFY(!timeline.selectedRange());
    timeline.setSelectedRange(3.0, 1.0);
    QCOMPARE(*timeline.selectedRange(), std::make_pair(1.0, 3.0));
}

void TestStepTimeline::selectedSpanFollowsRowsOrRange()
{
    QUndoStack stack;
    StepListModel model(&stack);
    model.replaceStepList(threeSteps(), QStringLiteral("Open"));
    StepEditor editor(&model);
    QVERIFY(!editor.selectedSpan());
    QItemSelectionModel* selection = editor.table()->selectionModel();
    selection->setCurrentIndex(model.index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    selection->select(model.index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(*editor.selectedSpan(), std::make_pair(0.0, 3.0)); // wave 0-2 and nod 1-3
    editor.timeline()->setSelectedRange(2.5, 3.75);
    QCOMPARE(*editor.selectedSpan(), std::make_pair(2.5, 3.75)); // the dragged range wins
    // Picking a step again replaces the range.
    selection->setCurrentIndex(model.index(2, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QVERIFY(!editor.timeline()->selectedRange());
    QCOMPARE(*editor.selectedSpan(), std::make_pair(2.0, 4.0));
}

void TestStepTimeline::longTimelineZoomsAndScrolls()
{
    QUndoStack stack;
    StepListModel model(&stack);
    model.replaceStepList(fortySteps(), QStringLiteral("Open"));
    StepEditor editor(&model);
    editor.resize(420, 700);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    StepTimelineView* view = editor.timelineView();
    StepTimeline* timeline = view->timeline();
    QScrollBar* bar = view->scrollArea()->horizontalScrollBar();
    const int visible = view->scrollArea()->viewport()->width();
    QCOMPARE(timeline->spanSeconds(), 60.0);
    const double fit = timeline->effectivePixelsPerSecond();
    // The editor's minimum width (~600 px): 40 steps in the view leave bars of ~15 px.
    QVERIFY2(fit < 12, qPrintable(QString::number(fit)));
    QCOMPARE(view->zoomFactor(), 1.0);
    QCOMPARE(bar->maximum(), 0);
    const double fitTicks = timeline->tickSeconds();
    QVERIFY2(fitTicks >= 5.0, qPrintable(QString::number(fitTicks))); // labels stay ~40 px apart

    // Zoom buttons: 1.5x per press; the strip becomes wider than the view and scrolls.
    view->zoomIn();
    view->zoomIn();
    QVERIFY(qAbs(timeline->effectivePixelsPerSecond() - fit * 2.25) < 0.01 * fit);
    QVERIFY(qAbs(view->zoomFactor() - 2.25) < 0.01);
    QVERIFY(bar->maximum() > 0);

    // Ctrl+wheel zooms around the pointer: the time under it stays put (within a pixel).
    QWidget* viewport = view->scrollArea()->viewport();
    const double before = timeline->timeAt(bar->value() + 100); // 100 px into the view
    wheel(viewport, QPoint(100, 10), 3, Qt::ControlModifier);
    const double pixels = timeline->effectivePixelsPerSecond();
    QVERIFY2(qAbs(pixels - fit * 2.25 * 1.5 * 1.5 * 1.5) < 0.01 * pixels, qPrintable(QString::number(pixels)));
    QVERIFY2(qAbs(timeline->timeAt(bar->value() + 100) - before) <= 1.0 / pixels,
             qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(timeline->timeAt(bar->value() + 100))));
    QCOMPARE(timeline->tickSeconds(), 1.0);
    QCOMPARE(timeline->width(), timeline->minimumSizeHint().width()); // as wide as the scale asks
    QVERIFY(timeline->width() > 7 * visible);
    // Bars are wide enough to read and grab again.
    QVERIFY(timeline->stepRect(20).width() >= 1.5 * pixels - 2);

    // The plain wheel scrolls sideways, 60 px a notch.
    bar->setValue(0);
    wheel(viewport, QPoint(50, 10), -2, Qt::NoModifier);
    QCOMPARE(bar->value(), 120);
    QVERIFY(view->visibleStart() > 0);
    QVERIFY(view->visibleEnd() < 60);

    // Selecting the last step scrolls its bar into view; the playhead is followed during playback.
    editor.table()->selectionModel()->setCurrentIndex(model.index(39, 0),
                                                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const QRect last = timeline->stepRect(39);
    QVERIFY2(last.left() >= bar->value() && last.right() <= bar->value() + visible,
             qPrintable(QStringLiteral("bar %1..%2, view %3+%4").arg(last.left()).arg(last.right()).arg(bar->value()).arg(visible)));
    timeline->setCurrentTime(10.0);
    const int x = static_cast<int>(timeline->xOf(10.0));
    QVERIFY(x >= bar->value() && x <= bar->value() + visible);
    QVERIFY(view->findChild<QLabel*>()->text().contains(QStringLiteral("of 60.0 s")));

    // Zooming out past the whole span fits it again.
    wheel(viewport, QPoint(10, 10), -20, Qt::ControlModifier);
    QCOMPARE(view->zoomFactor(), 1.0);
    QCOMPARE(timeline->pixelsPerSecond(), 0.0);
    view->zoomIn();
    view->zoomToFit();
    QCOMPARE(timeline->pixelsPerSecond(), 0.0);
    QTRY_COMPARE(bar->maximum(), 0);
    // The closest zoom stops at kMaxPixelsPerSecond.
    for (int i = 0; i < 30; ++i)
        view->zoomIn();
    QCOMPARE(timeline->effectivePixelsPerSecond(), StepTimeline::kMaxPixelsPerSecond);
}

void TestStepTimeline::totalLineSaysWhenWindowsOverlap()
{
    QUndoStack stack;
    StepListModel model(&stack);
    StepEditor editor(&model);
    model.replaceStepList(threeSteps(), QStringLiteral("Open"));
    QVERIFY(!editor.totalText().contains(QStringLiteral("window")));
    model.replaceStepList(fortySteps(), QStringLiteral("Open"));
    const QString text = editor.totalText();
    // 1200 frames in windows of 196 overlapping by 60: ceil((1200 - 60) / 136) = 9.
    // The clip's duration is first to last frame, as `info` and `export` say: 1199 / 20 s.
    QVERIFY2(text.contains(QStringLiteral("1200 frames (59.95 s at 20 fps)")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("1200 frames")) && text.contains(QStringLiteral("9 overlapping windows"))
                 && text.contains(QStringLiteral("follows each step")),
             qPrintable(text));
    auto* total = editor.findChildren<QLabel*>().front();
    for (QLabel* label : editor.findChildren<QLabel*>())
        if (label->text() == text)
            total = label;
    QVERIFY(total->styleSheet().isEmpty());
    editor.setComposition(StepComposition::Joint); // cannot cover 60 s: the line turns red
    QVERIFY(total->styleSheet().contains(QStringLiteral("#c62828")));
    editor.setComposition(StepComposition::PerStep);
    QVERIFY(total->styleSheet().isEmpty());
    StepList tooLong = fortySteps();
    tooLong.steps.back().end = 130;
    model.replaceStepList(tooLong, QStringLiteral("Open"));
    QVERIFY2(editor.totalText().contains(QStringLiteral("Generate will refuse")), qPrintable(editor.totalText()));
}

QTEST_MAIN(TestStepTimeline)
#include "tst_step_timeline.moc"
