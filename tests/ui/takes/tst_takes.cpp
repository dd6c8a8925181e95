// Takes: the TakeListModel (checked by QAbstractItemModelTester), the Takes panel, and the
// main window turning every generation into takes (offscreen: the window is never shown).

#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/cleanup/motion_cleanup.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/ui/generation/generation_service.h"
#include "stepmotion/ui/window/main_window.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/steps/step_editor.h"
#include "stepmotion/ui/steps/step_list_model.h"
#include "stepmotion/ui/takes/take_list_model.h"
#include "stepmotion/ui/takes/takes_panel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QItemSelectionModel>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace stepmotion;
using namespace stepmotion::ui;

namespace {

StepList oneStep(const std::string& text)
{
    StepList list;
    list.coarse = "a person moves";
    list.source = "user";
    Step step;
    step.start = 0;
    step.end = 2;
    step.bodyParts = {BodyPart::WholeBody};
    step.text = text;
    list.steps = {step};
    return list;
}

/// Standing-still clips whose root height encodes the variant (0.9 + 0.1 v).
GeneratorFactory stillFactory()
{
    return [] {
        return [](const GenerationRequest& request, const GenerationProgress&, const GenerationCancel&) {
            GenerationResult result;
            const int frames = request.frames > 0 ? request.frames : framesForSteps(request.steps);
            for (int v = 0; v < request.variants; ++v) {
                FeatureClip clip(frames);
                for (int f = 0; f < frames; ++f)
                    clip.row(f)[3] = 0.9f + 0.1f * static_cast<float>(v);
                result.motions.push_back(std::move(clip));
            }
            return result;
        };
    };
}

std::vector<Take> threeTakes()
{
    GenerationRequest request;
    request.steps = oneStep("Jump.");
    request.seed = 7;
    request.guidanceScale = 3.5;
    request.samplingSteps = 20;
    request.composition = StepComposition::Joint; // not the default, so recording it shows
    std::vector<FeatureClip> clips(3, FeatureClip(40));
    return takesFromGeneration(clips, request, 4);
}

QPushButton* button(QWidget* parent, const QString& text)
{
    const QList<QPushButton*> buttons = parent->findChildren<QPushButton*>();
    for (QPushButton* b : buttons)
        if (b->text() == text)
            return b;
    return nullptr;
}

} // namespace

class TestTakes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void takesFromGenerationRecordTheRequest();
    void modelPassesTheTester();
    void renameAndStar();
    void numbersContinueAfterTheHighest();
    void panelSelectsAndDeletes();
    void deletingTakesIsUndoable();
    void windowTurnsGenerationsIntoTakes();
    void windowRestoresStepsUndoably();
    void windowCleansUpTakesUnlessTurnedOff();

private:
    QTemporaryDir m_settingsDir;
};

void TestTakes::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings().setValue(QStringLiteral("generation/livePreview"), false); // tst_live_preview covers it
}

void TestTakes::takesFromGenerationRecordTheRequest()
{
    const std::vector<Take> takes = threeTakes();
    QCOMPARE(takes.size(), std::size_t(3));
    QCOMPARE(takes[2].name, QStringLiteral("take 4 \u00b7 seed 9"));
    QCOMPARE(takes[2].seed, uint64_t(9));
    QCOMPARE(takes[2].variant, 2);
    QCOMPARE(takes[1].guidance, 3.5);
    QCOMPARE(takes[1].samplingSteps, 20);
    QVERIFY(takes[1].composition == StepComposition::Joint);
    QCOMPARE(takes[0].features.frames, 40);
    QVERIFY(takes[0].steps == oneStep("Jump."));
    QVERIFY(!takes[0].starred);
    QVERIFY(qAbs(takes[0].created.secsTo(QDateTime::currentDateTimeUtc())) < 5);
}

void TestTakes::modelPassesTheTester()
{
    TakeListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendTakes(threeTakes());
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.removeTake(1));
    QVERIFY(!model.removeTake(2));
    QVERIFY(!model.removeTake(-1));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.take(1).seed, uint64_t(9));
    model.setTakes({});
    QCOMPARE(model.rowCount(), 0);
    model.appendTakes(threeTakes());
    const QString tip = model.data(model.index(0), Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("40 frames")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("guidance 3.5, 20 ddim steps, composition joint")), qPrintable(tip));
}

void TestTakes::renameAndStar()
{
    TakeListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendTakes(threeTakes());
    QSignalSpy changed(&model, &TakeListModel::takesChanged);
    const QModelIndex first = model.index(0);
    QVERIFY(model.flags(first) & Qt::ItemIsEditable);
    QVERIFY(model.flags(first) & Qt::ItemIsUserCheckable);
    QVERIFY(model.setData(first, QStringLiteral("  best jump ")));
    QCOMPARE(model.data(first).toString(), QStringLiteral("best jump"));
    QVERIFY(!model.setData(first, QStringLiteral("   ")));
    QCOMPARE(model.take(0).name, QStringLiteral("best jump"));
    QCOMPARE(model.data(first, Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QVERIFY(model.setData(first, Qt::Checked, Qt::CheckStateRole));
    QVERIFY(model.take(0).starred);
    QCOMPARE(model.data(first, Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QVERIFY(!model.setData(first, 1, Qt::ToolTipRole));
    QCOMPARE(changed.count(), 2);
}

void TestTakes::numbersContinueAfterTheHighest()
{
    TakeListModel model;
    model.appendTakes(threeTakes());
    QCOMPARE(model.lastNumber(), 4);
    QVERIFY(model.setData(model.index(0), QStringLiteral("take 12 \u00b7 favourite")));
    model.setTakes(model.takes());
    QCOMPARE(model.lastNumber(), 12);
}

void TestTakes::panelSelectsAndDeletes()
{
    TakeListModel model;
    TakesPanel panel(&model);
    model.appendTakes(threeTakes());
    QSignalSpy selection(&panel, &TakesPanel::selectionChanged);
    QSignalSpy restore(&panel, &TakesPanel::restoreRequested);
    QVERIFY(!button(&panel, QStringLiteral("Delete"))->isEnabled());
    panel.selectRows({0, 2});
    QCOMPARE(panel.selectedRows(), (QList<int>{0, 2}));
    QCOMPARE(selection.last().at(0).value<QList<int>>(), (QList<int>{0, 2}));
    button(&panel, QStringLiteral("Restore steps"))->click();
    QCOMPARE(restore.count(), 1);
    QCOMPARE(restore.first().at(0).toInt(), 0);
    button(&panel, QStringLiteral("Delete"))->click();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.take(0).seed, uint64_t(8));
}

void TestTakes::deletingTakesIsUndoable()
{
    TakeListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QUndoStack undo;
    TakesPanel panel(&model, &undo);
    std::vector<Take> takes = threeTakes();
    takes[1].starred = true;
    takes[2].features.row(5)[3] = 1.25f;
    model.appendTakes(takes);

    panel.selectRows({2, 0});
    button(&panel, QStringLiteral("Delete"))->click();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(undo.count(), 1);
    QCOMPARE(undo.undoText(), QStringLiteral("Delete 2 takes"));
    // A take generated after the delete stays where it is when the deleted ones come back.
    std::vector<Take> later = threeTakes();
    later.resize(1);
    later[0].name = QStringLiteral("later");
    model.appendTakes(later);
    undo.undo();
    QCOMPARE(model.rowCount(), 4);
    for (int row = 0; row < 3; ++row)
        QVERIFY2(model.take(row) == takes[static_cast<std::size_t>(row)], qPrintable(QString::number(row)));
    QCOMPARE(model.take(3).name, QStringLiteral("later"));
    QCOMPARE(model.take(2).features.row(5)[3], 1.25f); // the clip itself, not just its name
    undo.redo();
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.take(0).seed, takes[1].seed);
    QCOMPARE(model.take(1).name, QStringLiteral("later"));

    panel.selectRows({1});
    panel.deleteSelected();
    QCOMPARE(undo.undoText(), QStringLiteral("Delete take \u201clater\u201d"));
    panel.view()->selectionModel()->clear();
    panel.deleteSelected(); // nothing selected: nothing to undo
    QCOMPARE(undo.count(), 2);
}

void TestTakes::windowTurnsGenerationsIntoTakes()
{
    MainWindow window;
    window.generationService()->setFactory(stillFactory());
    window.stepModel()->replaceStepList(oneStep("Jump."), QStringLiteral("Open"));
    window.stepEditor()->setSeed(7);
    window.stepEditor()->setVariants(2);
    window.stepEditor()->requestGeneration();
    QTRY_COMPARE(window.takeModel()->rowCount(), 2);
    QCOMPARE(window.player()->scene().size(), 2);
    QCOMPARE(window.takesPanel()->selectedRows(), (QList<int>{0, 1}));

    window.stepEditor()->setVariants(1);
    window.stepEditor()->requestGeneration();
    QTRY_COMPARE(window.takeModel()->rowCount(), 3);
    QCOMPARE(window.takeModel()->take(2).name, QStringLiteral("take 2 \u00b7 seed 7"));
    QCOMPARE(window.player()->scene().size(), 1);
    QCOMPARE(window.player()->scene().motion(0).name, QStringLiteral("take 2 \u00b7 seed 7"));

    // Picking two older takes compares them side by side.
    window.takesPanel()->selectRows({0, 1});
    QCOMPARE(window.player()->scene().size(), 2);
    QCOMPARE(window.player()->scene().motion(1).name, QStringLiteral("take 1 \u00b7 seed 8"));
    QCOMPARE(window.player()->scene().motion(1).joints.at(0, 0)[1], 1.0f);
}

void TestTakes::windowRestoresStepsUndoably()
{
    MainWindow window;
    window.generationService()->setFactory(stillFactory());
    window.stepModel()->replaceStepList(oneStep("Jump."), QStringLiteral("Open"));
    window.stepEditor()->requestGeneration();
    QTRY_COMPARE(window.takeModel()->rowCount(), 1);
    window.stepModel()->replaceStepList(oneStep("Sit down."), QStringLiteral("Open"));
    QVERIFY(!window.restoreTakeSteps(5));
    window.takesPanel()->selectRows({0});
    button(window.takesPanel(), QStringLiteral("Restore steps"))->click();
    QVERIFY(window.stepModel()->stepList() == oneStep("Jump."));
    window.undoStack()->undo();
    QVERIFY(window.stepModel()->stepList() == oneStep("Sit down."));

    // Deleting the take goes on the same Edit history as the step edits.
    button(window.takesPanel(), QStringLiteral("Delete"))->click();
    QCOMPARE(window.takeModel()->rowCount(), 0);
    window.undoStack()->undo();
    QCOMPARE(window.takeModel()->rowCount(), 1);
    QVERIFY(window.takeModel()->take(0).steps == oneStep("Jump."));
}

void TestTakes::windowCleansUpTakesUnlessTurnedOff()
{
    // A real walk as a take: cleaning moves its feet and floor, so the two views differ.
    Take take = threeTakes().front();
    take.features = encodeFeatures(loadJointClip(STEPMOTION_SOURCE_DIR "/resources/examples/cmu_05_01_walk.npy"));
    const JointClip cleaned = cleanGeneratedMotion(take.features);
    const JointClip raw = decodeFeatures(take.features);
    QVERIFY(cleaned.xyz != raw.xyz);

    MainWindow window;
    QAction* toggle = nullptr;
    for (QAction* action : window.findChildren<QAction*>())
        if (action->text() == QStringLiteral("&Clean up generated motion"))
            toggle = action;
    QVERIFY(toggle);
    QVERIFY(toggle->isCheckable());
    QVERIFY(toggle->isChecked());
    QVERIFY(window.cleanUpGeneratedMotion());
    window.takeModel()->appendTakes({take});
    window.takesPanel()->selectRows({0});
    QVERIFY(window.player()->scene().motion(0).joints.xyz == cleaned.xyz);

    toggle->trigger(); // off: the shown take switches to the raw joints at once
    QVERIFY(!window.cleanUpGeneratedMotion());
    QVERIFY(window.player()->scene().motion(0).joints.xyz == raw.xyz);
    QVERIFY(!MainWindow().cleanUpGeneratedMotion()); // kept as an application setting

    window.setCleanUpGeneratedMotion(true);
    QVERIFY(toggle->isChecked());
    QVERIFY(window.player()->scene().motion(0).joints.xyz == cleaned.xyz);
}

QTEST_MAIN(TestTakes)
#include "tst_takes.moc"
