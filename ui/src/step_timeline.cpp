#include "stepmotion/ui/step_timeline.h"

#include "stepmotion/ui/step_list_model.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace stepmotion::ui {
namespace {

constexpr int kMargin = 6;      // pixels left and right of the axis
constexpr int kAxisHeight = 16; // tick labels at the bottom
constexpr int kLaneHeight = 18;
constexpr int kLaneGap = 3;

} // namespace

StepTimeline::StepTimeline(StepListModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setToolTip(tr("Steps on the time axis; click a bar to select its step, drag it to move it, drag an edge to "
                  "resize it"));
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
    return {320, kLaneGap + laneCount() * (kLaneHeight + kLaneGap) + kAxisHeight};
}

QSize StepTimeline::minimumSizeHint() const
{
    return {80, sizeHint().height()};
}

double StepTimeline::xOf(double seconds) const
{
    const double usable = std::max(1, width() - 2 * kMargin);
    const double span = isDragging() ? m_drag.span : spanSeconds();
    return kMargin + usable * seconds / span;
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
}

void StepTimeline::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    const int axisTop = height() - kAxisHeight;
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawLine(kMargin, axisTop, width() - kMargin, axisTop);
    const double span = spanSeconds();
    const int tickStep = span > 20 ? 5 : 1;
    for (int s = 0; s <= static_cast<int>(span); s += tickStep) {
        const int x = static_cast<int>(xOf(s));
        painter.drawLine(x, axisTop, x, axisTop + 3);
        painter.drawText(QRect(x - 20, axisTop + 2, 40, kAxisHeight - 2), Qt::AlignHCenter | Qt::AlignTop,
                         QString::number(s));
    }
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
    const int playhead = static_cast<int>(xOf(std::min(m_time, span)));
    painter.setPen(QPen(QColor(0xc6, 0x28, 0x28), 1));
    painter.drawLine(playhead, 0, playhead, axisTop);
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
    }
    QWidget::mousePressEvent(event);
}

void StepTimeline::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (isDragging()) {
        updateDrag(pos.x());
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
    }
    QWidget::mouseReleaseEvent(event);
}

} // namespace stepmotion::ui
