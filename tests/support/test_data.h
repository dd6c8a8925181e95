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

inline std::string toStd(const QString& s) { return s.toStdString(); }

} // namespace stepmotion::test

#define STEPMOTION_REQUIRE_SHARED(relative, var)                                               \
    const QString var = stepmotion::test::sharedFile(QStringLiteral(relative));               \
    if (var.isEmpty() || !QFileInfo::exists(var))                                              \
        QSKIP("shared dataset file " relative " not found: place the data at ../shared/datasets " \
              "or set STEPMOTION_DATASETS")
