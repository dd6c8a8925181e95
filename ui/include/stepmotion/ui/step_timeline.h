#pragma once
// A strip above the step table drawing the steps as bars on a time axis (seconds), overlapping
// steps in separate lanes. Steps active at the player's current time are highlighted and a
// playhead line marks the time; clicking a bar reports its row. Dragging a bar moves its step
// in time, dragging its left or right edge (kEdgePixels) resizes it, snapped to the model's
// 0.05 s grid; the bar previews the drag and the release pushes one undoable command. Follows
// the StepListModel live. GL-free (QPainter).

#include <QWidget>

#include <utility>
#include <vector>

namespace stepmotion::ui {

class StepListModel;

class StepTimeline : public QWidget {
    Q_OBJECT

public:
    /// What a press at a point of a bar would drag.
    enum class DragMode { None, Move, ResizeStart, ResizeEnd };
    /// Pixels at each end of a bar (at least 12 px wide) that resize instead of moving.
    static constexpr int kEdgePixels = 4;

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
    /// What pressing at `pos` would drag (None outside every bar).
    DragMode dragModeAt(const QPoint& pos) const;
    /// Whether a drag is in progress (between press and release).
    bool isDragging() const { return m_drag.row >= 0; }
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
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    /// The drag in progress: the step's times at the press and the previewed ones.
    struct Drag {
        int row = -1;
        DragMode mode = DragMode::None;
        int pressX = 0;
        double span = 1;           // the axis span at the press, so the scale stays put
        double start = 0, end = 0; // at the press
        double newStart = 0, newEnd = 0;
    };

    void relayout();
    void updateDrag(int x);
    /// [start, end] shown for `row`: the preview while it is dragged, else the model's.
    std::pair<double, double> shownTimes(int row) const;
    double xOf(double seconds) const;
    int laneCount() const;

    StepListModel* m_model;
    std::vector<int> m_lanes;
    double m_time = 0;
    int m_selected = -1;
    Drag m_drag;
};

} // namespace stepmotion::ui
