#include "stepmotion/ui/study/bar_chart_widget.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"

#include <QBuffer>
#include <QFileInfo>
#include <QPainter>

#ifdef STEPMOTION_HAVE_QT_SVG
#include <QSvgGenerator>
#endif

#include <algorithm>
#include <cmath>

namespace stepmotion::ui {
namespace {

constexpr int kLeft = 64;   // y tick labels and the rotated axis title
constexpr int kTop = 36;    // chart title
constexpr int kBottom = 52; // bar labels and values
constexpr int kRight = 16;
constexpr int kTicks = 4;

/// Writes `bytes` atomically; false with `error` naming the file.
bool writeBytes(const QString& path, const QByteArray& bytes, QString& error)
{
    try {
        writeFileAtomically(path.toStdString(), bytes.toStdString());
    } catch (const Error& e) {
        error = QString::fromStdString(e.what());
        return false;
    }
    return true;
}

/// An error bar at x = cx from pixel row lo to hi, with caps `cap` wide either side.
void paintErrorBar(QPainter& p, double cx, double lo, double hi, double cap)
{
    p.setPen(QPen(Qt::black, 1.5));
    p.drawLine(QPointF(cx, lo), QPointF(cx, hi));
    p.drawLine(QPointF(cx - cap, lo), QPointF(cx + cap, lo));
    p.drawLine(QPointF(cx - cap, hi), QPointF(cx + cap, hi));
    p.setPen(Qt::black);
}

} // namespace

BarChartWidget::BarChartWidget(QWidget* parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void BarChartWidget::setChart(const QString& title, std::vector<ChartBar> bars, const QString& yLabel, double yMax)
{
    m_title = title;
    m_bars = std::move(bars);
    m_yLabel = yLabel;
    m_yMax = yMax > 0 ? yMax : 1;
    updateGeometry();
    update();
}

QSize BarChartWidget::sizeHint() const
{
    const int width = kLeft + kRight + std::max<int>(4, static_cast<int>(m_bars.size())) * 110;
    return {std::max(640, width), 400};
}

void BarChartWidget::paintChart(QPainter& p, const QRect& rect) const
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect, Qt::white);
    p.setPen(Qt::black);
    QFont font = p.font();
    font.setPointSizeF(10);
    p.setFont(font);
    const QRectF plot(rect.left() + kLeft, rect.top() + kTop, std::max(1, rect.width() - kLeft - kRight),
                      std::max(1, rect.height() - kTop - kBottom));

    paintTitle(p, rect, font);
    paintYAxis(p, rect, plot);
    paintBars(p, plot, font);
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.bottomLeft(), plot.topLeft());
    p.restore();
}

double BarChartWidget::yOf(const QRectF& plot, double value) const
{
    return plot.bottom() - std::clamp(value, 0.0, m_yMax) / m_yMax * plot.height();
}

void BarChartWidget::paintTitle(QPainter& p, const QRect& rect, const QFont& font) const
{
    QFont bold = font;
    bold.setBold(true);
    bold.setPointSizeF(12);
    p.setFont(bold);
    p.drawText(QRectF(rect.left(), rect.top(), rect.width(), kTop), Qt::AlignCenter, m_title);
    p.setFont(font);
}

void BarChartWidget::paintYAxis(QPainter& p, const QRect& rect, const QRectF& plot) const
{
    for (int tick = 0; tick <= kTicks; ++tick) {
        const double value = m_yMax * tick / kTicks;
        const double y = yOf(plot, value);
        p.setPen(QColor(0xdd, 0xdd, 0xdd));
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(Qt::black);
        p.drawText(QRectF(rect.left(), y - 8, kLeft - 6, 16), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(value, 'f', 2));
    }
    p.save();
    p.translate(rect.left() + 12, plot.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-plot.height() / 2, -8, plot.height(), 16), Qt::AlignCenter, m_yLabel);
    p.restore();
}

void BarChartWidget::paintBars(QPainter& p, const QRectF& plot, const QFont& font) const
{
    const double slot = plot.width() / std::max<double>(1, static_cast<double>(m_bars.size()));
    const QFontMetrics metrics(font);
    for (std::size_t i = 0; i < m_bars.size(); ++i) {
        const ChartBar& bar = m_bars[i];
        const double cx = plot.left() + slot * (static_cast<double>(i) + 0.5);
        const QString label = metrics.elidedText(QString::fromStdString(bar.label), Qt::ElideMiddle,
                                                 static_cast<int>(slot) - 4);
        p.drawText(QRectF(cx - slot / 2, plot.bottom() + 4, slot, 18), Qt::AlignCenter, label);
        if (!std::isfinite(bar.value)) {
            p.drawText(QRectF(cx - slot / 2, plot.bottom() + 22, slot, 18), Qt::AlignCenter, tr("n/a"));
            continue;
        }
        const QRectF body(cx - slot * 0.3, yOf(plot, bar.value), slot * 0.6, plot.bottom() - yOf(plot, bar.value));
        p.fillRect(body, QColor(0x4c, 0x78, 0xa8));
        p.drawText(QRectF(cx - slot / 2, plot.bottom() + 22, slot, 18), Qt::AlignCenter,
                   QString::number(bar.value, 'f', 2));
        if (std::isfinite(bar.low) && std::isfinite(bar.high))
            paintErrorBar(p, cx, yOf(plot, bar.low), yOf(plot, bar.high), std::min(8.0, slot * 0.15));
    }
}

void BarChartWidget::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    paintChart(painter, rect());
}

QImage BarChartWidget::toImage(const QSize& pixels) const
{
    const QSize size = pixels.isValid() && !pixels.isEmpty() ? pixels : sizeHint();
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    paintChart(painter, QRect(QPoint(0, 0), size));
    painter.end();
    return image;
}

bool BarChartWidget::savePng(const QString& path, QString& error) const
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!toImage().save(&buffer, "PNG")) {
        error = tr("%1: cannot encode the chart as PNG").arg(path);
        return false;
    }
    return writeBytes(path, bytes, error);
}

bool BarChartWidget::saveSvg(const QString& path, QString& error) const
{
#ifdef STEPMOTION_HAVE_QT_SVG
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    const QSize size = sizeHint();
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(m_title);
    QPainter painter;
    if (!painter.begin(&svg)) {
        error = tr("%1: cannot start the SVG writer").arg(path);
        return false;
    }
    paintChart(painter, QRect(QPoint(0, 0), size));
    painter.end();
    return writeBytes(path, bytes, error);
#else
    const std::string svg = renderBarChartSvg(m_title.toStdString(), m_bars, m_yLabel.toStdString(), m_yMax);
    return writeBytes(path, QByteArray::fromStdString(svg), error);
#endif
}

} // namespace stepmotion::ui
