#pragma once
// A strip above the step table drawing the steps as bars on a time axis (seconds), overlapping
// steps in separate lanes. Steps active at the player's current time are highlighted and a
// playhead line marks the time; clicking a bar reports its row. Follows the StepListModel
// live. GL-free (QPainter).

#include <QWidget>

#include <vector>

namespace stepmotion::ui {

class StepListModel;

class StepTimeline : public QWidget {
    Q_OBJECT

public:
    /// Shows `model` (not owned; must outlive the strip).
    explicit StepTimeline(StepListModel* model, QWidget* parent = nullptr);

    /// Seconds the axis spans: the latest step end, at least 1 s.
    double spanSeconds() const;
    double currentTime() const { return m_time; }
    /// Rows whose [start, end] holds currentTime(), ascending.
    std::vector<int> activeRows() const;
    /// The bar of `row` in widget coordinates (empty for an invalid row).
    QRect stepRect(int row) const;
    /// The row whose bar contains `pos`, or -1.
    int stepAt(const QPoint& pos) const;
    /// Lane of each row (0 = top): steps overlapping in time never share a lane.
    const std::vector<int>& lanes() const { return m_lanes; }
    /// The highlighted selected row (-1 for none).
    int selectedRow() const { return m_selected; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public Q_SLOTS:
    /// Moves the playhead to `seconds` (clamped at 0) and updates the highlight.
    void setCurrentTime(double seconds);
    /// Outlines `row` as the table's current step (-1 for none).
    void setSelectedRow(int row);

Q_SIGNALS:
    /// The user clicked the bar of `row`.
    void stepClicked(int row);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    void relayout();
    double xOf(double seconds) const;
    int laneCount() const;

    StepListModel* m_model;
    std::vector<int> m_lanes;
    double m_time = 0;
    int m_selected = -1;
};

} // namespace stepmotion::ui
