#pragma once
// The format / rig / units / frame-rate / BVH-translation controls that the single-take and
// the batch export dialogs share. The unit box is enabled only for formats that have a unit
// (BVH, FBX); the BVH translation box only for a BVH on a rig with its own channel layout
// (Bandai), where it picks RigChannels.

#include "stepmotion/core/export/motion_export.h"

#include <QObject>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QWidget;

namespace stepmotion::ui {

class ExportSettings : public QObject {
    Q_OBJECT

public:
    /// Creates the controls as children of `parent` (BVH, our 22 joints, metres, 20 fps,
    /// translation on the root only).
    explicit ExportSettings(QWidget* parent);

    /// Adds the "Format", "Rig", "Units", "Frame rate" and "BVH translation" rows to `form`.
    void addRows(QFormLayout* form) const;

    ExportOptions options() const;
    ExportFormat format() const;
    void setFormat(ExportFormat format);
    void setUnit(LengthUnit unit);
    void setFps(double fps);
    /// "smpl22", "bandai" or "cmu". Choosing bandai or cmu sets centimetres (their unit).
    void setRig(const std::string& rig);
    void setBvhChannels(RigChannels channels);
    bool unitEnabled() const;
    bool bvhChannelsEnabled() const;

Q_SIGNALS:
    void formatChanged(stepmotion::ExportFormat format);

private:
    QComboBox* m_format;
    void updateEnabled();

    QComboBox* m_unit;
    QComboBox* m_rig;
    QDoubleSpinBox* m_fps;
    QComboBox* m_bvhChannels;
};

} // namespace stepmotion::ui
