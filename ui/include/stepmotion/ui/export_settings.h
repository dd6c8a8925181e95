#pragma once
// The format / units / frame-rate controls that the single-take and the batch export dialogs
// share. The unit box is enabled only for formats that have a unit (BVH, FBX).

#include "stepmotion/core/motion_export.h"

#include <QObject>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QWidget;

namespace stepmotion::ui {

class ExportSettings : public QObject {
    Q_OBJECT

public:
    /// Creates the three controls as children of `parent` (BVH, metres, 20 fps).
    explicit ExportSettings(QWidget* parent);

    /// Adds the "Format", "Units" and "Frame rate" rows to `form`.
    void addRows(QFormLayout* form) const;

    ExportOptions options() const;
    ExportFormat format() const;
    void setFormat(ExportFormat format);
    void setUnit(LengthUnit unit);
    void setFps(double fps);
    bool unitEnabled() const;

Q_SIGNALS:
    void formatChanged(stepmotion::ExportFormat format);

private:
    QComboBox* m_format;
    QComboBox* m_unit;
    QDoubleSpinBox* m_fps;
};

} // namespace stepmotion::ui
