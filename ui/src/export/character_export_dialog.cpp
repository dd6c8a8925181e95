#include "stepmotion/ui/export/character_export_dialog.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/ui/export/export_dialog.h"
#include "stepmotion/ui/takes/take_joints.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>

namespace stepmotion::ui {
namespace {

QWidget* fileRow(QLineEdit* edit, QPushButton* button, QWidget* parent)
{
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(button);
    return row;
}

} // namespace

CharacterExportDialog::CharacterExportDialog(const Take& take, const QString& directory, bool cleanUp, QWidget* parent)
    : QDialog(parent)
    , m_take(take)
    , m_character(new QLineEdit(this))
    , m_mappingFile(new QLineEdit(this))
    , m_path(new QLineEdit(this))
    , m_fps(new QDoubleSpinBox(this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("Export %1 onto a character").arg(take.name));
    try {
        m_joints = takeJoints(take, cleanUp);
    } catch (const std::exception& e) {
        m_jointsError = QString::fromStdString(e.what());
    }
    m_character->setObjectName(QStringLiteral("characterFile"));
    m_character->setPlaceholderText(tr("your character: .fbx, .gltf, .glb or .bvh"));
    m_mappingFile->setObjectName(QStringLiteral("mappingFile"));
    m_mappingFile->setPlaceholderText(tr("optional: a mapping JSON for joints with unusual names"));
    m_path->setObjectName(QStringLiteral("outputFile"));
    m_path->setText(QDir(directory).filePath(takeFileStem(take.name)));
    m_fps->setRange(1.0, 240.0);
    m_fps->setDecimals(2);
    m_fps->setValue(kFps);
    m_fps->setSuffix(tr(" fps"));
    m_status->setObjectName(QStringLiteral("characterStatus"));
    m_status->setWordWrap(true);
    m_status->setText(tr("Choose a character: its skeleton plays the take beside the 22-joint one in the player."));

    auto* characterButton = new QPushButton(tr("Browse..."), this);
    auto* mappingButton = new QPushButton(tr("Browse..."), this);
    auto* outputButton = new QPushButton(tr("Browse..."), this);
    auto* writeButton = new QPushButton(tr("Write mapping..."), this);
    writeButton->setObjectName(QStringLiteral("writeMapping"));
    writeButton->setToolTip(tr("Save the joint mapping found as JSON, to fill in or correct and choose as the mapping file"));
    auto* mappingRow = fileRow(m_mappingFile, mappingButton, this);
    mappingRow->layout()->addWidget(writeButton);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    auto* form = new QFormLayout(this);
    form->addRow(tr("Character"), fileRow(m_character, characterButton, this));
    form->addRow(tr("Mapping"), mappingRow);
    form->addRow(QString(), m_status);
    form->addRow(tr("Frame rate"), m_fps);
    form->addRow(tr("File"), fileRow(m_path, outputButton, this));
    form->addRow(buttons);

    connect(m_character, &QLineEdit::editingFinished, this, &CharacterExportDialog::reload);
    connect(m_mappingFile, &QLineEdit::editingFinished, this, &CharacterExportDialog::reload);
    connect(characterButton, &QPushButton::clicked, this, &CharacterExportDialog::browseCharacter);
    connect(mappingButton, &QPushButton::clicked, this, &CharacterExportDialog::browseMapping);
    connect(outputButton, &QPushButton::clicked, this, &CharacterExportDialog::browseOutput);
    connect(writeButton, &QPushButton::clicked, this, &CharacterExportDialog::chooseMappingToWrite);
    connect(buttons, &QDialogButtonBox::accepted, this, &CharacterExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &CharacterExportDialog::reject);
}

void CharacterExportDialog::setCharacterPath(const QString& path)
{
    m_character->setText(path);
    reload();
}

void CharacterExportDialog::setMappingPath(const QString& path)
{
    m_mappingFile->setText(path);
    reload();
}

void CharacterExportDialog::setPath(const QString& path) { m_path->setText(path); }
void CharacterExportDialog::setFps(double fps) { m_fps->setValue(fps); }
QString CharacterExportDialog::characterPath() const { return m_character->text().trimmed(); }
QString CharacterExportDialog::mappingPath() const { return m_mappingFile->text().trimmed(); }
QString CharacterExportDialog::path() const { return m_path->text().trimmed(); }
QString CharacterExportDialog::status() const { return m_status->text(); }

void CharacterExportDialog::reload()
{
    m_loaded.reset();
    m_mapping.reset();
    const QString file = characterPath();
    if (file.isEmpty()) {
        Q_EMIT previewChanged(std::nullopt);
        return;
    }
    QString text;
    try {
        m_loaded = loadCharacter(file.toStdString());
        m_mapping = mappingPath().isEmpty() ? guessCharacterMapping(*m_loaded)
                                            : loadCharacterMapping(mappingPath().toStdString(), *m_loaded);
        const std::vector<std::string> missing = m_mapping->unmapped();
        text = tr("%1: %n node(s)", nullptr, static_cast<int>(m_loaded->nodes.size())).arg(QFileInfo(file).fileName());
        if (missing.empty())
            text += tr(", all 22 joints mapped.");
        else
            text += tr(". Not found: %1. Write the mapping, fill these in, and choose it as the mapping file.")
                        .arg(QString::fromStdString(m_mapping->unmappedList()));
    } catch (const std::exception& e) {
        text = QString::fromStdString(e.what());
        m_loaded.reset();
        m_mapping.reset();
    }
    // The export keeps the character's format: the output takes its extension.
    if (m_loaded) {
        const QFileInfo out(path());
        const QString ext = QString::fromStdString(formatExtension(m_loaded->format));
        m_path->setText(QDir(out.path()).filePath(out.completeBaseName() + ext));
    }
    std::optional<CharacterPreview> preview;
    if (isReady() && m_jointsError.isEmpty()) {
        try {
            preview = makeCharacterPreview(m_joints, *m_loaded, *m_mapping);
            text += tr(" Playing beside the take in the player.");
        } catch (const std::exception& e) {
            text += QLatin1Char(' ') + QString::fromStdString(e.what());
        }
    }
    m_status->setText(text);
    Q_EMIT previewChanged(preview);
}

QString CharacterExportDialog::writeMapping(const QString& path) const
{
    if (!m_loaded || !m_mapping)
        return tr("Choose a character first.");
    try {
        writeFileAtomically(path.toStdString(), formatCharacterMapping(*m_mapping, *m_loaded));
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

bool CharacterExportDialog::runExport(bool quiet)
{
    const QString file = path();
    if (!m_jointsError.isEmpty())
        m_error = m_jointsError;
    else if (!m_loaded)
        m_error = characterPath().isEmpty() ? tr("Choose a character to export onto.") : status();
    else if (!isReady())
        m_error = tr("%1: these joints are not mapped: %2").arg(characterPath(), QString::fromStdString(m_mapping->unmappedList()));
    else if (file.isEmpty())
        m_error = tr("Choose a file to export to.");
    else
        m_error.clear();
    if (m_error.isEmpty()) {
        try {
            exportOntoCharacter(m_joints, *m_loaded, *m_mapping, file.toStdString(), m_fps->value());
        } catch (const std::exception& e) {
            m_error = QString::fromStdString(e.what());
        }
    }
    if (m_error.isEmpty())
        return true;
    if (!quiet)
        QMessageBox::critical(this, tr("Cannot export"), m_error);
    return false;
}

void CharacterExportDialog::accept()
{
    if (runExport())
        QDialog::accept();
}

void CharacterExportDialog::browseCharacter()
{
    const QString chosen = QFileDialog::getOpenFileName(this, tr("Character"), characterPath(),
                                                        tr("Characters (*.fbx *.gltf *.glb *.bvh)"));
    if (!chosen.isEmpty())
        setCharacterPath(chosen);
}

void CharacterExportDialog::browseMapping()
{
    const QString chosen = QFileDialog::getOpenFileName(this, tr("Mapping"), mappingPath(), tr("Mapping (*.json)"));
    if (!chosen.isEmpty())
        setMappingPath(chosen);
}

void CharacterExportDialog::browseOutput()
{
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export to"), path());
    if (!chosen.isEmpty())
        m_path->setText(chosen);
}

void CharacterExportDialog::chooseMappingToWrite()
{
    const QString suggested = QFileInfo(characterPath()).path() + QLatin1Char('/') + QFileInfo(characterPath()).completeBaseName() +
                              QStringLiteral(".mapping.json");
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Write mapping"), suggested, tr("Mapping (*.json)"));
    if (chosen.isEmpty())
        return;
    const QString error = writeMapping(chosen);
    if (!error.isEmpty())
        QMessageBox::critical(this, tr("Cannot write the mapping"), error);
}

} // namespace stepmotion::ui
