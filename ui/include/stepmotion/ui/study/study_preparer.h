#pragma once
// Generating a study's clips before rating starts, off the UI thread (on a BackgroundWorker, the
// ui's one worker-thread pattern: its thread runs the model, results come back as queued calls).
// Resumable: core's prepareStudyClips skips clips already on disk, so cancelling and restarting
// loses at most the clip in progress.

#include "stepmotion/core/study/study.h"
#include "stepmotion/ui/worker/background_worker.h"

#include <QObject>
#include <QString>

class QWidget;

namespace stepmotion::ui {

class StudyClipPreparer : public QObject {
    Q_OBJECT

public:
    /// `source` (called on the worker thread) makes model clips; null = core's modelClipSource.
    StudyClipPreparer(QString studyDir, StudyDesign design, ClipSource source = {}, QObject* parent = nullptr);
    /// Cancels and waits for the worker thread.
    ~StudyClipPreparer() override;

    /// Starts preparing on the worker thread (once).
    void start();
    /// Asks the worker to stop before the next clip (and between denoising steps of the real source).
    void cancel();
    /// From start() until finished() or failed() is emitted.
    bool isRunning() const { return m_worker.isBusy(); }

Q_SIGNALS:
    /// `done` of `total` clips exist; `current` is the clip file being made ("" at the end).
    void progress(int done, int total, const QString& current);
    /// Preparation ended: clips written and skipped; `cancelled` when stopped early.
    void finished(int generated, int skipped, bool cancelled);
    /// A clip could not be produced (the message names it); clips written so far stay.
    void failed(const QString& message);

private:
    struct Outcome;
    Outcome prepare(const WorkerJob& job); // worker thread
    void report(const Outcome& outcome);

    // The work reads these on the worker thread; nothing changes them after construction.
    QString m_studyDir;
    StudyDesign m_design;
    ClipSource m_source;
    bool m_started = false;
    BackgroundWorker m_worker; // last: destroyed (cancelled, waited for) before what its work reads
};

/// Prepares the missing clips of `design` under a modal progress dialog with Cancel. Returns true
/// when every clip exists afterwards; false when cancelled or failed (a message box says why).
bool prepareStudyClipsWithDialog(QWidget* parent, const QString& studyDir, const StudyDesign& design,
                                 ClipSource source = {});

} // namespace stepmotion::ui
