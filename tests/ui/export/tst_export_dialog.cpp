// The export dialog's logic (not its file picker): real HumanML3D features exported to BVH,
// npy and GLB in a temporary folder and read back by core with the expected frame counts.

#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/cleanup/motion_cleanup.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/formats/npy.h"
#include "stepmotion/ui/export/export_dialog.h"
#include "test_data.h"

#include <QComboBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace stepmotion;
using namespace stepmotion::ui;

namespace {

/// Frames an export at `fps` keeps of a clip of `frames` at 20 fps: i / fps <= (frames-1) / 20.
int resampledFrames(int frames, double fps)
{
    return static_cast<int>(std::floor((frames - 1) / kFps * fps + 1e-9)) + 1;
}

} // namespace

class TestExportDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void defaultsAndFormatSwitching();
    void asciiFbxSaysBlenderCannotOpenIt();
    void writesBvhThatCoreReadsBack_data();
    void writesBvhThatCoreReadsBack();
    void writesNpyAtTheChosenRate();
    void writesGlb();
    void bandaiBvhTranslationChoice();
    void failureNamesTheFile();
    void exportsCleanedJointsUnlessTurnedOff();

private:
    Take m_take;
    QTemporaryDir m_dir;
};

void TestExportDialog::initTestCase()
{
    STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joint_vecs/012314.npy", sample);
    m_take.features = loadFeatureClip(sample.toStdString());
    m_take.name = QStringLiteral("take 3 \u00b7 seed 7");
    m_take.created = QDateTime::currentDateTimeUtc();
    QVERIFY(m_take.features.frames > 40);
    QVERIFY(m_dir.isValid());
}

void TestExportDialog::defaultsAndFormatSwitching()
{
    ExportDialog dialog(m_take, m_dir.path());
    QCOMPARE(dialog.options().format, ExportFormat::Bvh);
    QCOMPARE(dialog.options().fps, 20.0);
    QCOMPARE(dialog.options().unit, LengthUnit::Metres);
    QCOMPARE(dialog.path(), m_dir.filePath(QStringLiteral("take_3_seed_7.bvh")));
    QVERIFY(dialog.unitEnabled());
    dialog.setFormat(ExportFormat::Glb);
    QVERIFY(!dialog.unitEnabled());
    QCOMPARE(dialog.path(), m_dir.filePath(QStringLiteral("take_3_seed_7.glb")));
    dialog.setFormat(ExportFormat::FbxAscii);
    QVERIFY(dialog.unitEnabled());
    QCOMPARE(dialog.options().format, ExportFormat::FbxAscii);
    QVERIFY(dialog.path().endsWith(QStringLiteral(".fbx")));
}

void TestExportDialog::asciiFbxSaysBlenderCannotOpenIt()
{
    // Blender 3.4 refuses ASCII FBX ("ASCII FBX files are not supported"): the format list must
    // say so where FBX ASCII is offered and point to binary FBX.
    ExportDialog dialog(m_take, m_dir.path());
    int checked = 0;
    for (const QComboBox* box : dialog.findChildren<QComboBox*>()) {
        const int ascii = box->findData(int(ExportFormat::FbxAscii));
        if (ascii < 0 || box->findData(int(ExportFormat::Fbx)) < 0)
            continue;
        ++checked;
        QVERIFY2(box->itemText(ascii).contains(QStringLiteral("not for Blender")), qPrintable(box->itemText(ascii)));
        const QString tip = box->itemData(ascii, Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("Blender cannot open ASCII FBX")) && tip.contains(QStringLiteral("FBX (binary)")),
                 qPrintable(tip));
        QVERIFY2(box->itemText(box->findData(int(ExportFormat::Fbx))) == QStringLiteral("FBX (binary)"),
                 "the binary item the tooltip points to");
    }
    QCOMPARE(checked, 1);
}

void TestExportDialog::writesBvhThatCoreReadsBack_data()
{
    QTest::addColumn<double>("fps");
    QTest::addColumn<bool>("centimetres");
    QTest::newRow("20 fps, m") << 20.0 << false;
    QTest::newRow("30 fps, cm") << 30.0 << true;
}

void TestExportDialog::writesBvhThatCoreReadsBack()
{
    QFETCH(double, fps);
    QFETCH(bool, centimetres);
    ExportDialog dialog(m_take, m_dir.path());
    const QString path = m_dir.filePath(QStringLiteral("out_%1.bvh").arg(QTest::currentDataTag()).replace(' ', '_'));
    dialog.setPath(path);
    dialog.setFps(fps);
    dialog.setUnit(centimetres ? LengthUnit::Centimetres : LengthUnit::Metres);
    QVERIFY2(dialog.runExport(true), qPrintable(dialog.lastError()));
    const BvhClip bvh = readBvh(path.toStdString());
    QCOMPARE(bvh.frames, resampledFrames(m_take.features.frames, fps));
    QVERIFY(qAbs(bvh.fps() - fps) < 1e-3);
    // The first frame's root height is about a metre (or a hundred centimetres).
    const double height = bvh.values.at(1);
    QVERIFY2(centimetres ? (height > 60 && height < 130) : (height > 0.6 && height < 1.3), qPrintable(QString::number(height)));
}

void TestExportDialog::writesNpyAtTheChosenRate()
{
    ExportDialog dialog(m_take, m_dir.path());
    dialog.setFormat(ExportFormat::Npy);
    dialog.setFps(10);
    const QString path = m_dir.filePath(QStringLiteral("joints.npy"));
    dialog.setPath(path);
    QVERIFY2(dialog.runExport(true), qPrintable(dialog.lastError()));
    const NpyArray array = readNpy(path.toStdString());
    QCOMPARE(array.shape.size(), std::size_t(3));
    QCOMPARE(static_cast<int>(array.shape[0]), resampledFrames(m_take.features.frames, 10));
    QCOMPARE(array.shape[1], std::size_t(22));
    QCOMPARE(array.shape[2], std::size_t(3));
}

void TestExportDialog::writesGlb()
{
    ExportDialog dialog(m_take, m_dir.path());
    dialog.setFormat(ExportFormat::Glb);
    QVERIFY2(dialog.runExport(true), qPrintable(dialog.lastError()));
    const AnimationSummary summary = inspectWithAssimp(dialog.path().toStdString());
    QCOMPARE(summary.keys, m_take.features.frames);
    QCOMPARE(summary.skinBones, 22);
}

void TestExportDialog::bandaiBvhTranslationChoice()
{
    ExportDialog dialog(m_take, m_dir.path());
    QCOMPARE(dialog.options().rig, std::string("smpl22"));
    QVERIFY(!dialog.bvhChannelsEnabled()); // our skeleton has one layout
    dialog.setRig("bandai");
    QCOMPARE(dialog.options().unit, LengthUnit::Centimetres); // Bandai's unit
    QVERIFY(dialog.bvhChannelsEnabled());
    QCOMPARE(dialog.options().bvhChannels, RigChannels::RootMotion);
    dialog.setFormat(ExportFormat::Fbx);
    QVERIFY(!dialog.bvhChannelsEnabled()); // FBX always moves the top joint
    dialog.setFormat(ExportFormat::Bvh);
    for (const RigChannels channels : {RigChannels::RootMotion, RigChannels::RigLayout}) {
        dialog.setBvhChannels(channels);
        const bool own = channels == RigChannels::RigLayout;
        dialog.setPath(m_dir.filePath(own ? QStringLiteral("bandai_rig.bvh") : QStringLiteral("bandai_root.bvh")));
        QVERIFY2(dialog.runExport(true), qPrintable(dialog.lastError()));
        const BvhClip bvh = readBvh(dialog.path().toStdString());
        QCOMPARE(bvh.joints.front().name, std::string("joint_Root"));
        int translating = 0;
        for (const BvhJoint& joint : bvh.joints)
            translating += joint.channels.size() == 6 ? 1 : 0;
        QCOMPARE(translating, own ? static_cast<int>(bvh.joints.size()) : 1);
    }
    dialog.setRig("cmu");
    QVERIFY(!dialog.bvhChannelsEnabled()); // the CMU rig moves its root only
}

void TestExportDialog::failureNamesTheFile()
{
    ExportDialog dialog(m_take, m_dir.path());
    const QString path = m_dir.filePath(QStringLiteral("missing/folder/out.bvh"));
    dialog.setPath(path);
    QVERIFY(!dialog.runExport(true));
    QVERIFY2(dialog.lastError().contains(QStringLiteral("out.bvh")), qPrintable(dialog.lastError()));
    Take empty = m_take;
    empty.features = FeatureClip();
    const QString emptyPath = m_dir.filePath(QStringLiteral("empty.bvh"));
    const QString error = exportTake(empty, emptyPath, ExportOptions());
    QVERIFY2(error.contains(QStringLiteral("empty.bvh")), qPrintable(error));
    QVERIFY(!QFileInfo::exists(emptyPath));
    dialog.setPath(QString());
    QVERIFY(!dialog.runExport(true));
}

void TestExportDialog::exportsCleanedJointsUnlessTurnedOff()
{
    const JointClip cleaned = cleanGeneratedMotion(m_take.features);
    const JointClip raw = decodeFeatures(m_take.features);
    QVERIFY(cleaned.xyz != raw.xyz);
    ExportDialog dialog(m_take, m_dir.path());
    dialog.setFormat(ExportFormat::Npy);
    dialog.setPath(m_dir.filePath(QStringLiteral("cleaned.npy")));
    QVERIFY2(dialog.runExport(true), qPrintable(dialog.lastError()));
    QVERIFY(loadJointClip(dialog.path().toStdString()).xyz == cleaned.xyz);
    dialog.setCleanUp(false);
    dialog.setPath(m_dir.filePath(QStringLiteral("raw.npy")));
    QVERIFY2(dialog.runExport(true), qPrintable(dialog.lastError()));
    QVERIFY(loadJointClip(dialog.path().toStdString()).xyz == raw.xyz);
}

QTEST_MAIN(TestExportDialog)
#include "tst_export_dialog.moc"
