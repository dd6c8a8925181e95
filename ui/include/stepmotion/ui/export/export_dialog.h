#pragma once
// File > Export selected take...: format (BVH, FBX, FBX ASCII, glTF, GLB, npy), rig (our 22
// joints, Bandai, CMU), length unit (BVH and FBX only), frame rate (default 20), where a
// Bandai BVH translates (root only, or every joint as Bandai's files) and the output file. OK exports through core's
// exportMotion; a failure shows a message box naming the file and keeps the dialog open.
// GL-free; the export itself is exportTake(), usable without the dialog.

#include "stepmotion/core/export/motion_export.h"
#include "stepmotion/ui/takes/take_list_model.h"

#include <QDialog>

class QLineEdit;

namespace stepmotion::ui {

class ExportSettings;

/// A file name stem safe on every file system from a take name ("take 3 · seed 7" ->
/// "take_3_seed_7"); "take" for a name with nothing usable.
QString takeFileStem(const QString& name);

/// Writes `take`'s joints (takeJoints: cleaned up unless `cleanUp` is false) to `path` with
/// `options`. Returns an empty string on success, otherwise the error message (it names the
/// file).
QString exportTake(const Take& take, const QString& path, const ExportOptions& options, bool cleanUp = true);

class ExportDialog : public QDialog {
    Q_OBJECT

public:
    /// Exports `take` (copied); the path starts as `directory`/<take name>.bvh.
    ExportDialog(const Take& take, const QString& directory, QWidget* parent = nullptr);

    ExportOptions options() const;
    QString path() const;
    void setFormat(ExportFormat format);
    void setUnit(LengthUnit unit);
    void setFps(double fps);
    void setRig(const std::string& rig);
    void setBvhChannels(RigChannels channels);
    void setPath(const QString& path);
    /// Whether the unit choice applies to the chosen format (BVH, FBX, FBX ASCII).
    bool unitEnabled() const;
    /// Whether the BVH translation choice applies (a BVH on the Bandai rig).
    bool bvhChannelsEnabled() const;
    /// Whether the take is exported cleaned up (takeJoints); true unless set otherwise.
    void setCleanUp(bool cleanUp) { m_cleanUp = cleanUp; }

    /// Exports with the current settings. On failure shows the message in a box (unless
    /// `quiet`), stores it in lastError() and returns false.
    bool runExport(bool quiet = false);
    QString lastError() const { return m_error; }

public Q_SLOTS:
    void accept() override;

private:
    void formatChanged();
    void browse();

    Take m_take;
    ExportSettings* m_settings;
    QLineEdit* m_path;
    QString m_error;
    bool m_cleanUp = true;
};

} // namespace stepmotion::ui
