// The Dataset dock: DatasetClipModel's filters (with QAbstractItemModelTester), the browser
// indexing a small HumanML3D-layout folder built from the real shared samples on its worker
// thread, and the main window's "Show beside" / "Use its steps". Offscreen, no OpenGL.

#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/steps/steps.h"
#include "stepmotion/ui/dataset/dataset_browser.h"
#include "stepmotion/ui/dataset/dataset_clip_model.h"
#include "stepmotion/ui/window/main_window.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/steps/step_list_model.h"
#include "test_data.h"
#include "test_helpers.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QPushButton>
#include <QSettings>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace stepmotion;
using namespace stepmotion::ui;

namespace {

using test::writeText;

StepList kickSteps()
{
    StepList list;
    list.source = "user";
    Step lift;
    lift.start = 0;
    lift.end = 1.5;
    lift.bodyParts = {BodyPart::LeftLeg};
    lift.text = "Lift your left knee.";
    Step kick = lift;
    kick.start = 1.5;
    kick.end = 3;
    kick.text = "Kick forward with the left foot.";
    list.steps = {lift, kick};
    return list;
}

} // namespace

class TestDatasetBrowser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void modelFiltersByWordsAndSplit();
    void browserIndexesOnAWorker();
    void browserReportsABadFolder();
    void windowShowsGroundTruthBeside();
    void windowUsesTheClipSteps();

private:
    bool indexInto(DatasetBrowser& browser, const QString& dir);

    QTemporaryDir m_tmp;
    QString m_data;
};

void TestDatasetBrowser::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_tmp.filePath("settings"));
    QSettings().setValue(QStringLiteral("generation/livePreview"), false); // tst_live_preview covers it
    STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joint_vecs/012314.npy", sample);
    const QString samples = QFileInfo(sample).absolutePath() + "/..";
    m_data = m_tmp.filePath("hml");
    for (const char* sub : {"/new_joint_vecs", "/new_joints", "/texts", "/steps"})
        QVERIFY(QDir().mkpath(m_data + sub));
    for (const QString id : {"000000", "012314"})
        for (const char* kind : {"/new_joint_vecs/", "/new_joints/"})
            QVERIFY(QFile::copy(samples + kind + id + ".npy", m_data + kind + id + ".npy"));
    QVERIFY(QFile::copy(samples + "/texts/000000.txt", m_data + "/texts/000000.txt"));
    for (const char* stats : {"/Mean.npy", "/Std.npy"})
        if (QFileInfo::exists(samples + "/.." + stats))
            QVERIFY(QFile::copy(samples + "/.." + stats, m_data + stats));
    // The samples carry no caption for 012314: two written here, the second timed.
    writeText(m_data + "/texts/012314.txt", "a person walks forward slowly.#a/DET person/NOUN#0.0#0.0\n"
                                            "someone waves with the right hand.#someone/PRON#1.0#2.5\n");
    writeText(m_data + "/steps/000000.json",
              "{\"lists\": [" + QByteArray::fromStdString(stepListToJson(kickSteps())) + "]}");
    writeText(m_data + "/train.txt", "000000\n");
    writeText(m_data + "/val.txt", "");
    writeText(m_data + "/test.txt", "012314\n");
}

bool TestDatasetBrowser::indexInto(DatasetBrowser& browser, const QString& dir)
{
    QSignalSpy finished(&browser, &DatasetBrowser::indexingFinished);
    browser.openFolder(dir);
    return finished.wait(20000) && finished.size() == 1 && finished.front().at(0).toBool();
}

void TestDatasetBrowser::modelFiltersByWordsAndSplit()
{
    DatasetClipModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setIndex(readDatasetIndex(m_data.toStdString(), "all"));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), 4);
    QCOMPARE(model.data(model.index(0, DatasetClipModel::IdColumn)).toString(), QStringLiteral("000000"));
    QCOMPARE(model.data(model.index(0, DatasetClipModel::SplitColumn)).toString(), QStringLiteral("train"));
    QVERIFY(model.data(model.index(0, DatasetClipModel::CaptionColumn)).toString().startsWith("a man kicks"));
    // 012314's features have 199 rows at 20 fps.
    const DatasetClip& walk = model.clip(1);
    QCOMPARE(model.data(model.index(1, DatasetClipModel::LengthColumn)).toString(),
             QString::number((walk.frames - 1) / 20.0, 'f', 1)); // first to last frame, as `info` says
    QCOMPARE(walk.frames, npyRowCount(walk.featurePath));

    model.setSearchText(QStringLiteral("  KICKS  left "));  // case-insensitive, all words
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.clip(0).id, std::string("000000"));
    model.setSearchText(QStringLiteral("kicks waves"));  // no clip has both
    QCOMPARE(model.rowCount(), 0);
    model.setSearchText(QStringLiteral("knee"));  // only in a step text
    QCOMPARE(model.rowCount(), 1);
    model.setSearchText(QStringLiteral("walks RIGHT hand"));  // words from different captions
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.clip(0).id, std::string("012314"));
    model.setSearchText(QString());
    model.setSplitFilter(QStringLiteral("test"));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowOf(QStringLiteral("012314")), 0);
    QCOMPARE(model.rowOf(QStringLiteral("000000")), -1);
    QVERIFY(model.findClip(QStringLiteral("000000")) != nullptr);  // filtered out, still known
    model.setSplitFilter(QStringLiteral("val"));
    QCOMPARE(model.rowCount(), 0);
    model.setSplitFilter(QStringLiteral("all"));
    QCOMPARE(model.rowCount(), 2);
}

void TestDatasetBrowser::browserIndexesOnAWorker()
{
    DatasetBrowser browser;
    QVERIFY(indexInto(browser, m_data));
    QVERIFY(!browser.isIndexing());
    QCOMPARE(browser.model()->clipCount(), 2);
    browser.searchField()->setText(QStringLiteral("waves"));
    QCOMPARE(browser.model()->rowCount(), 1);
    browser.searchField()->clear();
    browser.splitBox()->setCurrentIndex(browser.splitBox()->findData(QStringLiteral("train")));
    QCOMPARE(browser.model()->rowCount(), 1);
    QVERIFY(browser.selectClip(QStringLiteral("000000")));
    const QString details = browser.detailsText();
    QVERIFY2(details.contains("the standing person kicks"), qPrintable(details));
    QVERIFY2(details.contains("Steps (steps.json):"), qPrintable(details));
    QVERIFY2(details.contains("1.50-3.00 s  left_leg: Kick forward with the left foot."), qPrintable(details));
    browser.splitBox()->setCurrentIndex(0);
    QVERIFY(browser.selectClip(QStringLiteral("012314")));
    QVERIFY2(browser.detailsText().contains("[1.00-2.50 s] someone waves"), qPrintable(browser.detailsText()));
    QVERIFY(browser.detailsText().contains("No step lists."));
}

void TestDatasetBrowser::browserReportsABadFolder()
{
    DatasetBrowser browser;
    QSignalSpy finished(&browser, &DatasetBrowser::indexingFinished);
    const QString missing = m_tmp.filePath("no-such-dataset");
    browser.openFolder(missing);
    QVERIFY(browser.isIndexing() || finished.size() == 1);
    QVERIFY(finished.wait(20000) || finished.size() == 1);
    QCOMPARE(finished.front().at(0).toBool(), false);
    QVERIFY2(finished.front().at(2).toString().contains(missing), qPrintable(finished.front().at(2).toString()));
    QCOMPARE(browser.model()->rowCount(), 0);
}

void TestDatasetBrowser::windowShowsGroundTruthBeside()
{
    MainWindow window;
    QVERIFY(indexInto(*window.datasetBrowser(), m_data));
    STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joints/000000.npy", take);
    QVERIFY(window.openFile(take));
    QVERIFY(window.showDatasetClipBeside(QStringLiteral("012314")));
    const MotionScene& shown = window.player()->scene();
    QCOMPARE(shown.size(), 2);
    QCOMPARE(shown.motion(1).name, QStringLiteral("ground truth 012314"));
    QCOMPARE(shown.motion(1).joints.frames, loadJointClip((m_data + "/new_joints/012314.npy").toStdString()).frames);
    QVERIFY(window.windowTitle().contains("ground truth 012314"));
    QVERIFY(!window.showDatasetClipBeside(QStringLiteral("999999")));
}

void TestDatasetBrowser::windowUsesTheClipSteps()
{
    MainWindow window;
    QVERIFY(indexInto(*window.datasetBrowser(), m_data));
    QVERIFY(window.datasetBrowser()->selectClip(QStringLiteral("000000")));
    QPushButton* use = nullptr;
    for (QPushButton* b : window.datasetBrowser()->findChildren<QPushButton*>())
        if (b->text() == QStringLiteral("Use its steps"))
            use = b;
    QVERIFY(use && use->isEnabled());
    use->click();
    const StepList& list = window.stepModel()->stepList();
    QCOMPARE(list.steps, kickSteps().steps);
    QVERIFY(QString::fromStdString(list.coarse).startsWith("a man kicks something"));
    window.undoStack()->undo();
    QCOMPARE(window.stepModel()->rowCount(), 0);
    QVERIFY(window.stepModel()->stepList().coarse.empty());
    // A clip with captions only: the caption becomes the coarse sentence, no steps.
    QVERIFY(window.useDatasetClipSteps(QStringLiteral("012314")));
    QCOMPARE(window.stepModel()->rowCount(), 0);
    QCOMPARE(window.stepModel()->stepList().coarse, std::string("a person walks forward slowly."));
}

QTEST_MAIN(TestDatasetBrowser)
#include "tst_dataset_browser.moc"
