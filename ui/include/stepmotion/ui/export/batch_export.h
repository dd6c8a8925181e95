#pragma once
// File > Export starred takes...: every starred take to one folder, one file per take, in
// the export dialog's formats. exportTakes() does the work without any dialog (on the
// BatchExportJob's thread in the studio); the dialog only gathers format, unit, frame rate
// and folder. GL-free.

#include "stepmotion/core/export/motion_export.h"
#include "stepmotion/ui/takes/take_list_model.h"

#include <QDialog>
#include <QStringList>

#include <functional>
#include <vector>

class QLineEdit;

namespace stepmotion::ui {

class ExportSettings;

struct BatchExportResult {
    QStringList written;  // files written, in take order
    QStringList errors;   // one message per failed take (it names the file)
    bool cancelled = false; // stopped before every take was tried
};

/// Called after each take with how many are done (written or failed) of `total`; returning
/// false stops the batch before the next take.
using BatchExportProgress = std::function<bool(int done, int total)>;

/// Writes each of `takes` (cleaned up unless `cleanUp` is false, see exportTake) to
/// `dir`/<takeFileStem(name)><format extension>; a stem already used in this batch gets
/// "_2", "_3", ... Existing files are overwritten. A missing `dir` is created; when it
/// cannot be, every take fails with a message naming it. Safe to run on a worker thread (it
/// touches no widget).
BatchExportResult exportTakes(const std::vector<Take>& takes, const QString& dir, const ExportOptions& options,
                              const BatchExportProgress& progress = {}, bool cleanUp = true);

class BatchExportDialog : public QDialog {
    Q_OBJECT

public:
    /// `count` starred takes are to go to `directory` (the folder field's start value).
    BatchExportDialog(int count, const QString& directory, QWidget* parent = nullptr);

    ExportOptions options() const;
    QString directory() const;
    void setFormat(ExportFormat format);
    void setUnit(LengthUnit unit);
    void setFps(double fps);
    void setDirectory(const QString& dir);

public Q_SLOTS:
    /// Refuses (message box) an empty folder field.
    void accept() override;

private:
    ExportSettings* m_settings;
    QLineEdit* m_dir;
};

} // namespace stepmotion::ui
