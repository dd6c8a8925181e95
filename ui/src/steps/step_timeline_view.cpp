#include "stepmotion/ui/steps/step_timeline_view.h"

#include "stepmotion/ui/steps/step_list_model.h"
#include "stepmotion/ui/steps/step_timeline.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace stepmotion::ui {
namespace {

constexpr double kFitTolerance = 1.0001; // a scale this close to fitting counts as fitting
constexpr int kSightMargin = 12;         // pixels kept between a revealed bar and the view's edge

QToolButton* makeToolButton(const QString& text, const QString& tip, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

} // namespace

StepTimelineView::StepTimelineView(StepListModel* model, QWidget* parent)
    : QWidget(parent)
    , m_timeline(new StepTimeline(model))
    , m_scroll(new QScrollArea(this))
    , m_label(new QLabel(this))
{
    m_scroll->setWidget(m_timeline); // owned by the scroll area from here on
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_scroll->viewport()->installEventFilter(this);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

    QToolButton* out = makeToolButton(tr("\u2212"), tr("Zoom out the timeline (Ctrl+-, Ctrl+wheel)"), this);
    QToolButton* in = makeToolButton(tr("+"), tr("Zoom in the timeline (Ctrl+=, Ctrl+wheel)"), this);
    m_fit = makeToolButton(tr("Fit"), tr("Show the whole timeline (Ctrl+0)"), this);
    connect(out, &QToolButton::clicked, this, &StepTimelineView::zoomOut);
    connect(in, &QToolButton::clicked, this, &StepTimelineView::zoomIn);
    connect(m_fit, &QToolButton::clicked, this, &StepTimelineView::zoomToFit);
    auto* buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(out);
    buttons->addWidget(in);
    buttons->addWidget(m_fit);
    buttons->addWidget(m_label, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_scroll);
    layout->addLayout(buttons);

    connect(m_timeline, &StepTimeline::scaleChanged, this, [this] {
        // Room for the strip and its scroll bar, so zooming does not make the dock jump.
        m_scroll->setFixedHeight(m_timeline->minimumSizeHint().height()
                                 + m_scroll->horizontalScrollBar()->sizeHint().height());
        updateLabel();
    });
    connect(m_timeline, &StepTimeline::currentTimeChanged, this, &StepTimelineView::followPlayhead);
    connect(m_scroll->horizontalScrollBar(), &QScrollBar::valueChanged, this, &StepTimelineView::updateLabel);
    connect(m_scroll->horizontalScrollBar(), &QScrollBar::rangeChanged, this, &StepTimelineView::updateLabel);
    m_scroll->setFixedHeight(m_timeline->minimumSizeHint().height() + m_scroll->horizontalScrollBar()->sizeHint().height());
    updateLabel();
}

double StepTimelineView::fitPixelsPerSecond() const
{
    return std::max(1, m_scroll->viewport()->width() - 2 * StepTimeline::kMargin) / m_timeline->spanSeconds();
}

double StepTimelineView::zoomFactor() const
{
    return m_timeline->pixelsPerSecond() > 0 ? m_timeline->pixelsPerSecond() / fitPixelsPerSecond() : 1.0;
}

double StepTimelineView::visibleStart() const
{
    return std::min(m_timeline->timeAt(m_scroll->horizontalScrollBar()->value()), m_timeline->spanSeconds());
}

double StepTimelineView::visibleEnd() const
{
    const int right = m_scroll->horizontalScrollBar()->value() + m_scroll->viewport()->width();
    return std::min(m_timeline->timeAt(right), m_timeline->spanSeconds());
}

void StepTimelineView::zoomIn()
{
    zoomBy(kZoomStep);
}

void StepTimelineView::zoomOut()
{
    zoomBy(1.0 / kZoomStep);
}

void StepTimelineView::zoomToFit()
{
    applyScale(0);
}

void StepTimelineView::zoomBy(double factor, int anchorX)
{
    if (!(factor > 0) || !std::isfinite(factor))
        return;
    QScrollBar* bar = m_scroll->horizontalScrollBar();
    if (anchorX < 0)
        anchorX = m_scroll->viewport()->width() / 2;
    const double anchored = m_timeline->timeAt(bar->value() + anchorX);
    const double next = m_timeline->effectivePixelsPerSecond() * factor;
    if (next <= fitPixelsPerSecond() * kFitTolerance) {
        applyScale(0);
        return;
    }
    applyScale(std::min(next, StepTimeline::kMaxPixelsPerSecond));
    bar->setValue(static_cast<int>(std::lround(m_timeline->xOf(anchored))) - anchorX);
}

void StepTimelineView::applyScale(double pixelsPerSecond)
{
    m_timeline->setPixelsPerSecond(pixelsPerSecond);
    // Resize now rather than at the next layout pass, so the scroll range (and a scroll
    // position set right after this) already matches the new scale.
    const int width = std::max(m_scroll->viewport()->width(), m_timeline->minimumSizeHint().width());
    m_timeline->resize(width, m_timeline->height());
    const int range = std::max(0, width - m_scroll->viewport()->width());
    m_scroll->horizontalScrollBar()->setRange(0, range);
    m_scroll->horizontalScrollBar()->setPageStep(m_scroll->viewport()->width());
    updateLabel();
}

void StepTimelineView::ensureVisible(double start, double end)
{
    QScrollBar* bar = m_scroll->horizontalScrollBar();
    const int left = bar->value();
    const int width = m_scroll->viewport()->width();
    const int x0 = static_cast<int>(std::floor(m_timeline->xOf(start))) - kSightMargin;
    const int x1 = static_cast<int>(std::ceil(m_timeline->xOf(end))) + kSightMargin;
    if (x0 < left)
        bar->setValue(x0);
    else if (x1 > left + width)
        bar->setValue(std::min(x0, x1 - width));
}

void StepTimelineView::ensureStepVisible(int row)
{
    const QRect bar = m_timeline->stepRect(row);
    if (!bar.isNull())
        ensureVisible(m_timeline->timeAt(bar.left()), m_timeline->timeAt(bar.right()));
}

void StepTimelineView::followPlayhead(double seconds)
{
    if (m_timeline->pixelsPerSecond() <= 0)
        return; // the whole span is in sight
    QScrollBar* bar = m_scroll->horizontalScrollBar();
    const int x = static_cast<int>(m_timeline->xOf(std::min(seconds, m_timeline->spanSeconds())));
    const int width = m_scroll->viewport()->width();
    if (x < bar->value() || x > bar->value() + width)
        bar->setValue(x - width / 10); // page on, the playhead near the left edge
}

void StepTimelineView::updateLabel()
{
    const double span = m_timeline->spanSeconds();
    if (m_timeline->pixelsPerSecond() <= 0) {
        m_label->setText(tr("whole timeline, %1 s").arg(span, 0, 'f', 1));
        m_fit->setEnabled(false);
        return;
    }
    m_fit->setEnabled(true);
    m_label->setText(tr("zoom %1\u00d7 \u00b7 %2\u2013%3 s of %4 s")
                         .arg(zoomFactor(), 0, 'f', 1)
                         .arg(visibleStart(), 0, 'f', 1)
                         .arg(visibleEnd(), 0, 'f', 1)
                         .arg(span, 0, 'f', 1));
}

bool StepTimelineView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_scroll->viewport() && event->type() == QEvent::Wheel) {
        auto* wheel = static_cast<QWheelEvent*>(event);
        const QPoint delta = wheel->angleDelta();
        if (wheel->modifiers() & Qt::ControlModifier) {
            if (delta.y() != 0)
                zoomBy(std::pow(kZoomStep, delta.y() / 120.0), static_cast<int>(wheel->position().x()));
            return true;
        }
        if (delta.x() == 0 && delta.y() != 0) {
            // A plain (vertical) wheel scrolls the strip sideways: it has nothing to scroll vertically.
            QScrollBar* bar = m_scroll->horizontalScrollBar();
            bar->setValue(bar->value() - delta.y() / 2); // 60 px a notch
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace stepmotion::ui
