#include "stepmotion/ui/batch_export.h"

#include "stepmotion/ui/export_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>

namespace stepmotion::ui {

BatchExportResult exportTakes(const std::vector<Take>& takes, const QString& dir, const ExportOptions& options)
{
    BatchExportResult result;
    if (!QDir().mkpath(dir)) {
        for (const Take& take : takes)
            result.errors << QObject::tr("%1: cannot create the folder to export %2 into").arg(dir, take.name);
        return result;
    }
    const QString extension = QString::fromStdString(formatExtension(options.format));
    QSet<QString> used;
    for (const Take& take : takes) {
        const QString stem = takeFileStem(take.name);
        QString name = stem;
        for (int n = 2; used.contains(name.toLower()); ++n)
            name = QStringLiteral("%1_%2").arg(stem).arg(n);
        used.insert(name.toLower()); // case-insensitive file systems would clash too
        const QString path = QDir(dir).filePath(name + extension);
        const QString error = exportTake(take, path, options);
        if (error.isEmpty())
            result.written << path;
        else
            result.errors << error;
    }
    return result;
}

BatchExportDialog::BatchExportDialog(int count, const QString& directory, QWidget* parent)
    : QDialog(parent)
    , m_format(new QComboBox(this))
    , m_unit(new QComboBox(this))
    , m_fps(new QDoubleSpinBox(this))
    , m_dir(new QLineEdit(directory, this))
{
    setWindowTitle(tr("Export starred takes"));
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

    auto* dirRow = new QWidget(this);
    auto* row = new QHBoxLayout(dirRow);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_dir, 1);
    auto* browse = new QPushButton(tr("Browse..."), dirRow);
    row->addWidget(browse);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));

    auto* form = new QFormLayout(this);
    form->addRow(new QLabel(tr("%n starred take(s), one file each, named after the take.", nullptr, count), this));
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("Units"), m_unit);
    form->addRow(tr("Frame rate"), m_fps);
    form->addRow(tr("Folder"), dirRow);
    form->addRow(buttons);

    // The unit only means something for BVH and FBX (glTF and .npy are metres).
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        const auto format = static_cast<ExportFormat>(m_format->currentData().toInt());
        m_unit->setEnabled(format == ExportFormat::Bvh || format == ExportFormat::Fbx || format == ExportFormat::FbxAscii);
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString chosen = QFileDialog::getExistingDirectory(this, tr("Export into"), this->directory());
        if (!chosen.isEmpty())
            m_dir->setText(chosen);
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &BatchExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &BatchExportDialog::reject);
}

ExportOptions BatchExportDialog::options() const
{
    ExportOptions options;
    options.format = static_cast<ExportFormat>(m_format->currentData().toInt());
    options.unit = static_cast<LengthUnit>(m_unit->currentData().toInt());
    options.fps = m_fps->value();
    return options;
}

QString BatchExportDialog::directory() const
{
    return m_dir->text().trimmed();
}

void BatchExportDialog::setFormat(ExportFormat format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

void BatchExportDialog::setUnit(LengthUnit unit)
{
    m_unit->setCurrentIndex(m_unit->findData(int(unit)));
}

void BatchExportDialog::setFps(double fps)
{
    m_fps->setValue(fps);
}

void BatchExportDialog::setDirectory(const QString& dir)
{
    m_dir->setText(dir);
}

void BatchExportDialog::accept()
{
    if (directory().isEmpty()) {
        QMessageBox::warning(this, tr("Export starred takes"), tr("Choose a folder to export into."));
        return;
    }
    QDialog::accept();
}

} // namespace stepmotion::ui
