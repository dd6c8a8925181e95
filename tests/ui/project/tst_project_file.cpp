// Projects: the .stepmotion file (round trip, bad files naming file and field) and the main
// window's project handling (title marker, save/open, ask-to-save, autosave and recovery).
// Offscreen: the window is never shown.

#include "stepmotion/ui/window/main_window.h"
#include "stepmotion/ui/project/project_file.h"
#include "stepmotion/ui/steps/step_editor.h"
#include "stepmotion/ui/steps/step_list_model.h"
#include "stepmotion/ui/takes/take_list_model.h"

#include "stepmotion/core/runtime/error.h"

#include <QAbstractButton>
#include <QApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtTest>

#include <functional>
#include <limits>
#include <thread>

using namespace stepmotion;
using namespace stepmotion::ui;

namespace {

StepList oneStep(const std::string& text)
{
    StepList list;
    list.coarse = "a person moves";
    list.source = "user";
    Step step;
    step.start = 0.5;
    step.end = 2.25;
    step.bodyParts = {BodyPart::LeftArm, BodyPart::Head};
    step.text = text;
    list.steps = {step};
    return list;
}

Project sampleProject()
{
    Project project;
    project.steps = oneStep("Raise your left arm.");
    // Neither composition is what a file without the field reads as, so the round trip shows
    // both are written: settings joint (missing = per-step), takes per-step (missing = joint).
    // Likewise the sampler: settings and takes use DPM-Solver++ (missing = ddim).
    project.settings = {12, 3, 4.5, 25, StepComposition::Joint, Sampler::DpmSolver};
    GenerationRequest request;
    request.steps = oneStep("Jump.");
    request.seed = 41;
    request.guidanceScale = 3.0;
    request.samplingSteps = 10;
    request.composition = StepComposition::PerStep;
    request.sampler = Sampler::DpmSolver;
    std::vector<FeatureClip> clips(2, FeatureClip(45));
    for (std::size_t c = 0; c < clips.size(); ++c)
        for (std::size_t i = 0; i < clips[c].values.size(); ++i)
            clips[c].values[i] = std::sin(0.001f * static_cast<float>(i + c)) * 1e3f + 1e-7f * static_cast<float>(i);
    project.takes = takesFromGeneration(clips, request, 5);
    project.takes[1].starred = true;
    project.takes[1].name = QStringLiteral("my favourite");
    return project;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(bytes);
    return file.fileName();
}

/// The sample project's JSON after `edit` changed its root object.
QByteArray editedSample(const std::function<void(QJsonObject&)>& edit)
{
    QJsonObject root = QJsonDocument::fromJson(projectToJson(sampleProject())).object();
    edit(root);
    return QJsonDocument(root).toJson();
}

/// Sets (or, given an undefined value, removes) "composition" in the settings and in every take.
void setComposition(QJsonObject& root, const QJsonValue& settingsValue, const QJsonValue& takeValue)
{
    const auto put = [](QJsonObject& object, const QJsonValue& value) {
        if (value.isUndefined())
            object.remove(QStringLiteral("composition"));
        else
            object[QStringLiteral("composition")] = value;
    };
    QJsonObject settings = root[QStringLiteral("settings")].toObject();
    put(settings, settingsValue);
    root[QStringLiteral("settings")] = settings;
    QJsonArray takes = root[QStringLiteral("takes")].toArray();
    for (qsizetype i = 0; i < takes.size(); ++i) {
        QJsonObject take = takes[i].toObject();
        put(take, takeValue);
        takes[i] = take;
    }
    root[QStringLiteral("takes")] = takes;
}

/// Removes "sampler" from the settings and every take, or sets it in the settings.
void setSampler(QJsonObject& root, const QJsonValue& settingsValue)
{
    QJsonObject settings = root[QStringLiteral("settings")].toObject();
    if (settingsValue.isUndefined())
        settings.remove(QStringLiteral("sampler"));
    else
        settings[QStringLiteral("sampler")] = settingsValue;
    root[QStringLiteral("settings")] = settings;
    QJsonArray takes = root[QStringLiteral("takes")].toArray();
    for (qsizetype i = 0; i < takes.size() && settingsValue.isUndefined(); ++i) {
        QJsonObject take = takes[i].toObject();
        take.remove(QStringLiteral("sampler"));
        takes[i] = take;
    }
    root[QStringLiteral("takes")] = takes;
}

/// Clicks `which` on the next modal message box and reports its text.
void answerNextMessageBox(QMessageBox::StandardButton which, QString* text)
{
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, text, which] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            *text = box->text();
            box->button(which)->click();
            timer->stop();
            timer->deleteLater();
        }
    });
    timer->start();
}

} // namespace

class TestProjectFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void roundTripIsExact();
    void badFilesNameFileAndField_data();
    void badFilesNameFileAndField();
    void olderFilesReadWithoutComposition();
    void windowSavesAndOpens();
    void titleShowsNameAndModified();
    void askToSaveOnClose();
    void autosaveAndRecover();
    void untitledAutosaveGoesToAppData();

private:
    QTemporaryDir m_settingsDir;
};

void TestProjectFile::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings().setValue(QStringLiteral("generation/livePreview"), false); // tst_live_preview covers it
}

void TestProjectFile::roundTripIsExact()
{
    QTemporaryDir dir;
    const Project project = sampleProject();
    const QString path = dir.filePath(QStringLiteral("a.stepmotion"));
    saveProject(path, project);
    const Project back = loadProject(path);
    QVERIFY(back.steps == project.steps);
    QVERIFY(back.settings == project.settings);
    QCOMPARE(back.takes.size(), project.takes.size());
    for (std::size_t i = 0; i < back.takes.size(); ++i)
        QVERIFY2(back.takes[i] == project.takes[i], qPrintable(back.takes[i].name)); // features bit-exact
    QCOMPARE(back.takes[1].name, QStringLiteral("my favourite"));
    QVERIFY(back.takes[1].starred);
    QCOMPARE(back.takes[0].seed, uint64_t(41));
    QVERIFY(back.settings.composition == StepComposition::Joint);
    QVERIFY(back.takes[0].composition == StepComposition::PerStep);
    // A take of the own-words composition keeps it by name.
    Project ownWords = project;
    ownWords.takes[1].composition = StepComposition::OwnWords;
    saveProject(path, ownWords);
    QVERIFY(loadProject(path).takes[1].composition == StepComposition::OwnWords);
    // An empty project too.
    saveProject(path, Project());
    QCOMPARE(loadProject(path).takes.size(), std::size_t(0));
}

void TestProjectFile::badFilesNameFileAndField_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    const QByteArray good = projectToJson(sampleProject());
    QTest::newRow("truncated") << good.left(good.size() / 2) << QStringLiteral("not valid JSON at byte");
    QTest::newRow("array") << QByteArray("[1]") << QStringLiteral("not a JSON object");
    QByteArray newer = good;
    newer.replace("\"version\": 1", "\"version\": 7");
    QTest::newRow("newer version") << newer << QStringLiteral("version: 7 is newer");
    QByteArray noSettings = good;
    noSettings.replace("\"settings\"", "\"settingz\"");
    QTest::newRow("missing settings") << noSettings << QStringLiteral("settings: missing");
    QByteArray badSeed = good;
    badSeed.replace("\"seed\": 12", "\"seed\": -1");
    QTest::newRow("negative seed") << badSeed << QStringLiteral("settings.seed: must be >= 0");
    QByteArray badName = good;
    badName.replace("\"my favourite\"", "true");
    QTest::newRow("take name") << badName << QStringLiteral("takes[1].name: must be a string");
    QByteArray badFrames = good;
    badFrames.replace("\"frames\": 45", "\"frames\": 44");
    QTest::newRow("frames") << badFrames << QStringLiteral("takes[0].features: 11835 values, expected 44 x 263");
    QByteArray badStep = good;
    badStep.replace("\"end\": 2.25", "\"end\": 0.25");
    QTest::newRow("step") << badStep << QStringLiteral("steps: steps[0].end");
    // docs/robustness.md: empty, non-UTF-8, huge and non-finite inputs.
    QTest::newRow("empty") << QByteArray() << QStringLiteral("not valid JSON at byte 0");
    QByteArray latin1 = good;
    latin1.replace("\"my favourite\"", "\"caf\xe9\"");
    QTest::newRow("not UTF-8") << latin1 << QStringLiteral("not valid JSON at byte");
    QByteArray hugeFrames = good;
    hugeFrames.replace("\"frames\": 45", "\"frames\": 1000000000000");
    QTest::newRow("huge frames") << hugeFrames << QStringLiteral("takes[0].frames: must be a whole number <= 100000");
    Project nonFinite = sampleProject();
    nonFinite.takes[0].features.values[5] = std::numeric_limits<float>::quiet_NaN();
    QTest::newRow("NaN feature") << projectToJson(nonFinite) << QStringLiteral("takes[0].features: value 5 is not finite");
    const QString joint = QStringLiteral("joint");
    QTest::newRow("settings composition")
        << editedSample([&](QJsonObject& root) { setComposition(root, QStringLiteral("sideways"), joint); })
        << QStringLiteral("settings.composition: composition must be per-step, own-words or joint (got 'sideways')");
    QTest::newRow("take composition")
        << editedSample([&](QJsonObject& root) { setComposition(root, joint, QStringLiteral("Joint")); })
        << QStringLiteral("takes[0].composition: composition must be per-step, own-words or joint (got 'Joint')");
    QTest::newRow("composition type")
        << editedSample([&](QJsonObject& root) { setComposition(root, 1, joint); })
        << QStringLiteral("settings.composition: must be a string");
    QTest::newRow("sampler")
        << editedSample([&](QJsonObject& root) { setSampler(root, QStringLiteral("euler")); })
        << QStringLiteral("settings.sampler: sampler must be ddim or dpm-solver++ (got 'euler')");
}

void TestProjectFile::badFilesNameFileAndField()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("bad.stepmotion"), bytes);
    try {
        loadProject(path);
        QFAIL("no error");
    } catch (const Error& e) {
        const QString message = QString::fromStdString(e.what());
        QVERIFY2(message.startsWith(path) && message.contains(expected), qPrintable(message));
    }
}

void TestProjectFile::olderFilesReadWithoutComposition()
{
    // Before the choice existed every take was generated jointly; the settings get today's default.
    QTemporaryDir dir;
    const QByteArray old = editedSample(
        [](QJsonObject& root) { setComposition(root, QJsonValue::Undefined, QJsonValue::Undefined); });
    QVERIFY(!old.contains("composition"));
    const QString path = writeFile(dir, QStringLiteral("old.stepmotion"), old);
    const Project project = loadProject(path);
    QVERIFY(project.settings.composition == kDefaultComposition);
    QCOMPARE(project.takes.size(), std::size_t(2));
    for (const Take& take : project.takes)
        QVERIFY(take.composition == StepComposition::Joint);
    QCOMPARE(project.settings.guidance, 4.5); // the rest as written
    QVERIFY(project.settings.sampler == Sampler::DpmSolver);

    // Before the sampler could be chosen every take was sampled with DDIM.
    const QString older = writeFile(dir, QStringLiteral("older.stepmotion"),
                                    editedSample([](QJsonObject& root) { setSampler(root, QJsonValue::Undefined); }));
    const Project ddim = loadProject(older);
    QVERIFY(ddim.settings.sampler == Sampler::Ddim);
    for (const Take& take : ddim.takes)
        QVERIFY(take.sampler == Sampler::Ddim);

    MainWindow window;
    window.stepEditor()->setComposition(StepComposition::Joint);
    QVERIFY(window.openProject(path));
    QVERIFY(window.stepEditor()->currentRequest().composition == kDefaultComposition);
    QVERIFY(window.takeModel()->take(1).composition == StepComposition::Joint);
}

void TestProjectFile::windowSavesAndOpens()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.stepmotion"));
    const Project project = sampleProject();
    {
        MainWindow window;
        window.stepModel()->replaceStepList(project.steps, QStringLiteral("Open"));
        window.stepEditor()->setSeed(12);
        window.stepEditor()->setVariants(3);
        window.stepEditor()->setGuidance(4.5);
        window.stepEditor()->setSamplingSteps(25);
        window.stepEditor()->setComposition(StepComposition::Joint);
        window.stepEditor()->setSampler(Sampler::DpmSolver);
        window.takeModel()->appendTakes(project.takes);
        QVERIFY(window.isProjectModified());
        QVERIFY(window.saveProject(path));
        QVERIFY(!window.isProjectModified());
        QCOMPARE(window.projectPath(), path);
    }
    MainWindow other;
    QVERIFY(other.openProject(path));
    QVERIFY(!other.isProjectModified());
    const Project back = other.currentProject();
    QVERIFY(back.steps == project.steps);
    QVERIFY(back.settings == project.settings);
    QCOMPARE(back.takes.size(), std::size_t(2));
    QVERIFY(back.takes[1] == project.takes[1]);
    QVERIFY(!other.undoStack()->canUndo());
    QCOMPARE(other.takeModel()->lastNumber(), 5);

    // A bad file keeps the window as it was and names the file and field.
    const QString bad = writeFile(dir, QStringLiteral("bad.stepmotion"), QByteArray("{\"version\": 1}"));
    QString text;
    answerNextMessageBox(QMessageBox::Ok, &text);
    QVERIFY(!other.openProject(bad));
    QVERIFY2(text.contains(QStringLiteral("bad.stepmotion")) && text.contains(QStringLiteral("steps: missing")),
             qPrintable(text));
    QCOMPARE(other.projectPath(), path);
}

void TestProjectFile::titleShowsNameAndModified()
{
    QTemporaryDir dir;
    MainWindow window;
    QVERIFY2(window.windowTitle().startsWith(QStringLiteral("Untitled - ")), qPrintable(window.windowTitle()));
    window.stepModel()->insertStep(0);
    QVERIFY2(window.windowTitle().startsWith(QStringLiteral("Untitled* - ")), qPrintable(window.windowTitle()));
    QVERIFY(window.saveProject(dir.filePath(QStringLiteral("t.stepmotion"))));
    QVERIFY2(window.windowTitle().startsWith(QStringLiteral("t.stepmotion - ")), qPrintable(window.windowTitle()));
    window.stepEditor()->setSeed(3);
    QVERIFY2(window.windowTitle().startsWith(QStringLiteral("t.stepmotion* - ")), qPrintable(window.windowTitle()));
}

void TestProjectFile::askToSaveOnClose()
{
    MainWindow window;
    window.stepModel()->insertStep(0);
    QString text;
    answerNextMessageBox(QMessageBox::Cancel, &text);
    QVERIFY(!window.close());
    QVERIFY(text.contains(QStringLiteral("unsaved changes")));
    answerNextMessageBox(QMessageBox::Cancel, &text);
    QVERIFY(!window.newProject());
    QCOMPARE(window.stepModel()->rowCount(), 1);
    answerNextMessageBox(QMessageBox::Discard, &text);
    QVERIFY(window.newProject());
    QCOMPARE(window.stepModel()->rowCount(), 0);
    QVERIFY(!window.isProjectModified());
    QVERIFY(window.close()); // nothing to ask now
}

void TestProjectFile::autosaveAndRecover()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.stepmotion"));
    MainWindow window;
    QVERIFY(window.saveProject(path));
    QCOMPARE(window.autosavePath(), path + QStringLiteral(".autosave"));
    QVERIFY(!window.autosaveNow()); // nothing changed
    std::this_thread::sleep_for(std::chrono::milliseconds(20)); // autosave strictly newer
    window.stepModel()->replaceStepList(oneStep("Kick."), QStringLiteral("Open"));
    window.takeModel()->appendTakes(sampleProject().takes);
    QVERIFY(window.autosaveNow());
    QVERIFY(QFile::exists(window.autosavePath()));
    QCOMPARE(loadProject(window.autosavePath()).takes.size(), std::size_t(2));

    MainWindow declined;
    QString text;
    answerNextMessageBox(QMessageBox::No, &text);
    QVERIFY(declined.openProject(path));
    QVERIFY2(text.contains(QStringLiteral("r.stepmotion")), qPrintable(text));
    QCOMPARE(declined.takeModel()->rowCount(), 0);

    MainWindow recovered;
    answerNextMessageBox(QMessageBox::Yes, &text);
    QVERIFY(recovered.openProject(path));
    QCOMPARE(recovered.takeModel()->rowCount(), 2);
    QVERIFY(recovered.stepModel()->stepList() == oneStep("Kick."));
    QCOMPARE(recovered.projectPath(), path);
    QVERIFY(recovered.isProjectModified());
    QVERIFY(recovered.saveProject(path));
    QVERIFY(!QFile::exists(path + QStringLiteral(".autosave")));
}

void TestProjectFile::untitledAutosaveGoesToAppData()
{
    MainWindow window;
    const QString path = window.autosavePath();
    QVERIFY2(path.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)), qPrintable(path));
    window.stepModel()->insertStep(0);
    QVERIFY(window.autosaveNow());
    QVERIFY(QFile::exists(path));
    QString text;
    answerNextMessageBox(QMessageBox::Discard, &text);
    QVERIFY(window.newProject());
    QVERIFY(!QFile::exists(path)); // discarded changes drop their autosave

    // A crash leaves the autosave: the next start offers it back.
    window.stepModel()->replaceStepList(oneStep("Wave."), QStringLiteral("Open"));
    QVERIFY(window.autosaveNow());
    MainWindow next;
    answerNextMessageBox(QMessageBox::Yes, &text);
    QVERIFY(next.offerUntitledRecovery());
    QVERIFY(next.stepModel()->stepList() == oneStep("Wave."));
    QVERIFY(next.isProjectModified());
    MainWindow declined;
    answerNextMessageBox(QMessageBox::No, &text);
    QVERIFY(!declined.offerUntitledRecovery());
    QVERIFY(!QFile::exists(path));
    QVERIFY(!declined.offerUntitledRecovery()); // nothing left to offer, no question
}

QTEST_MAIN(TestProjectFile)
#include "tst_project_file.moc"
