// Evaluation metric math against closed forms: FID of identical and of known Gaussian sets,
// R-precision of a perfect and of a useless encoder, diversity of a regular simplex, the
// confidence interval formula, and the markdown/JSON formatting.

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/evaluation/eval_metrics.h"
#include "stepmotion/core/evaluation/eval_report.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>
#include <random>

using namespace stepmotion;

namespace {

// n samples of a Gaussian with diagonal standard deviations `sd` around `mean`.
Embeddings gaussian(int n, const std::vector<double>& mean, const std::vector<double>& sd, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    Embeddings out(static_cast<std::size_t>(n), std::vector<float>(mean.size()));
    for (auto& row : out)
        for (std::size_t i = 0; i < mean.size(); ++i)
            row[i] = static_cast<float>(mean[i] + sd[i] * normal(rng));
    return out;
}

Embeddings basis(int n)
{
    Embeddings out(static_cast<std::size_t>(n), std::vector<float>(static_cast<std::size_t>(n), 0.0f));
    for (int i = 0; i < n; ++i)
        out[std::size_t(i)][std::size_t(i)] = 1.0f;
    return out;
}

} // namespace

class TestEvaluationMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void eigenOfKnownMatrix()
    {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3 with vectors (1, -1)/sqrt2 and (1, 1)/sqrt2.
        const SymmetricEigen e = symmetricEigen({2, 1, 1, 2}, 2);
        QVERIFY(std::abs(e.values[0] - 1.0) < 1e-12);
        QVERIFY(std::abs(e.values[1] - 3.0) < 1e-12);
        QVERIFY(std::abs(std::abs(e.vectors[0]) - std::sqrt(0.5)) < 1e-12);
        QVERIFY(std::abs(e.vectors[0] + e.vectors[2]) < 1e-12); // column 0 is (a, -a)
        QVERIFY(std::abs(e.vectors[1] - e.vectors[3]) < 1e-12); // column 1 is (b, b)
    }

    void eigenReconstructsRandomMatrix()
    {
        const int n = 12;
        std::mt19937_64 rng(5);
        std::normal_distribution<double> normal;
        std::vector<double> m(n * n);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j <= i; ++j)
                m[i * n + j] = m[j * n + i] = normal(rng);
        const SymmetricEigen e = symmetricEigen(m, n);
        double worst = 0;
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) {
                double sum = 0;
                for (int k = 0; k < n; ++k)
                    sum += e.vectors[i * n + k] * e.values[k] * e.vectors[j * n + k];
                worst = std::max(worst, std::abs(sum - m[i * n + j]));
            }
        QVERIFY2(worst < 1e-10, qPrintable(QString::number(worst)));
        QVERIFY(std::is_sorted(e.values.begin(), e.values.end()));
    }

    void fidOfIdenticalSetsIsZero()
    {
        const Embeddings a = gaussian(400, std::vector<double>(16, 0.3), std::vector<double>(16, 1.5), 1);
        QVERIFY(std::abs(frechetDistance(a, a)) < 1e-6);
    }

    void fidOfKnownGaussians()
    {
        // Diagonal covariances: FID = |mu1 - mu2|^2 + sum (s1 - s2)^2 over the standard deviations.
        const int d = 8;
        std::vector<double> m1(d, 0.0), m2(d, 0.0), s1(d), s2(d);
        for (int i = 0; i < d; ++i) {
            m2[i] = i % 2 ? 0.5 : -0.25;
            s1[i] = 1.0 + 0.1 * i;
            s2[i] = 0.5 + 0.2 * i;
        }
        double expected = 0;
        for (int i = 0; i < d; ++i)
            expected += (m1[i] - m2[i]) * (m1[i] - m2[i]) + (s1[i] - s2[i]) * (s1[i] - s2[i]);
        const double fid = frechetDistance(gaussian(40000, m1, s1, 2), gaussian(40000, m2, s2, 3));
        QVERIFY2(std::abs(fid - expected) < 0.05 * expected,
                 qPrintable(QString("fid %1 vs closed form %2").arg(fid).arg(expected)));
    }

    void fidRejectsBadSets()
    {
        const Embeddings one = {{1.0f, 2.0f}};
        const Embeddings two = {{1.0f, 2.0f}, {0.0f, 1.0f}};
        const Embeddings wide = {{1.0f, 2.0f, 3.0f}, {0.0f, 1.0f, 2.0f}};
        QVERIFY_THROWS_EXCEPTION(Error, frechetDistance(one, two));
        QVERIFY_THROWS_EXCEPTION(Error, frechetDistance(two, wide));
    }

    void rPrecisionOfPerfectEncoder()
    {
        const Embeddings e = basis(64); // text i == motion i, every other motion sqrt2 away
        const RPrecision r = rPrecision(e, e, 32, 7);
        QCOMPARE(r.batches, 2);
        QCOMPARE(r.top1, 1.0);
        QCOMPARE(r.top3, 1.0);
        QCOMPARE(r.mmDist, 0.0);
    }

    void rPrecisionOfReversedEncoder()
    {
        // Texts on a line, motions mirrored: each text's match is the farthest motion.
        Embeddings texts, motions;
        for (int i = 0; i < 32; ++i) {
            texts.push_back({float(i)});
            motions.push_back({float(i) + 100.0f});
        }
        const RPrecision r = rPrecision(texts, motions, 32, 1);
        // Text i ranks motion i at position i + 1 (motions j < i are closer).
        QCOMPARE(r.top1, 1.0 / 32);
        QCOMPARE(r.top3, 3.0 / 32);
        QVERIFY(std::abs(r.mmDist - 100.0) < 1e-9);
        QVERIFY_THROWS_EXCEPTION(Error, rPrecision(Embeddings(texts.begin(), texts.begin() + 31),
                                                   Embeddings(motions.begin(), motions.begin() + 31), 32));
    }

    void diversityOfSimplex()
    {
        QVERIFY(std::abs(diversity(basis(10), 300, 4) - std::sqrt(2.0)) < 1e-6);
        QVERIFY_THROWS_EXCEPTION(Error, diversity(basis(1)));
        const Embeddings pair = {{0.0f, 0.0f}, {3.0f, 4.0f}};
        QVERIFY(std::abs(diversity(pair, 5, 0) - 5.0) < 1e-9);
    }

    void multimodalityOfGroups()
    {
        const Embeddings near = {{0.0f}, {1.0f}};
        const Embeddings far = {{0.0f}, {3.0f}};
        const Embeddings single = {{5.0f}};
        QVERIFY(std::abs(multimodality({near, far, single}, 10, 1) - 2.0) < 1e-9);
        QVERIFY_THROWS_EXCEPTION(Error, multimodality({single}));
    }

    void confidenceInterval()
    {
        const MeanInterval m = meanInterval({1.0, 2.0, 3.0, 4.0});
        QCOMPARE(m.mean, 2.5);
        const double sd = std::sqrt((2.25 + 0.25 + 0.25 + 2.25) / 3.0);
        QVERIFY(std::abs(m.ci95 - 1.96 * sd / 2.0) < 1e-12);
        QCOMPARE(meanInterval({7.0}).ci95, 0.0);
        QVERIFY(std::isnan(meanInterval({}).mean));
        QCOMPARE(meanInterval({1.0, std::nan(""), 3.0}).mean, 2.0);
    }

    void tableAndJson()
    {
        EvalMetrics a;
        a.top1 = 0.5;
        a.top3 = 0.8;
        a.fid = 1.25;
        EvalMetrics b = a;
        b.top1 = 0.7;
        const std::vector<EvalRow> rows = {{"Ground truth", {a}}, {"model", {a, b}}};
        const QString table = QString::fromStdString(formatEvalTable(rows));
        const QStringList lines = table.trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines[0].startsWith("| Method | R-Precision top-1"));
        QVERIFY(lines[1].startsWith("|---|"));
        QCOMPARE(lines[1].count('|'), lines[0].count('|'));
        QVERIFY2(lines[2].startsWith("| Ground truth | 0.500 | 0.000 | 0.800 | 1.250 |"), qPrintable(lines[2]));
        QVERIFY2(lines[2].endsWith("| - | - |"), qPrintable(lines[2])); // MultiModality, steps: not computed
        const double ci = 1.96 * std::sqrt(0.02) / std::sqrt(2.0);
        QVERIFY2(lines[3].contains(QString("| 0.600 ± %1 |").arg(ci, 0, 'f', 3)), qPrintable(lines[3]));

        const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(formatEvalJson(rows, "{\"limit\": 3}")));
        QVERIFY(json.isObject());
        QCOMPARE(json.object()["run"].toObject()["limit"].toInt(), 3);
        const QJsonObject model = json.object()["rows"].toArray()[1].toObject();
        QCOMPARE(model["repeats"].toInt(), 2);
        QCOMPARE(model["metrics"].toObject()["top1"].toObject()["mean"].toDouble(), 0.6);
        QVERIFY(model["metrics"].toObject()["multimodality"].toObject()["mean"].isNull());
    }
};

QTEST_APPLESS_MAIN(TestEvaluationMetrics)
#include "tst_evaluation_metrics.moc"
