// Kept-motion requests in the studio (offscreen): regenerating a span of a take and continuing
// a motion build the right GenerationRequest (kept frames, weights, shifted steps), the window
// sends it through the GenerationService, names the new take after its source and adds it
// undoably. The model itself is replaced by a recording generator; tst_studio_long_timeline
// runs the real one.

#include "stepmotion/core/runtime/error.h"
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
#include "stepmotion/ui/takes/take_list_model.h"
#include "stepmotion/ui/takes/takes_panel.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QListView>
#include <QProgressBar>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <memory>
#include <mutex>

using namespace stepmotion;
using namespace stepmotion::ui;

namespace {

const char* const kWalk = STEPMOTION_SOURCE_DIR "/resources/examples/cmu_05_01_walk.npy";

Step makeStep(double start, double end, const std::string& text)
{
    Step step;
    step.start = start;
    step.end = end;
    step.bodyParts = {BodyPart::WholeBody};
    step.text = text;
    return step;
}

/// Walk 0-2 s, wave 2-4 s.
StepList twoSteps()
{
    StepList list;
    list.source = "user";
    list.steps = {makeStep(0, 2, "Walk forward."), makeStep(2, 4, "Wave your right hand.")};
    return list;
}

/// A clip whose root height tells its frames apart (0.9 + 0.001 t).
FeatureClip markedClip(int frames)
{
    FeatureClip clip(frames);
    for (int t = 0; t < frames; ++t)
        clip.row(t)[3] = 0.9f + 0.001f * static_cast<float>(t);
    return clip;
}

/// Every request the fake generator saw (it runs on the worker thread).
struct RequestLog {
    std::mutex mutex;
    std::vector<GenerationRequest> requests;

    GenerationRequest last()
    {
        std::lock_guard<std::mutex> lock(mutex);
        return requests.back();
    }
};

/// Records the request; returns the kept frames as given and 2.0 as the root height of every
/// frame it may change (weight < 1), or a marked clip without kept frames.
GeneratorFactory recordingFactory(std::shared_ptr<RequestLog> log)
{
    return [log] {
        return [log](const GenerationRequest& request, const GenerationProgress& progress, const GenerationCancel&) {
            {
                std::lock_guard<std::mutex> lock(log->mutex);
                log->requests.push_back(request);
            }
            const int frames = requestFrames(request);
            FeatureClip clip = request.keep ? request.keep->motion : markedClip(frames);
            if (request.keep)
                for (int t = 0; t < frames; ++t)
                    if (request.keep->weight[static_cast<std::size_t>(t)] < 1.0f)
                        clip.row(t)[3] = 2.0f;
            if (progress)
                progress(3, 4);
            GenerationResult result;
            result.motions.assign(static_cast<std::size_t>(request.variants), clip);
            return result;
        };
    };
}

void selectStepRows(StepEditor* editor, int first, int last)
{
    QItemSelectionModel* selection = editor->table()->selectionModel();
    selection->setCurrentIndex(editor->model()->index(first, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    for (int row = first + 1; row <= last; ++row)
        selection->select(editor->model()->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

QAction* actionNamed(QWidget* window, const QString& text)
{
    for (QAction* action : window->findChildren<QAction*>())
        if (action->text() == text)
            return action;
    return nullptr;
}

} // namespace

class TestKeptGeneration : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void spanRequestKeepsEverythingElse();
    void continueRequestShiftsTheSteps();
    void featuresOfMotionEncodesJointsAt20Fps();
    void generationWorkCountsWindows();
    void windowRegeneratesTheSelectedSpan();
    void windowRefusesWithoutTakeOrSelection();
    void windowContinuesTheShownTake();
    void windowContinuesAnOpenedFile();

private:
    QTemporaryDir m_settingsDir;
};

void TestKeptGeneration::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings().setValue(QStringLiteral("generation/livePreview"), false); // tst_live_preview covers it
}

void TestKeptGeneration::spanRequestKeepsEverythingElse()
{
    GenerationRequest settings;
    settings.steps = twoSteps();
    settings.seed = 11;
    settings.samplingSteps = 7;
    const FeatureClip take = markedClip(80); // 4 s: the last frame is at 3.95 s
    const GenerationRequest request = spanRequest(settings, take, 2.0, 4.0);
    QCOMPARE(request.frames, 80);
    QCOMPARE(request.seed, uint64_t(11));
    QCOMPARE(request.samplingSteps, 7);
    QVERIFY(request.steps == twoSteps());
    QVERIFY(request.keep.has_value());
    QVERIFY(request.keep->motion.values == take.values);
    const std::vector<float>& w = request.keep->weight;
    QCOMPARE(int(w.size()), 80);
    QCOMPARE(w[30], 1.0f);                          // 1.5 s: before the blend
    QVERIFY(qAbs(w[38] - 0.4f) < 1e-5f);            // 1.9 s: 0.1 s into the 0.25 s blend
    for (int t = 40; t < 80; ++t)                   // 2 s to the end ("to 4 s" = to the last frame)
        QCOMPARE(w[static_cast<std::size_t>(t)], 0.0f);
    const GenerationRequest middle = spanRequest(settings, take, 1.0, 2.0);
    QCOMPARE(middle.keep->weight[50], 1.0f);        // 2.5 s: past the span and its blend
    QVERIFY(qAbs(middle.keep->weight[42] - 0.4f) < 1e-5f);
    QVERIFY_THROWS_EXCEPTION(Error, spanRequest(settings, take, 4.5, 6.0));
}

void TestKeptGeneration::continueRequestShiftsTheSteps()
{
    GenerationRequest settings;
    settings.steps = twoSteps();
    const FeatureClip motion = markedClip(99); // 4.95 s
    const GenerationRequest request = continueRequest(settings, motion);
    QCOMPARE(request.steps.steps.size(), std::size_t(2));
    QVERIFY(qAbs(request.steps.steps[0].start - 4.95) < 1e-9);
    QVERIFY(qAbs(request.steps.steps[1].end - 8.95) < 1e-9);
    QCOMPARE(request.frames, 179); // ceil(8.95 * 20)
    QCOMPARE(request.keep->motion.frames, 179);
    for (int t = 0; t < 179; ++t)
        QCOMPARE(request.keep->weight[static_cast<std::size_t>(t)], t < 99 ? 1.0f : 0.0f);
    QCOMPARE(request.keep->motion.row(98)[3], motion.row(98)[3]);

    GenerationRequest none;
    none.steps.coarse = "a person walks";
    try {
        continueRequest(none, motion);
        QFAIL("continuing without steps was accepted");
    } catch (const Error& e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("timed steps")), e.what());
    }
    try {
        continueRequest(settings, markedClip(2390)); // 119.5 s + 4 s
        QFAIL("a continuation past 120 s was accepted");
    } catch (const Error& e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("120 s")), e.what());
    }
}

void TestKeptGeneration::featuresOfMotionEncodesJointsAt20Fps()
{
    QString error;
    const std::optional<LoadedMotion> walk = loadMotion(QString::fromUtf8(kWalk), error);
    QVERIFY2(walk, qPrintable(error));
    const FeatureClip fromFile = featuresOfMotion(*walk);
    const FeatureClip encoded = encodeFeatures(walk->joints);
    QCOMPARE(fromFile.frames, walk->joints.frames - 1);
    QVERIFY(fromFile.values == encoded.values);

    // Joints at 40 fps (no file behind them) are resampled to the model's 20 fps first.
    LoadedMotion doubled;
    doubled.name = QStringLiteral("fast");
    doubled.joints = resampleJointClip(walk->joints, 40.0);
    const FeatureClip resampled = featuresOfMotion(doubled);
    QCOMPARE(resampled.frames, resampleJointClip(doubled.joints, kFps).frames - 1);
    QVERIFY(qAbs(resampled.frames - fromFile.frames) <= 1);
}

void TestKeptGeneration::generationWorkCountsWindows()
{
    QCOMPARE(modelWindowCount(40), 1);
    QCOMPARE(modelWindowCount(kMaxFrames), 1);
    QCOMPARE(modelWindowCount(kMaxFrames + 1), 2);
    QCOMPARE(modelWindowCount(640), 5);   // 32 s: ceil((640 - 60) / 136)
    QCOMPARE(modelWindowCount(1200), 9);  // 60 s
    QCOMPARE(modelWindowCount(kMaxTimelineFrames), 18);
    GenerationRequest request;
    request.steps = twoSteps();
    QCOMPARE(generationWork(request), QStringLiteral("1 window, 2 steps"));
    for (int i = 0; i < 6; ++i)
        request.steps.steps.push_back(makeStep(4 + 4 * i, 8 + 4 * i, "Walk."));
    QCOMPARE(generationWork(request), QStringLiteral("4 windows, 8 steps")); // to 28 s: 560 frames
}

void TestKeptGeneration::windowRegeneratesTheSelectedSpan()
{
    auto log = std::make_shared<RequestLog>();
    MainWindow window;
    window.generationService()->setFactory(recordingFactory(log));
    window.stepModel()->replaceStepList(twoSteps(), QStringLiteral("Open"));
    window.stepEditor()->setSeed(7);
    window.stepEditor()->requestGeneration();
    QTRY_COMPARE(window.takeModel()->rowCount(), 1);
    QVERIFY(!log->last().keep);
    const Take source = window.takeModel()->take(0);
    QCOMPARE(source.features.frames, 80);
    const int undoBefore = window.undoStack()->count();

    // The wave step (2-4 s) with an edited text: only its span is regenerated.
    QVERIFY(window.stepModel()->setData(window.stepModel()->index(1, StepListModel::TextColumn),
                                        QStringLiteral("Jump on the spot.")));
    selectStepRows(window.stepEditor(), 1, 1);
    QAction* regenerate = actionNamed(&window, QStringLiteral("&Regenerate selection"));
    QVERIFY(regenerate);
    QCOMPARE(regenerate->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
    QVERIFY(window.stepEditor()->table()->actions().contains(regenerate)); // context menus
    QVERIFY(window.stepEditor()->timeline()->actions().contains(regenerate));
    regenerate->trigger();
    QTRY_COMPARE(window.takeModel()->rowCount(), 2);

    const GenerationRequest sent = log->last();
    QVERIFY(sent.keep.has_value());
    QCOMPARE(sent.frames, 80);
    QCOMPARE(sent.steps.steps[1].text, std::string("Jump on the spot."));
    QVERIFY(sent.keep->motion.values == source.features.values);
    QCOMPARE(sent.keep->weight[35], 1.0f);
    QCOMPARE(sent.keep->weight[45], 0.0f);
    const Take& redone = window.takeModel()->take(1);
    QCOMPARE(redone.name, QStringLiteral("take 2 \u00b7 seed 7 \u00b7 redo 2.00\u20133.95 s of \u201ctake 1 \u00b7 seed 7\u201d"));
    QVERIFY(redone.steps == sent.steps);
    for (int t = 0; t < 35; ++t) // what the generator kept, the take holds
        QCOMPARE(redone.features.row(t)[3], source.features.row(t)[3]);
    QCOMPARE(redone.features.row(60)[3], 2.0f);
    QCOMPARE(window.player()->scene().motion(0).name, redone.name); // shown at once
    auto* progress = window.stepEditor()->findChild<QProgressBar*>();
    QVERIFY2(progress->format().contains(QStringLiteral("regenerating 2.00\u20133.95 s"))
                 && progress->format().contains(QStringLiteral("1 window, 2 steps")),
             qPrintable(progress->format()));
    QVERIFY2(progress->text().startsWith(QStringLiteral("denoising 3/4")), qPrintable(progress->text()));

    // One undoable command: Undo takes the new take away, Redo brings the same one back.
    QCOMPARE(window.undoStack()->count(), undoBefore + 2); // the text edit, then the take
    QCOMPARE(window.undoStack()->undoText(), QStringLiteral("Add take \u201c%1\u201d").arg(redone.name));
    const Take kept = redone;
    window.undoStack()->undo();
    QCOMPARE(window.takeModel()->rowCount(), 1);
    QVERIFY(window.takeModel()->take(0) == source);
    window.undoStack()->redo();
    QCOMPARE(window.takeModel()->rowCount(), 2);
    QVERIFY(window.takeModel()->take(1) == kept);

    // A range dragged on the strip is regenerated instead of the selected steps.
    window.takesPanel()->selectRows({0});
    window.stepEditor()->timeline()->setSelectedRange(0.5, 1.0);
    QVERIFY(window.regenerateSelection());
    QTRY_COMPARE(window.takeModel()->rowCount(), 3);
    QCOMPARE(log->last().keep->weight[15], 0.0f);
    QCOMPARE(log->last().keep->weight[30], 1.0f);
    QVERIFY(window.takeModel()->take(2).name.endsWith(QStringLiteral("redo 0.50\u20131.00 s of \u201ctake 1 \u00b7 seed 7\u201d")));
    // A plain generation afterwards is named as before.
    window.stepEditor()->requestGeneration();
    QTRY_COMPARE(window.takeModel()->rowCount(), 4);
    QCOMPARE(window.takeModel()->take(3).name, QStringLiteral("take 4 \u00b7 seed 7"));
}

void TestKeptGeneration::windowRefusesWithoutTakeOrSelection()
{
    auto log = std::make_shared<RequestLog>();
    MainWindow window;
    window.generationService()->setFactory(recordingFactory(log));
    window.stepModel()->replaceStepList(twoSteps(), QStringLiteral("Open"));
    selectStepRows(window.stepEditor(), 0, 0);
    QVERIFY(!window.regenerateSelection()); // no take shown
    QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("Takes list")),
             qPrintable(window.statusBar()->currentMessage()));
    window.stepEditor()->requestGeneration();
    QTRY_COMPARE(window.takeModel()->rowCount(), 1);
    window.stepEditor()->table()->selectionModel()->clearSelection();
    window.stepEditor()->timeline()->clearSelectedRange();
    QVERIFY(!window.regenerateSelection()); // nothing selected
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("Select the steps")));
    QVERIFY(!window.regenerateSpan(0, 4.5, 6.0)); // outside the 3.95 s take
    QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("not inside the take")),
             qPrintable(window.statusBar()->currentMessage()));
    QVERIFY(window.continueShownMotion()); // a take is shown: it can be continued
    QTRY_COMPARE(window.takeModel()->rowCount(), 2);
    MainWindow empty;
    QVERIFY(!empty.continueShownMotion());
    QVERIFY(empty.statusBar()->currentMessage().contains(QStringLiteral("Open a motion")));
}

void TestKeptGeneration::windowContinuesTheShownTake()
{
    auto log = std::make_shared<RequestLog>();
    MainWindow window;
    window.generationService()->setFactory(recordingFactory(log));
    window.stepModel()->replaceStepList(twoSteps(), QStringLiteral("Open"));
    window.stepEditor()->setSeed(3);
    window.stepEditor()->requestGeneration();
    QTRY_COMPARE(window.takeModel()->rowCount(), 1);
    const Take source = window.takeModel()->take(0);

    StepList more;
    more.source = "user";
    more.steps = {makeStep(0, 1.5, "Sit down.")};
    window.stepModel()->replaceStepList(more, QStringLiteral("Open"));
    QAction* extend = actionNamed(&window, QStringLiteral("C&ontinue from this motion"));
    QVERIFY(extend);
    extend->trigger();
    QTRY_COMPARE(window.takeModel()->rowCount(), 2);
    const GenerationRequest sent = log->last();
    QCOMPARE(sent.frames, 110); // 80 kept + 1.5 s
    QVERIFY(qAbs(sent.steps.steps[0].start - 4.0) < 1e-9);
    for (int t = 0; t < 80; ++t)
        QCOMPARE(sent.keep->motion.row(t)[3], source.features.row(t)[3]); // the take's own features
    const Take& continued = window.takeModel()->take(1);
    QCOMPARE(continued.name, QStringLiteral("take 2 \u00b7 seed 3 \u00b7 continues \u201ctake 1 \u00b7 seed 3\u201d"));
    QCOMPARE(continued.features.frames, 110);
    QCOMPARE(window.player()->scene().frameCount(), 110);
    window.undoStack()->undo();
    QCOMPARE(window.takeModel()->rowCount(), 1);
}

void TestKeptGeneration::windowContinuesAnOpenedFile()
{
    auto log = std::make_shared<RequestLog>();
    MainWindow window;
    window.generationService()->setFactory(recordingFactory(log));
    QVERIFY(window.openFile(QString::fromUtf8(kWalk)));
    const FeatureClip walk = encodeFeatures(loadJointClip(kWalk));
    window.stepModel()->replaceStepList(twoSteps(), QStringLiteral("Open"));
    QVERIFY(window.continueShownMotion());
    QTRY_COMPARE(window.takeModel()->rowCount(), 1);
    const GenerationRequest sent = log->last();
    const int total = static_cast<int>(std::ceil((walk.frames / kFps + 4.0) * kFps - 1e-9));
    QCOMPARE(sent.frames, total);
    for (int t = 0; t < walk.frames; ++t) {
        QCOMPARE(sent.keep->weight[static_cast<std::size_t>(t)], 1.0f);
        QCOMPARE(sent.keep->motion.row(t)[5], walk.row(t)[5]);
    }
    QCOMPARE(sent.keep->weight[static_cast<std::size_t>(walk.frames)], 0.0f);
    QCOMPARE(window.takeModel()->take(0).name, QStringLiteral("take 1 \u00b7 seed 0 \u00b7 continues \u201ccmu_05_01_walk.npy\u201d"));
}

QTEST_MAIN(TestKeptGeneration)
#include "tst_kept_generation.moc"
