#pragma once
// One batch export (exportTakes) on a BackgroundWorker's thread, so the window keeps painting
// and can cancel while dozens of FBX files are written. The job owns copies of the takes: the
// user may delete or rename takes while it runs. GL-free.

#include "stepmotion/ui/export/batch_export.h"
#include "stepmotion/ui/worker/background_worker.h"

#include <QObject>

#include <vector>

namespace stepmotion::ui {

class BatchExportJob : public QObject {
    Q_OBJECT

public:
    BatchExportJob(std::vector<Take> takes, QString dir, ExportOptions options, QObject* parent = nullptr);
    /// Cancels a running export and waits for the take being written (files are written
    /// atomically, so none is left half-written).
    ~BatchExportJob() override;

    /// Whether the takes are exported cleaned up (takeJoints); true unless set before start().
    void setCleanUp(bool cleanUp) { m_cleanUp = cleanUp; }
    /// Starts the export on the worker thread; call once.
    void start();
    /// Asks the worker to stop before its next take; finished() still follows.
    void cancel();
    int total() const { return static_cast<int>(m_takes.size()); }

Q_SIGNALS:
    /// `done` of `total` takes are written or failed (queued from the worker thread, emitted on
    /// the job's thread before finished()).
    void progressed(int done, int total);
    /// The worker ended: all takes tried, or cancelled (result.cancelled) part way.
    void finished(const stepmotion::ui::BatchExportResult& result);

private:
    // The worker reads the inputs, which nothing changes once it started; the result comes
    // back by value, so nothing else is shared.
    std::vector<Take> m_takes;
    QString m_dir;
    ExportOptions m_options;
    bool m_cleanUp = true;
    bool m_started = false;
    BackgroundWorker m_worker; // last: destroyed (cancelled, waited for) before the inputs
};

} // namespace stepmotion::ui
