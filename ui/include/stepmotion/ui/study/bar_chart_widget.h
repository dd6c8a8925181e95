#pragma once
// A bar chart with error bars drawn with QPainter (the study results view's chart): the same
// ChartBar data `stepmotion study report` renders as SVG. One painting routine serves the screen,
// PNG export (a QImage) and SVG export (QSvgGenerator when Qt SVG is available, else core's
// renderBarChartSvg).

#include "stepmotion/core/study/study_report.h"

#include <QImage>
#include <QString>
#include <QWidget>

#include <vector>

class QPainter;

namespace stepmotion::ui {

class BarChartWidget : public QWidget {
    Q_OBJECT

public:
    explicit BarChartWidget(QWidget* parent = nullptr);

    /// Shows `bars` (value with an error bar low..high; NaN values draw no bar) on a y axis from 0
    /// to yMax (<= 0 means 1).
    void setChart(const QString& title, std::vector<ChartBar> bars, const QString& yLabel, double yMax);
    const std::vector<ChartBar>& bars() const { return m_bars; }
    QString title() const { return m_title; }

    /// Draws the chart into `rect` of `painter` (white background).
    void paintChart(QPainter& painter, const QRect& rect) const;
    /// The chart rendered at `pixels` (null size = sizeHint()).
    QImage toImage(const QSize& pixels = {}) const;
    /// Writes a PNG of sizeHint() (at least 640 x 400). False with `error` naming the file.
    bool savePng(const QString& path, QString& error) const;
    /// Writes an SVG. False with `error` naming the file.
    bool saveSvg(const QString& path, QString& error) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return {320, 220}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    /// Pixel row of `value` in `plot`: 0 at its bottom, m_yMax at its top (values clamped between).
    double yOf(const QRectF& plot, double value) const;
    /// paintChart's parts: the bold title in the top margin of `rect`; the y grid lines, tick
    /// labels and rotated axis title; each bar with its label, value and error bar. `font` is
    /// the chart's text font, restored after the bold title.
    void paintTitle(QPainter& painter, const QRect& rect, const QFont& font) const;
    void paintYAxis(QPainter& painter, const QRect& rect, const QRectF& plot) const;
    void paintBars(QPainter& painter, const QRectF& plot, const QFont& font) const;

    QString m_title;
    std::vector<ChartBar> m_bars;
    QString m_yLabel;
    double m_yMax = 1;
};

} // namespace stepmotion::ui
