#include "stepmotion/ui/export/batch_export.h"

#include "stepmotion/ui/export/export_dialog.h"
#include "stepmotion/ui/export/export_settings.h"

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

BatchExportResult exportTakes(const std::vector<Take>& takes, const QString& dir, const ExportOptions& options,
                              const BatchExportProgress& progress, bool cleanUp)
{
    BatchExportResult result;
    if (!QDir().mkpath(dir)) {
        for (const Take& take : takes)
            result.errors << QObject::tr("%1: cannot create the folder to export %2 into").arg(dir, take.name);
        return result;
    }
    const QString extension = QString::fromStdString(formatExtension(options.format));
    QSet<QString> used;
    const int total = static_cast<int>(takes.size());
    for (int i = 0; i < total; ++i) {
        const Take& take = takes[static_cast<std::size_t>(i)];
        const QString stem = takeFileStem(take.name);
        QString name = stem;
        for (int n = 2; used.contains(name.toLower()); ++n)
            name = QStringLiteral("%1_%2").arg(stem).arg(n);
        used.insert(name.toLower()); // case-insensitive file systems would clash too
        const QString path = QDir(dir).filePath(name + extension);
        const QString error = exportTake(take, path, options, cleanUp);
        if (error.isEmpty())
            result.written << path;
        else
            result.errors << error;
        if (progress && !progress(i + 1, total) && i + 1 < total) {
            result.cancelled = true;
            break;
        }
    }
    return result;
}

BatchExportDialog::BatchExportDialog(int count, const QString& directory, QWidget* parent)
    : QDialog(parent)
    , m_settings(new ExportSettings(this))
    , m_dir(new QLineEdit(directory, this))
{
    setWindowTitle(tr("Export starred takes"));

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
    m_settings->addRows(form);
    form->addRow(tr("Folder"), dirRow);
    form->addRow(buttons);

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
    return m_settings->options();
}

QString BatchExportDialog::directory() const
{
    return m_dir->text().trimmed();
}

void BatchExportDialog::setFormat(ExportFormat format)
{
    m_settings->setFormat(format);
}

void BatchExportDialog::setUnit(LengthUnit unit)
{
    m_settings->setUnit(unit);
}

void BatchExportDialog::setFps(double fps)
{
    m_settings->setFps(fps);
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
