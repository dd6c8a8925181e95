#pragma once
// The "Dataset" dock's content: indexes a HumanML3D-layout folder (a real HumanML3D or the
// project's own build) on a BackgroundWorker, then lists its clips (DatasetClipModel) with a
// search field and a split filter. The selected clip's captions and step lists are shown
// read-only below; "Show beside" and "Use its steps" only ask, the main window acts.
// GL-free.

#include "stepmotion/ui/worker/background_worker.h"

#include <QString>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace stepmotion {
struct DatasetClip;
struct DatasetIndex;
}

namespace stepmotion::ui {

class DatasetClipModel;

class DatasetBrowser : public QWidget {
    Q_OBJECT

public:
    explicit DatasetBrowser(QWidget* parent = nullptr);
    /// Waits for a running indexing (the worker reads only headers and text files).
    ~DatasetBrowser() override;

    DatasetClipModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QLineEdit* searchField() const { return m_search; }
    QComboBox* splitBox() const { return m_split; }
    /// The read-only captions and step lists of the selected clip (plain text).
    QString detailsText() const;
    /// The folder indexed last (or being indexed); empty before the first.
    QString folder() const { return m_folder; }
    bool isIndexing() const { return m_worker.isBusy(); }
    /// The selected clip, or nullptr.
    const DatasetClip* currentClip() const;
    /// Selects the clip with `id` when it is shown; returns whether it is.
    bool selectClip(const QString& id);

    /// The details pane's text for `clip`: captions (with times when given), then each
    /// step list as "start-end s  parts: text" lines.
    static QString describeClip(const DatasetClip& clip);

public Q_SLOTS:
    /// Starts indexing `dir` (all splits) on a worker thread; the list is replaced when it
    /// finishes. A second call while one runs supersedes it (the older result is dropped).
    void openFolder(const QString& dir);

Q_SIGNALS:
    /// Indexing of `dir` ended: ok with `message` summarising the clips, or not with core's
    /// error (it names the path).
    void indexingFinished(bool ok, const QString& dir, const QString& message);
    void showBesideRequested(const QString& id);
    void useStepsRequested(const QString& id);

private:
    QWidget* createButtons();
    void startWorker(const QString& dir);
    void showIndex(const QString& dir, DatasetIndex index);
    void showFailure(const QString& dir, const QString& error);
    void showStatus(const QString& text, bool error);
    void updateDetails();

    DatasetClipModel* m_model;
    QLineEdit* m_search;
    QComboBox* m_split;
    QTableView* m_view;
    QTextBrowser* m_details;
    QProgressBar* m_busy;
    QLabel* m_status;
    QPushButton* m_showBeside = nullptr;
    QPushButton* m_useSteps = nullptr;
    QString m_folder;
    // Newest wins: a later openFolder() drops the result of an earlier one. Indexing cannot be
    // cancelled (core reads the folder in one call), so the newer request waits for it.
    BackgroundWorker m_worker;
};

} // namespace stepmotion::ui
