// Kept frames for span regeneration and continuation: weights, and the root-path match that
// keeps the frames after a regenerated span where they were.

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/motion/kept_motion.h"
#include "stepmotion/core/motion/skeleton.h"

#include <QtTest>

#include <cmath>

using namespace stepmotion;

namespace {

// A clip that walks forward while turning left, with a fixed pose (ric values) per frame.
FeatureClip turningWalk(int frames, float turn, float speedX, float speedZ)
{
    FeatureClip clip(frames);
    for (int t = 0; t < frames; ++t) {
        float* row = clip.row(t);
        row[0] = turn;
        row[1] = speedX;
        row[2] = speedZ;
        row[3] = 0.9f;
        for (int k = 4; k < 67; ++k)
            row[k] = 0.1f * std::sin(0.7f * float(k)) + 0.01f * std::cos(0.3f * float(t + k));
    }
    return clip;
}

double largestJointGap(const JointClip& a, const JointClip& b, int frame)
{
    double worst = 0;
    for (int j = 0; j < a.joints; ++j)
        for (int k = 0; k < 3; ++k)
            worst = std::max(worst, std::abs(double(a.at(frame, j)[k]) - double(b.at(frame, j)[k])));
    return worst;
}

} // namespace

class TestKeptMotion : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void spanWeightsRampOutsideTheSpan()
    {
        const FeatureClip take = turningWalk(100, 0.01f, 0.0f, 0.05f); // 4.95 s
        const KeptMotion kept = keepOutsideSpan(take, 2.0, 3.0, 0.25);
        QCOMPARE(int(kept.weight.size()), 100);
        QCOMPARE(kept.weight[30], 1.0f);            // 1.5 s: beyond the blend
        QCOMPARE(kept.weight[40], 0.0f);            // 2.0 s: the span's edge
        QCOMPARE(kept.weight[50], 0.0f);            // inside
        QVERIFY(std::abs(kept.weight[38] - 0.4f) < 1e-5f); // 1.9 s: 0.1 s of the 0.25 s blend
        QCOMPARE(kept.weight[65], 1.0f);            // 3.25 s
        QVERIFY(kept.motion.values == take.values);
        QVERIFY(QString::fromStdString([&] {
                    try { keepOutsideSpan(take, 3.0, 9.0); } catch (const Error& e) { return std::string(e.what()); }
                    return std::string();
                }()).contains("not inside the take"));
    }

    void prefixKeepsTheLoadedFrames()
    {
        const FeatureClip loaded = turningWalk(30, 0.0f, 0.0f, 0.04f);
        const KeptMotion kept = keepPrefix(loaded, 80);
        QCOMPARE(kept.motion.frames, 80);
        QCOMPARE(kept.weight[29], 1.0f);
        QCOMPARE(kept.weight[30], 0.0f);
        QVERIFY(std::equal(loaded.values.begin(), loaded.values.end(), kept.motion.values.begin()));
        QVERIFY_THROWS_EXCEPTION(Error, keepPrefix(loaded, 30));
    }

    void matchedRootPathKeepsLaterFramesInPlace()
    {
        // The regenerated span turns the other way and sidesteps: without the match every frame
        // after it would stand metres away and face elsewhere.
        const FeatureClip take = turningWalk(120, 0.015f, 0.0f, 0.05f);
        const KeptMotion kept = keepOutsideSpan(take, 2.0, 3.5, 0.25);
        FeatureClip regenerated = take;
        for (int t = 0; t < 120; ++t) {
            const float w = kept.weight[static_cast<std::size_t>(t)];
            regenerated.row(t)[0] = w * take.row(t)[0] + (1 - w) * -0.03f;
            regenerated.row(t)[1] = w * take.row(t)[1] + (1 - w) * 0.04f;
            regenerated.row(t)[2] = w * take.row(t)[2];
            regenerated.row(t)[10] += (1 - w) * 0.2f; // a pose change inside the span
        }
        const JointClip before = decodeFeatures(take);
        const JointClip unmatched = decodeFeatures(regenerated);
        QVERIFY(largestJointGap(before, unmatched, 100) > 0.5);
        matchRootPath(regenerated, kept);
        const JointClip after = decodeFeatures(regenerated);
        double outside = 0, inside = 0;
        for (int t = 0; t < 120; ++t) {
            const double gap = largestJointGap(before, after, t);
            if (kept.weight[static_cast<std::size_t>(t)] >= 1.0f)
                outside = std::max(outside, gap);
            else
                inside = std::max(inside, gap);
        }
        qInfo("largest joint change: kept frames %.6f m, regenerated frames %.3f m", outside, inside);
        QVERIFY2(outside < 1e-4, qPrintable(QString::number(outside)));
        QVERIFY(inside > 0.05);
        // Rows the match does not own stay as they were.
        QCOMPARE(regenerated.row(10)[0], take.row(10)[0]);
        QCOMPARE(regenerated.row(100)[1], take.row(100)[1]);
    }
};

QTEST_APPLESS_MAIN(TestKeptMotion)
#include "tst_kept_motion.moc"
