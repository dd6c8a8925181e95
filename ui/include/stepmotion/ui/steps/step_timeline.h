#pragma once
// A strip above the step table drawing the steps as bars on a time axis (seconds), overlapping
// steps in separate lanes. Steps active at the player's current time are highlighted and a
// playhead line marks the time; clicking a bar reports its row. Dragging a bar moves its step
// in time, dragging its left or right edge (kEdgePixels) resizes it, snapped to the model's
// 0.05 s grid; the bar previews the drag and the release pushes one undoable command. Dragging
// where there is no bar selects a time range (what "Regenerate selection" redoes). The strip can
// be zoomed (pixels per second; StepTimelineView scrolls it). Follows the StepListModel live.
// GL-free (QPainter).

#include <QWidget>

#include <optional>
#include <utility>
#include <vector>

class QPainter;

namespace stepmotion::ui {

class StepListModel;

class StepTimeline : public QWidget {
    Q_OBJECT

public:
    /// What a press at a point of a bar would drag.
    enum class DragMode { None, Move, ResizeStart, ResizeEnd };
    /// Pixels at each end of a bar (at least 12 px wide) that resize instead of moving.
    static constexpr int kEdgePixels = 4;
    /// The closest zoom: 20 px per frame at 20 fps.
    static constexpr double kMaxPixelsPerSecond = 400;
    /// Pixels left and right of the axis.
    static constexpr int kMargin = 6;

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
    /// The time range dragged on the strip, [start, end] seconds (snapped, start < end).
    std::optional<std::pair<double, double>> selectedRange() const { return m_range; }
    /// Pixels per second of the axis; 0 = the whole span fits the strip's width (the default).
    double pixelsPerSecond() const { return m_pixelsPerSecond; }
    /// The scale in effect: pixelsPerSecond(), or the fitting one while that is 0.
    double effectivePixelsPerSecond() const;
    /// The widget x of `seconds` and the (unsnapped, >= 0) seconds at widget x.
    double xOf(double seconds) const;
    double timeAt(double x) const;
    /// Seconds between labelled ticks at the current scale (labels at least ~40 px apart).
    double tickSeconds() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public Q_SLOTS:
    /// Moves the playhead to `seconds` (clamped at 0) and updates the highlight.
    void setCurrentTime(double seconds);
    /// Outlines `row` as the table's current step (-1 for none).
    void setSelectedRow(int row);
    /// Selects [start, end] (ordered, snapped, clamped at 0; nothing when shorter than 0.05 s).
    void setSelectedRange(double start, double end);
    void clearSelectedRange();
    /// Sets the zoom (clamped to [0, kMaxPixelsPerSecond]; 0 = fit). The minimum width follows,
    /// so a scroll area around the strip scrolls.
    void setPixelsPerSecond(double pixelsPerSecond);

Q_SIGNALS:
    /// The user clicked the bar of `row`.
    void stepClicked(int row);
    /// selectedRange() changed (set, moved or cleared).
    void selectedRangeChanged();
    /// The playhead moved (setCurrentTime), so a scrolling view can keep it in sight.
    void currentTimeChanged(double seconds);
    /// The zoom or the span changed the strip's content width.
    void scaleChanged();

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
    int laneCount() const;
    void paintAxis(QPainter& painter, int axisTop) const;
    void paintRange(QPainter& painter, int axisTop) const;

    StepListModel* m_model;
    std::vector<int> m_lanes;
    double m_time = 0;
    int m_selected = -1;
    Drag m_drag;
    std::optional<std::pair<double, double>> m_range;
    std::optional<double> m_rangeAnchor; // seconds where a range drag was pressed
    int m_rangePressX = 0;
    double m_pixelsPerSecond = 0;
};

} // namespace stepmotion::ui
