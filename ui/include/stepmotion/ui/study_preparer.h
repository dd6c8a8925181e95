#pragma once
// Generating a study's clips before rating starts, off the UI thread (the GenerationService
// pattern: the worker thread runs the model, results come back as queued calls). Resumable:
// core's prepareStudyClips skips clips already on disk, so cancelling and restarting loses at most
// the clip in progress.

#include "stepmotion/core/study.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>

class QWidget;

namespace stepmotion::ui {

class StudyClipPreparer : public QObject {
    Q_OBJECT

public:
    /// `source` (called on the worker thread) makes model clips; null = core's modelClipSource.
    StudyClipPreparer(QString studyDir, StudyDesign design, ClipSource source = {}, QObject* parent = nullptr);
    /// Cancels and waits for the worker thread.
    ~StudyClipPreparer() override;

    /// Starts the worker thread (once).
    void start();
    /// Asks the worker to stop before the next clip (and between denoising steps of the real source).
    void cancel();
    bool isRunning() const { return m_thread && m_thread->isRunning(); }

Q_SIGNALS:
    /// `done` of `total` clips exist; `current` is the clip file being made ("" at the end).
    void progress(int done, int total, const QString& current);
    /// Preparation ended: clips written and skipped; `cancelled` when stopped early.
    void finished(int generated, int skipped, bool cancelled);
    /// A clip could not be produced (the message names it); clips written so far stay.
    void failed(const QString& message);

private:
    void run();

    QString m_studyDir;
    StudyDesign m_design;
    ClipSource m_source;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::unique_ptr<QThread> m_thread;
};

/// Prepares the missing clips of `design` under a modal progress dialog with Cancel. Returns true
/// when every clip exists afterwards; false when cancelled or failed (a message box says why).
bool prepareStudyClipsWithDialog(QWidget* parent, const QString& studyDir, const StudyDesign& design,
                                 ClipSource source = {});

} // namespace stepmotion::ui
