#pragma once
// Statistics for human-evaluation studies, torch-free and dependency-free: confidence intervals,
// exact sign tests, multiple-comparison correction and inter-rater agreement.

#include <cstdint>
#include <vector>

namespace stepmotion {

struct Interval {
    double low = 0;
    double high = 0;
};

/// Wilson score interval for a binomial proportion (z = 1.959964 -> 95%). trials == 0 gives [0, 1].
/// Throws stepmotion::Error when successes is outside [0, trials].
Interval wilsonInterval(int successes, int trials, double z = 1.959964);

/// Exact two-sided sign test (binomial, p = 1/2) of wins vs losses, ties already excluded:
/// min(1, 2 * P(X <= min(wins, losses))). 0 decisions -> 1.
double signTestPValue(int wins, int losses);

/// Holm-Bonferroni step-down adjusted p-values, in the input order (monotone, capped at 1).
std::vector<double> holmAdjust(const std::vector<double>& pValues);

struct BootstrapCI {
    double mean = 0; // sample mean
    double low = 0;  // percentile interval of resampled means (linear interpolation)
    double high = 0;
};

/// Percentile bootstrap CI of the mean; deterministic for (values, resamples, seed) on every
/// platform (own index draw from std::mt19937_64). Empty input -> NaN fields; one value -> all equal.
BootstrapCI bootstrapMeanCI(const std::vector<double>& values, int resamples = 2000, uint64_t seed = 1,
                            double level = 0.95);

/// Fleiss' kappa. counts[item][category] = raters who put the item in that category; every item
/// must have the same number (>= 2) of ratings, else stepmotion::Error. NaN when agreement by
/// chance is 1 (every rating in one category) or there are no items.
double fleissKappa(const std::vector<std::vector<int>>& counts);

enum class AlphaMetric { Nominal, Interval };

/// Krippendorff's alpha. units[u] = the values the raters gave unit u (missing ratings simply
/// absent); units with fewer than two values are not pairable and ignored. NaN when there are no
/// pairable values or no disagreement is expected (every value the same).
double krippendorffAlpha(const std::vector<std::vector<double>>& units, AlphaMetric metric);

/// krippendorffAlpha(units, AlphaMetric::Nominal).
double krippendorffAlphaNominal(const std::vector<std::vector<double>>& units);

} // namespace stepmotion
