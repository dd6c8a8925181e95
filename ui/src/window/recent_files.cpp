#include "stepmotion/ui/window/recent_files.h"

#include <QFileInfo>
#include <QSettings>

namespace stepmotion::ui {

RecentFiles::RecentFiles(QSettings& settings, QString key)
    : m_settings(settings)
    , m_key(std::move(key))
{
}

QStringList RecentFiles::entries() const
{
    QStringList list = m_settings.value(m_key).toStringList();
    list.removeAll(QString());
    return list.mid(0, kMaxEntries);
}

void RecentFiles::add(const QString& path)
{
    if (path.isEmpty())
        return;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = entries();
    list.removeAll(absolute);
    list.prepend(absolute);
    store(list.mid(0, kMaxEntries));
}

void RecentFiles::remove(const QString& path)
{
    QStringList list = entries();
    list.removeAll(path);
    list.removeAll(QFileInfo(path).absoluteFilePath());
    store(list);
}

void RecentFiles::clear()
{
    store({});
}

void RecentFiles::store(const QStringList& list)
{
    m_settings.setValue(m_key, list);
    m_settings.sync();
}

} // namespace stepmotion::ui
