#pragma once
// MainWindow's study half (study_launch.h): File > Open study... and Study > Rate a study...
// (ask for a rater, prepare clips, rate in a window of its own) and Study > Results....

#include "stepmotion/ui/window/window_parts.h"

#include <QObject>
#include <QString>

class QMenuBar;

namespace stepmotion::ui {

class StudyController : public QObject {
    Q_OBJECT

public:
    /// Uses `parts`' window (the parent of the dialogs and study windows) and settings.
    explicit StudyController(const WindowParts& parts, QObject* parent = nullptr);

    /// The Study menu, added to `bar`.
    void createMenu(QMenuBar* bar);

public Q_SLOTS:
    /// A study folder and a rater id, then the rating window.
    void chooseStudyToOpen();
    /// A study folder, then its results window.
    void chooseStudyResults();

private:
    /// Asks for a study folder starting from the last one; remembers the choice.
    QString chooseStudyDirectory(const QString& title);

    QWidget* m_window;
    QSettings* m_settings;
};

} // namespace stepmotion::ui
