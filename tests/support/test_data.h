#pragma once
// Where tests find the real shared data. Tests that need it call QSKIP with this message
// when it is missing, so a checkout without ../shared still builds and passes.

#include <QDir>
#include <QFileInfo>
#include <QString>
#include <QtGlobal>

namespace stepmotion::test {

/// ../shared/datasets (or $STEPMOTION_DATASETS), or an empty string when absent.
inline QString sharedDatasets()
{
    QString dir = qEnvironmentVariable("STEPMOTION_DATASETS");
    if (dir.isEmpty())
        dir = QStringLiteral(STEPMOTION_SHARED_DATASETS);
    return QFileInfo(dir + QStringLiteral("/README.md")).exists() ? dir : QString();
}

/// Absolute path of a file in the shared data, or empty when the data is absent.
inline QString sharedFile(const QString& relative)
{
    const QString root = sharedDatasets();
    return root.isEmpty() ? QString() : root + QLatin1Char('/') + relative;
}

/// The complete unpacked source tree (bandai/, cmu_bvh20/, finemotion/ beside the plain
/// folders), made by the unpack_shared_datasets fixture; empty when unavailable. Tests that
/// use it are registered with NEEDS_UNPACKED so the fixture runs first.
inline QString unpackedDatasets()
{
    const QString dir = qEnvironmentVariable("STEPMOTION_UNPACKED_DATASETS");
    if (!dir.isEmpty() && QFileInfo::exists(dir + QStringLiteral("/.unpacked-from")))
        return dir;
    return QString();
}

inline std::string toStd(const QString& s) { return s.toStdString(); }

} // namespace stepmotion::test

#define STEPMOTION_REQUIRE_UNPACKED(var)                                                        \
    const QString var = stepmotion::test::unpackedDatasets();                                   \
    if (var.isEmpty())                                                                          \
        QSKIP("the unpacked shared datasets are missing: they come from ../shared/datasets/unpack.sh " \
              "via the unpack_shared_datasets test (run the whole suite with ctest)")

#define STEPMOTION_REQUIRE_SHARED(relative, var)                                               \
    const QString var = stepmotion::test::sharedFile(QStringLiteral(relative));               \
    if (var.isEmpty() || !QFileInfo::exists(var))                                              \
        QSKIP("shared dataset file " relative " not found: place the data at ../shared/datasets " \
              "or set STEPMOTION_DATASETS")
