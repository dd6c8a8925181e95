#pragma once
// Opening a study from the main window or the command line (`stepmotion-studio --study DIR
// --rater ID` / `--results`): ask for a rater id, prepare missing clips, then show the rating
// session or the results as their own windows (deleted when closed).

#include <QString>

class QWidget;

namespace stepmotion::ui {

class StudyResultsView;
class StudySessionWidget;

/// Asks for a rater id (valid study id: letters, digits, . _ -) until a valid one or Cancel ("").
QString askRaterId(QWidget* parent, const QString& studyDir);

/// Opens or resumes `rater`'s session of the study in `studyDir`: loads it, prepares missing clips
/// (progress dialog, cancellable, resumable), then shows a session window. Null when cancelled or
/// on an error (a message box over `dialogParent` names the file and field).
StudySessionWidget* launchStudySession(const QString& studyDir, const QString& rater, QWidget* dialogParent);

/// Shows the study's results window; null on an error (message box naming the file).
StudyResultsView* launchStudyResults(const QString& studyDir, QWidget* dialogParent);

} // namespace stepmotion::ui
