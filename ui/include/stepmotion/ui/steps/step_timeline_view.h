#pragma once
// The step timeline strip in a horizontal scroll area with zoom, for timelines longer than the
// dock is wide (60 s of 40 steps): Ctrl+wheel zooms around the pointer, the wheel scrolls, the
// buttons under the strip zoom in, out and back to the whole span (Ctrl+=, Ctrl+-, Ctrl+0 while
// focus is in the editor). The view keeps the playhead in sight during playback and scrolls to a
// step when it is selected. GL-free.

#include <QWidget>

class QLabel;
class QScrollArea;
class QToolButton;

namespace stepmotion::ui {

class StepListModel;
class StepTimeline;

class StepTimelineView : public QWidget {
    Q_OBJECT

public:
    /// Zoom buttons multiply or divide the scale by this.
    static constexpr double kZoomStep = 1.5;

    /// Shows a StepTimeline of `model` (not owned; must outlive the view).
    explicit StepTimelineView(StepListModel* model, QWidget* parent = nullptr);

    StepTimeline* timeline() const { return m_timeline; }
    QScrollArea* scrollArea() const { return m_scroll; }
    /// The scale relative to fitting the whole span in the visible width (1 = fit).
    double zoomFactor() const;
    /// Seconds at the left and right edges of the visible part of the strip.
    double visibleStart() const;
    double visibleEnd() const;

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    /// Back to the whole span in the visible width.
    void zoomToFit();
    /// Multiplies the scale by `factor` keeping the time under viewport x `anchorX` in place
    /// (the centre when negative). Zooming out to the fitting scale or below fits.
    void zoomBy(double factor, int anchorX = -1);
    /// Scrolls the least needed to show [start, end] seconds (its start when it is wider).
    void ensureVisible(double start, double end);
    /// Scrolls to show the bar of `row`.
    void ensureStepVisible(int row);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// Pixels per second that show the whole span in the viewport.
    double fitPixelsPerSecond() const;
    void applyScale(double pixelsPerSecond);
    void updateLabel();
    void followPlayhead(double seconds);

    StepTimeline* m_timeline;
    QScrollArea* m_scroll;
    QLabel* m_label;
    QToolButton* m_fit = nullptr;
};

} // namespace stepmotion::ui
