// StepListModel's multi-row operations: drag-and-drop reordering through the model's mime
// payload, split, merge and the timeline's time edits; each one undoable command.

#include "stepmotion/ui/steps/step_list_model.h"
#include "step_fixtures.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QUndoStack>
#include <QtTest>

#include <memory>

using namespace stepmotion;
using namespace stepmotion::ui;

namespace {

using test::makeStep;
StepList sampleList() { return test::sampleStepList(); }

} // namespace

class TestStepListOps : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void dropMovesRowsUndoably_data();
    void dropMovesRowsUndoably();
    void dropRefusesForeignOrBrokenPayloads();
    void splitHalvesAtTheSnappedMidpoint();
    void mergeJoinsConsecutiveSteps();
    void setStepTimesSnapsAndIsUndoable();

private:
    QUndoStack* m_stack = nullptr;
    StepListModel* m_model = nullptr;
    QAbstractItemModelTester* m_tester = nullptr;
};

void TestStepListOps::init()
{
    m_stack = new QUndoStack(this);
    m_model = new StepListModel(m_stack, this);
    m_tester = new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    m_model->replaceStepList(sampleList(), QStringLiteral("load"));
    m_stack->clear();
}

void TestStepListOps::cleanup()
{
    delete m_tester;
    delete m_model;
    delete m_stack;
}

/// The step texts' first words in row order, to compare orders compactly.
static QStringList texts(const StepListModel& model)
{
    QStringList out;
    for (const Step& step : model.stepList().steps)
        out << QString::fromStdString(step.text).section(QLatin1Char(' '), 0, 0);
    return out;
}

void TestStepListOps::dropMovesRowsUndoably_data()
{
    QTest::addColumn<QList<int>>("dragged");
    QTest::addColumn<int>("row");        // drop between rows (-1 = not between)
    QTest::addColumn<int>("onRow");      // drop on this row (-1 = none)
    QTest::addColumn<QStringList>("order");
    const QString r = QStringLiteral("Raise"), w = QStringLiteral("Wave"), k = QStringLiteral("Walk");
    QTest::newRow("first to end") << QList<int>{0} << 3 << -1 << QStringList{w, k, r};
    QTest::newRow("last to top") << QList<int>{2} << 0 << -1 << QStringList{k, r, w};
    QTest::newRow("first before last") << QList<int>{0} << 2 << -1 << QStringList{w, r, k};
    QTest::newRow("first onto last") << QList<int>{0} << -1 << 2 << QStringList{w, k, r};
    QTest::newRow("last onto first") << QList<int>{2} << -1 << 0 << QStringList{k, r, w};
    QTest::newRow("below the rows") << QList<int>{1} << -1 << -1 << QStringList{r, k, w};
    QTest::newRow("block of two down") << QList<int>{0, 1} << 3 << -1 << QStringList{k, r, w};
}

void TestStepListOps::dropMovesRowsUndoably()
{
    QFETCH(QList<int>, dragged);
    QFETCH(int, row);
    QFETCH(int, onRow);
    QFETCH(QStringList, order);
    QModelIndexList indexes;
    for (int r : dragged)
        for (int column = 0; column < StepListModel::ColumnCount; ++column)
            indexes << m_model->index(r, column);
    std::unique_ptr<QMimeData> data(m_model->mimeData(indexes));
    QVERIFY(m_model->mimeTypes().contains(QString::fromLatin1(StepListModel::kRowsMimeType)));
    QVERIFY(m_model->supportedDropActions() == Qt::MoveAction);
    const QModelIndex parent = onRow >= 0 ? m_model->index(onRow, 0) : QModelIndex();
    QVERIFY(m_model->canDropMimeData(data.get(), Qt::MoveAction, row, 0, parent));
    QVERIFY(m_model->dropMimeData(data.get(), Qt::MoveAction, row, 0, parent));
    QCOMPARE(texts(*m_model), order);
    QCOMPARE(m_stack->count(), 1);
    m_stack->undo();
    QCOMPARE(m_model->stepList(), sampleList());
    m_stack->redo();
    QCOMPARE(texts(*m_model), order);
}

void TestStepListOps::dropRefusesForeignOrBrokenPayloads()
{
    QMimeData foreign;
    foreign.setText(QStringLiteral("0"));
    QVERIFY(!m_model->canDropMimeData(&foreign, Qt::MoveAction, 0, 0, {}));
    for (const QByteArray& payload : {QByteArray("0,2"), QByteArray("7"), QByteArray("x"), QByteArray("")}) {
        QMimeData broken;
        broken.setData(QString::fromLatin1(StepListModel::kRowsMimeType), payload);
        QVERIFY2(!m_model->dropMimeData(&broken, Qt::MoveAction, 0, 0, {}), payload.constData());
    }
    std::unique_ptr<QMimeData> data(m_model->mimeData({m_model->index(1, 0)}));
    QVERIFY(!m_model->canDropMimeData(data.get(), Qt::CopyAction, 0, 0, {}));
    QVERIFY(!m_model->dropMimeData(data.get(), Qt::MoveAction, 1, 0, {})); // onto itself: no change
    QVERIFY(!m_model->dropMimeData(data.get(), Qt::MoveAction, 2, 0, {}));
    QCOMPARE(m_stack->count(), 0);
    QCOMPARE(m_model->stepList(), sampleList());
}

void TestStepListOps::splitHalvesAtTheSnappedMidpoint()
{
    // Wave spans [1.0, 2.5]: the midpoint 1.75 is on the 0.05 s grid.
    QVERIFY(m_model->splitStep(1));
    QCOMPARE(m_model->rowCount(), 4);
    const auto& steps = m_model->stepList().steps;
    QCOMPARE(steps[1], makeStep(1.0, 1.75, {BodyPart::RightHand}, "Wave your right hand."));
    QCOMPARE(steps[2], makeStep(1.75, 2.5, {BodyPart::RightHand}, "Wave your right hand."));
    QCOMPARE(m_stack->count(), 1);
    QCOMPARE(m_stack->undoText(), QStringLiteral("Split step"));
    m_stack->undo();
    QCOMPARE(m_model->stepList(), sampleList());
    // [0, 1.0] then [0, 0.5]: 0.25 is on the grid; [0, 0.25] splits at 0.1 or 0.15 (snapped).
    QVERIFY(m_model->setStepTimes(0, 0, 0.25, QStringLiteral("t")));
    QVERIFY(m_model->splitStep(0));
    const double middle = m_model->stepList().steps[0].end;
    QVERIFY2(qFuzzyCompare(middle, 0.1) || qFuzzyCompare(middle, 0.15), qPrintable(QString::number(middle)));
    QCOMPARE(m_model->stepList().steps[1].start, middle);
    // Too short to split (0.05 s) and invalid rows push nothing.
    QVERIFY(m_model->setStepTimes(0, 0, 0.05, QStringLiteral("t")));
    const int count = m_stack->count();
    QVERIFY(!m_model->splitStep(0));
    QVERIFY(!m_model->splitStep(-1));
    QVERIFY(!m_model->splitStep(m_model->rowCount()));
    QCOMPARE(m_stack->count(), count);
}

void TestStepListOps::mergeJoinsConsecutiveSteps()
{
    QVERIFY(m_model->mergeSteps(0, 1));
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->stepList().steps[0],
             makeStep(0.0, 2.5, {BodyPart::RightArm, BodyPart::RightHand}, "Raise your right arm. Wave your right hand."));
    QCOMPARE(m_model->stepList().steps[1], sampleList().steps[2]);
    QCOMPARE(m_stack->count(), 1);
    m_stack->undo();
    QCOMPARE(m_model->stepList(), sampleList());
    m_stack->redo();
    QCOMPARE(m_model->rowCount(), 2);
    m_stack->undo();
    // All three; repeated parts are kept once.
    QVERIFY(m_model->setData(m_model->index(2, StepListModel::BodyPartsColumn), QStringLiteral("right_hand")));
    QVERIFY(m_model->mergeSteps(0, 2));
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->stepList().steps[0].bodyParts, (std::vector<BodyPart>{BodyPart::RightArm, BodyPart::RightHand}));
    QCOMPARE(m_model->stepList().steps[0].end, 4.0);
    const int count = m_stack->count();
    QVERIFY(!m_model->mergeSteps(0, 0));
    QVERIFY(!m_model->mergeSteps(0, 1)); // only one row left
    QVERIFY(!m_model->mergeSteps(-1, 0));
    QCOMPARE(m_stack->count(), count);
}

void TestStepListOps::setStepTimesSnapsAndIsUndoable()
{
    QVERIFY(m_model->setStepTimes(1, 1.12, 2.73, QStringLiteral("Move step")));
    QCOMPARE(m_model->stepList().steps[1].start, 1.1);
    QCOMPARE(m_model->stepList().steps[1].end, 2.75);
    QCOMPARE(m_stack->undoText(), QStringLiteral("Move step"));
    QVERIFY(m_model->setStepTimes(1, 1.1, 2.75, QStringLiteral("Move step"))); // unchanged: no command
    QCOMPARE(m_stack->count(), 1);
    QVERIFY(!m_model->setStepTimes(1, -0.1, 1, QStringLiteral("x")));
    QVERIFY(!m_model->setStepTimes(1, 2, 1, QStringLiteral("x")));
    QVERIFY(!m_model->setStepTimes(1, 0, qQNaN(), QStringLiteral("x")));
    QVERIFY(!m_model->setStepTimes(3, 0, 1, QStringLiteral("x")));
    m_stack->undo();
    QCOMPARE(m_model->stepList(), sampleList());
}

QTEST_APPLESS_MAIN(TestStepListOps)
#include "tst_step_list_ops.moc"
