// Studio start-up pieces: command line, frame counter text and the recent-files list.

#include "stepmotion/ui/modes/gl_probe.h"
#include "stepmotion/ui/player/playback_bar.h"
#include "stepmotion/ui/window/recent_files.h"
#include "stepmotion/ui/modes/studio_options.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace stepmotion::ui;

class TestStudioOptions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesValidCommandLines_data();
    void parsesValidCommandLines();
    void parsesStepsGenerateAndWindowShot();
    void parsesStudyMode();
    void rejectsBadCommandLines_data();
    void rejectsBadCommandLines();
    void frameCounterText_data();
    void frameCounterText();
    void recentFilesKeepsOrderAndLimit();
    void softwareRenderersAreRecognised();
};

void TestStudioOptions::parsesValidCommandLines_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<QString>("shot");
    QTest::addColumn<int>("frame");
    QTest::addColumn<QSize>("size");
    const QString exe = QStringLiteral("stepmotion-studio");
    QTest::newRow("nothing") << QStringList{exe} << QStringList() << QString() << 0 << QSize(1280, 720);
    QTest::newRow("file") << QStringList{exe, QStringLiteral("walk.bvh")} << QStringList{QStringLiteral("walk.bvh")}
                          << QString() << 0 << QSize(1280, 720);
    QTest::newRow("two files to compare")
        << QStringList{exe, QStringLiteral("a.npy"), QStringLiteral("b.bvh")}
        << QStringList{QStringLiteral("a.npy"), QStringLiteral("b.bvh")} << QString() << 0 << QSize(1280, 720);
    QTest::newRow("screenshot")
        << QStringList{exe, QStringLiteral("a.npy"), QStringLiteral("--screenshot"), QStringLiteral("out.png"),
                       QStringLiteral("--frame"), QStringLiteral("40"), QStringLiteral("--size"), QStringLiteral("800x450")}
        << QStringList{QStringLiteral("a.npy")} << QStringLiteral("out.png") << 40 << QSize(800, 450);
    QTest::newRow("options first, = form")
        << QStringList{exe, QStringLiteral("--size=640x480"), QStringLiteral("--screenshot=o.png"), QStringLiteral("b.bvh")}
        << QStringList{QStringLiteral("b.bvh")} << QStringLiteral("o.png") << 0 << QSize(640, 480);
}

void TestStudioOptions::parsesValidCommandLines()
{
    QFETCH(QStringList, args);
    StudioOptions options;
    QString error;
    QVERIFY2(parseStudioOptions(args, options, error), qPrintable(error));
    QTEST(options.files, "files");
    QTEST(options.screenshot, "shot");
    QTEST(options.frame, "frame");
    QTEST(options.size, "size");
    QVERIFY(!options.help);
}

void TestStudioOptions::rejectsBadCommandLines_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    const QString exe = QStringLiteral("stepmotion-studio");
    QTest::newRow("screenshot without file")
        << QStringList{exe, QStringLiteral("--screenshot"), QStringLiteral("o.png")} << QStringLiteral("needs a motion FILE");
    QTest::newRow("negative frame") << QStringList{exe, QStringLiteral("a.npy"), QStringLiteral("--frame"), QStringLiteral("-2")}
                                    << QStringLiteral("--frame");
    QTest::newRow("frame not a number")
        << QStringList{exe, QStringLiteral("a.npy"), QStringLiteral("--frame"), QStringLiteral("ten")} << QStringLiteral("'ten'");
    QTest::newRow("bad size") << QStringList{exe, QStringLiteral("a.npy"), QStringLiteral("--size"), QStringLiteral("big")}
                              << QStringLiteral("--size");
    QTest::newRow("tiny size") << QStringList{exe, QStringLiteral("a.npy"), QStringLiteral("--size"), QStringLiteral("10x10")}
                               << QStringLiteral("10x10");
    QTest::newRow("unknown option") << QStringList{exe, QStringLiteral("--bogus")} << QStringLiteral("bogus");
    QTest::newRow("both screenshots") << QStringList{exe, QStringLiteral("a.npy"), QStringLiteral("--screenshot"),
                                                     QStringLiteral("a.png"), QStringLiteral("--window-screenshot"),
                                                     QStringLiteral("b.png")}
                                      << QStringLiteral("cannot be combined");
    QTest::newRow("steps without value") << QStringList{exe, QStringLiteral("--steps")} << QStringLiteral("steps");
    QTest::newRow("rater without study") << QStringList{exe, QStringLiteral("--rater"), QStringLiteral("r1")}
                                         << QStringLiteral("need --study");
    QTest::newRow("results without study") << QStringList{exe, QStringLiteral("--results")}
                                           << QStringLiteral("need --study");
    QTest::newRow("rater and results")
        << QStringList{exe, QStringLiteral("--study"), QStringLiteral("s"), QStringLiteral("--rater"),
                       QStringLiteral("r1"), QStringLiteral("--results")}
        << QStringLiteral("cannot be combined");
    QTest::newRow("preview bench without steps")
        << QStringList{exe, QStringLiteral("--preview-bench"), QStringLiteral("20")} << QStringLiteral("needs --steps");
    QTest::newRow("preview bench of no edits")
        << QStringList{exe, QStringLiteral("--steps"), QStringLiteral("s.json"), QStringLiteral("--preview-bench"),
                       QStringLiteral("0")}
        << QStringLiteral("1..1000 edits");
    QTest::newRow("character without screenshot")
        << QStringList{exe, QStringLiteral("a.npy"), QStringLiteral("--character"), QStringLiteral("c.fbx")}
        << QStringLiteral("--character goes with --screenshot");
    QTest::newRow("study with files") << QStringList{exe, QStringLiteral("a.npy"), QStringLiteral("--study"),
                                                     QStringLiteral("s")}
                                      << QStringLiteral("--study cannot be combined");
}

void TestStudioOptions::parsesStudyMode()
{
    StudioOptions options;
    QString error;
    const QString exe = QStringLiteral("stepmotion-studio");
    QVERIFY2(parseStudioOptions({exe, QStringLiteral("--study"), QStringLiteral("/data/study1"), QStringLiteral("--rater"),
                                 QStringLiteral("r7")},
                                options, error),
             qPrintable(error));
    QCOMPARE(options.studyDir, QStringLiteral("/data/study1"));
    QCOMPARE(options.rater, QStringLiteral("r7"));
    QVERIFY(!options.studyResults);
    QVERIFY2(parseStudioOptions({exe, QStringLiteral("--study=/data/study1"), QStringLiteral("--results")}, options, error),
             qPrintable(error));
    QVERIFY(options.studyResults);
    QVERIFY(options.rater.isEmpty());
    QVERIFY2(parseStudioOptions({exe, QStringLiteral("--study"), QStringLiteral("s")}, options, error), qPrintable(error));
    QVERIFY(options.rater.isEmpty()); // asked at start
    // The README's pictures of the study windows.
    QVERIFY2(parseStudioOptions({exe, QStringLiteral("--study"), QStringLiteral("s"), QStringLiteral("--results"),
                                 QStringLiteral("--window-screenshot"), QStringLiteral("r.png")},
                                options, error),
             qPrintable(error));
    QCOMPARE(options.windowShot, QStringLiteral("r.png"));
    QVERIFY(studioUsage().contains(QStringLiteral("--study DIR")));
}

void TestStudioOptions::parsesStepsGenerateAndWindowShot()
{
    StudioOptions options;
    QString error;
    QVERIFY2(parseStudioOptions({QStringLiteral("stepmotion-studio"), QStringLiteral("--steps"), QStringLiteral("s.json"),
                                 QStringLiteral("--generate"), QStringLiteral("--window-screenshot"), QStringLiteral("w.png")},
                                options, error),
             qPrintable(error));
    QCOMPARE(options.stepsFile, QStringLiteral("s.json"));
    QVERIFY(options.generate);
    QCOMPARE(options.windowShot, QStringLiteral("w.png"));
    QVERIFY(options.files.isEmpty());
    QVERIFY(options.screenshot.isEmpty());
    QCOMPARE(options.previewBench, 0);
    QVERIFY2(parseStudioOptions({QStringLiteral("stepmotion-studio"), QStringLiteral("--steps"), QStringLiteral("s.json"),
                                 QStringLiteral("--preview-bench"), QStringLiteral("20")},
                                options, error),
             qPrintable(error));
    QCOMPARE(options.previewBench, 20);
    QVERIFY2(parseStudioOptions({QStringLiteral("stepmotion-studio"), QStringLiteral("a.npy"), QStringLiteral("--screenshot"),
                                 QStringLiteral("o.png"), QStringLiteral("--character"), QStringLiteral("c.fbx")},
                                options, error),
             qPrintable(error));
    QCOMPARE(options.character, QStringLiteral("c.fbx"));
}

void TestStudioOptions::rejectsBadCommandLines()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    StudioOptions options;
    QString error;
    QVERIFY(!parseStudioOptions(args, options, error));
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestStudioOptions::frameCounterText_data()
{
    QTest::addColumn<int>("frame");
    QTest::addColumn<int>("frames");
    QTest::addColumn<QString>("expected");
    QTest::newRow("first") << 0 << 196 << QStringLiteral("frame 1 / 196  0.00 s");
    QTest::newRow("middle") << 12 << 196 << QStringLiteral("frame 13 / 196  0.60 s");
    QTest::newRow("last") << 195 << 196 << QStringLiteral("frame 196 / 196  9.75 s");
    QTest::newRow("empty") << 0 << 0 << QStringLiteral("no motion");
}

void TestStudioOptions::frameCounterText()
{
    QFETCH(int, frame);
    QFETCH(int, frames);
    QTEST(stepmotion::ui::frameCounterText(frame, frames, 20.0), "expected");
}

void TestStudioOptions::recentFilesKeepsOrderAndLimit()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSettings settings(dir.filePath(QStringLiteral("studio.ini")), QSettings::IniFormat);
    RecentFiles recent(settings);
    QVERIFY(recent.entries().isEmpty());
    const auto file = [&dir](int i) { return dir.filePath(QStringLiteral("clip%1.bvh").arg(i)); };
    for (int i = 0; i < 10; ++i)
        recent.add(file(i));
    QStringList entries = recent.entries();
    QCOMPARE(entries.size(), RecentFiles::kMaxEntries);
    QCOMPARE(entries.front(), file(9));
    QCOMPARE(entries.back(), file(2));
    recent.add(file(5)); // re-opening moves it to the front without duplicating it
    entries = recent.entries();
    QCOMPARE(entries.front(), file(5));
    QCOMPARE(entries.count(file(5)), 1);
    recent.remove(file(9));
    QVERIFY(!recent.entries().contains(file(9)));
    // Persisted: a second reader of the same settings sees the same list.
    QSettings again(dir.filePath(QStringLiteral("studio.ini")), QSettings::IniFormat);
    QCOMPARE(RecentFiles(again).entries(), recent.entries());
    recent.clear();
    QVERIFY(recent.entries().isEmpty());
}

void TestStudioOptions::softwareRenderersAreRecognised()
{
    QVERIFY(isSoftwareRenderer(QStringLiteral("llvmpipe (LLVM 15.0.6, 256 bits)")));
    QVERIFY(isSoftwareRenderer(QStringLiteral("softpipe")));
    QVERIFY(isSoftwareRenderer(QStringLiteral("GDI Generic")));
    QVERIFY(!isSoftwareRenderer(QStringLiteral("NVIDIA GeForce RTX 3080/PCIe/SSE2")));
    QVERIFY(!isSoftwareRenderer(QStringLiteral("Mesa Intel(R) UHD Graphics 620 (KBL GT2)")));
    QVERIFY(!isSoftwareRenderer(QString()));
}

QTEST_APPLESS_MAIN(TestStudioOptions)
#include "tst_studio_options.moc"
