// Bar charts with error bars as standalone SVG, for `stepmotion study report` (the app draws
// the same ChartBar data with QPainter).

#include "stepmotion/core/study/study_report.h"

#include "study/study_format.h"

#include <algorithm>
#include <cmath>

namespace stepmotion {
namespace {

using study_detail::fixed;

std::string escapeXml(const std::string& s)
{
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string text(double x, double y, const std::string& body, const std::string& extra = {})
{
    return "<text x=\"" + fixed(x, 1) + "\" y=\"" + fixed(y, 1) + "\"" + extra + ">" + escapeXml(body) + "</text>\n";
}

std::string line(double x1, double y1, double x2, double y2, const std::string& style)
{
    return "<line x1=\"" + fixed(x1, 1) + "\" y1=\"" + fixed(y1, 1) + "\" x2=\"" + fixed(x2, 1) + "\" y2=\""
           + fixed(y2, 1) + "\" " + style + "/>\n";
}

double finiteOr(double v, double fallback)
{
    return std::isfinite(v) ? v : fallback;
}

} // namespace

std::string renderBarChartSvg(const std::string& title, const std::vector<ChartBar>& bars, const std::string& yLabel,
                              double yMax)
{
    const double left = 70, top = 40, plotH = 260, slot = 90;
    const double plotW = std::max(3.0, double(bars.size())) * slot; // room for the title
    const double width = left + plotW + 20, height = top + plotH + 70;
    const double ymax = yMax > 0 ? yMax : 1;
    const auto yOf = [&](double v) { return top + plotH - std::clamp(v, 0.0, ymax) / ymax * plotH; };
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fixed(width, 0) + "\" height=\""
                      + fixed(height, 0) + "\" font-family=\"sans-serif\" font-size=\"12\">\n"
                      + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                      + text(width / 2, 22, title, " text-anchor=\"middle\" font-size=\"15\"");
    for (int tick = 0; tick <= 4; ++tick) {
        const double v = ymax * tick / 4, y = yOf(v);
        svg += line(left, y, left + plotW, y, "stroke=\"#dddddd\"");
        svg += text(left - 6, y + 4, fixed(v, 2), " text-anchor=\"end\"");
    }
    svg += text(16, top + plotH / 2, yLabel,
                " text-anchor=\"middle\" transform=\"rotate(-90 16 " + fixed(top + plotH / 2, 1) + ")\"");
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const ChartBar& b = bars[i];
        const double cx = left + slot * (double(i) + 0.5);
        const double value = finiteOr(b.value, 0);
        svg += "<rect x=\"" + fixed(cx - slot * 0.3, 1) + "\" y=\"" + fixed(yOf(value), 1) + "\" width=\""
               + fixed(slot * 0.6, 1) + "\" height=\"" + fixed(top + plotH - yOf(value), 1)
               + "\" fill=\"#4c78a8\"/>\n";
        const double lo = yOf(finiteOr(b.low, value)), hi = yOf(finiteOr(b.high, value));
        const std::string style = "stroke=\"black\" stroke-width=\"1.5\"";
        svg += line(cx, lo, cx, hi, style) + line(cx - 8, lo, cx + 8, lo, style) + line(cx - 8, hi, cx + 8, hi, style);
        svg += text(cx, top + plotH + 18, b.label, " text-anchor=\"middle\"");
        svg += text(cx, top + plotH + 34, fixed(value, 2), " text-anchor=\"middle\" fill=\"#555555\"");
    }
    svg += line(left, top + plotH, left + plotW, top + plotH, "stroke=\"black\"");
    return svg + "</svg>\n";
}

std::vector<ChartBar> pairChartBars(const StudyReport& report)
{
    std::vector<ChartBar> bars;
    for (const PairResult& p : report.pairs)
        bars.push_back({p.a + " vs " + p.b, p.winRateA, p.wilsonA.low, p.wilsonA.high});
    return bars;
}

std::vector<ChartBar> likertChartBars(const StudyReport& report, const std::string& scale)
{
    std::vector<ChartBar> bars;
    for (const LikertResult& l : report.likert) {
        if (l.scale == scale)
            bars.push_back({l.system, l.ci.mean, l.ci.low, l.ci.high});
    }
    return bars;
}

std::vector<ChartBar> stepChartBars(const StudyReport& report)
{
    std::vector<ChartBar> bars;
    for (const StepResult& s : report.steps)
        bars.push_back({s.system, s.rate, s.wilson.low, s.wilson.high});
    return bars;
}

} // namespace stepmotion
