// Batch export of starred takes: exportTakes() writes one file per take (unique names) that
// core reads back, reports an unusable folder, and the main window exports only the starred
// takes. Real HumanML3D features; offscreen, no OpenGL.

#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/ui/export/batch_export.h"
#include "stepmotion/ui/export/batch_export_job.h"
#include "stepmotion/ui/window/main_window.h"
#include "stepmotion/ui/takes/take_list_model.h"
#include "test_data.h"

#include <QComboBox>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

using namespace stepmotion;
using namespace stepmotion::ui;

class TestBatchExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void writesOneFilePerTake();
    void writesBvhReadBackAtTheRate();
    void unusableFolderNamesIt();
    void dialogGathersTheOptions();
    void progressCanStopTheBatch();
    void windowExportsOnlyStarredTakes();
    void jobCancelsAndKeepsWhatItWrote();

private:
    Take takeNamed(const QString& name, bool starred) const;

    FeatureClip m_features;
    QTemporaryDir m_dir;
};

void TestBatchExport::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath("settings"));
    QSettings().setValue(QStringLiteral("generation/livePreview"), false); // tst_live_preview covers it
    STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joint_vecs/012314.npy", sample);
    m_features = loadFeatureClip(sample.toStdString());
    QVERIFY(m_features.frames > 40);
}

Take TestBatchExport::takeNamed(const QString& name, bool starred) const
{
    Take take;
    take.features = m_features;
    take.name = name;
    take.starred = starred;
    take.created = QDateTime::currentDateTimeUtc();
    return take;
}

void TestBatchExport::writesOneFilePerTake()
{
    const QString dir = m_dir.filePath("npy/nested"); // created on demand
    const std::vector<Take> takes{takeNamed("take 1 \u00b7 seed 7", true), takeNamed("take 1 \u00b7 seed 7", true),
                                  takeNamed("Take 1 \u00b7 seed 7", true), takeNamed("walk", true)};
    ExportOptions options;
    options.format = ExportFormat::Npy;
    const BatchExportResult result = exportTakes(takes, dir, options);
    QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join('\n')));
    const QStringList expected{dir + "/take_1_seed_7.npy", dir + "/take_1_seed_7_2.npy", dir + "/Take_1_seed_7_3.npy",
                               dir + "/walk.npy"};
    QCOMPARE(result.written, expected);
    for (const QString& path : expected) {
        const JointClip joints = loadJointClip(path.toStdString());
        QCOMPARE(joints.frames, m_features.frames);
    }
}

void TestBatchExport::writesBvhReadBackAtTheRate()
{
    ExportOptions options;
    options.format = ExportFormat::Bvh;
    options.fps = 10;
    const BatchExportResult result = exportTakes({takeNamed("a", true), takeNamed("b", false)}, m_dir.path(), options);
    QCOMPARE(result.written.size(), 2);
    for (const QString& path : result.written) {
        const BvhClip clip = readBvh(path.toStdString());
        // i / 10 <= (frames - 1) / 20 keeps floor((frames - 1) / 2) + 1 frames.
        QCOMPARE(clip.frames, (m_features.frames - 1) / 2 + 1);
        QVERIFY(qAbs(clip.fps() - 10.0) < 1e-6);
    }
}

void TestBatchExport::unusableFolderNamesIt()
{
    const QString file = m_dir.filePath("plain-file");
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    const QString dir = file + "/sub";
    const BatchExportResult result = exportTakes({takeNamed("a", true), takeNamed("b", true)}, dir, {});
    QVERIFY(result.written.isEmpty());
    QCOMPARE(result.errors.size(), 2);
    QVERIFY2(result.errors[0].contains(dir), qPrintable(result.errors[0]));
    QVERIFY(exportTakes({}, m_dir.path(), {}).written.isEmpty());
}

void TestBatchExport::dialogGathersTheOptions()
{
    BatchExportDialog dialog(3, m_dir.path());
    QCOMPARE(dialog.directory(), m_dir.path());
    QCOMPARE(dialog.options().format, ExportFormat::Bvh);
    QCOMPARE(dialog.options().fps, 20.0);
    dialog.setFormat(ExportFormat::Glb);
    dialog.setUnit(LengthUnit::Centimetres);
    dialog.setFps(30);
    dialog.setDirectory(QStringLiteral("  /tmp/x  "));
    QCOMPARE(dialog.options().format, ExportFormat::Glb);
    QCOMPARE(dialog.options().unit, LengthUnit::Centimetres);
    QCOMPARE(dialog.options().fps, 30.0);
    QCOMPARE(dialog.directory(), QStringLiteral("/tmp/x"));
    QComboBox* unit = dialog.findChildren<QComboBox*>().at(1);
    QVERIFY(!unit->isEnabled()); // GLB is metres by definition
    dialog.setFormat(ExportFormat::Fbx);
    QVERIFY(unit->isEnabled());
}

void TestBatchExport::progressCanStopTheBatch()
{
    const std::vector<Take> takes{takeNamed("a", true), takeNamed("b", true), takeNamed("c", true)};
    const QString dir = m_dir.filePath("stopped");
    ExportOptions options;
    options.format = ExportFormat::Npy;
    QList<int> seen;
    const BatchExportResult stopped = exportTakes(takes, dir, options, [&](int done, int total) {
        seen << done * 10 + total;
        return done < 2;
    });
    QCOMPARE(seen, (QList<int>{13, 23}));
    QVERIFY(stopped.cancelled);
    QCOMPARE(stopped.written, (QStringList{dir + "/a.npy", dir + "/b.npy"}));
    // Refusing after the last take stops nothing: that batch is complete.
    QCOMPARE(exportTakes({takes[0]}, dir, options, [](int, int) { return false; }).cancelled, false);
}

void TestBatchExport::windowExportsOnlyStarredTakes()
{
    MainWindow window;
    window.takeModel()->appendTakes({takeNamed("take 1", true), takeNamed("take 2", false), takeNamed("take 3", true)});
    const QString dir = m_dir.filePath("starred");
    ExportOptions options;
    options.format = ExportFormat::Npy;
    BatchExportJob* job = window.startStarredTakesExport(dir, options);
    QVERIFY(job);
    QCOMPARE(job->total(), 2);
    QSignalSpy progress(job, &BatchExportJob::progressed);
    QSignalSpy finished(job, &BatchExportJob::finished);
    QVERIFY(!window.startStarredTakesExport(dir, options)); // one batch at a time
    QVERIFY(finished.wait(30000));
    const auto result = finished.first().at(0).value<BatchExportResult>();
    QVERIFY(result.errors.isEmpty());
    QVERIFY(!result.cancelled);
    QCOMPARE(result.written, (QStringList{dir + "/take_1.npy", dir + "/take_3.npy"}));
    QCOMPARE(QDir(dir).entryList(QDir::Files).size(), 2);
    QTRY_COMPARE(progress.size(), 2);
    QCOMPARE(progress.last().at(0).toInt(), 2);
    QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Exported 2 starred take(s) to %1").arg(dir));
    QVERIFY(window.startStarredTakesExport(dir, options)); // the finished job made way for the next;
    // closing the window while it runs cancels it and waits for the file being written.
    bool hasMenuEntry = false;
    for (QAction* action : window.findChildren<QAction*>())
        hasMenuEntry = hasMenuEntry || action->text() == QStringLiteral("Export s&tarred takes...");
    QVERIFY(hasMenuEntry);
}

void TestBatchExport::jobCancelsAndKeepsWhatItWrote()
{
    // FBX through Assimp is the slowest format: 64 takes cannot all be written before cancel().
    std::vector<Take> takes;
    for (int i = 0; i < 64; ++i)
        takes.push_back(takeNamed(QStringLiteral("t%1").arg(i), true));
    const QString dir = m_dir.filePath("cancelled");
    ExportOptions options;
    options.format = ExportFormat::Fbx;
    BatchExportJob job(takes, dir, options);
    QSignalSpy finished(&job, &BatchExportJob::finished);
    job.start();
    job.cancel();
    QVERIFY(finished.wait(60000));
    const auto result = finished.first().at(0).value<BatchExportResult>();
    QVERIFY(result.cancelled);
    QVERIFY2(result.written.size() < 64, qPrintable(QString::number(result.written.size())));
    // Every file it reports is complete (written atomically) and nothing else is there.
    QCOMPARE(QDir(dir).entryList(QDir::Files).size(), result.written.size());
    for (const QString& path : result.written)
        QCOMPARE(importWithAssimp(path.toStdString()).frames, m_features.frames);
}

QTEST_MAIN(TestBatchExport)
#include "tst_batch_export.moc"
