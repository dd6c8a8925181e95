// Resampling BVH clips between frame rates: frame counts, exactness at shared frame times,
// slerp along the short arc, and analytic motions that slerp must reproduce exactly.

#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/runtime/error.h"

#include "test_data.h"

#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace stepmotion;

namespace {

constexpr double kPi = 3.14159265358979323846;

/// Two joints with different channel orders. Each rotation is constant except one channel
/// that turns at a constant rate, i.e. R(t) = A * R_axis(w t) * B, which slerp reproduces
/// exactly; the middle Euler angle of the root sweeps past ±90° to test branch choice.
BvhClip analyticClip(double fps, double frameTime, double seconds)
{
    const std::string text =
        "HIERARCHY\nROOT Hips\n{\n OFFSET 0 0 0\n"
        " CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation\n"
        " JOINT Arm\n {\n  OFFSET 0 10 2\n  CHANNELS 3 Yrotation Zrotation Xrotation\n"
        "  End Site\n  {\n   OFFSET 5 0 0\n  }\n }\n}\nMOTION\nFrames: 0\nFrame Time: 1\n";
    BvhClip clip = parseBvh(text, "analytic.bvh");
    clip.frameTime = frameTime;
    clip.frames = static_cast<int>(std::floor(seconds * fps + 1e-9)) + 1;
    clip.values.resize(std::size_t(clip.frames) * clip.channelCount);
    for (int f = 0; f < clip.frames; ++f) {
        const double t = f / fps;
        const double v[9] = {3 * t, 90 + 0.5 * t, -2 * t, 30, -150 + 120 * t, -20, 45, -10, -200 + 95 * t};
        std::copy(v, v + 9, clip.frame(f));
    }
    return clip;
}

double maxPositionDifference(const JointClip& a, const JointClip& b)
{
    double worst = 0;
    for (std::size_t i = 0; i < a.xyz.size(); ++i)
        worst = std::max(worst, double(std::abs(a.xyz[i] - b.xyz[i])));
    return worst;
}

double length(const float* a, const float* b)
{
    return std::sqrt(std::pow(double(a[0]) - b[0], 2) + std::pow(double(a[1]) - b[1], 2) + std::pow(double(a[2]) - b[2], 2));
}

} // namespace

class TestBvhResample : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bandai30To20KeepsSharedFrames()
    {
        STEPMOTION_REQUIRE_SHARED("samples_bvh/dataset-2_walk_normal_013.bvh", path);
        const BvhClip source = readBvh(path.toStdString());
        QCOMPARE(source.frames, 210);
        const BvhClip out = resampleBvh(source, 20.0);
        QCOMPARE(out.frames, int(std::lround((source.frames - 1) * 20.0 / 30.0)) + 1); // 140
        QCOMPARE(out.frameTime, 0.05);
        QCOMPARE(out.channelCount, source.channelCount);
        QCOMPARE(out.joints.size(), source.joints.size());
        const JointClip a = bvhForwardKinematics(source);
        const JointClip b = bvhForwardKinematics(out);
        QCOMPARE(b.fps, 20.0);
        for (int i = 0; i < out.frames; i += 2) { // t = i / 20 s is source frame 1.5 i
            const int s = i * 3 / 2;
            QVERIFY(std::memcmp(out.frame(i), source.frame(s), sizeof(double) * out.channelCount) == 0);
            for (int j = 0; j < a.joints; ++j)
                for (int k = 0; k < 3; ++k)
                    QVERIFY(std::abs(double(b.at(i, j)[k]) - a.at(s, j)[k]) <= 1e-9);
        }
    }

    void inBetweenFramesLieBetweenNeighbours()
    {
        STEPMOTION_REQUIRE_SHARED("samples_bvh/dataset-2_walk_normal_013.bvh", path);
        const BvhClip source = readBvh(path.toStdString());
        const BvhClip out = resampleBvh(source, 20.0);
        const JointClip a = bvhForwardKinematics(source);
        const JointClip b = bvhForwardKinematics(out);
        double worstExcess = 0, worstMidpoint = 0;
        for (int i = 1; i < out.frames; i += 2) { // halfway between source frames s and s + 1
            const int s = i * 3 / 2;
            for (const BvhJoint& joint : source.joints)
                for (std::size_t c = 0; c < joint.channels.size(); ++c)
                    if (joint.channels[c] <= BvhChannel::Zposition) { // positions: exactly the mean
                        const int v = joint.firstChannel + int(c);
                        QVERIFY(std::abs(out.frame(i)[v] - 0.5 * (source.frame(s)[v] + source.frame(s + 1)[v])) < 1e-9);
                    }
            for (int j = 0; j < a.joints; ++j) {
                const double gap = length(a.at(s, j), a.at(s + 1, j));
                const double excess = std::max(length(b.at(i, j), a.at(s, j)), length(b.at(i, j), a.at(s + 1, j))) - gap;
                worstExcess = std::max(worstExcess, excess);
                float mid[3];
                for (int k = 0; k < 3; ++k)
                    mid[k] = 0.5f * (a.at(s, j)[k] + a.at(s + 1, j)[k]);
                worstMidpoint = std::max(worstMidpoint, length(b.at(i, j), mid));
            }
        }
        qInfo("in-between frames: at most %.4f cm farther than the neighbours' gap, %.4f cm from their midpoint",
              worstExcess, worstMidpoint);
        // Joints follow arcs (slerp), not chords, so "between" holds to within a millimetre
        // (measured 0.05 cm), and the arc's sagitta keeps them near the chord's midpoint.
        QVERIFY(worstExcess <= 0.1);
        QVERIFY(worstMidpoint <= 1.0);
    }

    void frameCountFollowsSourceDuration_data()
    {
        QTest::addColumn<int>("frames");
        QTest::addColumn<double>("frameTime");
        QTest::addColumn<double>("fps");
        QTest::addColumn<int>("expected");
        // Output frames at t = i / fps while t <= (frames - 1) * frameTime.
        QTest::newRow("30->20, 19 frames") << 19 << 0.0333333 << 20.0 << 13;
        QTest::newRow("30->20, 20 frames") << 20 << 0.0333333 << 20.0 << 13;
        QTest::newRow("30->20, 21 frames") << 21 << 0.0333333 << 20.0 << 14;
        QTest::newRow("30->20, 22 frames") << 22 << 0.0333333 << 20.0 << 15;
        QTest::newRow("60->20, 100 frames") << 100 << 0.016667 << 20.0 << 34;
        QTest::newRow("120->20, 121 frames") << 121 << 0.008333 << 20.0 << 21;
        QTest::newRow("20->30, 3 frames") << 3 << 0.05 << 30.0 << 4;
        QTest::newRow("single frame") << 1 << 0.05 << 20.0 << 1;
    }

    void frameCountFollowsSourceDuration()
    {
        QFETCH(int, frames);
        QFETCH(double, frameTime);
        QFETCH(double, fps);
        QFETCH(int, expected);
        const BvhClip source = analyticClip(1.0 / frameTime, frameTime, (frames - 1) * frameTime);
        QCOMPARE(source.frames, frames);
        const BvhClip out = resampleBvh(source, fps);
        QCOMPARE(out.frames, expected);
        QVERIFY(std::memcmp(out.frame(0), source.frame(0), sizeof(double) * out.channelCount) == 0);
    }

    void reproducesAnalyticMotion_data()
    {
        QTest::addColumn<double>("sourceFps");
        QTest::addColumn<double>("frameTime"); // as printed in real files
        QTest::addColumn<double>("fps");
        QTest::newRow("120->20") << 120.0 << 0.008333 << 20.0;
        QTest::newRow("60->20") << 60.0 << 0.016667 << 20.0;
        QTest::newRow("30->20") << 30.0 << 0.0333333 << 20.0;
        QTest::newRow("25->20") << 25.0 << 0.04 << 20.0;
        QTest::newRow("20->120") << 20.0 << 0.05 << 120.0;
        QTest::newRow("24->7") << 24.0 << 1.0 / 24.0 << 7.0;
    }

    void reproducesAnalyticMotion()
    {
        QFETCH(double, sourceFps);
        QFETCH(double, frameTime);
        QFETCH(double, fps);
        const BvhClip source = analyticClip(sourceFps, frameTime, 2.5);
        const BvhClip out = resampleBvh(source, fps);
        const int sourceLast = source.frames - 1; // output runs while i / fps <= sourceLast / sourceFps
        QCOMPARE(out.frames, int(std::floor(sourceLast * fps / sourceFps + 1e-9)) + 1);
        const BvhClip truth = analyticClip(fps, 1.0 / fps, (out.frames - 1) / fps);
        QCOMPARE(truth.frames, out.frames);
        double worstAngle = 0;
        for (std::size_t i = 0; i < out.values.size(); ++i)
            worstAngle = std::max(worstAngle, std::abs(out.values[i] - truth.values[i]));
        const double worstPosition = maxPositionDifference(bvhForwardKinematics(out), bvhForwardKinematics(truth));
        qInfo("worst channel difference %.3g, worst joint position difference %.3g", worstAngle, worstPosition);
        QVERIFY(worstAngle < 1e-7);     // same Euler branch and turn as the source, not just the same rotation
        QVERIFY(worstPosition < 1e-5); // float output of positions up to ~15 units
    }

    void realTakeSurvivesRoundTripThrough120()
    {
        STEPMOTION_REQUIRE_SHARED("samples_bvh/02_01.bvh", path);
        const BvhClip source = readBvh(path.toStdString());
        const BvhClip up = resampleBvh(source, 120.0);
        QCOMPARE(up.frames, (source.frames - 1) * 6 + 1);
        const BvhClip back = resampleBvh(up, 20.0);
        QCOMPARE(back.frames, source.frames);
        QVERIFY(back.values == source.values);
        QCOMPARE(maxPositionDifference(bvhForwardKinematics(back), bvhForwardKinematics(source)), 0.0);
    }

    void slerpTakesTheShortArc_data()
    {
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<double>("expectedZ"); // Euler value of the halfway frame
        QTest::addColumn<double>("expectedX"); // world X of a unit bone after that rotation
        QTest::newRow("across +-180") << 170.0 << -170.0 << -180.0 << -1.0;
        QTest::newRow("across 0 via 360") << 10.0 << 350.0 << 360.0 << 1.0;
        QTest::newRow("plain") << 20.0 << 60.0 << 40.0 << std::cos(40.0 * kPi / 180.0);
    }

    void slerpTakesTheShortArc()
    {
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(double, expectedZ);
        QFETCH(double, expectedX);
        BvhClip clip = parseBvh("HIERARCHY\nROOT R\n{\nOFFSET 0 0 0\nCHANNELS 3 Zrotation Xrotation Yrotation\n"
                                "JOINT B\n{\nOFFSET 1 0 0\nCHANNELS 0\n}\n}\nMOTION\nFrames: 2\nFrame Time: 0.1\n"
                                "0 0 0\n0 0 0\n",
                                "arc.bvh");
        clip.frame(0)[0] = from;
        clip.frame(1)[0] = to;
        const BvhClip out = resampleBvh(clip, 20.0);
        QCOMPARE(out.frames, 3);
        QVERIFY2(std::abs(out.frame(1)[0] - expectedZ) < 1e-9, qPrintable(QString::number(out.frame(1)[0])));
        QVERIFY(std::abs(out.frame(1)[1]) < 1e-9 && std::abs(out.frame(1)[2]) < 1e-9);
        QVERIFY(std::abs(bvhForwardKinematics(out).at(1, 1)[0] - expectedX) < 1e-6);
    }

    void rejectsBadRates()
    {
        const BvhClip clip = analyticClip(30, 1.0 / 30, 1.0);
        for (double fps : {0.0, -20.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()})
            QVERIFY_THROWS_EXCEPTION(Error, resampleBvh(clip, fps));
        BvhClip broken = clip;
        broken.values.resize(3);
        QVERIFY_THROWS_EXCEPTION(Error, resampleBvh(broken, 20.0));
        BvhClip empty = clip;
        empty.frames = 0;
        empty.values.clear();
        const BvhClip out = resampleBvh(empty, 20.0);
        QCOMPARE(out.frames, 0);
        QCOMPARE(out.frameTime, 0.05);
    }
};

QTEST_APPLESS_MAIN(TestBvhResample)
#include "tst_bvh_resample.moc"
