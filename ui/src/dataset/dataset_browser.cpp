#include "stepmotion/ui/dataset/dataset_browser.h"

#include "stepmotion/core/motion/motion.h"

#include "stepmotion/ui/dataset/dataset_clip_model.h"
#include "stepmotion/ui/steps/step_list_model.h"

#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace stepmotion::ui {
namespace {

constexpr std::size_t kLoggedWarnings = 20;

QString secondsText(double seconds)
{
    return QString::number(seconds, 'f', 2);
}

} // namespace

DatasetBrowser::DatasetBrowser(QWidget* parent)
    : QWidget(parent)
    , m_model(new DatasetClipModel(this))
    , m_search(new QLineEdit(this))
    , m_split(new QComboBox(this))
    , m_view(new QTableView(this))
    , m_details(new QTextBrowser(this))
    , m_busy(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_worker(QStringLiteral("stepmotion-dataset-index"))
{
    m_search->setPlaceholderText(tr("Search captions and steps (all words)"));
    m_search->setClearButtonEnabled(true);
    for (const char* split : {"all", "train", "val", "test"})
        m_split->addItem(QString::fromLatin1(split), QString::fromLatin1(split));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->horizontalHeader()->setStretchLastSection(true);
    for (int column : {DatasetClipModel::IdColumn, DatasetClipModel::SplitColumn, DatasetClipModel::LengthColumn})
        m_view->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_view->setWordWrap(false); // one line per clip; the full caption is in the tooltip and below
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(tr("Select a clip to see its captions and step lists."));
    m_busy->setRange(0, 0); // indexing reports no progress: a busy bar while it runs
    m_busy->hide();
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setText(tr("File > Open dataset folder... indexes a HumanML3D-layout folder."));

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_split);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_busy);
    layout->addWidget(m_status);
    layout->addWidget(m_view, 2);
    layout->addWidget(m_details, 1);
    layout->addWidget(createButtons());

    connect(m_search, &QLineEdit::textChanged, m_model, &DatasetClipModel::setSearchText);
    connect(m_split, &QComboBox::currentIndexChanged, this,
            [this] { m_model->setSplitFilter(m_split->currentData().toString()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DatasetBrowser::updateDetails);
    connect(m_model, &QAbstractItemModel::modelReset, this, &DatasetBrowser::updateDetails);
    updateDetails();
}

// m_worker's destructor waits for a running indexing; its result is dropped.
DatasetBrowser::~DatasetBrowser() = default;

QWidget* DatasetBrowser::createButtons()
{
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    m_showBeside = new QPushButton(tr("Show beside"), row);
    m_showBeside->setToolTip(tr("Show the ground-truth motion next to the clips in the player"));
    m_useSteps = new QPushButton(tr("Use its steps"), row);
    m_useSteps->setToolTip(tr("Load the first step list and caption into the step editor (undoable)"));
    layout->addWidget(m_showBeside);
    layout->addWidget(m_useSteps);
    connect(m_showBeside, &QPushButton::clicked, this, [this] {
        if (const DatasetClip* clip = currentClip())
            Q_EMIT showBesideRequested(QString::fromStdString(clip->id));
    });
    connect(m_useSteps, &QPushButton::clicked, this, [this] {
        if (const DatasetClip* clip = currentClip())
            Q_EMIT useStepsRequested(QString::fromStdString(clip->id));
    });
    return row;
}

void DatasetBrowser::openFolder(const QString& dir)
{
    m_folder = QDir::cleanPath(dir);
    m_busy->show();
    showStatus(tr("Indexing %1...").arg(QDir::toNativeSeparators(m_folder)), false);
    startWorker(m_folder);
}

void DatasetBrowser::startWorker(const QString& dir)
{
    // A failure (core's error, thrown on the worker thread) comes back as its message.
    m_worker.run([path = dir.toStdString()](const WorkerJob&) { return readDatasetIndex(path, "all"); },
                 [this, dir](int, DatasetIndex index) { showIndex(dir, std::move(index)); },
                 [this, dir](int, const QString& error) { showFailure(dir, error); });
}

void DatasetBrowser::showFailure(const QString& dir, const QString& error)
{
    m_busy->hide();
    const QString message = error.contains(dir) ? error : QStringLiteral("%1: %2").arg(dir, error);
    showStatus(message, true);
    Q_EMIT indexingFinished(false, dir, message);
}

void DatasetBrowser::showIndex(const QString& dir, DatasetIndex index)
{
    m_busy->hide();
    const std::size_t warnings = index.warnings.size();
    m_model->setIndex(std::move(index));
    const QString message = tr("%n clip(s) in %1", nullptr, m_model->clipCount()).arg(QDir::toNativeSeparators(dir))
        + (warnings ? tr(" (%n warning(s), see the log)", nullptr, static_cast<int>(warnings)) : QString());
    // A folder missing a whole subtree warns once per clip: the log gets the first few.
    const std::vector<std::string>& all = m_model->datasetIndex().warnings;
    for (std::size_t i = 0; i < all.size() && i < kLoggedWarnings; ++i)
        qWarning("%s", all[i].c_str());
    if (all.size() > kLoggedWarnings)
        qWarning("... and %zu more dataset warnings", all.size() - kLoggedWarnings);
    showStatus(message, false);
    Q_EMIT indexingFinished(true, dir, message);
}

void DatasetBrowser::showStatus(const QString& text, bool error)
{
    m_status->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
    m_status->setText(text);
}

QString DatasetBrowser::detailsText() const
{
    return m_details->toPlainText();
}

const DatasetClip* DatasetBrowser::currentClip() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? &m_model->clip(current.row()) : nullptr;
}

bool DatasetBrowser::selectClip(const QString& id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return false;
    m_view->selectionModel()->setCurrentIndex(m_model->index(row, DatasetClipModel::IdColumn),
                                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return true;
}

QString DatasetBrowser::describeClip(const DatasetClip& clip)
{
    QStringList lines;
    lines << tr("%1 (%2, %3 s, %4 frames)")
                 .arg(QString::fromStdString(clip.id), clip.split.empty() ? tr("no split") : QString::fromStdString(clip.split),
                      secondsText(clipDurationSeconds(clip.frames, clip.fps)))
                 .arg(clip.frames);
    lines << QString() << tr("Captions:");
    for (const DatasetCaption& caption : clip.captions) {
        const bool timed = caption.start != 0.0 || caption.end != 0.0;
        lines << (timed ? QStringLiteral("  [%1-%2 s] %3").arg(secondsText(caption.start), secondsText(caption.end),
                                                               QString::fromStdString(caption.text))
                        : QStringLiteral("  %1").arg(QString::fromStdString(caption.text)));
    }
    for (const DatasetStepList& list : clip.stepLists) {
        lines << QString() << tr("Steps (%1):").arg(QString::fromStdString(list.origin));
        for (const Step& step : list.list.steps)
            lines << QStringLiteral("  %1-%2 s  %3: %4")
                         .arg(secondsText(step.start), secondsText(step.end), StepListModel::bodyPartsText(step.bodyParts),
                              QString::fromStdString(step.text));
    }
    if (clip.stepLists.empty())
        lines << QString() << tr("No step lists.");
    return lines.join(QLatin1Char('\n'));
}

void DatasetBrowser::updateDetails()
{
    const DatasetClip* clip = currentClip();
    m_details->setPlainText(clip ? describeClip(*clip) : QString());
    m_showBeside->setEnabled(clip != nullptr);
    m_useSteps->setEnabled(clip != nullptr && (!clip->stepLists.empty() || !clip->captions.empty()));
}

} // namespace stepmotion::ui
