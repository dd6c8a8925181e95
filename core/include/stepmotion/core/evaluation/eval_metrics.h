#pragma once
// The standard text-motion metrics of Guo et al. 2022 (HumanML3D) on embeddings: R-Precision,
// FID, MM-Dist, Diversity and MultiModality, and the mean with its 95% confidence interval over
// repeats. Plain maths, no model.

#include <cstdint>
#include <string>
#include <vector>

namespace stepmotion {

/// One embedding per row; every row has the same length.
using Embeddings = std::vector<std::vector<float>>;

struct RPrecision {
    double top1 = 0, top2 = 0, top3 = 0; // fraction of texts whose own motion ranks within k
    double mmDist = 0;                   // mean Euclidean distance of matched text/motion pairs
    int batches = 0;                     // full batches scored (a remainder < batchSize is dropped)
};

/// Row i of `texts` matches row i of `motions`. Rows are shuffled (seeded), cut into batches
/// of `batchSize` (Guo et al.: 32 = 1 match + 31 others), and each text ranks the batch's
/// motions by Euclidean distance. MM-Dist uses every row. Throws stepmotion::Error when the
/// sets differ in size or hold fewer than batchSize rows.
RPrecision rPrecision(const Embeddings& texts, const Embeddings& motions, int batchSize = 32, uint64_t seed = 0);

/// Fréchet distance between Gaussians fitted to two sets (mean + unbiased covariance):
/// |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1^1/2 S2 S1^1/2)^1/2). Square roots come from a
/// cyclic Jacobi eigen-decomposition of the symmetric matrices (negative round-off eigenvalues
/// clamp to 0). Throws stepmotion::Error for sets with fewer than 2 rows or different widths.
double frechetDistance(const Embeddings& a, const Embeddings& b);

/// Mean Euclidean distance over `pairs` random pairs (i, j), i != j, drawn with `seed`.
/// Guo et al. use 300 pairs. Throws stepmotion::Error for fewer than 2 rows.
double diversity(const Embeddings& set, int pairs = 300, uint64_t seed = 0);

/// Mean over groups of the mean distance of `pairs` random distinct pairs inside the group
/// (several motions generated for one text; Guo et al.: 10 pairs). Groups with fewer than
/// 2 rows are skipped; throws stepmotion::Error when none is left.
double multimodality(const std::vector<Embeddings>& groups, int pairs = 10, uint64_t seed = 0);

/// Eigenvalues (ascending) and eigenvectors (column k of the row-major n x n `vectors`
/// belongs to value k) of a symmetric row-major n x n matrix, by cyclic Jacobi rotations.
struct SymmetricEigen {
    std::vector<double> values;
    std::vector<double> vectors;
};
SymmetricEigen symmetricEigen(std::vector<double> matrix, int n);

struct MeanInterval {
    double mean = 0;
    double ci95 = 0; // 1.96 * sample sd / sqrt(n); 0 for n = 1
};
/// NaN entries are ignored; an empty (or all-NaN) list gives NaN for both.
MeanInterval meanInterval(const std::vector<double>& values);

} // namespace stepmotion
