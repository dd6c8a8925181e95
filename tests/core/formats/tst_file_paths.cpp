// joinPath and lowerExtension: the one spelling of paths the CLI, the model files and the
// character reader share.

#include "stepmotion/core/formats/file_paths.h"

#include <QtTest>

using namespace stepmotion;

class FilePaths : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void joinsWithOneSlash();
    void extensionsAreLowerCaseWithTheDot();
};

void FilePaths::joinsWithOneSlash()
{
    QCOMPARE(QString::fromStdString(joinPath("resources/models/default", "model.pt")),
             QStringLiteral("resources/models/default/model.pt"));
    QCOMPARE(QString::fromStdString(joinPath("out/", "config.json")), QStringLiteral("out/config.json"));
    QCOMPARE(QString::fromStdString(joinPath("", "model.pt")), QStringLiteral("model.pt"));
    QCOMPARE(QString::fromStdString(joinPath("/", "tmp")), QStringLiteral("/tmp"));
}

void FilePaths::extensionsAreLowerCaseWithTheDot()
{
    QCOMPARE(QString::fromStdString(lowerExtension("Hero.FBX")), QStringLiteral(".fbx"));
    QCOMPARE(QString::fromStdString(lowerExtension("dir.v2/walk.npy")), QStringLiteral(".npy"));
    QCOMPARE(QString::fromStdString(lowerExtension("clips/a.tar.gz")), QStringLiteral(".gz"));
    QCOMPARE(QString::fromStdString(lowerExtension("dir.v2/README")), QString());
    QCOMPARE(QString::fromStdString(lowerExtension(".steps")), QString()); // a dot file has no extension
    QCOMPARE(QString::fromStdString(lowerExtension("walk.")), QStringLiteral("."));
}

QTEST_GUILESS_MAIN(FilePaths)
#include "tst_file_paths.moc"
