// The FBX structure check that runs before Assimp reads a file (core/src/fbx_gltf/fbx_check.h): damaged
// copies of a real export are refused with the line or byte and what is wrong, and the intact
// exports still read.

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/export/motion_export.h"
#include "stepmotion/core/import/motion_io.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace stepmotion;

namespace {

std::string exportWalk(const QTemporaryDir& dir, ExportFormat format, const char* name)
{
    const JointClip walk = loadJointClip(STEPMOTION_SOURCE_DIR "/resources/examples/cmu_05_01_walk.npy");
    ExportOptions options;
    options.format = format;
    options.fps = walk.fps;
    const std::string path = dir.filePath(QString::fromLatin1(name)).toStdString();
    exportMotion(walk, path, options);
    return path;
}

/// The message importWithAssimp refuses `bytes` with (written to `path`), or "" if it reads them.
QString refusal(const std::string& path, const std::string& bytes)
{
    writeFileAtomically(path, bytes);
    try {
        importWithAssimp(path);
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return QString();
}

} // namespace

class FbxCheck : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void intactExportsRead();
    void cutShortAsciiIsRefused();
    void arrayCountMismatchIsRefused();
    void cutShortBinaryIsRefused();
    void duplicateBoneNamesAreRefused();
};

void FbxCheck::intactExportsRead()
{
    QTemporaryDir dir;
    for (const ExportFormat format : {ExportFormat::Fbx, ExportFormat::FbxAscii}) {
        const std::string path = exportWalk(dir, format, format == ExportFormat::Fbx ? "walk.fbx" : "walk_ascii.fbx");
        QCOMPARE(importWithAssimp(path).frames, 100);
    }
}

void FbxCheck::cutShortAsciiIsRefused()
{
    QTemporaryDir dir;
    const std::string text = readWholeFile(exportWalk(dir, ExportFormat::FbxAscii, "walk.fbx"));
    // Cut before an object in the middle: every array is complete, the Objects block is not.
    const std::size_t cut = text.find("\n\tAnimationCurve: ", text.size() / 2);
    QVERIFY(cut != std::string::npos);
    const QString message = refusal(dir.filePath(QStringLiteral("cut.fbx")).toStdString(), text.substr(0, cut));
    QVERIFY2(message.contains(QStringLiteral("cut short")), qPrintable(message));
    QVERIFY(message.contains(QStringLiteral("cut.fbx")));
}

void FbxCheck::arrayCountMismatchIsRefused()
{
    QTemporaryDir dir;
    std::string text = readWholeFile(exportWalk(dir, ExportFormat::FbxAscii, "walk.fbx"));
    const std::size_t key = text.find("KeyValueFloat: *100 {");
    QVERIFY(key != std::string::npos);
    text.replace(key, std::strlen("KeyValueFloat: *100"), "KeyValueFloat: *101");
    const QString message = refusal(dir.filePath(QStringLiteral("count.fbx")).toStdString(), text);
    QVERIFY2(message.contains(QStringLiteral("declares 101 values and holds 100")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("FBX line ")), qPrintable(message));
}

void FbxCheck::cutShortBinaryIsRefused()
{
    QTemporaryDir dir;
    const std::string bytes = readWholeFile(exportWalk(dir, ExportFormat::Fbx, "walk.fbx"));
    const QString message = refusal(dir.filePath(QStringLiteral("cut.fbx")).toStdString(), bytes.substr(0, bytes.size() / 2));
    QVERIFY2(message.contains(QStringLiteral("malformed binary FBX at byte")), qPrintable(message));
}

void FbxCheck::duplicateBoneNamesAreRefused()
{
    // Two bones named left_ankle (left_wrist renamed: the same length keeps binary offsets valid).
    QTemporaryDir dir;
    for (const ExportFormat format : {ExportFormat::Fbx, ExportFormat::FbxAscii}) {
        std::string bytes = readWholeFile(exportWalk(dir, format, "walk.fbx"));
        const std::size_t at = bytes.find("left_wrist");
        QVERIFY(at != std::string::npos);
        bytes.replace(at, 10, "left_ankle");
        const QString message = refusal(dir.filePath(QStringLiteral("twice.fbx")).toStdString(), bytes);
        QVERIFY2(message.contains(QStringLiteral("bone") ) && message.contains(QStringLiteral("\"left_ankle\"")), qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(FbxCheck)
#include "tst_fbx_check.moc"
