// File > Export onto character... (character_export_dialog.h), without its file pickers: the
// bundled walk as a take is put on the project's own BVH rigs (Daz's CMU, Bandai) used as
// user characters. The dialog says what it mapped, the player shows the character beside the
// take while the dialog is open, and the export is a BVH of the character's hierarchy with the
// take's frames. Unmappable characters and wrong file names are refused with the reason.

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/ui/export/character_export_dialog.h"
#include "stepmotion/ui/window/main_window.h"
#include "stepmotion/ui/player/motion_scene.h"
#include "stepmotion/ui/player/player_widget.h"
#include "stepmotion/ui/takes/take_list_model.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace stepmotion;
using namespace stepmotion::ui;

namespace {

QString source(const char* rel) { return QStringLiteral(STEPMOTION_SOURCE_DIR "/") + QLatin1String(rel); }

} // namespace

class TestCharacterExportDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mapsPreviewsAndExports();
    void saysWhatItCouldNotMap();
    void refusesAnotherFormat();
    void windowShowsTheCharacterWhileTheDialogIsOpen();
    void sceneGivesTheCharacterAPlace();

private:
    Take m_take;
    JointClip m_walk;
    QTemporaryDir m_dir;
};

void TestCharacterExportDialog::initTestCase()
{
    QSettings().setValue(QStringLiteral("generation/livePreview"), false);
    m_walk = loadJointClip(source("resources/examples/cmu_05_01_walk.npy").toStdString());
    m_take.features = encodeFeatures(m_walk);
    m_take.name = QStringLiteral("take 1 \u00b7 seed 3");
    m_take.created = QDateTime::currentDateTimeUtc();
    QVERIFY(m_take.features.frames > 40);
    QVERIFY(m_dir.isValid());
}

void TestCharacterExportDialog::mapsPreviewsAndExports()
{
    CharacterExportDialog dialog(m_take, m_dir.path(), true);
    QSignalSpy previews(&dialog, &CharacterExportDialog::previewChanged);
    dialog.setCharacterPath(source("resources/rigs/cmu_skeleton.bvh"));
    QVERIFY(dialog.isReady());
    QVERIFY2(dialog.status().contains(QStringLiteral("all 22 joints mapped")), qPrintable(dialog.status()));
    QVERIFY(dialog.path().endsWith(QStringLiteral("take_1_seed_3.bvh"))); // the character's format
    QCOMPARE(previews.count(), 1);
    const auto preview = previews.last().at(0).value<std::optional<CharacterPreview>>();
    QVERIFY(preview.has_value());
    const Character character = loadCharacter(source("resources/rigs/cmu_skeleton.bvh").toStdString());
    QCOMPARE(preview->parents.size(), character.nodes.size()); // a BVH rig: every joint is skeleton
    QCOMPARE(preview->nodes.frames, m_take.features.frames);
    // The character walks as the take does: the hips travel forward over a metre.
    const int hip = character.nodeIndex("hip");
    QVERIFY(preview->nodes.at(preview->nodes.frames - 1, hip)[2] - preview->nodes.at(0, hip)[2] > 1.0);
    // Daz's rest pose has the hips at the origin: the walk still stands on the ground.
    double lowest = 1e9;
    for (int f = 0; f < preview->nodes.frames; ++f)
        for (const char* foot : {"lFoot", "rFoot"})
            lowest = std::min(lowest, double(preview->nodes.at(f, character.nodeIndex(foot))[1]));
    QVERIFY2(lowest > 0.0 && lowest < 0.12, qPrintable(QString::number(lowest)));

    const QString mapping = m_dir.filePath(QStringLiteral("cmu.mapping.json"));
    QVERIFY(dialog.writeMapping(mapping).isEmpty());
    dialog.setMappingPath(mapping);
    QVERIFY(dialog.isReady());

    dialog.setFps(30.0);
    QVERIFY2(dialog.runExport(true), qPrintable(dialog.lastError()));
    const BvhClip written = readBvh(dialog.path().toStdString());
    QCOMPARE(written.joints.size(), character.bvh.joints.size());
    QCOMPARE(written.frames, static_cast<int>(std::floor((m_take.features.frames - 1) / kFps * 30.0 + 1e-9)) + 1);
    QVERIFY(std::abs(written.frameTime - 1.0 / 30.0) < 1e-9);
}

void TestCharacterExportDialog::saysWhatItCouldNotMap()
{
    // A rig whose arm bones have made-up names: the guess cannot find the left elbow.
    std::string text = readWholeFile(source("resources/rigs/bandai_skeleton.bvh").toStdString());
    for (std::size_t at; (at = text.find("LowerArm_L")) != std::string::npos;)
        text.replace(at, 10, "Bone_017");
    const QString odd = m_dir.filePath(QStringLiteral("odd.bvh"));
    writeFileAtomically(odd.toStdString(), text);
    CharacterExportDialog dialog(m_take, m_dir.path(), true);
    QSignalSpy previews(&dialog, &CharacterExportDialog::previewChanged);
    dialog.setCharacterPath(odd);
    QVERIFY(!dialog.isReady());
    QVERIFY2(dialog.status().contains(QStringLiteral("left_elbow")), qPrintable(dialog.status()));
    QVERIFY(!previews.last().at(0).value<std::optional<CharacterPreview>>().has_value());
    QVERIFY(!dialog.runExport(true));
    QVERIFY2(dialog.lastError().contains(QStringLiteral("left_elbow")), qPrintable(dialog.lastError()));

    // The written mapping, filled in, makes it exportable.
    const QString mapping = m_dir.filePath(QStringLiteral("odd.mapping.json"));
    QVERIFY(dialog.writeMapping(mapping).isEmpty());
    std::string json = readWholeFile(mapping.toStdString());
    const std::string hole = "\"left_elbow\": \"\"";
    QVERIFY(json.find(hole) != std::string::npos);
    json.replace(json.find(hole), hole.size(), "\"left_elbow\": \"Bone_017\"");
    writeFileAtomically(mapping.toStdString(), json);
    dialog.setMappingPath(mapping);
    QVERIFY2(dialog.isReady(), qPrintable(dialog.status()));
    QVERIFY(previews.last().at(0).value<std::optional<CharacterPreview>>().has_value());
    QVERIFY2(dialog.runExport(true), qPrintable(dialog.lastError()));

    dialog.setCharacterPath(m_dir.filePath(QStringLiteral("missing.fbx")));
    QVERIFY(!dialog.isReady());
    QVERIFY2(dialog.status().contains(QStringLiteral("missing.fbx")), qPrintable(dialog.status()));
}

void TestCharacterExportDialog::refusesAnotherFormat()
{
    CharacterExportDialog dialog(m_take, m_dir.path(), true);
    dialog.setCharacterPath(source("resources/rigs/bandai_skeleton.bvh"));
    QVERIFY(dialog.isReady());
    dialog.setPath(m_dir.filePath(QStringLiteral("walk.fbx")));
    QVERIFY(!dialog.runExport(true));
    QVERIFY2(dialog.lastError().contains(QStringLiteral(".bvh")), qPrintable(dialog.lastError()));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("walk.fbx"))));
}

void TestCharacterExportDialog::windowShowsTheCharacterWhileTheDialogIsOpen()
{
    MainWindow window;
    window.takeModel()->appendTakes({m_take});
    QSettings().setValue(QStringLiteral("export/character"), source("resources/rigs/bandai_skeleton.bvh"));
    QSettings().setValue(QStringLiteral("export/characterMapping"), QString());
    CharacterExportDialog* dialog = window.characterExportDialog(0);
    QVERIFY(dialog);
    QVERIFY(dialog->isReady()); // the last character is loaded again
    QVERIFY(window.player()->scene().character().has_value());
    QCOMPARE(window.player()->scene().character()->name, QStringLiteral("bandai_skeleton.bvh"));
    delete dialog;
    QVERIFY(!window.player()->scene().character().has_value());
    QVERIFY(!window.characterExportDialog(5));
}

void TestCharacterExportDialog::sceneGivesTheCharacterAPlace()
{
    MotionScene scene;
    scene.add(LoadedMotion{QString(), QStringLiteral("walk"), m_walk});
    const Character character = loadCharacter(source("resources/rigs/bandai_skeleton.bvh").toStdString());
    scene.setCharacter(makeCharacterPreview(m_walk, character, mapCharacter(character)));
    scene.setPosition(0.0);
    const render::RenderFrame frame = scene.renderFrame(0, false);
    QCOMPARE(frame.poses.size(), std::size_t(1));
    QCOMPARE(frame.rigs.size(), std::size_t(1));
    QCOMPARE(frame.rigs[0].parents->size(), character.nodes.size() - 1); // joint_Root stays out
    // Side by side: the take at -0.6 m, the character at +0.6 m (along X), both standing.
    const float takeX = frame.poses[0].xyz[0], characterX = frame.rigs[0].xyz[0];
    QVERIFY(std::abs((characterX - takeX) - MotionScene::kSpacing) < 0.1f);
    glm::vec3 lo, hi;
    scene.bounds(lo, hi);
    QVERIFY(hi.x >= characterX);
    scene.setCharacter(std::nullopt);
    QVERIFY(scene.renderFrame(0, false).rigs.empty());
}

QTEST_MAIN(TestCharacterExportDialog)
#include "tst_character_export_dialog.moc"
