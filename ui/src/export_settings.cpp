#include "stepmotion/ui/export_settings.h"

#include "stepmotion/core/skeleton.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>

namespace stepmotion::ui {

ExportSettings::ExportSettings(QWidget* parent)
    : QObject(parent), m_format(new QComboBox(parent)), m_unit(new QComboBox(parent)), m_fps(new QDoubleSpinBox(parent))
{
    m_format->addItem(tr("BVH"), int(ExportFormat::Bvh));
    m_format->addItem(tr("FBX (binary)"), int(ExportFormat::Fbx));
    m_format->addItem(tr("FBX ASCII"), int(ExportFormat::FbxAscii));
    m_format->addItem(tr("glTF (.gltf + .bin)"), int(ExportFormat::Gltf));
    m_format->addItem(tr("GLB (binary glTF)"), int(ExportFormat::Glb));
    m_format->addItem(tr("NumPy joints (.npy)"), int(ExportFormat::Npy));
    m_unit->addItem(tr("Metres"), int(LengthUnit::Metres));
    m_unit->addItem(tr("Centimetres"), int(LengthUnit::Centimetres));
    m_fps->setRange(1.0, 240.0);
    m_fps->setDecimals(2);
    m_fps->setValue(kFps);
    m_fps->setSuffix(tr(" fps"));
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        const ExportFormat f = format();
        // glTF is metres by definition and .npy always metres: the unit only means something here.
        m_unit->setEnabled(f == ExportFormat::Bvh || f == ExportFormat::Fbx || f == ExportFormat::FbxAscii);
        Q_EMIT formatChanged(f);
    });
}

void ExportSettings::addRows(QFormLayout* form) const
{
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("Units"), m_unit);
    form->addRow(tr("Frame rate"), m_fps);
}

ExportOptions ExportSettings::options() const
{
    ExportOptions options;
    options.format = format();
    options.unit = static_cast<LengthUnit>(m_unit->currentData().toInt());
    options.fps = m_fps->value();
    return options;
}

ExportFormat ExportSettings::format() const { return static_cast<ExportFormat>(m_format->currentData().toInt()); }

void ExportSettings::setFormat(ExportFormat format) { m_format->setCurrentIndex(m_format->findData(int(format))); }

void ExportSettings::setUnit(LengthUnit unit) { m_unit->setCurrentIndex(m_unit->findData(int(unit))); }

void ExportSettings::setFps(double fps) { m_fps->setValue(fps); }

bool ExportSettings::unitEnabled() const { return m_unit->isEnabled(); }

} // namespace stepmotion::ui
