#pragma once
// File > Export onto character...: the take put on the user's own character (core's
// character.h). The dialog reads the character file as soon as it is chosen and says what it
// found: how many nodes, which of the 22 joints it could not map, its unit. An optional
// mapping JSON fills in what the guess misses, and "Write mapping..." saves the guess to edit.
// While a character is loaded, previewChanged() carries it playing the take, for the player
// to show beside the 22-joint skeleton before anything is written. The export is written in
// the character's own format. GL-free.

#include "stepmotion/core/character/character.h"
#include "stepmotion/ui/export/character_preview.h"
#include "stepmotion/ui/takes/take_list_model.h"

#include <QDialog>

#include <optional>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;

namespace stepmotion::ui {

class CharacterExportDialog : public QDialog {
    Q_OBJECT

public:
    /// Exports `take` (copied; its joints cleaned up unless `cleanUp` is false); the output
    /// path starts in `directory`.
    CharacterExportDialog(const Take& take, const QString& directory, bool cleanUp, QWidget* parent = nullptr);

    void setCharacterPath(const QString& path);
    void setMappingPath(const QString& path);
    void setPath(const QString& path);
    void setFps(double fps);
    QString characterPath() const;
    QString mappingPath() const;
    QString path() const;
    /// What the dialog says about the character (node count, unmapped joints, or why it
    /// cannot be read).
    QString status() const;
    /// A character is loaded and all 22 joints are mapped.
    bool isReady() const { return m_mapping.has_value() && m_mapping->unmapped().empty(); }

    /// Writes the current mapping (the guess, or the file's) as JSON to `path`; returns the
    /// error message, empty on success.
    QString writeMapping(const QString& path) const;

    /// Exports with the current settings. On failure shows the message in a box (unless
    /// `quiet`), stores it in lastError() and returns false.
    bool runExport(bool quiet = false);
    QString lastError() const { return m_error; }

public Q_SLOTS:
    void accept() override;

Q_SIGNALS:
    /// The character playing the take, or nullopt when none is loaded or it cannot be solved.
    void previewChanged(const std::optional<stepmotion::ui::CharacterPreview>& preview);

private:
    void reload();
    void browseCharacter();
    void browseMapping();
    void browseOutput();
    void chooseMappingToWrite();

    Take m_take;
    JointClip m_joints;
    QString m_jointsError;
    QLineEdit* m_character;
    QLineEdit* m_mappingFile;
    QLineEdit* m_path;
    QDoubleSpinBox* m_fps;
    QLabel* m_status;
    std::optional<Character> m_loaded;
    std::optional<CharacterMapping> m_mapping;
    QString m_error;
};

} // namespace stepmotion::ui
