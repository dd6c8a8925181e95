#include "stepmotion/ui/export/export_settings.h"

#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/export/rig_export.h"
#include "stepmotion/core/motion/skeleton.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>

namespace stepmotion::ui {
namespace {

/// Whether a rig's own BVH layout differs from translation on the root only (Bandai: position
/// channels on every joint). A rig whose resources cannot be read has nothing to choose.
bool hasOwnChannelLayout(const std::string& rig)
{
    try {
        return bvhTranslationReplacesOffset(loadExportRig(rig).skeleton);
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace

ExportSettings::ExportSettings(QWidget* parent)
    : QObject(parent)
    , m_format(new QComboBox(parent))
    , m_unit(new QComboBox(parent))
    , m_rig(new QComboBox(parent))
    , m_fps(new QDoubleSpinBox(parent))
    , m_bvhChannels(new QComboBox(parent))
{
    m_format->addItem(tr("BVH"), int(ExportFormat::Bvh));
    m_format->addItem(tr("FBX (binary)"), int(ExportFormat::Fbx));
    m_format->addItem(tr("FBX ASCII (not for Blender)"), int(ExportFormat::FbxAscii));
    // Blender refuses ASCII FBX ("ASCII FBX files are not supported"); binary FBX opens there.
    m_format->setItemData(m_format->count() - 1,
                          tr("Text FBX for Autodesk tools and diffing. Blender cannot open ASCII FBX: choose "
                             "FBX (binary) for Blender."),
                          Qt::ToolTipRole);
    m_format->addItem(tr("glTF (.gltf + .bin)"), int(ExportFormat::Gltf));
    m_format->addItem(tr("GLB (binary glTF)"), int(ExportFormat::Glb));
    m_format->addItem(tr("NumPy joints (.npy)"), int(ExportFormat::Npy));
    m_unit->addItem(tr("Metres"), int(LengthUnit::Metres));
    m_unit->addItem(tr("Centimetres"), int(LengthUnit::Centimetres));
    m_rig->addItem(tr("StepMotion 22 joints"), QStringLiteral("smpl22"));
    m_rig->addItem(tr("Bandai Namco"), QStringLiteral("bandai"));
    m_rig->addItem(tr("CMU (cgspeed)"), QStringLiteral("cmu"));
    m_bvhChannels->addItem(tr("Root only (Blender, three.js, MotionBuilder)"), int(RigChannels::RootMotion));
    m_bvhChannels->addItem(tr("Every joint, as the rig's own files (Blender only)"), int(RigChannels::RigLayout));
    m_bvhChannels->setToolTip(tr("Bandai's own files give every joint 6 channels that repeat its offset: Blender "
                                 "reads them right, three.js adds them to the offsets. Root only plays the same "
                                 "everywhere."));
    for (int i = 0; i < m_rig->count(); ++i)
        m_rig->setItemData(i, hasOwnChannelLayout(m_rig->itemData(i).toString().toStdString()), Qt::UserRole + 1);
    m_fps->setRange(1.0, 240.0);
    m_fps->setDecimals(2);
    m_fps->setValue(kFps);
    m_fps->setSuffix(tr(" fps"));
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        const ExportFormat f = format();
        updateEnabled();
        Q_EMIT formatChanged(f);
    });
    connect(m_rig, &QComboBox::currentIndexChanged, this, [this] {
        if (m_rig->currentData().toString() != QStringLiteral("smpl22"))
            setUnit(LengthUnit::Centimetres); // the Bandai and CMU files' own unit
        updateEnabled();
    });
    updateEnabled();
}

void ExportSettings::updateEnabled()
{
    const ExportFormat f = format();
    // glTF is metres by definition and .npy always metres: the unit only means something here.
    m_unit->setEnabled(f == ExportFormat::Bvh || f == ExportFormat::Fbx || f == ExportFormat::FbxAscii);
    m_rig->setEnabled(f != ExportFormat::Npy);
    m_bvhChannels->setEnabled(f == ExportFormat::Bvh && m_rig->currentData(Qt::UserRole + 1).toBool());
}

void ExportSettings::addRows(QFormLayout* form) const
{
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("Rig"), m_rig);
    form->addRow(tr("Units"), m_unit);
    form->addRow(tr("Frame rate"), m_fps);
    form->addRow(tr("BVH translation"), m_bvhChannels);
}

ExportOptions ExportSettings::options() const
{
    ExportOptions options;
    options.format = format();
    options.unit = static_cast<LengthUnit>(m_unit->currentData().toInt());
    options.fps = m_fps->value();
    options.rig = m_rig->currentData().toString().toStdString();
    options.bvhChannels = static_cast<RigChannels>(m_bvhChannels->currentData().toInt());
    return options;
}

ExportFormat ExportSettings::format() const { return static_cast<ExportFormat>(m_format->currentData().toInt()); }

void ExportSettings::setFormat(ExportFormat format) { m_format->setCurrentIndex(m_format->findData(int(format))); }

void ExportSettings::setUnit(LengthUnit unit) { m_unit->setCurrentIndex(m_unit->findData(int(unit))); }

void ExportSettings::setFps(double fps) { m_fps->setValue(fps); }

void ExportSettings::setRig(const std::string& rig)
{
    m_rig->setCurrentIndex(m_rig->findData(QString::fromStdString(rig)));
}

void ExportSettings::setBvhChannels(RigChannels channels)
{
    m_bvhChannels->setCurrentIndex(m_bvhChannels->findData(int(channels)));
}

bool ExportSettings::unitEnabled() const { return m_unit->isEnabled(); }

bool ExportSettings::bvhChannelsEnabled() const { return m_bvhChannels->isEnabled(); }

} // namespace stepmotion::ui
