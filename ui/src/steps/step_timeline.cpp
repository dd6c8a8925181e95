#include "stepmotion/ui/steps/step_timeline.h"

#include "stepmotion/ui/steps/step_list_model.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace stepmotion::ui {
namespace {

constexpr int kAxisHeight = 16; // tick labels at the bottom
constexpr int kLaneHeight = 18;
constexpr int kLaneGap = 3;
constexpr int kMinTickPixels = 40; // labelled ticks at least this far apart
constexpr int kRangeDragPixels = 3; // a press on no bar moved less than this is a click

} // namespace

StepTimeline::StepTimeline(StepListModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setToolTip(tr("Steps on the time axis; click a bar to select its step, drag it to move it, drag an edge to "
                  "resize it; drag where there is no bar to select a time range; Ctrl+wheel zooms"));
    setMouseTracking(true); // the cursor shows what a press would drag
    connect(m_model, &StepListModel::stepListChanged, this, &StepTimeline::relayout);
    connect(m_model, &QAbstractItemModel::modelReset, this, &StepTimeline::relayout);
    relayout();
}

double StepTimeline::spanSeconds() const
{
    return std::max(1.0, m_model->totalSeconds());
}

std::vector<int> StepTimeline::activeRows() const
{
    std::vector<int> rows;
    const auto& steps = m_model->stepList().steps;
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (steps[i].start <= m_time && m_time <= steps[i].end)
            rows.push_back(static_cast<int>(i));
    return rows;
}

int StepTimeline::laneCount() const
{
    return m_lanes.empty() ? 1 : *std::max_element(m_lanes.begin(), m_lanes.end()) + 1;
}

QSize StepTimeline::sizeHint() const
{
    return {std::max(320, minimumSizeHint().width()), kLaneGap + laneCount() * (kLaneHeight + kLaneGap) + kAxisHeight};
}

QSize StepTimeline::minimumSizeHint() const
{
    // Zoomed: the content is as wide as the scale asks, so a scroll area around it scrolls.
    const int zoomed = static_cast<int>(std::ceil(spanSeconds() * m_pixelsPerSecond)) + 2 * kMargin;
    return {m_pixelsPerSecond > 0 ? zoomed : 80, kLaneGap + laneCount() * (kLaneHeight + kLaneGap) + kAxisHeight};
}

double StepTimeline::effectivePixelsPerSecond() const
{
    const double span = isDragging() ? m_drag.span : spanSeconds();
    return std::max(1, width() - 2 * kMargin) / span;
}

double StepTimeline::xOf(double seconds) const
{
    return kMargin + effectivePixelsPerSecond() * seconds;
}

double StepTimeline::timeAt(double x) const
{
    return std::max(0.0, (x - kMargin) / effectivePixelsPerSecond());
}

double StepTimeline::tickSeconds() const
{
    const double pixels = effectivePixelsPerSecond();
    for (double step : {1.0, 2.0, 5.0, 10.0, 15.0, 30.0})
        if (step * pixels >= kMinTickPixels)
            return step;
    return 60.0;
}

void StepTimeline::setPixelsPerSecond(double pixelsPerSecond)
{
    const double clamped = std::isfinite(pixelsPerSecond) ? std::clamp(pixelsPerSecond, 0.0, kMaxPixelsPerSecond) : 0.0;
    if (clamped == m_pixelsPerSecond)
        return;
    m_pixelsPerSecond = clamped;
    updateGeometry();
    update();
    Q_EMIT scaleChanged();
}

void StepTimeline::setSelectedRange(double start, double end)
{
    if (start > end)
        std::swap(start, end);
    start = StepListModel::snapTime(std::max(0.0, start));
    end = StepListModel::snapTime(std::max(0.0, end));
    if (end - start < 0.05 - 1e-9) {
        clearSelectedRange();
        return;
    }
    const std::pair<double, double> range{start, end};
    if (m_range == range)
        return;
    m_range = range;
    update();
    Q_EMIT selectedRangeChanged();
}

void StepTimeline::clearSelectedRange()
{
    if (!m_range)
        return;
    m_range.reset();
    update();
    Q_EMIT selectedRangeChanged();
}

std::pair<double, double> StepTimeline::shownTimes(int row) const
{
    if (row == m_drag.row)
        return {m_drag.newStart, m_drag.newEnd};
    const Step& step = m_model->stepList().steps[static_cast<std::size_t>(row)];
    return {step.start, step.end};
}

QRect StepTimeline::stepRect(int row) const
{
    const auto& steps = m_model->stepList().steps;
    if (row < 0 || row >= static_cast<int>(steps.size()) || row >= static_cast<int>(m_lanes.size()))
        return {};
    const auto [start, end] = shownTimes(row);
    const int left = static_cast<int>(std::floor(xOf(start)));
    const int right = std::max(left + 3, static_cast<int>(std::ceil(xOf(end)))); // zero-length stays clickable
    const int top = kLaneGap + m_lanes[static_cast<std::size_t>(row)] * (kLaneHeight + kLaneGap);
    return {left, top, right - left, kLaneHeight};
}

int StepTimeline::stepAt(const QPoint& pos) const
{
    for (int row = 0; row < static_cast<int>(m_lanes.size()); ++row)
        if (stepRect(row).contains(pos))
            return row;
    return -1;
}

void StepTimeline::setCurrentTime(double seconds)
{
    seconds = std::isfinite(seconds) ? std::max(0.0, seconds) : 0.0;
    if (seconds == m_time)
        return;
    m_time = seconds;
    update();
    Q_EMIT currentTimeChanged(m_time);
}

void StepTimeline::setSelectedRow(int row)
{
    if (row == m_selected)
        return;
    m_selected = row;
    update();
}

void StepTimeline::relayout()
{
    // Greedy interval colouring in start order: each step takes the first lane free by its start.
    const auto& steps = m_model->stepList().steps;
    std::vector<int> order(steps.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&steps](int a, int b) {
        return steps[static_cast<std::size_t>(a)].start < steps[static_cast<std::size_t>(b)].start;
    });
    std::vector<double> laneEnds;
    m_lanes.assign(steps.size(), 0);
    for (int row : order) {
        const Step& step = steps[static_cast<std::size_t>(row)];
        std::size_t lane = 0;
        while (lane < laneEnds.size() && laneEnds[lane] > step.start)
            ++lane;
        if (lane == laneEnds.size())
            laneEnds.push_back(step.end);
        else
            laneEnds[lane] = step.end;
        m_lanes[static_cast<std::size_t>(row)] = static_cast<int>(lane);
    }
    if (m_selected >= static_cast<int>(steps.size()))
        m_selected = -1;
    if (m_drag.row >= static_cast<int>(steps.size()))
        m_drag = Drag{}; // the dragged step went away (undo during a drag)
    updateGeometry();
    update();
    Q_EMIT scaleChanged(); // the span may have changed
}

void StepTimeline::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    const int axisTop = height() - kAxisHeight;
    paintAxis(painter, axisTop);
    const double span = spanSeconds();
    const std::vector<int> active = activeRows();
    const auto& steps = m_model->stepList().steps;
    for (int row = 0; row < static_cast<int>(m_lanes.size()); ++row) {
        const QRect bar = stepRect(row);
        const bool on = std::find(active.begin(), active.end(), row) != active.end();
        painter.fillRect(bar, on ? palette().color(QPalette::Highlight) : palette().color(QPalette::Button));
        painter.setPen(row == m_selected ? QPen(palette().color(QPalette::Text), 2) : QPen(palette().color(QPalette::Mid)));
        painter.drawRect(bar.adjusted(0, 0, -1, -1));
        painter.setPen(on ? palette().color(QPalette::HighlightedText) : palette().color(QPalette::ButtonText));
        const QString text = QString::fromStdString(steps[static_cast<std::size_t>(row)].text);
        painter.drawText(bar.adjusted(3, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft,
                         painter.fontMetrics().elidedText(text, Qt::ElideRight, std::max(0, bar.width() - 5)));
    }
    paintRange(painter, axisTop);
    const int playhead = static_cast<int>(xOf(std::min(m_time, span)));
    painter.setPen(QPen(QColor(0xc6, 0x28, 0x28), 1));
    painter.drawLine(playhead, 0, playhead, axisTop);
}

void StepTimeline::paintAxis(QPainter& painter, int axisTop) const
{
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawLine(kMargin, axisTop, width() - kMargin, axisTop);
    const double span = spanSeconds();
    const double tick = tickSeconds();
    for (int k = 0; k * tick <= span + 1e-9; ++k) {
        const int x = static_cast<int>(xOf(k * tick));
        painter.drawLine(x, axisTop, x, axisTop + 3);
        painter.drawText(QRect(x - 20, axisTop + 2, 40, kAxisHeight - 2), Qt::AlignHCenter | Qt::AlignTop,
                         QString::number(k * tick, 'g', 4));
    }
}

void StepTimeline::paintRange(QPainter& painter, int axisTop) const
{
    if (!m_range)
        return;
    const int left = static_cast<int>(std::floor(xOf(m_range->first)));
    const int right = static_cast<int>(std::ceil(xOf(m_range->second)));
    const QRect band(left, 0, std::max(1, right - left), axisTop);
    QColor fill = palette().color(QPalette::Highlight);
    fill.setAlpha(70);
    painter.fillRect(band, fill);
    painter.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DashLine));
    painter.drawLine(band.left(), 0, band.left(), axisTop);
    painter.drawLine(band.right(), 0, band.right(), axisTop);
}

StepTimeline::DragMode StepTimeline::dragModeAt(const QPoint& pos) const
{
    const int row = stepAt(pos);
    if (row < 0)
        return DragMode::None;
    const QRect bar = stepRect(row);
    if (bar.width() >= 3 * kEdgePixels) {
        if (pos.x() < bar.left() + kEdgePixels)
            return DragMode::ResizeStart;
        if (pos.x() > bar.right() - kEdgePixels)
            return DragMode::ResizeEnd;
    }
    return DragMode::Move;
}

void StepTimeline::mousePressEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    const int row = stepAt(pos);
    if (row >= 0 && event->button() == Qt::LeftButton) {
        const Step& step = m_model->stepList().steps[static_cast<std::size_t>(row)];
        m_drag = Drag{row, dragModeAt(pos), pos.x(), spanSeconds(), step.start, step.end, step.start, step.end};
        Q_EMIT stepClicked(row);
    } else if (event->button() == Qt::LeftButton) {
        m_rangeAnchor = std::min(timeAt(pos.x()), spanSeconds());
        m_rangePressX = pos.x();
    }
    QWidget::mousePressEvent(event);
}

void StepTimeline::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (isDragging()) {
        updateDrag(pos.x());
    } else if (m_rangeAnchor) {
        if (std::abs(pos.x() - m_rangePressX) >= kRangeDragPixels)
            setSelectedRange(*m_rangeAnchor, std::min(timeAt(pos.x()), spanSeconds()));
    } else {
        const DragMode mode = dragModeAt(pos);
        if (mode == DragMode::None)
            unsetCursor();
        else
            setCursor(mode == DragMode::Move ? Qt::SizeAllCursor : Qt::SizeHorCursor);
    }
    QWidget::mouseMoveEvent(event);
}

void StepTimeline::updateDrag(int x)
{
    const double usable = std::max(1, width() - 2 * kMargin);
    const double delta = (x - m_drag.pressX) * m_drag.span / usable;
    switch (m_drag.mode) {
    case DragMode::Move: {
        // The length is kept exactly; only the start snaps (the end follows it).
        const double length = m_drag.end - m_drag.start;
        m_drag.newStart = StepListModel::snapTime(std::max(0.0, m_drag.start + delta));
        m_drag.newEnd = StepListModel::snapTime(m_drag.newStart + length);
        break;
    }
    case DragMode::ResizeStart:
        m_drag.newStart = StepListModel::snapTime(std::clamp(m_drag.start + delta, 0.0, m_drag.end));
        break;
    case DragMode::ResizeEnd:
        m_drag.newEnd = StepListModel::snapTime(std::max(m_drag.start, m_drag.end + delta));
        break;
    case DragMode::None:
        break;
    }
    update();
}

void StepTimeline::mouseReleaseEvent(QMouseEvent* event)
{
    if (isDragging() && event->button() == Qt::LeftButton) {
        updateDrag(event->position().toPoint().x());
        const Drag drag = m_drag;
        m_drag = Drag{};
        if (drag.newStart != drag.start || drag.newEnd != drag.end)
            m_model->setStepTimes(drag.row, drag.newStart, drag.newEnd,
                                  drag.mode == DragMode::Move ? tr("Move step") : tr("Resize step"));
        relayout(); // the preview's lane may differ from the model's
    } else if (m_rangeAnchor && event->button() == Qt::LeftButton) {
        const int x = event->position().toPoint().x();
        if (std::abs(x - m_rangePressX) >= kRangeDragPixels)
            setSelectedRange(*m_rangeAnchor, std::min(timeAt(x), spanSeconds()));
        else
            clearSelectedRange(); // a click where there is no bar
        m_rangeAnchor.reset();
    }
    QWidget::mouseReleaseEvent(event);
}

} // namespace stepmotion::ui
