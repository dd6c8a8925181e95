// Live preview in the main window, under the offscreen platform with a recording generator:
// edits make one preview after the pause (a finished edit of the steps at once, typing after a
// quiet spell), with the editor's seed and the fast sampler; it plays
// in place, never becomes a take unless kept, waits for a running Generate and never cancels it,
// and the newest edit wins.

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/ui/generation/generation_service.h"
#include "stepmotion/ui/generation/live_preview.h"
#include "stepmotion/ui/window/main_window.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/steps/step_editor.h"
#include "stepmotion/ui/steps/step_list_model.h"
#include "stepmotion/ui/takes/take_joints.h"
#include "stepmotion/ui/takes/take_list_model.h"
#include "motion_fixtures.h"

#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

using namespace stepmotion;
using namespace stepmotion::ui;

namespace {

/// What the fake generator saw, shared with its worker thread.
struct Recorder {
    std::mutex mutex;
    std::vector<GenerationRequest> requests; // every call, in order
    std::atomic<int> started{0};
    int delayMs = 0;     // each call takes this long, polling cancel every 5 ms
    bool fail = false;   // each call throws

    std::vector<GenerationRequest> seen()
    {
        std::lock_guard<std::mutex> lock(mutex);
        return requests;
    }
};

/// A generator returning standing-still clips of framesForSteps(steps) frames, recording each request.
GeneratorFactory recordingFactory(const std::shared_ptr<Recorder>& recorder)
{
    return [recorder] {
        return [recorder](const GenerationRequest& request, const GenerationProgress&, const GenerationCancel& cancel) {
            {
                std::lock_guard<std::mutex> lock(recorder->mutex);
                recorder->requests.push_back(request);
            }
            ++recorder->started;
            GenerationResult result;
            for (int waited = 0; waited < recorder->delayMs; waited += 5) {
                if (cancel && cancel()) {
                    result.cancelled = true;
                    return result;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            if (recorder->fail)
                throw Error("the fake model refuses");
            const int frames = framesForSteps(request.steps);
            for (int v = 0; v < request.variants; ++v)
                result.motions.push_back(test::standingFeatures(frames));
            return result;
        };
    };
}

StepList walkThenWave()
{
    StepList list;
    list.source = "user";
    Step walk;
    walk.start = 0;
    walk.end = 2;
    walk.bodyParts = {BodyPart::WholeBody};
    walk.text = "Walk forward.";
    Step wave = walk;
    wave.start = 2;
    wave.end = 4;
    wave.bodyParts = {BodyPart::RightHand};
    wave.text = "Wave your right hand.";
    list.steps = {walk, wave};
    return list;
}

/// A window generating with `recorder`, the walk-then-wave steps loaded and seed 7.
std::unique_ptr<MainWindow> previewWindow(const std::shared_ptr<Recorder>& recorder)
{
    auto window = std::make_unique<MainWindow>();
    window->generationService()->setFactory(recordingFactory(recorder));
    window->stepEditor()->setSeed(7);
    window->stepModel()->replaceStepList(walkThenWave(), QStringLiteral("Open"));
    return window;
}

/// Lets the pause pass (and a little more) without expecting anything.
void waitPastThePause(const MainWindow& window)
{
    QTest::qWait(window.livePreview()->settings().pauseMs * 3);
}

} // namespace

class TestLivePreview : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void editsMakeOnePreviewAfterThePause();
    void previewUpdatesInPlace();
    void previewPlaysBesideAnOpenedClip();
    void toggleTurnsItOffAndIsRemembered();
    void generateIsNeverCancelledByAPreview();
    void newestEditWins();
    void keepPreviewAddsAnUndoableTake();
    void failedPreviewSaysSoInTheEditor();
    void finishedEditsSkipTheTypingPause();

private:
    QTemporaryDir m_settingsDir;
};

void TestLivePreview::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestLivePreview::init()
{
    QSettings().remove(QStringLiteral("generation/livePreview")); // each test starts from the default (on)
}

void TestLivePreview::editsMakeOnePreviewAfterThePause()
{
    auto recorder = std::make_shared<Recorder>();
    auto window = previewWindow(recorder);
    QVERIFY(window->livePreview()->isEnabled());
    auto* box = window->stepEditor()->findChild<QCheckBox*>(QStringLiteral("livePreview"));
    QVERIFY(box->isChecked());
    QVERIFY2(box->toolTip().contains(QStringLiteral("5 DPM-Solver++ steps")), qPrintable(box->toolTip()));
    QSignalSpy shown(window.get(), &MainWindow::previewShown);
    // Three edits inside the pause, as when a bar is dragged twice and its text retyped.
    StepListModel* model = window->stepModel();
    QVERIFY(model->setStepTimes(1, 2.0, 4.5, QStringLiteral("drag")));
    QVERIFY(model->setStepTimes(1, 2.0, 5.0, QStringLiteral("drag")));
    QVERIFY(model->setData(model->index(1, StepListModel::TextColumn), QStringLiteral("Wave both hands.")));
    QVERIFY(shown.wait(5000));
    waitPastThePause(*window);
    const std::vector<GenerationRequest> seen = recorder->seen();
    QCOMPARE(seen.size(), std::size_t(1)); // one request for the burst of edits
    const GenerationRequest& request = seen.front();
    QCOMPARE(request.seed, uint64_t(7));
    QCOMPARE(request.variants, 1);
    QCOMPARE(request.samplingSteps, 5);
    QVERIFY(request.sampler == Sampler::DpmSolver);
    QVERIFY(request.steps == model->stepList());
    QCOMPARE(request.steps.steps[1].end, 5.0);

    QVERIFY(window->isShowingPreview());
    QCOMPARE(window->takeModel()->rowCount(), 0); // a preview is not a take
    const MotionScene& scene = window->player()->scene();
    QCOMPARE(scene.size(), 1);
    QCOMPARE(scene.motion(0).name, QStringLiteral("live preview \u00b7 seed 7"));
    QCOMPARE(scene.frameCount(), 100); // 5 s at 20 fps
    QVERIFY(window->player()->clock().isPlaying());
    QVERIFY(window->stepEditor()->findChild<QPushButton*>(QStringLiteral("keepPreview"))->isEnabled());
}

void TestLivePreview::previewUpdatesInPlace()
{
    auto recorder = std::make_shared<Recorder>();
    auto window = previewWindow(recorder);
    QSignalSpy shown(window.get(), &MainWindow::previewShown);
    QVERIFY(shown.wait(5000));
    PlayerWidget* player = window->player();
    QCOMPARE(player->scene().frameCount(), 80);
    player->pause();
    player->setFrame(30);
    QVERIFY(window->stepModel()->setStepTimes(1, 2.0, 3.0, QStringLiteral("drag")));
    QVERIFY(shown.wait(5000));
    QCOMPARE(player->scene().frameCount(), 60); // the new length
    QCOMPARE(player->clock().frame(), 30);      // the playhead stays where the user put it
    QVERIFY(!player->clock().isPlaying());      // and paused stays paused
    QCOMPARE(recorder->seen().back().seed, uint64_t(7)); // the same seed: only the edit changed
    QCOMPARE(window->takeModel()->rowCount(), 0);
}

void TestLivePreview::previewPlaysBesideAnOpenedClip()
{
    auto recorder = std::make_shared<Recorder>();
    auto window = previewWindow(recorder);
    Take still;
    still.features = test::standingFeatures(40);
    LoadedMotion opened;
    opened.name = QStringLiteral("walk.bvh");
    opened.joints = takeJoints(still, false);
    std::vector<LoadedMotion> motions;
    motions.push_back(opened);
    window->showMotions(std::move(motions), opened.name); // as File > Open does
    QSignalSpy shown(window.get(), &MainWindow::previewShown);
    QVERIFY(shown.wait(5000));
    const MotionScene& scene = window->player()->scene();
    QCOMPARE(scene.size(), 2); // the opened clip stays, for comparison
    QCOMPARE(scene.motion(0).name, QStringLiteral("walk.bvh"));
    QCOMPARE(scene.motion(1).name, QStringLiteral("live preview \u00b7 seed 7"));
    QVERIFY(window->windowTitle().contains(QStringLiteral("walk.bvh, live preview")));
    QVERIFY(window->stepModel()->setStepTimes(1, 2.0, 3.0, QStringLiteral("drag")));
    QVERIFY(shown.wait(5000));
    QCOMPARE(scene.size(), 2); // the new preview replaced the old one only
    QCOMPARE(scene.motion(0).name, QStringLiteral("walk.bvh"));
    QCOMPARE(scene.motion(1).joints.frames, 60);
}

void TestLivePreview::toggleTurnsItOffAndIsRemembered()
{
    auto recorder = std::make_shared<Recorder>();
    auto window = previewWindow(recorder);
    QSignalSpy shown(window.get(), &MainWindow::previewShown);
    auto* box = window->stepEditor()->findChild<QCheckBox*>(QStringLiteral("livePreview"));
    box->setChecked(false); // before the pause ends: the waiting preview is dropped
    QVERIFY(!window->livePreview()->isEnabled());
    QVERIFY(window->stepModel()->setStepTimes(1, 2.0, 4.5, QStringLiteral("drag")));
    waitPastThePause(*window);
    QCOMPARE(shown.count(), 0);
    QCOMPARE(recorder->seen().size(), std::size_t(0));
    {
        MainWindow second; // the choice is an application setting
        QVERIFY(!second.livePreview()->isEnabled());
        QVERIFY(!second.stepEditor()->isLivePreviewOn());
    }
    box->setChecked(true); // turning it on previews the steps as they are
    QVERIFY(shown.wait(5000));
    QCOMPARE(recorder->seen().size(), std::size_t(1));
    QCOMPARE(recorder->seen().front().steps.steps[1].end, 4.5);
}

void TestLivePreview::generateIsNeverCancelledByAPreview()
{
    auto recorder = std::make_shared<Recorder>();
    recorder->delayMs = 400;
    auto window = previewWindow(recorder);
    window->stepEditor()->setVariants(2);
    QSignalSpy settled(window.get(), &MainWindow::generationSettled);
    QSignalSpy shown(window.get(), &MainWindow::previewShown);
    // Generate right after the edits: the takes show these steps, so no preview follows.
    window->stepEditor()->requestGeneration();
    QVERIFY(settled.wait(5000));
    QCOMPARE(settled.first().at(0).toBool(), true);
    QCOMPARE(window->takeModel()->rowCount(), 2);
    waitPastThePause(*window);
    QCOMPARE(recorder->seen().size(), std::size_t(1));
    QCOMPARE(shown.count(), 0);

    // An edit while Generate runs waits for it, then previews.
    window->stepEditor()->requestGeneration();
    QTRY_VERIFY_WITH_TIMEOUT(recorder->started.load() == 2, 2000);
    QVERIFY(window->stepModel()->setStepTimes(1, 2.0, 4.5, QStringLiteral("drag")));
    QVERIFY(settled.wait(5000));
    QCOMPARE(settled.last().at(0).toBool(), true); // not cancelled by the preview
    QCOMPARE(window->takeModel()->rowCount(), 4);
    QVERIFY(shown.wait(5000));
    const std::vector<GenerationRequest> seen = recorder->seen();
    QCOMPARE(seen.size(), std::size_t(3));
    QCOMPARE(seen[2].variants, 1);
    QCOMPARE(seen[2].steps.steps[1].end, 4.5);
    QCOMPARE(window->takeModel()->rowCount(), 4);
}

void TestLivePreview::newestEditWins()
{
    auto recorder = std::make_shared<Recorder>();
    recorder->delayMs = 400;
    auto window = previewWindow(recorder);
    QSignalSpy shown(window.get(), &MainWindow::previewShown);
    QTRY_VERIFY_WITH_TIMEOUT(recorder->started.load() == 1, 2000); // the first preview is running
    QVERIFY(window->stepModel()->setStepTimes(1, 2.0, 6.0, QStringLiteral("drag")));
    QVERIFY(shown.wait(5000));
    waitPastThePause(*window);
    QCOMPARE(shown.count(), 1); // the superseded preview never reached the player
    QCOMPARE(recorder->seen().size(), std::size_t(2));
    QCOMPARE(window->player()->scene().frameCount(), 120);
}

void TestLivePreview::keepPreviewAddsAnUndoableTake()
{
    auto recorder = std::make_shared<Recorder>();
    auto window = previewWindow(recorder);
    QVERIFY(!window->keepPreview()); // nothing shown yet
    QSignalSpy shown(window.get(), &MainWindow::previewShown);
    QVERIFY(shown.wait(5000));
    window->stepEditor()->findChild<QPushButton*>(QStringLiteral("keepPreview"))->click();
    QCOMPARE(window->takeModel()->rowCount(), 1);
    const Take& take = window->takeModel()->take(0);
    QCOMPARE(take.name, QStringLiteral("take 1 \u00b7 seed 7 \u00b7 preview"));
    QCOMPARE(take.samplingSteps, 5);
    QVERIFY(take.sampler == Sampler::DpmSolver);
    QCOMPARE(take.features.frames, 80);
    QVERIFY(take.steps == window->stepModel()->stepList());
    window->undoStack()->undo();
    QCOMPARE(window->takeModel()->rowCount(), 0);
}

void TestLivePreview::failedPreviewSaysSoInTheEditor()
{
    auto recorder = std::make_shared<Recorder>();
    recorder->fail = true;
    auto window = previewWindow(recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder->started.load() == 1, 2000);
    bool said = false;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (QLabel* label : window->stepEditor()->findChildren<QLabel*>())
                said = said || label->text() == QStringLiteral("Preview failed: the fake model refuses");
            return said;
        }(),
        2000);
    QVERIFY(!window->isShowingPreview());
    QVERIFY(!QApplication::activeModalWidget()); // no message box for a preview
}

void TestLivePreview::finishedEditsSkipTheTypingPause()
{
    // A long typing pause makes the difference visible: a released drag must not wait for it,
    // typing the sentence must.
    QUndoStack undo;
    StepListModel model(&undo);
    model.replaceStepList(walkThenWave(), QStringLiteral("Open"));
    StepEditor editor(&model);
    LivePreviewSettings settings;
    settings.pauseMs = 1500;
    LivePreview preview(&editor, settings);
    preview.setEnabled(true);
    QSignalSpy due(&preview, &LivePreview::previewDue);
    QVERIFY(due.wait(3000)); // enabling previews the steps as they are, after the typing pause
    QVERIFY(model.setStepTimes(1, 2.0, 4.5, QStringLiteral("drag")));
    QTRY_COMPARE_WITH_TIMEOUT(due.count(), 2, 1000); // well before the 1.5 s pause
    QCOMPARE(due.last().at(0).value<GenerationRequest>().steps.steps[1].end, 4.5);
    model.setCoarse(QStringLiteral("A person walks, then waves."));
    QTest::qWait(500);
    QCOMPARE(due.count(), 2); // a keystroke of the sentence waits for the pause
    QTRY_COMPARE_WITH_TIMEOUT(due.count(), 3, 3000);
    QCOMPARE(due.last().at(0).value<GenerationRequest>().steps.coarse, std::string("A person walks, then waves."));
}

QTEST_MAIN(TestLivePreview)
#include "tst_live_preview.moc"
