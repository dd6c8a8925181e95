// StepListModel: the studio's editable step table. Every edit must be undoable and redoable,
// invalid input must be refused, and what the table holds must survive a save/load round trip.

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/ui/steps/step_list_model.h"
#include "step_fixtures.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace stepmotion;
using namespace stepmotion::ui;

namespace {

using test::makeStep;
StepList sampleList() { return test::sampleStepList(); }

} // namespace

class TestStepListModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void showsStepsInColumns();
    void editsUndoAndRedo_data();
    void editsUndoAndRedo();
    void rejectsInvalidInput_data();
    void rejectsInvalidInput();
    void startAfterEndMovesEnd();
    void snapsTimes_data();
    void snapsTimes();
    void insertRemoveDuplicateMoveUndoRedo();
    void invalidRowsPushNothing();
    void coarseTypingMergesIntoOneUndoStep();
    void replaceListIsUndoable();
    void roundTripsThroughFile();

private:
    QUndoStack* m_stack = nullptr;
    StepListModel* m_model = nullptr;
    QAbstractItemModelTester* m_tester = nullptr;
};

void TestStepListModel::init()
{
    m_stack = new QUndoStack(this);
    m_model = new StepListModel(m_stack, this);
    m_tester = new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    m_model->replaceStepList(sampleList(), QStringLiteral("load"));
    m_stack->clear();
}

void TestStepListModel::cleanup()
{
    delete m_tester;
    delete m_model;
    delete m_stack;
}

void TestStepListModel::showsStepsInColumns()
{
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->columnCount(), 4);
    QCOMPARE(m_model->data(m_model->index(1, StepListModel::StartColumn)).toString(), QStringLiteral("1.00"));
    QCOMPARE(m_model->data(m_model->index(1, StepListModel::EndColumn), Qt::EditRole).toDouble(), 2.5);
    QCOMPARE(m_model->data(m_model->index(1, StepListModel::BodyPartsColumn)).toString(), QStringLiteral("right_hand"));
    QCOMPARE(m_model->data(m_model->index(2, StepListModel::TextColumn)).toString(), QStringLiteral("Walk forward."));
    QCOMPARE(m_model->headerData(0, Qt::Horizontal).toString(), QStringLiteral("Start (s)"));
    QCOMPARE(m_model->totalSeconds(), 4.0);
    QVERIFY(m_model->flags(m_model->index(0, 0)) & Qt::ItemIsEditable);
}

void TestStepListModel::editsUndoAndRedo_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("shown");
    QTest::newRow("start") << int(StepListModel::StartColumn) << QVariant(0.5) << QStringLiteral("0.50");
    QTest::newRow("start as text") << int(StepListModel::StartColumn) << QVariant(QStringLiteral(" 0.2 "))
                                   << QStringLiteral("0.20");
    QTest::newRow("end") << int(StepListModel::EndColumn) << QVariant(3.0) << QStringLiteral("3.00");
    QTest::newRow("parts") << int(StepListModel::BodyPartsColumn) << QVariant(QStringLiteral("left_arm,  Right_Hand"))
                           << QStringLiteral("left_arm, right_hand");
    QTest::newRow("text") << int(StepListModel::TextColumn) << QVariant(QStringLiteral("  Clap twice. "))
                          << QStringLiteral("Clap twice.");
}

void TestStepListModel::editsUndoAndRedo()
{
    QFETCH(int, column);
    QFETCH(QVariant, value);
    QFETCH(QString, shown);
    const QModelIndex cell = m_model->index(1, column);
    const QString original = m_model->data(cell).toString();
    QSignalSpy changed(m_model, &StepListModel::stepListChanged);
    QSignalSpy steps(m_model, &StepListModel::stepsChanged);
    QVERIFY(m_model->setData(cell, value));
    QCOMPARE(m_model->data(cell).toString(), shown);
    QCOMPARE(m_stack->count(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(steps.count(), 1);
    m_stack->undo();
    QCOMPARE(m_model->data(cell).toString(), original);
    QCOMPARE(m_model->stepList(), sampleList());
    m_stack->redo();
    QCOMPARE(m_model->data(cell).toString(), shown);
    QCOMPARE(changed.count(), 3);
}

void TestStepListModel::rejectsInvalidInput_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QVariant>("value");
    QTest::newRow("negative start") << int(StepListModel::StartColumn) << QVariant(-0.5);
    QTest::newRow("start not a number") << int(StepListModel::StartColumn) << QVariant(QStringLiteral("soon"));
    QTest::newRow("start inf") << int(StepListModel::StartColumn) << QVariant(qInf());
    QTest::newRow("end before start") << int(StepListModel::EndColumn) << QVariant(0.5);
    QTest::newRow("end nan") << int(StepListModel::EndColumn) << QVariant(qQNaN());
    QTest::newRow("unknown part") << int(StepListModel::BodyPartsColumn) << QVariant(QStringLiteral("left_arm, tail"));
    QTest::newRow("duplicate part") << int(StepListModel::BodyPartsColumn) << QVariant(QStringLiteral("head, head"));
    QTest::newRow("no part") << int(StepListModel::BodyPartsColumn) << QVariant(QStringLiteral("  "));
    QTest::newRow("trailing comma") << int(StepListModel::BodyPartsColumn) << QVariant(QStringLiteral("head,"));
    QTest::newRow("empty text") << int(StepListModel::TextColumn) << QVariant(QStringLiteral("   "));
}

void TestStepListModel::rejectsInvalidInput()
{
    QFETCH(int, column);
    QFETCH(QVariant, value);
    QVERIFY(!m_model->setData(m_model->index(1, column), value));
    QCOMPARE(m_stack->count(), 0);
    QCOMPARE(m_model->stepList(), sampleList());
    QVERIFY(!m_model->setData(m_model->index(1, column), QVariant(1.0), Qt::ToolTipRole));
    QVERIFY(!m_model->setData(QModelIndex(), value));
}

void TestStepListModel::startAfterEndMovesEnd()
{
    QVERIFY(m_model->setData(m_model->index(0, StepListModel::StartColumn), 1.7));
    QCOMPARE(m_model->stepList().steps[0].start, 1.7);
    QCOMPARE(m_model->stepList().steps[0].end, 1.7);
    m_stack->undo();
    QCOMPARE(m_model->stepList().steps[0].end, 1.0);
}

void TestStepListModel::snapsTimes_data()
{
    QTest::addColumn<double>("input");
    QTest::addColumn<double>("snapped");
    QTest::newRow("exact") << 2.5 << 2.5;
    QTest::newRow("down") << 2.52 << 2.5;
    QTest::newRow("up") << 2.53 << 2.55;
    QTest::newRow("tiny") << 0.0249 << 0.0;
    QTest::newRow("0.15") << 0.149 << 0.15;
}

void TestStepListModel::snapsTimes()
{
    QFETCH(double, input);
    QFETCH(double, snapped);
    QCOMPARE(StepListModel::snapTime(input), snapped);
    QVERIFY(m_model->setData(m_model->index(2, StepListModel::EndColumn), input + 3.0));
    QCOMPARE(m_model->stepList().steps[2].end, StepListModel::snapTime(input + 3.0));
    QVERIFY(qAbs(m_model->stepList().steps[2].end - (snapped + 3.0)) < 1e-9);
}

void TestStepListModel::insertRemoveDuplicateMoveUndoRedo()
{
    const StepList original = sampleList();
    QVERIFY(m_model->insertStep(3));
    QCOMPARE(m_model->rowCount(), 4);
    const Step added = m_model->stepList().steps[3];
    QCOMPARE(added.start, 4.0); // after the previous step's end
    QCOMPARE(added.end, 5.0);
    QCOMPARE(added.bodyParts, std::vector<BodyPart>{BodyPart::WholeBody});
    QVERIFY(!added.text.empty());

    QVERIFY(m_model->removeStep(0));
    QCOMPARE(m_model->stepList().steps[0], original.steps[1]);
    QVERIFY(m_model->duplicateStep(0));
    QCOMPARE(m_model->stepList().steps[1], original.steps[1]);
    QCOMPARE(m_model->rowCount(), 4);
    QVERIFY(m_model->moveStep(2, -1)); // "Walk forward." up one
    QCOMPARE(m_model->stepList().steps[1], original.steps[2]);
    QVERIFY(m_model->moveStep(0, 1));
    QCOMPARE(m_model->stepList().steps[0], original.steps[2]);
    QCOMPARE(m_stack->count(), 5);

    const StepList edited = m_model->stepList();
    while (m_stack->canUndo())
        m_stack->undo();
    QCOMPARE(m_model->stepList(), original);
    while (m_stack->canRedo())
        m_stack->redo();
    QCOMPARE(m_model->stepList(), edited);
}

void TestStepListModel::invalidRowsPushNothing()
{
    QVERIFY(!m_model->insertStep(-1));
    QVERIFY(!m_model->insertStep(4));
    QVERIFY(!m_model->removeStep(3));
    QVERIFY(!m_model->duplicateStep(-1));
    QVERIFY(!m_model->moveStep(0, -1));
    QVERIFY(!m_model->moveStep(2, 1));
    QVERIFY(!m_model->moveStep(0, 2));
    QCOMPARE(m_stack->count(), 0);
}

void TestStepListModel::coarseTypingMergesIntoOneUndoStep()
{
    QSignalSpy coarse(m_model, &StepListModel::coarseChanged);
    QSignalSpy steps(m_model, &StepListModel::stepsChanged);
    m_model->setCoarse(QStringLiteral("a"));
    m_model->setCoarse(QStringLiteral("a p"));
    m_model->setCoarse(QStringLiteral("a person jumps"));
    m_model->setCoarse(QStringLiteral("a person jumps")); // no change: nothing pushed
    QCOMPARE(m_stack->count(), 1);
    QCOMPARE(m_model->stepList().coarse, std::string("a person jumps"));
    m_stack->undo();
    QCOMPARE(m_model->stepList().coarse, sampleList().coarse);
    QCOMPARE(coarse.last().at(0).toString(), QString::fromStdString(sampleList().coarse));
    m_stack->redo();
    QCOMPARE(m_model->stepList().coarse, std::string("a person jumps"));
    QCOMPARE(steps.count(), 0); // the sentence is not the steps
}

void TestStepListModel::replaceListIsUndoable()
{
    StepList other;
    other.coarse = "a person stands";
    other.source = "describer";
    other.steps = {makeStep(0, 2, {BodyPart::WholeBody}, "Stand still.")};
    m_model->replaceStepList(other, QStringLiteral("Describe motion"));
    QCOMPARE(m_model->stepList(), other);
    QCOMPARE(m_stack->undoText(), QStringLiteral("Describe motion"));
    m_stack->undo();
    QCOMPARE(m_model->stepList(), sampleList());
    m_stack->redo();
    QCOMPARE(m_model->rowCount(), 1);
}

void TestStepListModel::roundTripsThroughFile()
{
    QVERIFY(m_model->setData(m_model->index(0, StepListModel::BodyPartsColumn), QStringLiteral("right_arm, left_arm")));
    QVERIFY(m_model->setData(m_model->index(2, StepListModel::EndColumn), 4.333));
    QVERIFY(m_model->duplicateStep(1));
    m_model->setCoarse(QStringLiteral("a person waves twice"));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath(QStringLiteral("steps.json")).toStdString();
    saveStepList(path, m_model->stepList());
    const StepList loaded = loadStepList(path);
    QCOMPARE(loaded, m_model->stepList());
    QCOMPARE(loaded.steps[3].end, 4.35);

    QUndoStack stack;
    StepListModel reloaded(&stack);
    reloaded.replaceStepList(loaded, QStringLiteral("Open"));
    QCOMPARE(reloaded.data(reloaded.index(0, StepListModel::BodyPartsColumn)).toString(),
             QStringLiteral("right_arm, left_arm"));
}

QTEST_APPLESS_MAIN(TestStepListModel)
#include "tst_step_list_model.moc"
