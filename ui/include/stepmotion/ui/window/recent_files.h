#pragma once
// The "recent files" list, most recent first, persisted in QSettings. GL-free and widget-free.

#include <QStringList>

class QSettings;

namespace stepmotion::ui {

class RecentFiles {
public:
    static constexpr int kMaxEntries = 8;

    /// Reads and writes the list under `key` in `settings`, which must outlive this object.
    explicit RecentFiles(QSettings& settings, QString key = QStringLiteral("recentFiles"));

    /// Stored entries, most recent first (files that have since disappeared included).
    QStringList entries() const;
    /// Moves `path` (made absolute) to the front, dropping duplicates and the oldest entries
    /// beyond kMaxEntries.
    void add(const QString& path);
    void remove(const QString& path);
    void clear();

private:
    void store(const QStringList& list);

    QSettings& m_settings;
    QString m_key;
};

} // namespace stepmotion::ui
