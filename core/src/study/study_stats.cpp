// Study statistics; see study_stats.h. Exact where it is cheap (sign test by summing binomial
// terms), and deterministic everywhere (bootstrap uses its own index draw).

#include "stepmotion/core/study/study_stats.h"

#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>

namespace stepmotion {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// P(X <= k) for X ~ Binomial(n, 1/2).
double binomialHalfCdf(int k, int n)
{
    if (n <= 1000) {
        // Exact in binary while the terms stay representable: 2^-n times integer coefficients.
        double term = std::ldexp(1.0, -n);
        double sum = term;
        for (int i = 0; i < k; ++i) {
            term = term * double(n - i) / double(i + 1);
            sum += term;
        }
        return sum;
    }
    double sum = 0;
    for (int i = 0; i <= k; ++i)
        sum += std::exp(std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) - n * std::log(2.0));
    return sum;
}

// Linear interpolation between order statistics (R's type 7) of sorted `x`.
double quantileSorted(const std::vector<double>& x, double q)
{
    const double h = (double(x.size()) - 1) * q;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, x.size() - 1);
    return x[lo] + (h - double(lo)) * (x[hi] - x[lo]);
}

} // namespace

Interval wilsonInterval(int successes, int trials, double z)
{
    if (trials < 0 || successes < 0 || successes > trials)
        throw Error("wilsonInterval: successes must be from 0 to trials (" + std::to_string(successes) + " of "
                    + std::to_string(trials) + ")");
    if (trials == 0)
        return {0.0, 1.0};
    const double n = trials;
    const double p = successes / n;
    const double z2 = z * z;
    const double denom = 1 + z2 / n;
    const double center = (p + z2 / (2 * n)) / denom;
    const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
    Interval out{std::max(0.0, center - half), std::min(1.0, center + half)};
    if (successes == 0)
        out.low = 0;
    if (successes == trials)
        out.high = 1;
    return out;
}

double signTestPValue(int wins, int losses)
{
    if (wins < 0 || losses < 0)
        throw Error("signTestPValue: counts must be >= 0");
    const int n = wins + losses;
    if (n == 0)
        return 1.0;
    return std::min(1.0, 2.0 * binomialHalfCdf(std::min(wins, losses), n));
}

std::vector<double> holmAdjust(const std::vector<double>& pValues)
{
    const std::size_t m = pValues.size();
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return pValues[a] < pValues[b]; });
    std::vector<double> adjusted(m);
    double running = 0;
    for (std::size_t rank = 0; rank < m; ++rank) {
        const double v = std::min(1.0, double(m - rank) * pValues[order[rank]]);
        running = std::max(running, v);
        adjusted[order[rank]] = running;
    }
    return adjusted;
}

BootstrapCI bootstrapMeanCI(const std::vector<double>& values, int resamples, uint64_t seed, double level)
{
    if (values.empty())
        return {kNaN, kNaN, kNaN};
    if (resamples < 1 || !(level > 0 && level < 1))
        throw Error("bootstrapMeanCI: needs resamples >= 1 and 0 < level < 1");
    const double n = double(values.size());
    const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
    std::mt19937_64 rng(seed);
    std::vector<double> means(static_cast<std::size_t>(resamples));
    for (double& m : means) {
        double sum = 0;
        for (std::size_t i = 0; i < values.size(); ++i)
            sum += values[static_cast<std::size_t>(rng() % values.size())];
        m = sum / n;
    }
    std::sort(means.begin(), means.end());
    const double tail = (1 - level) / 2;
    return {mean, quantileSorted(means, tail), quantileSorted(means, 1 - tail)};
}

double fleissKappa(const std::vector<std::vector<int>>& counts)
{
    if (counts.empty())
        return kNaN;
    const std::size_t categories = counts.front().size();
    const int raters = std::accumulate(counts.front().begin(), counts.front().end(), 0);
    if (raters < 2)
        throw Error("fleissKappa: every item needs at least two ratings");
    std::vector<double> categoryTotals(categories, 0.0);
    double agreement = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const auto& row = counts[i];
        if (row.size() != categories || std::accumulate(row.begin(), row.end(), 0) != raters
            || std::any_of(row.begin(), row.end(), [](int c) { return c < 0; }))
            throw Error("fleissKappa: item " + std::to_string(i) + " does not have " + std::to_string(raters)
                        + " ratings over " + std::to_string(categories) + " categories");
        double squares = 0;
        for (std::size_t j = 0; j < categories; ++j) {
            squares += double(row[j]) * row[j];
            categoryTotals[j] += row[j];
        }
        agreement += (squares - raters) / (double(raters) * (raters - 1));
    }
    const double items = double(counts.size());
    const double meanAgreement = agreement / items;
    double chance = 0;
    for (double total : categoryTotals) {
        const double p = total / (items * raters);
        chance += p * p;
    }
    if (chance >= 1)
        return kNaN;
    return (meanAgreement - chance) / (1 - chance);
}

double krippendorffAlpha(const std::vector<std::vector<double>>& units, AlphaMetric metric)
{
    const auto distance = [metric](double a, double b) {
        return metric == AlphaMetric::Nominal ? (a == b ? 0.0 : 1.0) : (a - b) * (a - b);
    };
    // Coincidences o[c][k], kept sparse over the values that occur.
    std::map<double, std::map<double, double>> o;
    for (const auto& unit : units) {
        const std::size_t m = unit.size();
        if (m < 2)
            continue;
        for (std::size_t i = 0; i < m; ++i) {
            for (std::size_t j = 0; j < m; ++j) {
                if (i != j)
                    o[unit[i]][unit[j]] += 1.0 / double(m - 1);
            }
        }
    }
    std::map<double, double> marginals;
    double n = 0;
    double observed = 0;
    for (const auto& [c, row] : o) {
        for (const auto& [k, count] : row) {
            marginals[c] += count;
            n += count;
            observed += count * distance(c, k);
        }
    }
    if (n <= 1)
        return kNaN;
    double expected = 0;
    for (const auto& [c, nc] : marginals) {
        for (const auto& [k, nk] : marginals)
            expected += nc * nk * distance(c, k);
    }
    expected /= n - 1;
    if (expected <= 0)
        return kNaN;
    return 1.0 - observed / expected;
}

double krippendorffAlphaNominal(const std::vector<std::vector<double>>& units)
{
    return krippendorffAlpha(units, AlphaMetric::Nominal);
}

} // namespace stepmotion
