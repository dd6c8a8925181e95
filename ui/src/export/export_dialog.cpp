#include "stepmotion/ui/export/export_dialog.h"
#include "stepmotion/ui/export/export_settings.h"

#include "stepmotion/ui/takes/take_joints.h"

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

QString exportTake(const Take& take, const QString& path, const ExportOptions& options, bool cleanUp)
{
    try {
        const JointClip joints = takeJoints(take, cleanUp);
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
    , m_settings(new ExportSettings(this))
    , m_path(new QLineEdit(this))
{
    setWindowTitle(tr("Export %1").arg(take.name));
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
    m_settings->addRows(form);
    form->addRow(tr("File"), pathRow);
    form->addRow(buttons);

    connect(m_settings, &ExportSettings::formatChanged, this, &ExportDialog::formatChanged);
    connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    formatChanged();
}

ExportOptions ExportDialog::options() const
{
    return m_settings->options();
}

QString ExportDialog::path() const
{
    return m_path->text().trimmed();
}

void ExportDialog::setFormat(ExportFormat format)
{
    m_settings->setFormat(format);
}

void ExportDialog::setUnit(LengthUnit unit)
{
    m_settings->setUnit(unit);
}

void ExportDialog::setFps(double fps)
{
    m_settings->setFps(fps);
}

void ExportDialog::setRig(const std::string& rig)
{
    m_settings->setRig(rig);
}

void ExportDialog::setBvhChannels(RigChannels channels)
{
    m_settings->setBvhChannels(channels);
}

void ExportDialog::setPath(const QString& path)
{
    m_path->setText(path);
}

bool ExportDialog::unitEnabled() const
{
    return m_settings->unitEnabled();
}

bool ExportDialog::bvhChannelsEnabled() const
{
    return m_settings->bvhChannelsEnabled();
}

bool ExportDialog::runExport(bool quiet)
{
    const QString file = path();
    if (file.isEmpty())
        m_error = tr("Choose a file to export to.");
    else
        m_error = exportTake(m_take, file, options(), m_cleanUp);
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
    const ExportFormat format = m_settings->format();
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
