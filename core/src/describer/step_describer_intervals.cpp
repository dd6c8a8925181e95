// Turning smoothed signals into frame intervals: hysteresis thresholds, joining, onset search
// and zigzag (oscillation) detection for waves and nods.

#include "describer/describer_signals.h"

#include <algorithm>
#include <cmath>

namespace stepmotion::describer {

namespace {
double at(const std::vector<double>& x, int i) { return x[static_cast<std::size_t>(i)]; }
} // namespace

std::vector<Interval> hysteresis(const std::vector<double>& x, double on, double off, int minFrames)
{
    std::vector<Interval> out;
    const int n = static_cast<int>(x.size());
    int begin = -1;
    for (int i = 0; i <= n; ++i) {
        const bool inside = i < n && (begin >= 0 ? at(x, i) >= off : at(x, i) >= on);
        if (inside && begin < 0)
            begin = i;
        if (!inside && begin >= 0) {
            if (i - begin >= minFrames)
                out.push_back({begin, i});
            begin = -1;
        }
    }
    return out;
}

std::vector<Interval> maskIntervals(const std::vector<char>& mask, int minFrames)
{
    std::vector<double> x(mask.size());
    for (std::size_t i = 0; i < mask.size(); ++i)
        x[i] = mask[i] ? 1.0 : 0.0;
    return hysteresis(x, 0.5, 0.5, minFrames);
}

std::vector<Interval> joinClose(std::vector<Interval> intervals, int maxGap)
{
    std::sort(intervals.begin(), intervals.end(), [](const Interval& a, const Interval& b) { return a.begin < b.begin; });
    std::vector<Interval> out;
    for (const Interval& iv : intervals) {
        if (!out.empty() && iv.begin - out.back().end <= maxGap)
            out.back().end = std::max(out.back().end, iv.end);
        else
            out.push_back(iv);
    }
    return out;
}

bool overlaps(const Interval& a, const Interval& b, int slack)
{
    return a.begin < b.end + slack && b.begin < a.end + slack;
}

bool overlapsAny(const Interval& a, const std::vector<Interval>& set, int slack)
{
    return std::any_of(set.begin(), set.end(), [&](const Interval& b) { return overlaps(a, b, slack); });
}

double coveredFraction(const Interval& a, const std::vector<Interval>& set)
{
    if (a.length() <= 0)
        return 0;
    int covered = 0;
    for (int t = a.begin; t < a.end; ++t) {
        if (std::any_of(set.begin(), set.end(), [t](const Interval& b) { return t >= b.begin && t < b.end; }))
            ++covered;
    }
    return static_cast<double>(covered) / a.length();
}

int extendOnset(const std::vector<double>& x, int begin, double floorLevel, int limit)
{
    while (begin > limit && at(x, begin - 1) < at(x, begin) && at(x, begin - 1) > floorLevel)
        --begin;
    return begin;
}

int extendOffset(const std::vector<double>& x, int end, double floorLevel, int limit)
{
    while (end < limit && end > 0 && at(x, end) < at(x, end - 1) && at(x, end) > floorLevel)
        ++end;
    return end;
}

int holdEnd(const std::vector<double>& x, Interval iv, double offLevel)
{
    double peak = offLevel;
    for (int t = iv.begin; t < iv.end; ++t)
        peak = std::max(peak, at(x, t));
    const double level = peak - 0.3 * (peak - offLevel);
    int last = iv.begin;
    for (int t = iv.begin; t < iv.end; ++t) {
        if (at(x, t) >= level)
            last = t;
    }
    return last + 1;
}

std::vector<int> zigzagExtrema(const std::vector<double>& x, Interval a, double minAmplitude)
{
    std::vector<int> extrema;
    if (a.length() < 2)
        return extrema;
    int direction = 0; // +1 rising towards a maximum, -1 falling towards a minimum
    int lowest = a.begin;
    int highest = a.begin;
    int candidate = a.begin;
    for (int i = a.begin; i < a.end; ++i) {
        const double v = at(x, i);
        if (direction == 0) {
            if (v < at(x, lowest))
                lowest = i;
            if (v > at(x, highest))
                highest = i;
            if (v - at(x, lowest) >= minAmplitude) {
                extrema.push_back(lowest);
                direction = 1;
                candidate = i;
            } else if (at(x, highest) - v >= minAmplitude) {
                extrema.push_back(highest);
                direction = -1;
                candidate = i;
            }
        } else if ((direction > 0) == (v > at(x, candidate))) {
            candidate = i;
        } else if (std::abs(v - at(x, candidate)) >= minAmplitude) {
            extrema.push_back(candidate);
            direction = -direction;
            candidate = i;
        }
    }
    if (direction != 0 && std::abs(at(x, candidate) - at(x, extrema.back())) >= minAmplitude)
        extrema.push_back(candidate);
    return extrema;
}

std::vector<Interval> oscillations(const std::vector<int>& extrema, int maxGap, int minStrokes,
                                   std::vector<int>& strokes)
{
    std::vector<Interval> out;
    strokes.clear();
    std::size_t first = 0;
    for (std::size_t i = 1; i <= extrema.size(); ++i) {
        if (i < extrema.size() && extrema[i] - extrema[i - 1] <= maxGap)
            continue;
        const int count = static_cast<int>(i - first) - 1;
        if (count >= minStrokes) {
            out.push_back({extrema[first], extrema[i - 1] + 1});
            strokes.push_back(count);
        }
        first = i;
    }
    return out;
}

} // namespace stepmotion::describer
