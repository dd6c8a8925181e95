// The step editor and the main window's editing/generation parts, under the offscreen
// platform: the window is never shown, so no OpenGL context is needed.

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/ui/generation/generation_service.h"
#include "stepmotion/ui/window/main_window.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/steps/step_editor.h"
#include "stepmotion/ui/steps/step_list_model.h"
#include "motion_fixtures.h"
#include "test_data.h"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtTest>

using namespace stepmotion;
using namespace stepmotion::ui;

namespace {

/// Closes the next modal message box (polling, because it blocks the caller) and returns its
/// text through `text`.
void closeNextMessageBox(QString* text)
{
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, text] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            *text = box->text();
            box->accept();
            timer->stop();
            timer->deleteLater();
        }
    });
    timer->start();
}

QPushButton* button(QWidget* parent, const QString& text)
{
    const QList<QPushButton*> buttons = parent->findChildren<QPushButton*>();
    for (QPushButton* b : buttons)
        if (b->text() == text)
            return b;
    return nullptr;
}

StepList twoSteps()
{
    StepList list;
    list.coarse = "a person waves then walks";
    list.source = "user";
    Step wave;
    wave.start = 0;
    wave.end = 1.5;
    wave.bodyParts = {BodyPart::RightHand};
    wave.text = "Wave your right hand.";
    Step walk = wave;
    walk.start = 1.5;
    walk.end = 3;
    walk.bodyParts = {BodyPart::WholeBody};
    walk.text = "Walk forward.";
    list.steps = {wave, walk};
    return list;
}

/// A generator returning request.variants standing-still feature clips of request.frames frames.
GeneratorFactory stillFactory()
{
    return [] {
        return [](const GenerationRequest& request, const GenerationProgress& progress, const GenerationCancel&) {
            GenerationResult result;
            const int frames = request.frames > 0 ? request.frames : framesForSteps(request.steps);
            for (int v = 0; v < request.variants; ++v)
                result.motions.push_back(test::standingFeatures(frames));
            if (progress)
                progress(1, 1);
            return result;
        };
    };
}

} // namespace

class TestStudioEditor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void buttonsEditTheModel();
    void coarseLineFollowsUndo();
    void splitMergeAndDragSetup();
    void generateEmitsTheSettings();
    void windowHasEditorDockAndMenus();
    void windowShowsGeneratedVariants();
    void windowGeneratesASixtySecondTimeline();
    void windowReportsMissingModel();
    void windowOpensAndSavesSteps();
    void windowDescribesShownMotion();

private:
    QTemporaryDir m_settingsDir;
};

void TestStudioEditor::initTestCase()
{
    // Keep the model folder and recent files of this test away from the user's settings.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings().setValue(QStringLiteral("generation/livePreview"), false); // tst_live_preview covers it
}

void TestStudioEditor::buttonsEditTheModel()
{
    QUndoStack stack;
    StepListModel model(&stack);
    StepEditor editor(&model);
    button(&editor, QStringLiteral("Add"))->click();
    button(&editor, QStringLiteral("Add"))->click();
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.stepList().steps[1].start, 1.0); // continues after the first step
    QCOMPARE(editor.table()->currentIndex().row(), 1);
    QVERIFY(model.setData(model.index(1, StepListModel::TextColumn), QStringLiteral("Jump.")));
    button(&editor, QStringLiteral("Up"))->click();
    QCOMPARE(model.stepList().steps[0].text, std::string("Jump."));
    QCOMPARE(editor.table()->currentIndex().row(), 0);
    button(&editor, QStringLiteral("Duplicate"))->click();
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.stepList().steps[1].text, std::string("Jump."));
    button(&editor, QStringLiteral("Down"))->click();
    QCOMPARE(editor.table()->currentIndex().row(), 2);
    button(&editor, QStringLiteral("Delete"))->click();
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(stack.count(), 7);
    while (stack.canUndo())
        stack.undo();
    QCOMPARE(model.rowCount(), 0);
}

void TestStudioEditor::splitMergeAndDragSetup()
{
    QUndoStack stack;
    StepListModel model(&stack);
    StepEditor editor(&model);
    model.replaceStepList(twoSteps(), QStringLiteral("load"));
    stack.clear();
    QTableView* table = editor.table();
    QCOMPARE(table->dragDropMode(), QAbstractItemView::InternalMove);
    QVERIFY(table->dragEnabled());
    QCOMPARE(table->defaultDropAction(), Qt::MoveAction);

    // Split the wave [0, 1.5] at 0.75.
    table->selectionModel()->setCurrentIndex(model.index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    button(&editor, QStringLiteral("Split"))->click();
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.stepList().steps[0].end, 0.75);
    QCOMPARE(model.stepList().steps[1].start, 0.75);
    QCOMPARE(stack.count(), 1);

    // Merge needs consecutive rows: select rows 1 and 2 (the wave's second half and the walk).
    table->selectionModel()->setCurrentIndex(model.index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table->selectionModel()->select(model.index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    button(&editor, QStringLiteral("Merge"))->click();
    QCOMPARE(model.rowCount(), 2);
    const Step& merged = model.stepList().steps[1];
    QCOMPARE(merged.start, 0.75);
    QCOMPARE(merged.end, 3.0);
    QCOMPARE(merged.text, std::string("Wave your right hand. Walk forward."));
    QCOMPARE(merged.bodyParts, (std::vector<BodyPart>{BodyPart::RightHand, BodyPart::WholeBody}));
    QCOMPARE(stack.count(), 2);

    // One row selected: Merge refuses and says why.
    table->selectionModel()->setCurrentIndex(model.index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    button(&editor, QStringLiteral("Merge"))->click();
    QCOMPARE(stack.count(), 2);
    bool said = false;
    for (QLabel* label : editor.findChildren<QLabel*>())
        said = said || label->text().contains(QStringLiteral("consecutive"));
    QVERIFY(said);
    stack.undo();
    stack.undo();
    QCOMPARE(model.stepList(), twoSteps());
}

void TestStudioEditor::coarseLineFollowsUndo()
{
    QUndoStack stack;
    StepListModel model(&stack);
    StepEditor editor(&model);
    auto* line = editor.findChild<QLineEdit*>();
    QVERIFY(line);
    QTest::keyClicks(line, QStringLiteral("a person jumps"));
    QCOMPARE(model.stepList().coarse, std::string("a person jumps"));
    QCOMPARE(stack.count(), 1); // keystrokes merged
    stack.undo();
    QCOMPARE(line->text(), QString());
    model.replaceStepList(twoSteps(), QStringLiteral("Open"));
    QCOMPARE(line->text(), QStringLiteral("a person waves then walks"));
}

void TestStudioEditor::generateEmitsTheSettings()
{
    QUndoStack stack;
    StepListModel model(&stack);
    StepEditor editor(&model);
    QSignalSpy requested(&editor, &StepEditor::generateRequested);
    button(&editor, QStringLiteral("Generate"))->click();
    QCOMPARE(requested.count(), 0); // nothing to generate from

    model.replaceStepList(twoSteps(), QStringLiteral("Open"));
    editor.setSeed(7);
    editor.setVariants(3);
    button(&editor, QStringLiteral("Generate"))->click();
    QCOMPARE(requested.count(), 1);
    const auto request = requested.first().at(0).value<GenerationRequest>();
    QCOMPARE(request.seed, uint64_t(7));
    QCOMPARE(request.variants, 3);
    QCOMPARE(request.guidanceScale, 2.5);
    QCOMPARE(request.samplingSteps, 50);
    QCOMPARE(request.frames, 0);
    QVERIFY(request.steps == twoSteps());
    QVERIFY(request.composition == kDefaultComposition);

    // The Timeline combo: the default first; picking "Whole list at once" generates jointly and counts as a change.
    auto* timeline = editor.findChild<QComboBox*>(QStringLiteral("timeline"));
    QVERIFY(timeline);
    QCOMPARE(timeline->count(), 3);
    QCOMPARE(timeline->currentIndex(), 0);
    QCOMPARE(timeline->currentText(), QStringLiteral("Follow each step by its own words"));
    for (int i = 0; i < timeline->count(); ++i)
        QVERIFY(!timeline->itemData(i, Qt::ToolTipRole).toString().isEmpty());
    QSignalSpy changed(&editor, &StepEditor::settingsChanged);
    timeline->setCurrentIndex(timeline->findText(QStringLiteral("Follow each step with the sentence")));
    QVERIFY(editor.currentRequest().composition == StepComposition::PerStep);
    editor.setComposition(StepComposition::OwnWords);
    QCOMPARE(changed.count(), 2);
    changed.clear();
    timeline->setCurrentIndex(timeline->findText(QStringLiteral("Whole list at once")));
    QCOMPARE(changed.count(), 1);
    button(&editor, QStringLiteral("Generate"))->click();
    QCOMPARE(requested.count(), 2);
    QVERIFY(requested.last().at(0).value<GenerationRequest>().composition == StepComposition::Joint);
    editor.setComposition(StepComposition::PerStep);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(timeline->currentText(), QStringLiteral("Follow each step with the sentence"));
    QVERIFY(editor.currentRequest().composition == StepComposition::PerStep);

    // The Sampler combo: DDIM by default; DPM-Solver++ is what the next request samples with.
    auto* sampler = editor.findChild<QComboBox*>(QStringLiteral("sampler"));
    QVERIFY(sampler);
    QCOMPARE(sampler->currentText(), QStringLiteral("DDIM"));
    QVERIFY(editor.currentRequest().sampler == Sampler::Ddim);
    sampler->setCurrentIndex(sampler->findText(QStringLiteral("DPM-Solver++")));
    QCOMPARE(changed.count(), 3);
    button(&editor, QStringLiteral("Generate"))->click();
    QVERIFY(requested.last().at(0).value<GenerationRequest>().sampler == Sampler::DpmSolver);
}

void TestStudioEditor::windowHasEditorDockAndMenus()
{
    MainWindow window;
    auto* dock = window.findChild<QDockWidget*>();
    QVERIFY(dock);
    QCOMPARE(dock->widget(), window.stepEditor());
    QStringList menus;
    const QList<QAction*> actions = window.menuBar()->actions();
    for (QAction* action : actions)
        menus << action->text();
    QVERIFY2(menus.contains(QStringLiteral("&Edit")) && menus.contains(QStringLiteral("&Motion")),
             qPrintable(menus.join(QLatin1Char(' '))));
    window.stepModel()->insertStep(0);
    QVERIFY(window.undoStack()->canUndo());
}

void TestStudioEditor::windowShowsGeneratedVariants()
{
    MainWindow window;
    window.generationService()->setFactory(stillFactory());
    window.stepModel()->replaceStepList(twoSteps(), QStringLiteral("Open"));
    window.stepEditor()->setSeed(7);
    window.stepEditor()->setVariants(2);
    window.stepEditor()->requestGeneration();
    QTRY_COMPARE(window.player()->scene().size(), 2);
    QCOMPARE(window.player()->scene().motion(0).name, QStringLiteral("take 1 \u00b7 seed 7"));
    QCOMPARE(window.player()->scene().motion(1).name, QStringLiteral("take 1 \u00b7 seed 8"));
    QCOMPARE(window.player()->scene().frameCount(), framesForSteps(twoSteps()));
    const QString status = window.statusBar()->currentMessage();
    QVERIFY2(status.startsWith(QStringLiteral("generated 2 variant(s) in ")), qPrintable(status));
}

void TestStudioEditor::windowGeneratesASixtySecondTimeline()
{
    // 40 steps of 1.5 s: one request of 1200 frames, described as 9 model windows.
    StepList list;
    list.source = "user";
    for (int i = 0; i < 40; ++i) {
        Step step;
        step.start = 1.5 * i;
        step.end = 1.5 * (i + 1);
        step.bodyParts = {BodyPart::WholeBody};
        step.text = i % 2 ? "Walk forward." : "Turn left.";
        list.steps.push_back(step);
    }
    MainWindow window;
    window.generationService()->setFactory(stillFactory());
    window.stepModel()->replaceStepList(list, QStringLiteral("Open"));
    QVERIFY2(window.stepEditor()->totalText().contains(QStringLiteral("9 overlapping windows")),
             qPrintable(window.stepEditor()->totalText()));
    window.stepEditor()->requestGeneration();
    QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Generating 1 variant(s): 9 windows, 40 steps..."));
    QTRY_COMPARE(window.player()->scene().size(), 1);
    QCOMPARE(window.player()->scene().frameCount(), 1200);
    auto* progress = window.stepEditor()->findChild<QProgressBar*>();
    QCOMPARE(progress->text(), QStringLiteral("denoising 1/1 \u00b7 9 windows, 40 steps"));
}

void TestStudioEditor::windowReportsMissingModel()
{
    MainWindow window;
    QTemporaryDir emptyModel;
    window.setModelDirectory(emptyModel.path());
    window.stepModel()->replaceStepList(twoSteps(), QStringLiteral("Open"));
    QString text;
    closeNextMessageBox(&text);
    window.stepEditor()->requestGeneration();
    QTRY_VERIFY_WITH_TIMEOUT(!text.isEmpty(), 10000);
    QVERIFY2(text.contains(emptyModel.path()), qPrintable(text));
    QVERIFY(window.statusBar()->currentMessage().startsWith(QStringLiteral("Generation failed")));
    QVERIFY(window.player()->scene().isEmpty());
    QSettings().remove(QStringLiteral("generation/modelDirectory"));
}

void TestStudioEditor::windowOpensAndSavesSteps()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("steps.json"));
    MainWindow window;
    window.stepModel()->replaceStepList(twoSteps(), QStringLiteral("Open"));
    QVERIFY(window.saveSteps(path));
    MainWindow other;
    QVERIFY(other.openSteps(path));
    QVERIFY(other.stepModel()->stepList() == window.stepModel()->stepList());
    other.undoStack()->undo();
    QCOMPARE(other.stepModel()->rowCount(), 0);

    QFile bad(dir.filePath(QStringLiteral("bad.json")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{\"version\": 1, \"steps\": [{\"start\": 2, \"end\": 1, \"body_parts\": [\"head\"], \"text\": \"Nod.\"}]}");
    bad.close();
    QString text;
    closeNextMessageBox(&text);
    QVERIFY(!other.openSteps(bad.fileName()));
    QVERIFY2(text.contains(QStringLiteral("bad.json")) && text.contains(QStringLiteral("steps[0].end")),
             qPrintable(text));
}

void TestStudioEditor::windowDescribesShownMotion()
{
    STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joints/012314.npy", sample);
    QString error;
    std::optional<LoadedMotion> motion = loadMotion(sample, error);
    QVERIFY2(motion, qPrintable(error));
    MainWindow window;
    std::vector<LoadedMotion> motions;
    motions.push_back(std::move(*motion));
    window.showMotions(std::move(motions), QStringLiteral("sample"));
    QVERIFY(window.describeShownMotion());
    QVERIFY(window.stepModel()->rowCount() > 0);
    QCOMPARE(window.stepModel()->stepList().source, std::string("describer"));
    window.undoStack()->undo();
    QCOMPARE(window.stepModel()->rowCount(), 0);
}

QTEST_MAIN(TestStudioEditor)
#include "tst_studio_editor.moc"
