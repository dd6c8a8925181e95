#include "stepmotion/ui/export_dialog.h"

#include "stepmotion/core/feature_codec.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>

namespace stepmotion::ui {
namespace {

/// The file extension for a format; .fbx files of both flavours, ".npy" for joints.
QString extensionOf(ExportFormat format)
{
    return QString::fromStdString(formatExtension(format));
}

} // namespace

QString takeFileStem(const QString& name)
{
    QString stem;
    for (const QChar c : name)
        stem += c.isLetterOrNumber() || c == QLatin1Char('-') ? c : QLatin1Char('_');
    while (stem.contains(QStringLiteral("__")))
        stem.replace(QStringLiteral("__"), QStringLiteral("_"));
    return stem.isEmpty() ? QStringLiteral("take") : stem;
}

QString exportTake(const Take& take, const QString& path, const ExportOptions& options)
{
    try {
        const JointClip joints = decodeFeatures(take.features);
        exportMotion(joints, path.toStdString(), options);
    } catch (const std::exception& e) {
        const QString message = QString::fromStdString(e.what());
        return message.contains(path) ? message : QStringLiteral("%1: %2").arg(path, message);
    }
    return {};
}

ExportDialog::ExportDialog(const Take& take, const QString& directory, QWidget* parent)
    : QDialog(parent)
    , m_take(take)
    , m_format(new QComboBox(this))
    , m_unit(new QComboBox(this))
    , m_fps(new QDoubleSpinBox(this))
    , m_path(new QLineEdit(this))
{
    setWindowTitle(tr("Export %1").arg(take.name));
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
    m_path->setText(QDir(directory).filePath(takeFileStem(take.name) + extensionOf(ExportFormat::Bvh)));

    auto* pathRow = new QWidget(this);
    auto* row = new QHBoxLayout(pathRow);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_path, 1);
    auto* browseButton = new QPushButton(tr("Browse..."), pathRow);
    row->addWidget(browseButton);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));

    auto* form = new QFormLayout(this);
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("Units"), m_unit);
    form->addRow(tr("Frame rate"), m_fps);
    form->addRow(tr("File"), pathRow);
    form->addRow(buttons);

    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    formatChanged();
}

ExportOptions ExportDialog::options() const
{
    ExportOptions options;
    options.format = static_cast<ExportFormat>(m_format->currentData().toInt());
    options.unit = static_cast<LengthUnit>(m_unit->currentData().toInt());
    options.fps = m_fps->value();
    return options;
}

QString ExportDialog::path() const
{
    return m_path->text().trimmed();
}

void ExportDialog::setFormat(ExportFormat format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

void ExportDialog::setUnit(LengthUnit unit)
{
    m_unit->setCurrentIndex(m_unit->findData(int(unit)));
}

void ExportDialog::setFps(double fps)
{
    m_fps->setValue(fps);
}

void ExportDialog::setPath(const QString& path)
{
    m_path->setText(path);
}

bool ExportDialog::unitEnabled() const
{
    return m_unit->isEnabled();
}

bool ExportDialog::runExport(bool quiet)
{
    const QString file = path();
    if (file.isEmpty())
        m_error = tr("Choose a file to export to.");
    else
        m_error = exportTake(m_take, file, options());
    if (m_error.isEmpty())
        return true;
    if (!quiet)
        QMessageBox::critical(this, tr("Cannot export"), m_error);
    return false;
}

void ExportDialog::accept()
{
    if (runExport())
        QDialog::accept();
}

void ExportDialog::formatChanged()
{
    const auto format = static_cast<ExportFormat>(m_format->currentData().toInt());
    // glTF is metres by definition and .npy always metres: the unit only means something here.
    m_unit->setEnabled(format == ExportFormat::Bvh || format == ExportFormat::Fbx || format == ExportFormat::FbxAscii);
    const QString current = path();
    if (current.isEmpty())
        return;
    const QFileInfo info(current);
    m_path->setText(QDir(info.path()).filePath(info.completeBaseName() + extensionOf(format)));
}

void ExportDialog::browse()
{
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export to"), path());
    if (!chosen.isEmpty())
        m_path->setText(chosen);
}

} // namespace stepmotion::ui
