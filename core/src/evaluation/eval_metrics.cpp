// Metric math for text-motion evaluation (Guo et al. 2022). Plain C++: the embeddings arrive
// as float rows; sums and matrices are kept in double so FID on 256-d sets stays accurate.

#include "stepmotion/core/evaluation/eval_metrics.h"

#include "stepmotion/core/runtime/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace stepmotion {
namespace {

double distance(const std::vector<float>& a, const std::vector<float>& b)
{
    double sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double d = double(a[i]) - double(b[i]);
        sum += d * d;
    }
    return std::sqrt(sum);
}

int checkedWidth(const Embeddings& set, const char* what)
{
    if (set.empty())
        throw Error(std::string(what) + ": no embeddings");
    const std::size_t width = set.front().size();
    for (const auto& row : set)
        if (row.size() != width)
            throw Error(std::string(what) + ": embeddings differ in length");
    return static_cast<int>(width);
}

// Mean and unbiased covariance (row-major d x d) of a set.
void gaussianFit(const Embeddings& set, int d, std::vector<double>& mean, std::vector<double>& cov)
{
    const double n = static_cast<double>(set.size());
    mean.assign(static_cast<std::size_t>(d), 0.0);
    for (const auto& row : set)
        for (int i = 0; i < d; ++i)
            mean[i] += row[i] / n;
    cov.assign(static_cast<std::size_t>(d) * d, 0.0);
    std::vector<double> centred(static_cast<std::size_t>(d));
    for (const auto& row : set) {
        for (int i = 0; i < d; ++i)
            centred[i] = row[i] - mean[i];
        for (int i = 0; i < d; ++i)
            for (int j = i; j < d; ++j)
                cov[std::size_t(i) * d + j] += centred[i] * centred[j];
    }
    for (int i = 0; i < d; ++i)
        for (int j = i; j < d; ++j) {
            const double v = cov[std::size_t(i) * d + j] / (n - 1.0);
            cov[std::size_t(i) * d + j] = v;
            cov[std::size_t(j) * d + i] = v;
        }
}

// V diag(f(lambda)) V^T for a symmetric matrix.
std::vector<double> applyToEigenvalues(const SymmetricEigen& e, int n, double (*f)(double))
{
    std::vector<double> out(static_cast<std::size_t>(n) * n, 0.0);
    for (int k = 0; k < n; ++k) {
        const double w = f(e.values[k]);
        if (w == 0.0)
            continue;
        for (int i = 0; i < n; ++i) {
            const double vik = e.vectors[std::size_t(i) * n + k] * w;
            for (int j = 0; j < n; ++j)
                out[std::size_t(i) * n + j] += vik * e.vectors[std::size_t(j) * n + k];
        }
    }
    return out;
}

std::vector<double> multiply(const std::vector<double>& a, const std::vector<double>& b, int n)
{
    std::vector<double> out(static_cast<std::size_t>(n) * n, 0.0);
    for (int i = 0; i < n; ++i)
        for (int k = 0; k < n; ++k) {
            const double aik = a[std::size_t(i) * n + k];
            for (int j = 0; j < n; ++j)
                out[std::size_t(i) * n + j] += aik * b[std::size_t(k) * n + j];
        }
    return out;
}

double clampedSqrt(double x) { return x > 0 ? std::sqrt(x) : 0.0; }

// One Jacobi rotation zeroing a[p][q], applied to both sides of a and to the vectors.
void rotate(std::vector<double>& a, std::vector<double>& v, int n, int p, int q)
{
    const double apq = a[std::size_t(p) * n + q];
    const double theta = (a[std::size_t(q) * n + q] - a[std::size_t(p) * n + p]) / (2.0 * apq);
    const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1.0));
    const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
    for (int k = 0; k < n; ++k) { // columns p, q
        const double akp = a[std::size_t(k) * n + p], akq = a[std::size_t(k) * n + q];
        a[std::size_t(k) * n + p] = c * akp - s * akq;
        a[std::size_t(k) * n + q] = s * akp + c * akq;
    }
    for (int k = 0; k < n; ++k) { // rows p, q
        const double apk = a[std::size_t(p) * n + k], aqk = a[std::size_t(q) * n + k];
        a[std::size_t(p) * n + k] = c * apk - s * aqk;
        a[std::size_t(q) * n + k] = s * apk + c * aqk;
    }
    for (int k = 0; k < n; ++k) {
        const double vkp = v[std::size_t(k) * n + p], vkq = v[std::size_t(k) * n + q];
        v[std::size_t(k) * n + p] = c * vkp - s * vkq;
        v[std::size_t(k) * n + q] = s * vkp + c * vkq;
    }
}

std::pair<int, int> distinctPair(std::mt19937_64& rng, int n)
{
    std::uniform_int_distribution<int> first(0, n - 1), second(0, n - 2);
    const int i = first(rng);
    int j = second(rng);
    if (j >= i)
        ++j; // uniform over j != i
    return {i, j};
}

} // namespace

SymmetricEigen symmetricEigen(std::vector<double> a, int n)
{
    if (n < 0 || a.size() != static_cast<std::size_t>(n) * n)
        throw Error("symmetricEigen: matrix is not n x n");
    std::vector<double> v(static_cast<std::size_t>(n) * n, 0.0);
    for (int i = 0; i < n; ++i)
        v[std::size_t(i) * n + i] = 1.0;
    double scale = 0;
    for (const double x : a)
        scale += x * x;
    const double tolerance = 1e-24 * std::max(scale, 1e-300);
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0;
        for (int p = 0; p < n; ++p)
            for (int q = p + 1; q < n; ++q)
                off += a[std::size_t(p) * n + q] * a[std::size_t(p) * n + q];
        if (off <= tolerance)
            break;
        for (int p = 0; p < n; ++p)
            for (int q = p + 1; q < n; ++q)
                if (a[std::size_t(p) * n + q] != 0.0)
                    rotate(a, v, n, p, q);
    }
    std::vector<int> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](int x, int y) { return a[std::size_t(x) * n + x] < a[std::size_t(y) * n + y]; });
    SymmetricEigen out;
    out.vectors.assign(v.size(), 0.0);
    for (int k = 0; k < n; ++k) {
        out.values.push_back(a[std::size_t(order[k]) * n + order[k]]);
        for (int i = 0; i < n; ++i)
            out.vectors[std::size_t(i) * n + k] = v[std::size_t(i) * n + order[k]];
    }
    return out;
}

RPrecision rPrecision(const Embeddings& texts, const Embeddings& motions, int batchSize, uint64_t seed)
{
    if (texts.size() != motions.size())
        throw Error("R-precision: " + std::to_string(texts.size()) + " texts but " + std::to_string(motions.size())
                    + " motions");
    if (batchSize < 1 || static_cast<int>(texts.size()) < batchSize)
        throw Error("R-precision: needs at least one full batch of " + std::to_string(batchSize) + " pairs, got "
                    + std::to_string(texts.size()));
    checkedWidth(texts, "R-precision texts");
    checkedWidth(motions, "R-precision motions");
    RPrecision out;
    for (std::size_t i = 0; i < texts.size(); ++i)
        out.mmDist += distance(texts[i], motions[i]) / double(texts.size());
    std::vector<std::size_t> order(texts.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(seed);
    std::shuffle(order.begin(), order.end(), rng);
    out.batches = static_cast<int>(texts.size()) / batchSize;
    int hits[3] = {0, 0, 0};
    for (int b = 0; b < out.batches; ++b)
        for (int t = 0; t < batchSize; ++t) {
            const auto& text = texts[order[std::size_t(b) * batchSize + t]];
            const double own = distance(text, motions[order[std::size_t(b) * batchSize + t]]);
            int closer = 0; // other motions strictly closer than the match
            for (int m = 0; m < batchSize; ++m)
                if (m != t && distance(text, motions[order[std::size_t(b) * batchSize + m]]) < own)
                    ++closer;
            for (int k = 0; k < 3; ++k)
                hits[k] += closer <= k ? 1 : 0;
        }
    const double total = double(out.batches) * batchSize;
    out.top1 = hits[0] / total;
    out.top2 = hits[1] / total;
    out.top3 = hits[2] / total;
    return out;
}

double frechetDistance(const Embeddings& a, const Embeddings& b)
{
    const int d = checkedWidth(a, "FID");
    if (checkedWidth(b, "FID") != d)
        throw Error("FID: the two sets have different embedding sizes");
    if (a.size() < 2 || b.size() < 2)
        throw Error("FID: each set needs at least 2 embeddings");
    std::vector<double> mean1, cov1, mean2, cov2;
    gaussianFit(a, d, mean1, cov1);
    gaussianFit(b, d, mean2, cov2);
    double meanTerm = 0, traces = 0;
    for (int i = 0; i < d; ++i) {
        meanTerm += (mean1[i] - mean2[i]) * (mean1[i] - mean2[i]);
        traces += cov1[std::size_t(i) * d + i] + cov2[std::size_t(i) * d + i];
    }
    // tr sqrt(S1 S2) = tr sqrt(S1^1/2 S2 S1^1/2): the latter is symmetric PSD, so Jacobi applies.
    const auto root1 = applyToEigenvalues(symmetricEigen(cov1, d), d, clampedSqrt);
    auto product = multiply(multiply(root1, cov2, d), root1, d);
    for (int i = 0; i < d; ++i) // symmetrise away round-off before the eigen solver
        for (int j = i + 1; j < d; ++j) {
            const double m = 0.5 * (product[std::size_t(i) * d + j] + product[std::size_t(j) * d + i]);
            product[std::size_t(i) * d + j] = product[std::size_t(j) * d + i] = m;
        }
    double traceRoot = 0;
    for (const double value : symmetricEigen(std::move(product), d).values)
        traceRoot += clampedSqrt(value);
    return std::max(meanTerm + traces - 2.0 * traceRoot, 0.0);
}

double diversity(const Embeddings& set, int pairs, uint64_t seed)
{
    checkedWidth(set, "diversity");
    if (set.size() < 2 || pairs < 1)
        throw Error("diversity: needs at least 2 embeddings and 1 pair");
    std::mt19937_64 rng(seed);
    double sum = 0;
    for (int p = 0; p < pairs; ++p) {
        const auto [i, j] = distinctPair(rng, static_cast<int>(set.size()));
        sum += distance(set[std::size_t(i)], set[std::size_t(j)]);
    }
    return sum / pairs;
}

double multimodality(const std::vector<Embeddings>& groups, int pairs, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    double sum = 0;
    int used = 0;
    for (const auto& group : groups) {
        if (group.size() < 2)
            continue;
        checkedWidth(group, "multimodality");
        double groupSum = 0;
        for (int p = 0; p < pairs; ++p) {
            const auto [i, j] = distinctPair(rng, static_cast<int>(group.size()));
            groupSum += distance(group[std::size_t(i)], group[std::size_t(j)]);
        }
        sum += groupSum / std::max(pairs, 1);
        ++used;
    }
    if (used == 0)
        throw Error("multimodality: no group holds 2 or more motions");
    return sum / used;
}

MeanInterval meanInterval(const std::vector<double>& values)
{
    std::vector<double> finite;
    for (const double v : values)
        if (!std::isnan(v))
            finite.push_back(v);
    MeanInterval out;
    if (finite.empty())
        return {std::nan(""), std::nan("")};
    const double n = double(finite.size());
    out.mean = std::accumulate(finite.begin(), finite.end(), 0.0) / n;
    if (finite.size() < 2)
        return out;
    double squares = 0;
    for (const double v : finite)
        squares += (v - out.mean) * (v - out.mean);
    out.ci95 = 1.96 * std::sqrt(squares / (n - 1.0)) / std::sqrt(n);
    return out;
}

} // namespace stepmotion
