// End to end under Xvfb with the bundled model: the studio window generates a 32 s, 8-step
// timeline (5 overlapping model windows) and plays it; regenerating one step gives a new take
// whose frames outside the step and its blend match the old take within 1 mm; continuing the
// bundled walk keeps its frames. Writes the README's pictures of the zoomed long timeline and
// of a regenerated span into the build folder (STEPMOTION_SCREENSHOT_DIR).

#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/motion/skeleton.h"
#include "stepmotion/ui/generation/generation_service.h"
#include "stepmotion/ui/generation/generation_work.h"
#include "stepmotion/ui/generation/kept_generation.h"
#include "stepmotion/ui/window/main_window.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/steps/step_editor.h"
#include "stepmotion/ui/steps/step_list_model.h"
#include "stepmotion/ui/steps/step_timeline.h"
#include "stepmotion/ui/steps/step_timeline_view.h"
#include "stepmotion/ui/modes/studio_options.h"
#include "stepmotion/ui/takes/take_list_model.h"
#include "stepmotion/ui/takes/takes_panel.h"

#include <QAction>
#include <QElapsedTimer>
#include <QItemSelectionModel>
#include <QMenu>
#include <QProgressBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <cmath>
#include <functional>
#include <memory>

using namespace stepmotion;
using namespace stepmotion::ui;

namespace {

constexpr int kTimeoutMs = 600000;     // model load + generation on two busy cores
constexpr int kSamplingSteps = 50;     // the editor's default: what a user gets (~12 s per request here)
constexpr double kMillimetre = 0.001;

Step makeStep(double start, double end, BodyPart part, const std::string& text)
{
    Step step;
    step.start = start;
    step.end = end;
    step.bodyParts = {part};
    step.text = text;
    return step;
}

/// 8 steps of 4 s: 32 s, 640 frames.
StepList longTimeline()
{
    StepList list;
    list.source = "user";
    list.steps = {makeStep(0, 4, BodyPart::WholeBody, "Walk forward."),
                  makeStep(4, 8, BodyPart::WholeBody, "Turn left and walk."),
                  makeStep(8, 12, BodyPart::WholeBody, "Jog forward."),
                  makeStep(12, 16, BodyPart::WholeBody, "Stand still."),
                  makeStep(16, 20, BodyPart::RightHand, "Wave your right hand."),
                  makeStep(20, 24, BodyPart::WholeBody, "Walk backward."),
                  makeStep(24, 28, BodyPart::WholeBody, "Jump up and down."),
                  makeStep(28, 32, BodyPart::WholeBody, "Walk forward slowly.")};
    return list;
}

QAction* actionNamed(QWidget* window, const QString& text)
{
    for (QAction* action : window->findChildren<QAction*>())
        if (action->text() == text)
            return action;
    return nullptr;
}

/// Largest joint-coordinate difference between frame `frame` of two clips, in metres.
double jointGap(const JointClip& a, const JointClip& b, int frame)
{
    double worst = 0;
    for (int j = 0; j < a.joints; ++j)
        for (int k = 0; k < 3; ++k)
            worst = std::max(worst, std::abs(double(a.at(frame, j)[k]) - double(b.at(frame, j)[k])));
    return worst;
}

QString screenshotPath(const QString& name)
{
    const QString dir = qEnvironmentVariable("STEPMOTION_SCREENSHOT_DIR");
    return dir.isEmpty() ? QString() : dir + QLatin1Char('/') + name;
}

} // namespace

class TestStudioLongTimeline : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void longTimelineGeneratesAndPlays();
    void regeneratingOneStepKeepsTheRest();
    void continuingTheWalkKeepsItsFrames();

private:
    /// Runs `start` (true when it sent a request) and waits for the window's generation to
    /// settle; false when nothing started or it failed.
    bool generate(const std::function<bool()>& start, double* seconds = nullptr);

    QTemporaryDir m_settingsDir;
    std::unique_ptr<MainWindow> m_window;
};

void TestStudioLongTimeline::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings().setValue(QStringLiteral("generation/livePreview"), false); // tst_live_preview covers it
    m_window = std::make_unique<MainWindow>();
    m_window->setCleanUpGeneratedMotion(true);
    m_window->resize(1300, 820);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

bool TestStudioLongTimeline::generate(const std::function<bool()>& start, double* seconds)
{
    bool settled = false, ok = false;
    const auto connection = connect(m_window.get(), &MainWindow::generationSettled, this, [&](bool success) {
        settled = true;
        ok = success;
    });
    QElapsedTimer timer;
    timer.start();
    if (start())
        (void)QTest::qWaitFor([&] { return settled; }, kTimeoutMs); // settled says how it ended
    disconnect(connection);
    if (seconds)
        *seconds = timer.nsecsElapsed() * 1e-9;
    return settled && ok;
}

void TestStudioLongTimeline::longTimelineGeneratesAndPlays()
{
    MainWindow& window = *m_window;
    StepEditor* editor = window.stepEditor();
    window.stepModel()->replaceStepList(longTimeline(), QStringLiteral("Open"));
    editor->setSeed(7);
    editor->setSamplingSteps(kSamplingSteps);
    QVERIFY2(editor->totalText().contains(QStringLiteral("640 frames"))
                 && editor->totalText().contains(QStringLiteral("5 overlapping windows")),
             qPrintable(editor->totalText()));
    auto* progress = editor->findChild<QProgressBar*>();
    QStringList progressTexts;
    const auto watch = connect(window.generationService(), &GenerationService::progress, this,
                               [&](int, int, int) { progressTexts << progress->text(); });
    double seconds = 0;
    QVERIFY(generate(
        [editor] {
            editor->requestGeneration();
            return true;
        },
        &seconds));
    disconnect(watch);
    qInfo("32 s, 8 steps, %d sampling steps: generated in %.1f s (window)", kSamplingSteps, seconds);
    QVERIFY(!progressTexts.isEmpty());
    QVERIFY2(progressTexts.last() == QStringLiteral("denoising %1/%1 \u00b7 5 windows, 8 steps").arg(kSamplingSteps),
             qPrintable(progressTexts.last()));

    QCOMPARE(window.takeModel()->rowCount(), 1);
    const Take& take = window.takeModel()->take(0);
    QCOMPARE(take.features.frames, 640);
    PlayerWidget* player = window.player();
    QCOMPARE(player->scene().frameCount(), 640);
    // It plays: the frame advances with wall time, and the last frame is 639.
    QSignalSpy frames(player, &PlayerWidget::frameChanged);
    player->play();
    QTRY_VERIFY_WITH_TIMEOUT(player->clock().frame() > 5, 10000);
    player->pause();
    player->goToEnd();
    QCOMPARE(frames.last().at(0).toInt(), 639);
    QCOMPARE(frames.last().at(1).toInt(), 640);
    for (float v : take.features.values)
        QVERIFY(std::isfinite(v));

    // Zoomed in on the long timeline, scrolled to the playhead at 20 s: the README picture.
    StepTimelineView* view = editor->timelineView();
    view->zoomBy(3.0);
    player->setFrame(400);
    QVERIFY(view->zoomFactor() > 2.9);
    QVERIFY(view->visibleStart() <= 20.0 && 20.0 <= view->visibleEnd());
    QVERIFY(view->scrollArea()->horizontalScrollBar()->maximum() > 0);
    if (const QString path = screenshotPath(QStringLiteral("studio_long_timeline.png")); !path.isEmpty())
        QCOMPARE(grabWindowToFile(window, path), 0);
}

void TestStudioLongTimeline::regeneratingOneStepKeepsTheRest()
{
    MainWindow& window = *m_window;
    QVERIFY(window.takeModel()->rowCount() >= 1);
    const Take source = window.takeModel()->take(0);
    window.takesPanel()->selectRows({0});
    // Step 3 (8-12 s) becomes a jump; everything else stays.
    QVERIFY(window.stepModel()->setData(window.stepModel()->index(2, StepListModel::TextColumn),
                                        QStringLiteral("Jump forward twice.")));
    StepEditor* editor = window.stepEditor();

    // Dragging 8-12 s on the zoomed strip (on the axis, where there is no bar) selects that span;
    // its context menu offers the regeneration: the README picture, with the menu open.
    StepTimeline* strip = editor->timeline();
    editor->timelineView()->zoomToFit();
    editor->timelineView()->zoomBy(2.0);
    editor->timelineView()->ensureVisible(6.0, 14.0);
    window.player()->setFrame(100);
    const int axisY = strip->height() - 3;
    const QPoint from(static_cast<int>(std::lround(strip->xOf(8.0))), axisY);
    const QPoint to(static_cast<int>(std::lround(strip->xOf(12.0))), axisY);
    QTest::mousePress(strip, Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(strip, (from + to) / 2);
    QTest::mouseMove(strip, to);
    QTest::mouseRelease(strip, Qt::LeftButton, Qt::NoModifier, to);
    QVERIFY(strip->selectedRange().has_value());
    QVERIFY(qAbs(strip->selectedRange()->first - 8.0) <= 0.05 && qAbs(strip->selectedRange()->second - 12.0) <= 0.05);
    QCOMPARE(strip->contextMenuPolicy(), Qt::ActionsContextMenu);
    if (const QString path = screenshotPath(QStringLiteral("studio_regenerate_menu.png")); !path.isEmpty()) {
        QMenu menu; // what the strip's context menu shows (its own would block in exec())
        menu.addActions(strip->actions());
        menu.popup(strip->mapToGlobal(QPoint(to.x() - 20, 8)));
        QVERIFY(QTest::qWaitForWindowExposed(&menu));
        menu.setActiveAction(menu.actions().front());
        QCOMPARE(grabWindowToFile(window, path), 0);
        menu.close();
    }
    editor->table()->selectionModel()->setCurrentIndex(window.stepModel()->index(2, 0),
                                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(*editor->selectedSpan(), std::make_pair(8.0, 12.0));
    QVERIFY(actionNamed(&window, QStringLiteral("&Regenerate selection"))); // what the menu and Ctrl+R call
    double seconds = 0;
    QVERIFY(generate([&window] { return window.regenerateSelection(); }, &seconds));
    qInfo("regenerating 8-12 s of the 32 s take: %.1f s", seconds);
    QCOMPARE(window.takeModel()->rowCount(), 2);
    const Take& redone = window.takeModel()->take(1);
    QCOMPARE(redone.name, QStringLiteral("take 2 \u00b7 seed 7 \u00b7 redo 8.00\u201312.00 s of \u201c%1\u201d").arg(source.name));
    QCOMPARE(redone.features.frames, source.features.frames);

    // Outside the span and its blend every joint is where it was (decoded raw features).
    const JointClip before = decodeFeatures(source.features);
    const JointClip after = decodeFeatures(redone.features);
    double outside = 0, inside = 0;
    for (int t = 0; t < before.frames; ++t) {
        const double s = t / kFps;
        const double gap = jointGap(before, after, t);
        if (s < 8.0 - kSpanBlendSeconds - 1e-9 || s > 12.0 + kSpanBlendSeconds + 1e-9)
            outside = std::max(outside, gap);
        else
            inside = std::max(inside, gap);
    }
    qInfo("largest joint change outside 7.75-12.25 s: %.3f mm; inside: %.1f mm", outside * 1000, inside * 1000);
    QVERIFY2(outside <= kMillimetre, qPrintable(QString::number(outside * 1000) + " mm"));
    QVERIFY2(inside > 0.05, qPrintable(QString::number(inside * 1000) + " mm")); // the span did change

    // Both takes side by side with the span on the strip: the README picture.
    window.takesPanel()->selectRows({0, 1});
    editor->timeline()->setSelectedRange(8.0, 12.0);
    editor->timelineView()->zoomToFit();
    editor->timelineView()->zoomBy(2.0);
    editor->timelineView()->ensureVisible(6.0, 14.0);
    window.player()->setFrame(200);
    if (const QString path = screenshotPath(QStringLiteral("studio_regenerate.png")); !path.isEmpty())
        QCOMPARE(grabWindowToFile(window, path), 0);

    // Undoable like a step edit.
    window.undoStack()->undo();
    QCOMPARE(window.takeModel()->rowCount(), 1);
    window.undoStack()->redo();
    QCOMPARE(window.takeModel()->rowCount(), 2);
}

void TestStudioLongTimeline::continuingTheWalkKeepsItsFrames()
{
    MainWindow& window = *m_window;
    const QString walkPath = QStringLiteral(STEPMOTION_SOURCE_DIR "/resources/examples/cmu_05_01_walk.npy");
    QVERIFY(window.openFile(walkPath));
    const FeatureClip walk = encodeFeatures(loadJointClip(walkPath.toStdString()));
    StepList next;
    next.source = "user";
    next.steps = {makeStep(0, 2, BodyPart::WholeBody, "Stop and turn around."),
                  makeStep(2, 4, BodyPart::WholeBody, "Walk forward.")};
    window.stepModel()->replaceStepList(next, QStringLiteral("Open"));
    const int takes = window.takeModel()->rowCount();
    QVERIFY(generate([&window] { return window.continueShownMotion(); }));
    QCOMPARE(window.takeModel()->rowCount(), takes + 1);
    const Take& continued = window.takeModel()->take(takes);
    const int frames = static_cast<int>(std::ceil((walk.frames / kFps + 4.0) * kFps - 1e-9));
    QCOMPARE(continued.features.frames, frames);
    QVERIFY(continued.name.endsWith(QStringLiteral("continues \u201ccmu_05_01_walk.npy\u201d")));
    QCOMPARE(window.player()->scene().frameCount(), frames);
    const JointClip kept = decodeFeatures(walk);
    const JointClip after = decodeFeatures(continued.features);
    double worst = 0;
    for (int t = 0; t < walk.frames; ++t)
        worst = std::max(worst, jointGap(kept, after, t));
    qInfo("continuing the %d-frame walk by 4 s: largest change of its frames %.4f mm", walk.frames, worst * 1000);
    QVERIFY2(worst <= kMillimetre, qPrintable(QString::number(worst * 1000) + " mm"));
    // The new part moves on from where the walk stopped (no jump back to the origin).
    const float* lastKept = after.at(walk.frames - 1, 0);
    const float* firstNew = after.at(walk.frames, 0);
    QVERIFY(std::hypot(firstNew[0] - lastKept[0], firstNew[2] - lastKept[2]) < 0.2);
}

QTEST_MAIN(TestStudioLongTimeline)
#include "tst_studio_long_timeline.moc"
