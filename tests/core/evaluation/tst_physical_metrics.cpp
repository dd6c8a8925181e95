// Physical plausibility metrics on fixed synthetic clips with hand-computed values (constant
// jerk, a spike every 4th frame, sliding feet, a stretched bone, a sunk clip, a jump), on the
// bundled CMU examples (ground-truth ranges), and their rows in the eval tables.

#include "stepmotion/core/evaluation/eval_report.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/evaluation/physical_metrics.h"
#include "stepmotion/core/motion/skeleton.h"

#include "motion_fixtures.h"
#include "test_helpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

using namespace stepmotion;

namespace {

// The reference skeleton in its rest pose (HumanML3D's rest directions and bone lengths),
// standing on the floor: the left ankle and foot, its lowest joints, are at y = 0 (the right
// ones 1 cm higher: the reference right leg is that much shorter).
JointClip restClip(int frames)
{
    std::array<std::array<double, 3>, kJointCount> pose{};
    const auto& parents = skeleton::parents();
    for (int j = 1; j < kJointCount; ++j)
        for (int a = 0; a < 3; ++a)
            pose[std::size_t(j)][std::size_t(a)] = pose[std::size_t(parents[std::size_t(j)])][std::size_t(a)] +
                skeleton::restDirections()[std::size_t(j)][std::size_t(a)] * skeleton::referenceBoneLengths()[std::size_t(j)];
    double lowest = 0;
    for (const auto& p : pose)
        lowest = std::min(lowest, p[1]);
    JointClip clip(frames, kJointCount);
    for (int t = 0; t < frames; ++t)
        for (int j = 0; j < kJointCount; ++j) {
            float* p = clip.at(t, j);
            p[0] = float(pose[std::size_t(j)][0]);
            p[1] = float(pose[std::size_t(j)][1] - lowest);
            p[2] = float(pose[std::size_t(j)][2]);
        }
    return clip;
}

// Moves every joint of frame t by (dx, dy, dz): the body stays rigid.
void shiftFrame(JointClip& clip, int t, double dx, double dy, double dz)
{
    for (int j = 0; j < clip.joints; ++j) {
        float* p = clip.at(t, j);
        p[0] = float(p[0] + dx);
        p[1] = float(p[1] + dy);
        p[2] = float(p[2] + dz);
    }
}

bool near(double value, double expected, double tolerance)
{
    return std::abs(value - expected) <= tolerance;
}

QString describe(const PhysicalMetrics& m)
{
    return QString("jerk %1 m/s^3, seam ratio %2 (phases %3 %4 %5 %6 m/s^2), skating %7, bone sd worst %8 mm "
                   "mean %9 mm, floor penetration %10 cm, airborne %11 m")
        .arg(m.meanJerk, 0, 'f', 1)
        .arg(m.seamPhaseRatio, 0, 'f', 3)
        .arg(m.phaseAcceleration[0], 0, 'f', 2)
        .arg(m.phaseAcceleration[1], 0, 'f', 2)
        .arg(m.phaseAcceleration[2], 0, 'f', 2)
        .arg(m.phaseAcceleration[3], 0, 'f', 2)
        .arg(m.footSkating, 0, 'f', 3)
        .arg(1000 * m.boneLengthStdMax, 0, 'f', 3)
        .arg(1000 * m.boneLengthStdMean, 0, 'f', 3)
        .arg(100 * m.floorPenetration, 0, 'f', 2)
        .arg(m.airborneHeight, 0, 'f', 3);
}

} // namespace

class TestPhysicalMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void restPoseIsStill()
    {
        const PhysicalMetrics m = measurePhysical(restClip(12));
        QCOMPARE(m.meanJerk, 0.0);
        QCOMPARE(int(m.phaseAcceleration.size()), 4);
        QCOMPARE(m.seamPhaseRatio, 1.0); // nothing accelerates: flat
        QCOMPARE(m.footSkating, 0.0);
        QVERIFY(m.boneLengthStdMax < 1e-7);
        QCOMPARE(m.floorPenetration, 0.0);
        QVERIFY(near(m.airborneHeight, 0.0, 1e-6));
    }

    void constantJerk()
    {
        // x(t) = k t^3 (t in frames): the third difference is 6 k everywhere, so the jerk is
        // 6 k fps^3 = 6 * 1e-3 * 20^3 = 48 m/s^3 for every joint. The second difference
        // starting at frame i is k (6 i + 6); over 10 frames i runs 0..7, so phase k holds
        // i = k and k + 4: mean 6k (2k + 6) / 2 -> 18k, 24k, 30k, 36k; ratio 36 / 18 = 2.
        const double k = 1e-3, fps2 = 400;
        JointClip clip = restClip(10);
        for (int t = 0; t < clip.frames; ++t)
            shiftFrame(clip, t, k * t * t * t, 0, 0);
        const PhysicalMetrics m = measurePhysical(clip);
        QVERIFY2(near(m.meanJerk, 48.0, 48.0 * 1e-3), qPrintable(QString::number(m.meanJerk)));
        for (int phase = 0; phase < 4; ++phase) {
            const double expected = k * (18 + 6 * phase) * fps2;
            QVERIFY2(near(m.phaseAcceleration[std::size_t(phase)], expected, 1e-3 * expected),
                     qPrintable(QString("phase %1: %2").arg(phase).arg(m.phaseAcceleration[std::size_t(phase)])));
        }
        QVERIFY(near(m.seamPhaseRatio, 2.0, 2e-3));
        QVERIFY(m.boneLengthStdMax < 1e-6); // a rigid body
    }

    void spikeEveryFourthFrame()
    {
        // x jumps by d on frames 3, 7, 11, ... (t mod 4 == 3) over a constant acceleration a
        // along z. The second difference starting at frame i sees the spike with weight 1 at
        // i = s - 2 (phase 1), -2 at i = s - 1 (phase 2), 1 at i = s (phase 3), and not at
        // phase 0: per frame^2, phase 0 = a, phases 1 and 3 = sqrt(a^2 + d^2), phase 2 =
        // sqrt(a^2 + 4 d^2); with a = 4 mm, d = 3 mm: 4, 5, 7.211, 5 mm -> ratio sqrt(52) / 4.
        const double a = 0.004, d = 0.003, fps2 = 400;
        JointClip clip = restClip(22);
        for (int t = 0; t < clip.frames; ++t)
            shiftFrame(clip, t, t % 4 == 3 ? d : 0.0, 0, 0.5 * a * t * t);
        const PhysicalMetrics m = measurePhysical(clip);
        const double expected[] = {a, std::hypot(a, d), std::hypot(a, 2 * d), std::hypot(a, d)};
        for (int k = 0; k < 4; ++k)
            QVERIFY2(near(m.phaseAcceleration[std::size_t(k)], expected[k] * fps2, 2e-3 * expected[k] * fps2),
                     qPrintable(QString("phase %1: %2").arg(k).arg(m.phaseAcceleration[std::size_t(k)])));
        QVERIFY2(near(m.seamPhaseRatio, std::sqrt(52.0) / 4.0, 2e-3), qPrintable(QString::number(m.seamPhaseRatio)));

        // With patches of 2 frames the period-4 spike folds: phases {0, 2} and {1, 3}.
        PhysicalMetricOptions two;
        two.patchFrames = 2;
        const PhysicalMetrics folded = measurePhysical(clip, two);
        QCOMPARE(int(folded.phaseAcceleration.size()), 2);
        const double even = (expected[0] + expected[2]) / 2 * fps2, odd = expected[1] * fps2;
        QVERIFY(near(folded.phaseAcceleration[0], even, 3e-3 * even));
        QVERIFY(near(folded.seamPhaseRatio, even / odd, 3e-3));
    }

    void slidingFoot()
    {
        // 11 frames, 10 pairs per foot, 20 in all. The left foot slides 3 cm per frame on the
        // floor (2 cm above it): 10 of 20 pairs skate.
        JointClip clip = restClip(11);
        const double x0 = clip.at(0, LeftFoot)[0];
        for (int t = 0; t < clip.frames; ++t) {
            clip.at(t, LeftFoot)[0] = float(x0 + 0.03 * t);
            clip.at(t, LeftFoot)[1] = 0.02f;
        }
        QVERIFY(near(measurePhysical(clip).footSkating, 0.5, 1e-12));

        // The same slide 8 cm up is a swing, not a skate.
        JointClip raised = clip;
        for (int t = 0; t < raised.frames; ++t)
            raised.at(t, LeftFoot)[1] = 0.08f;
        QCOMPARE(measurePhysical(raised).footSkating, 0.0);

        // 2 cm per frame along x and z is 2.83 cm horizontally: a skate; 2 cm along x alone is not.
        JointClip diagonal = restClip(11);
        JointClip slow = restClip(11);
        const double z0 = diagonal.at(0, RightFoot)[2], xr = diagonal.at(0, RightFoot)[0];
        for (int t = 0; t < diagonal.frames; ++t) {
            diagonal.at(t, RightFoot)[0] = float(xr + 0.02 * t);
            diagonal.at(t, RightFoot)[2] = float(z0 + 0.02 * t);
            slow.at(t, RightFoot)[0] = float(xr + 0.02 * t);
        }
        QVERIFY(near(measurePhysical(diagonal).footSkating, 0.5, 1e-12));
        QCOMPARE(measurePhysical(slow).footSkating, 0.0);

        // Tapping up and down on the spot (0 and 4 cm) moves no distance horizontally.
        JointClip tapping = restClip(11);
        for (int t = 0; t < tapping.frames; ++t)
            tapping.at(t, LeftFoot)[1] = t % 2 ? 0.04f : 0.0f;
        QCOMPARE(measurePhysical(tapping).footSkating, 0.0);

        // The thresholds are options: at 1.5 cm the slow slide skates too.
        PhysicalMetricOptions strict;
        strict.footSlideMin = 0.015;
        QVERIFY(near(measurePhysical(slow, strict).footSkating, 0.5, 1e-12));
    }

    void stretchedBone()
    {
        // The left forearm (elbow -> wrist; the wrist has no child) grows by 0, +1, -1, +2 cm
        // in turn: lengths L + {0, 1, -1, 2} cm, mean L + 0.5 cm, population variance
        // (0.25 + 0.25 + 2.25 + 2.25) / 4 cm^2 = 1.25 cm^2 -> sd 11.180 mm; the other 20 bones
        // keep their lengths, so the mean over the 21 bones is 11.180 / 21 mm.
        JointClip clip = restClip(8);
        const double stretch[] = {0.0, 0.01, -0.01, 0.02};
        for (int t = 0; t < clip.frames; ++t) {
            const float* elbow = clip.at(t, LeftElbow);
            float* wrist = clip.at(t, LeftWrist);
            double dir[3], len = 0;
            for (int a = 0; a < 3; ++a) {
                dir[a] = double(wrist[a]) - elbow[a];
                len += dir[a] * dir[a];
            }
            len = std::sqrt(len);
            for (int a = 0; a < 3; ++a)
                wrist[a] = float(wrist[a] + dir[a] / len * stretch[t % 4]);
        }
        const PhysicalMetrics m = measurePhysical(clip);
        const double sd = std::sqrt(1.25e-4);
        QVERIFY2(near(m.boneLengthStdMax, sd, 1e-6), qPrintable(QString::number(m.boneLengthStdMax, 'g', 8)));
        QVERIFY(near(m.boneLengthStdMean, sd / 21.0, 1e-6));
    }

    void sunkClip()
    {
        JointClip clip = restClip(6);
        for (int t = 0; t < clip.frames; ++t)
            shiftFrame(clip, t, 0, -0.03, 0);
        const PhysicalMetrics m = measurePhysical(clip);
        QVERIFY(near(m.floorPenetration, 0.03, 1e-6));
        QVERIFY(near(m.airborneHeight, -0.03, 1e-6)); // the feet never leave the ground
        // One joint reaching 5 cm below the floor in one frame decides it.
        JointClip dip = restClip(6);
        dip.at(3, RightWrist)[1] = -0.05f;
        QVERIFY(near(measurePhysical(dip).floorPenetration, 0.05, 1e-6));
    }

    void jump()
    {
        // Both feet lifted 0.4 m in one frame (the whole body rises).
        JointClip clip = restClip(9);
        shiftFrame(clip, 4, 0, 0.4, 0);
        QVERIFY(near(measurePhysical(clip).airborneHeight, 0.4, 1e-6));
        // Standing on one leg is not airborne, however high the other foot goes.
        JointClip oneLeg = restClip(9);
        for (const int j : {int(LeftAnkle), int(LeftFoot)})
            oneLeg.at(4, j)[1] += 0.4f;
        const double standing = std::min(oneLeg.at(4, RightAnkle)[1], oneLeg.at(4, RightFoot)[1]); // 1 cm: the reference right leg is shorter
        QVERIFY(near(measurePhysical(oneLeg).airborneHeight, standing, 1e-6));
        // Each side counts at its lower joint: a toe hanging 5 cm below the lifted ankle.
        JointClip toe = clip;
        toe.at(4, LeftFoot)[1] -= 0.05f;
        QVERIFY(near(measurePhysical(toe).airborneHeight, 0.35, 1e-6));
    }

    void refusesBadClips()
    {
        const QString shortClip = test::errorOf([] { measurePhysical(restClip(3)); });
        QVERIFY2(shortClip.contains("3 frames") && shortClip.contains("at least 4"), qPrintable(shortClip));
        JointClip wrongJoints(10, 24);
        QVERIFY(test::errorOf([&] { measurePhysical(wrongJoints); }).contains("22 joints"));
        JointClip truncated = restClip(10);
        truncated.xyz.pop_back();
        QVERIFY(test::errorOf([&] { measurePhysical(truncated); }).contains("buffer"));
        PhysicalMetricOptions noPatches;
        noPatches.patchFrames = 0;
        QVERIFY(test::errorOf([&] { measurePhysical(restClip(10), noPatches); }).contains("patchFrames"));
    }

    void summary()
    {
        JointClip moving = restClip(10);
        for (int t = 0; t < moving.frames; ++t)
            shiftFrame(moving, t, 1e-3 * t * t * t, 0, 0);
        const std::vector<PhysicalMetrics> clips = {measurePhysical(moving), measurePhysical(restClip(10))};
        const PhysicalSummary s = summarisePhysical(clips);
        QCOMPARE(s.clips, 2);
        // Jerk 48 and 0: mean 24, sample sd 24 sqrt(2), CI 1.96 * 24 sqrt(2) / sqrt(2).
        QVERIFY(near(s.meanJerk.mean, 24.0, 0.05));
        QVERIFY(near(s.meanJerk.ci95, 1.96 * 24.0, 0.1));
        QCOMPARE(s.floorPenetration.mean, 0.0);
        // Pooled phases: half the moving clip's; the ratio is its own (36 / 18).
        QCOMPARE(int(s.pooledPhaseAcceleration.size()), 4);
        QVERIFY(near(s.pooledPhaseAcceleration[0], clips[0].phaseAcceleration[0] / 2, 1e-9));
        QVERIFY(near(s.pooledSeamPhaseRatio, 2.0, 2e-3));

        QVERIFY(std::isnan(summarisePhysical({}).meanJerk.mean));
        PhysicalMetricOptions three;
        three.patchFrames = 3;
        const std::vector<PhysicalMetrics> mixed = {clips[0], measurePhysical(moving, three)};
        QVERIFY(test::errorOf([&] { summarisePhysical(mixed); }).contains("patch"));
        QVERIFY(std::isinf(phaseRatio({0.0, 2.0})));
        QVERIFY(std::isnan(phaseRatio({std::nan("")})));
    }

    void cmuExamples()
    {
        // Real motion capture: rigid bones, no 4-frame periodicity, little skating. Frame 0 of
        // the bundled examples is the source BVH's T-pose (a 46 m/s^2 jump into the first
        // real frame), so it is dropped. Each clip is measured as bundled and as `stepmotion
        // eval` sees a ground-truth clip: encoded to features (uniform skeleton, on the floor)
        // and decoded back.
        for (const char* name : {"cmu_05_01_walk", "cmu_02_04_jump"}) {
            const JointClip bundled = test::loadJoints(QString(STEPMOTION_SOURCE_DIR "/resources/examples/%1.npy").arg(name));
            JointClip clip(bundled.frames - 1, kJointCount);
            clip.xyz.assign(bundled.xyz.begin() + kJointCount * 3, bundled.xyz.end());
            const JointClip roundTrip = decodeFeatures(encodeFeatures(clip));
            const PhysicalMetrics raw = measurePhysical(clip), eval = measurePhysical(roundTrip);
            qInfo("%s (%d frames) as bundled: %s", name, clip.frames, qPrintable(describe(raw)));
            qInfo("%s through features: %s", name, qPrintable(describe(eval)));
            for (const PhysicalMetrics* m : {&raw, &eval}) {
                QVERIFY(m->seamPhaseRatio < 1.3);
                QVERIFY(m->boneLengthStdMax < 0.001);
                QVERIFY(m->footSkating < 0.15);
                QVERIFY(m->meanJerk > 20 && m->meanJerk < 400);
            }
            QVERIFY(eval.floorPenetration < 0.001); // encoding puts the lowest joint on the floor
            if (QString(name).contains("jump"))
                QVERIFY(eval.airborneHeight > 0.3 && eval.airborneHeight < 0.55); // the issue: about 0.4 m
            else
                QVERIFY(eval.airborneHeight < 0.2); // a walk keeps a foot near the ground (this floor rises 10 cm)
        }
    }

    void evalTables()
    {
        EvalMetrics plain;
        plain.top1 = 0.5;
        EvalMetrics physical = plain;
        physical.meanJerk = 102.0;
        physical.seamPhaseRatio = 1.02;
        physical.footSkating = 0.058;
        physical.boneLengthStdMm = 0.0;
        physical.floorPenetrationCm = 0.0;
        physical.airborneHeight = 0.41;
        EvalMetrics other = physical;
        other.meanJerk = 104.0;

        // No physical figures anywhere: the one table, as before.
        const QString one = QString::fromStdString(formatEvalTable({{"Ground truth", {plain}}}));
        QCOMPARE(one.trimmed().split('\n').size(), 3);

        const std::vector<EvalRow> rows = {{"Ground truth", {physical}}, {"model", {physical, other}}, {"old", {plain}}};
        const QStringList lines = QString::fromStdString(formatEvalTable(rows)).trimmed().split('\n');
        QCOMPARE(lines.size(), 11); // 2 + 3 rows, a blank line, 2 + 3 rows
        QVERIFY(lines[5].isEmpty());
        QVERIFY2(lines[6].startsWith("| Method | Jerk (m/s³)"), qPrintable(lines[6]));
        QCOMPARE(lines[7].count('|'), lines[6].count('|'));
        QVERIFY2(lines[8] == "| Ground truth | 102.0 | 1.020 | 0.058 | 0.00 | 0.00 | 0.410 |", qPrintable(lines[8]));
        const double ci = 1.96 * std::sqrt(2.0) / std::sqrt(2.0);
        QVERIFY2(lines[9].startsWith(QString("| model | 103.0 ± %1 |").arg(ci, 0, 'f', 1)), qPrintable(lines[9]));
        QVERIFY2(lines[10] == "| old | - | - | - | - | - | - |", qPrintable(lines[10]));

        const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(formatEvalJson(rows)));
        const QJsonObject metrics = json.object()["rows"].toArray()[1].toObject()["metrics"].toObject();
        QCOMPARE(metrics["mean_jerk"].toObject()["mean"].toDouble(), 103.0);
        QCOMPARE(metrics["airborne_height_m"].toObject()["values"].toArray().size(), 2);
        for (const char* key : {"seam_phase_ratio", "foot_skating", "bone_length_sd_mm", "floor_penetration_cm"})
            QVERIFY2(metrics.contains(key), key);
        QVERIFY(json.object()["rows"].toArray()[2].toObject()["metrics"].toObject()["mean_jerk"].toObject()["mean"].isNull());
    }
};

QTEST_APPLESS_MAIN(TestPhysicalMetrics)
#include "tst_physical_metrics.moc"
