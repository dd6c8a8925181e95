// Timeline benchmark checks (timeline_checks.h): synthetic skeletons built from the reference
// rest pose where each check must pass and its neighbours fail (left vs right, stand vs walk,
// turn left vs right), real mocap ground truth (bundled examples; CMU and Bandai clips from the
// unpacked shared data), and the prompt set (timeline_prompts.h): the bundled file, malformed
// files, and checking a prompt's steps with the transition allowance. Real-clip figures go to
// qInfo.

#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/timeline/dataset_step_checks.h"
#include "stepmotion/core/runtime/resource_paths.h"
#include "stepmotion/core/motion/skeleton.h"
#include "stepmotion/core/timeline/timeline_benchmark.h"
#include "stepmotion/core/timeline/timeline_checks.h"
#include "stepmotion/core/timeline/timeline_prompts.h"

#include "test_data.h"
#include "test_helpers.h"

#include <QtTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <set>

using namespace stepmotion;
using test::errorOf;

namespace {

constexpr double kPi = 3.14159265358979323846;

using Vec = std::array<double, 3>;
using Pose = std::array<Vec, kJointCount>;

Vec plus(Vec a, Vec b) { return {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }
Vec scaled(Vec a, double s) { return {a[0] * s, a[1] * s, a[2] * s}; }

/// HumanML3D's rest pose (arms hanging, facing +Z, left towards +X) with the toes on y = 0.
Pose restPose()
{
    Pose p{};
    for (int j = 1; j < kJointCount; ++j)
        p[j] = plus(p[skeleton::parents()[j]],
                    scaled(skeleton::restDirections()[j], skeleton::referenceBoneLengths()[j]));
    const double floor = std::min(p[LeftFoot][1], p[RightFoot][1]);
    for (auto& v : p)
        v[1] -= floor;
    return p;
}

void move(Pose& p, Vec d, std::initializer_list<int> joints)
{
    for (const int j : joints)
        p[j] = plus(p[j], d);
}

void moveAll(Pose& p, Vec d)
{
    for (auto& v : p)
        v = plus(v, d);
}

/// Rotates the pose about the vertical axis through the pelvis by `deg` (positive: +Z turns
/// towards +X, the character's left at rest).
void yaw(Pose& p, double deg)
{
    const double a = deg * kPi / 180, c = std::cos(a), s = std::sin(a);
    const Vec o = p[Pelvis];
    for (auto& v : p) {
        const double x = v[0] - o[0], z = v[2] - o[2];
        v = {o[0] + c * x + s * z, v[1], o[2] - s * x + c * z};
    }
}

/// Points one arm's upper arm and forearm along `dir` (unit) from its shoulder.
void pointArm(Pose& p, bool left, Vec dir)
{
    const int shoulder = left ? LeftShoulder : RightShoulder;
    const int elbow = left ? LeftElbow : RightElbow;
    const int wrist = left ? LeftWrist : RightWrist;
    p[elbow] = plus(p[shoulder], scaled(dir, skeleton::referenceBoneLengths()[elbow]));
    p[wrist] = plus(p[elbow], scaled(dir, skeleton::referenceBoneLengths()[wrist]));
}

/// Lifts one foot (ankle and toe) by `up` and moves it `ahead` along +Z.
void liftFoot(Pose& p, bool left, double up, double ahead = 0)
{
    move(p, {0, up, ahead}, {left ? LeftAnkle : RightAnkle, left ? LeftFoot : RightFoot});
}

JointClip clipOf(int frames, const std::function<Pose(int)>& pose)
{
    JointClip c(frames, kJointCount);
    for (int t = 0; t < frames; ++t) {
        const Pose p = pose(t);
        for (int j = 0; j < kJointCount; ++j)
            for (int k = 0; k < 3; ++k)
                c.at(t, j)[k] = static_cast<float>(p[j][k]);
    }
    return c;
}

/// Strides: each foot lifts `lift` once per second, the two half a cycle apart, while the
/// body moves at `velocity` (m/s, world) and faces `headingDeg`.
JointClip locomotion(double seconds, Vec velocity, double headingDeg = 0, double lift = 0.12)
{
    return clipOf(static_cast<int>(seconds * kFps) + 1, [=](int t) {
        Pose p = restPose();
        const double phase = 2 * kPi * t / kFps;
        liftFoot(p, true, lift * std::max(0.0, std::sin(phase)));
        liftFoot(p, false, lift * std::max(0.0, -std::sin(phase)));
        yaw(p, headingDeg);
        moveAll(p, scaled(velocity, t / kFps));
        return p;
    });
}

JointClip standing(double seconds)
{
    return clipOf(static_cast<int>(seconds * kFps) + 1, [](int) { return restPose(); });
}

const Vec kUp{0, 1, 0};
const Vec kDown{0, -1, 0};

bool passes(const JointClip& c, StepCheck check, double start = 0, double end = 1e9)
{
    return checkStep(c, start, std::min(end, (c.frames - 1) / c.fps), check).passed;
}

QString why(const JointClip& c, StepCheck check, double start = 0, double end = 1e9)
{
    const StepCheckResult r = checkStep(c, start, std::min(end, (c.frames - 1) / c.fps), check);
    return QString::fromUtf8(stepCheckName(check).data(), int(stepCheckName(check).size())) + ": "
        + QString::fromStdString(r.measure);
}

// The check over the whole clip, or over [start, end] seconds (the _IN forms).
#define EXPECT_PASS(clip, check) QVERIFY2(passes(clip, check), qPrintable(why(clip, check)))
#define EXPECT_FAIL(clip, check) QVERIFY2(!passes(clip, check), qPrintable(why(clip, check)))
#define EXPECT_PASS_IN(clip, check, start, end) \
    QVERIFY2(passes(clip, check, start, end), qPrintable(why(clip, check, start, end)))
#define EXPECT_FAIL_IN(clip, check, start, end) \
    QVERIFY2(!passes(clip, check, start, end), qPrintable(why(clip, check, start, end)))

JointClip exampleClip(const char* name)
{
    return loadJointClip(STEPMOTION_SOURCE_DIR "/resources/examples/" + std::string(name));
}

} // namespace

class TestTimelineChecks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void namesRoundTrip()
    {
        QCOMPARE(int(allStepChecks().size()), 21);
        for (const StepCheck c : allStepChecks()) {
            const auto back = stepCheckFromName(stepCheckName(c));
            QVERIFY(back.has_value());
            QCOMPARE(int(*back), int(c));
            QCOMPARE(int(mirrorStepCheck(mirrorStepCheck(c))), int(c));
        }
        QCOMPARE(stepCheckName(StepCheck::LeftArmUpWhile), std::string_view("left_arm_up_while"));
        QCOMPARE(int(mirrorStepCheck(StepCheck::TurnLeft)), int(StepCheck::TurnRight));
        QCOMPARE(int(mirrorStepCheck(StepCheck::Jump)), int(StepCheck::Jump));
        QVERIFY(!stepCheckFromName("Walk_Forward"));
        QVERIFY(!stepCheckFromName(""));
    }

    void standingStill()
    {
        const JointClip c = standing(3);
        EXPECT_PASS(c, StepCheck::StandStill);
        for (const StepCheck other : {StepCheck::WalkForward, StepCheck::WalkBackward, StepCheck::Run,
                                      StepCheck::TurnLeft, StepCheck::TurnRight, StepCheck::RaiseLeftArm,
                                      StepCheck::RaiseRightArm, StepCheck::RaiseBothArms, StepCheck::WaveLeftHand,
                                      StepCheck::WaveRightHand, StepCheck::Squat, StepCheck::Jump,
                                      StepCheck::KickLeft, StepCheck::KickRight, StepCheck::LeftArmUpWhile,
                                      StepCheck::RightArmUpWhile, StepCheck::SidestepLeft, StepCheck::SidestepRight})
            EXPECT_FAIL(c, other);
        // Hanging arms are lowered ones.
        EXPECT_PASS(c, StepCheck::LowerLeftArm);
        EXPECT_PASS(c, StepCheck::LowerRightArm);
        const StepCheckResult r = checkStep(c, 0, 3, StepCheck::StandStill);
        QCOMPARE(r.firstFrame, 0);
        QCOMPARE(r.lastFrame, 60);
        QVERIFY(r.value("max_distance_m") < 1e-6);
        QVERIFY(std::isnan(r.value("no_such_value")));
    }

    void walkForwardFollowsTheFacing_data()
    {
        QTest::addColumn<double>("heading");
        QTest::newRow("facing +Z") << 0.0;
        QTest::newRow("facing +X") << 90.0;
        QTest::newRow("facing -Z") << 180.0;
        QTest::newRow("facing -X, 30 deg off") << -120.0;
    }

    void walkForwardFollowsTheFacing()
    {
        QFETCH(double, heading);
        const double a = heading * kPi / 180;
        const Vec forward{std::sin(a), 0, std::cos(a)};
        const JointClip walk = locomotion(3, scaled(forward, 1.2), heading);
        EXPECT_PASS(walk, StepCheck::WalkForward);
        EXPECT_FAIL(walk, StepCheck::WalkBackward);
        EXPECT_FAIL(walk, StepCheck::Run);
        EXPECT_FAIL(walk, StepCheck::StandStill);
        EXPECT_FAIL(walk, StepCheck::SidestepLeft);
        EXPECT_FAIL(walk, StepCheck::SidestepRight);
        const StepCheckResult r = checkStep(walk, 0, 3, StepCheck::WalkForward);
        QVERIFY2(std::abs(r.value("speed_mps") - 1.2) < 0.05, qPrintable(QString::fromStdString(r.measure)));
        QVERIFY(std::abs(r.value("forward_m") - 3.6) < 0.15);
        QVERIFY(r.value("step_alternations") >= 4);

        const JointClip back = locomotion(3, scaled(forward, -0.8), heading);
        EXPECT_PASS(back, StepCheck::WalkBackward);
        EXPECT_FAIL(back, StepCheck::WalkForward);

        const JointClip run = locomotion(3, scaled(forward, 3.2), heading, 0.25);
        EXPECT_PASS(run, StepCheck::Run);
        EXPECT_FAIL(run, StepCheck::WalkForward);

        // The character's left at this heading is forward turned +90 deg.
        const Vec left{std::cos(a), 0, -std::sin(a)};
        const JointClip side = locomotion(3, scaled(left, 0.5), heading);
        EXPECT_PASS(side, StepCheck::SidestepLeft);
        EXPECT_FAIL(side, StepCheck::SidestepRight);
        EXPECT_FAIL(side, StepCheck::WalkForward);
        const JointClip otherSide = locomotion(3, scaled(left, -0.5), heading);
        EXPECT_PASS(otherSide, StepCheck::SidestepRight);
        EXPECT_FAIL(otherSide, StepCheck::SidestepLeft);
    }

    void glidingIsNotWalking()
    {
        // The root travels at walking speed but the feet never leave the floor.
        const JointClip glide = locomotion(3, {0, 0, 1.2}, 0, 0.0);
        EXPECT_FAIL(glide, StepCheck::WalkForward);
        EXPECT_FAIL(glide, StepCheck::StandStill);
    }

    void turnSign_data()
    {
        QTest::addColumn<double>("degrees");
        QTest::newRow("left 90") << 90.0;
        QTest::newRow("right 90") << -90.0;
        QTest::newRow("left 270 (past the wrap)") << 270.0;
        QTest::newRow("right 60 from facing -Z") << -60.0;
        QTest::newRow("left 30 (too little)") << 30.0;
    }

    void turnSign()
    {
        QFETCH(double, degrees);
        const double startHeading = QTest::currentDataTag() == QByteArray("right 60 from facing -Z") ? 180.0 : 0.0;
        const JointClip turn = clipOf(41, [&](int t) {
            Pose p = restPose();
            yaw(p, startHeading + degrees * t / 40.0);
            return p;
        });
        const StepCheckResult r = checkStep(turn, 0, 2, StepCheck::TurnLeft);
        // 3-frame means at both ends see 39/40 of the turn.
        QVERIFY2(std::abs(r.value("heading_change_deg") - degrees * 38.0 / 40.0) < 1.0, qPrintable(QString::fromStdString(r.measure)));
        QCOMPARE(r.passed, degrees >= 45);
        QCOMPARE(checkStep(turn, 0, 2, StepCheck::TurnRight).passed, degrees <= -45);
        EXPECT_PASS(turn, StepCheck::StandStill);

        // Independent of the check's own arithmetic: after a +90 deg yaw the character faces where
        // its left hand side pointed at the start (+X), i.e. it turned towards its left.
        if (degrees == 90.0) {
            const float* l = turn.at(0, LeftHip);
            const float* r0 = turn.at(0, RightHip);
            const float* toeEnd = turn.at(40, LeftFoot);
            const float* ankleEnd = turn.at(40, LeftAnkle);
            QVERIFY(l[0] - r0[0] > 0.15);                 // at the start the left hip is towards +X
            QVERIFY(toeEnd[0] - ankleEnd[0] > 0.1);       // at the end the toes point towards +X
        }
    }

    void sidedArms()
    {
        const auto raised = [](bool left, bool right) {
            return clipOf(41, [=](int t) {
                Pose p = restPose();
                if (t >= 15) {
                    if (left)
                        pointArm(p, true, kUp);
                    if (right)
                        pointArm(p, false, kUp);
                }
                return p;
            });
        };
        const JointClip left = raised(true, false);
        EXPECT_PASS(left, StepCheck::RaiseLeftArm);
        EXPECT_FAIL(left, StepCheck::RaiseRightArm);
        EXPECT_FAIL(left, StepCheck::RaiseBothArms);
        EXPECT_FAIL(left, StepCheck::LowerLeftArm);
        EXPECT_PASS(left, StepCheck::LowerRightArm);
        EXPECT_PASS_IN(left, StepCheck::LeftArmUpWhile, 0.75, 2.0);
        EXPECT_FAIL_IN(left, StepCheck::RightArmUpWhile, 0.75, 2.0);
        const JointClip right = raised(false, true);
        EXPECT_PASS(right, StepCheck::RaiseRightArm);
        EXPECT_FAIL(right, StepCheck::RaiseLeftArm);
        const JointClip both = raised(true, true);
        EXPECT_PASS(both, StepCheck::RaiseBothArms);
        EXPECT_FAIL(both, StepCheck::RaiseLeftArm);
        EXPECT_FAIL(both, StepCheck::RaiseRightArm);
        EXPECT_FAIL_IN(both, StepCheck::LeftArmUpWhile, 0.75, 2.0);

        // Arm raised sideways to just above shoulder height still counts as raised; straight
        // ahead at shoulder height does not.
        const JointClip sideways = clipOf(41, [](int) {
            Pose p = restPose();
            pointArm(p, true, {std::cos(0.3), std::sin(0.3), 0});
            return p;
        });
        EXPECT_PASS(sideways, StepCheck::RaiseLeftArm);
        EXPECT_FAIL(sideways, StepCheck::LeftArmUpWhile);
        const JointClip ahead = clipOf(41, [](int) {
            Pose p = restPose();
            pointArm(p, true, {0, 0, 1});
            return p;
        });
        EXPECT_FAIL(ahead, StepCheck::RaiseLeftArm);
        EXPECT_FAIL(ahead, StepCheck::LowerLeftArm);

        // Up, then lowered during the span: lower passes, raise fails.
        const JointClip lowered = clipOf(41, [](int t) {
            Pose p = restPose();
            if (t < 15)
                pointArm(p, false, kUp);
            return p;
        });
        EXPECT_PASS(lowered, StepCheck::LowerRightArm);
        EXPECT_FAIL(lowered, StepCheck::RaiseRightArm);
        const StepCheckResult r = checkStep(lowered, 0, 2, StepCheck::LowerRightArm);
        QVERIFY(r.value("start_over_shoulder_m") > 0.4);
        QVERIFY(r.value("end_over_shoulder_m") < -0.4);
    }

    void waving()
    {
        // Forearm up, the wrist swinging +-0.12 m sideways twice a second.
        const auto wave = [](bool left, double amplitude) {
            return clipOf(61, [=](int t) {
                Pose p = restPose();
                const int shoulder = left ? LeftShoulder : RightShoulder;
                const int elbow = left ? LeftElbow : RightElbow;
                const int wrist = left ? LeftWrist : RightWrist;
                const double outward = left ? 1 : -1;
                p[elbow] = plus(p[shoulder], {outward * 0.25, 0, 0.05});
                const double swing = amplitude * std::sin(2 * kPi * 2 * t / kFps);
                p[wrist] = plus(p[elbow], {swing, 0.25, 0});
                return p;
            });
        };
        const JointClip right = wave(false, 0.12);
        EXPECT_PASS(right, StepCheck::WaveRightHand);
        EXPECT_FAIL(right, StepCheck::WaveLeftHand);
        EXPECT_PASS(right, StepCheck::RaiseRightArm);
        const StepCheckResult r = checkStep(right, 0, 3, StepCheck::WaveRightHand);
        QVERIFY2(r.value("swings") >= 10, qPrintable(QString::fromStdString(r.measure)));
        const JointClip left = wave(true, 0.12);
        EXPECT_PASS(left, StepCheck::WaveLeftHand);
        EXPECT_FAIL(left, StepCheck::WaveRightHand);
        // A hand held up without moving is raised, not waving; a 2 cm tremble is not a wave either.
        EXPECT_FAIL(wave(false, 0.0), StepCheck::WaveRightHand);
        EXPECT_FAIL(wave(false, 0.01), StepCheck::WaveRightHand);
    }

    void squatJumpKick()
    {
        const auto drop = [](double depth) {
            return clipOf(41, [=](int t) {
                Pose p = restPose();
                const double d = depth * std::sin(kPi * t / 40.0);
                for (int j = 0; j < kJointCount; ++j)
                    if (j != LeftAnkle && j != RightAnkle && j != LeftFoot && j != RightFoot)
                        p[j][1] -= d;
                return p;
            });
        };
        const JointClip deep = drop(0.4);
        EXPECT_PASS(deep, StepCheck::Squat);
        EXPECT_FAIL(deep, StepCheck::Jump);
        QVERIFY(std::abs(checkStep(deep, 0, 2, StepCheck::Squat).value("pelvis_drop_m") - 0.4) < 0.01);
        EXPECT_FAIL(drop(0.15), StepCheck::Squat);

        const JointClip jump = clipOf(41, [](int t) {
            Pose p = restPose();
            if (t >= 15 && t <= 25)
                moveAll(p, {0, 0.3 * std::sin(kPi * (t - 15) / 10.0), 0});
            return p;
        });
        EXPECT_PASS(jump, StepCheck::Jump);
        EXPECT_FAIL(jump, StepCheck::StandStill);
        EXPECT_FAIL(jump, StepCheck::Squat);
        QVERIFY(std::abs(checkStep(jump, 0, 2, StepCheck::Jump).value("both_feet_lift_m") - 0.3) < 0.01);
        // The whole figure sinking slowly through the floor is not a jump.
        const JointClip sinking = clipOf(81, [](int t) {
            Pose p = restPose();
            moveAll(p, {0, -0.4 * t / 80.0, 0});
            return p;
        });
        EXPECT_FAIL(sinking, StepCheck::Jump);

        const auto kick = [](bool left, double up, double ahead) {
            return clipOf(41, [=](int t) {
                Pose p = restPose();
                const double k = t >= 10 && t <= 30 ? std::sin(kPi * (t - 10) / 20.0) : 0.0;
                liftFoot(p, left, up * k, ahead * k);
                return p;
            });
        };
        const JointClip kickLeft = kick(true, 0.5, 0.5);
        EXPECT_PASS(kickLeft, StepCheck::KickLeft);
        EXPECT_FAIL(kickLeft, StepCheck::KickRight);
        EXPECT_FAIL(kickLeft, StepCheck::Jump);
        EXPECT_PASS(kick(false, 0.5, 0.5), StepCheck::KickRight);
        EXPECT_FAIL(kick(false, 0.5, 0.5), StepCheck::KickLeft);
        // Lifting the knee straight up is not a kick.
        EXPECT_FAIL(kick(true, 0.4, 0.0), StepCheck::KickLeft);
    }

    void walkingWithTheArmUp()
    {
        Vec v{0, 0, 1.1};
        const JointClip c = clipOf(81, [&](int t) {
            Pose p = restPose();
            const double phase = 2 * kPi * t / kFps;
            liftFoot(p, true, 0.12 * std::max(0.0, std::sin(phase)));
            liftFoot(p, false, 0.12 * std::max(0.0, -std::sin(phase)));
            if (t >= 8)
                pointArm(p, true, kUp);
            moveAll(p, scaled(v, t / kFps));
            return p;
        });
        EXPECT_PASS(c, StepCheck::WalkForward);
        EXPECT_PASS(c, StepCheck::LeftArmUpWhile);
        EXPECT_FAIL(c, StepCheck::RightArmUpWhile);
        EXPECT_FAIL(c, StepCheck::StandStill);
    }

    void spansAndErrors()
    {
        const JointClip c = standing(2); // 41 frames
        StepCheckResult r = checkStep(c, 1.5, 9.0, StepCheck::StandStill);
        QCOMPARE(r.firstFrame, 30);
        QCOMPARE(r.lastFrame, 40);
        QVERIFY(r.passed);
        r = checkStep(c, 3.0, 4.0, StepCheck::StandStill);
        QVERIFY(!r.passed);
        QCOMPARE(r.measure, std::string("span outside the clip"));
        QVERIFY(r.lastFrame < r.firstFrame);
        r = checkStep(c, 1.0, 1.0, StepCheck::StandStill);
        QVERIFY(!r.passed);

        QVERIFY(errorOf([&] { checkStep(c, 1.0, 0.5, StepCheck::Jump); }).contains("before its start"));
        QVERIFY(errorOf([&] { checkStep(c, std::nan(""), 1.0, StepCheck::Jump); }).contains("finite"));
        JointClip wrong(10, 21);
        QVERIFY(errorOf([&] { checkStep(wrong, 0, 0.4, StepCheck::Jump); }).contains("21 joints"));
        JointClip broken = c;
        broken.xyz.pop_back();
        QVERIFY(errorOf([&] { checkStep(broken, 0, 0.4, StepCheck::Jump); }).contains("buffer"));
    }

    // ------------------------------------------------------------------ real ground truth

    void bundledWalkAndJump()
    {
        const JointClip walk = exampleClip("cmu_05_01_walk.npy");
        const double end = (walk.frames - 1) / walk.fps;
        const StepCheckResult w = checkStep(walk, 0, end, StepCheck::WalkForward);
        const StepCheckResult s = checkStep(walk, 0, end, StepCheck::StandStill);
        qInfo("cmu_05_01_walk walk_forward %s: %s", w.passed ? "pass" : "FAIL", w.measure.c_str());
        qInfo("cmu_05_01_walk stand_still %s: %s", s.passed ? "pass" : "FAIL", s.measure.c_str());
        QVERIFY(w.passed);
        QVERIFY(!s.passed);
        QVERIFY(!checkStep(walk, 0, end, StepCheck::WalkBackward).passed);
        QVERIFY(!checkStep(walk, 0, end, StepCheck::Run).passed);
        QVERIFY(!checkStep(walk, 0, end, StepCheck::Jump).passed);

        const JointClip jump = exampleClip("cmu_02_04_jump.npy");
        const StepCheckResult j = checkStep(jump, 0, (jump.frames - 1) / jump.fps, StepCheck::Jump);
        qInfo("cmu_02_04_jump jump %s: %s", j.passed ? "pass" : "FAIL", j.measure.c_str());
        QVERIFY(j.passed);
        QVERIFY(!checkStep(walk, 0, end, StepCheck::Jump).passed);
    }

    // Real mocap (the unpacked shared data): each clip passes what it is labelled with and fails
    // the neighbouring requests. Whole clips unless a span is given.
    void realClips_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<double>("start");
        QTest::addColumn<double>("end");
        QTest::addColumn<QStringList>("pass");
        QTest::addColumn<QStringList>("fail");
        const QString b2 = QStringLiteral("bandai/dataset-2/data/dataset-2_");
        const QString b1 = QStringLiteral("bandai/dataset-1/data/dataset-1_");
        const auto row = [](const QString& name, const QString& file, double start, double end, const char* pass,
                            const char* fail) {
            QTest::newRow(qPrintable(name)) << file << start << end << QString(pass).split(' ') << QString(fail).split(' ');
        };
        const double all = 1e9;
        row("CMU 02_01 walk", "cmu_bvh20/02_01.bvh", 0, all, "walk_forward", "stand_still run walk_backward jump");
        row("CMU 07_04 slow walk", "cmu_bvh20/07_04.bvh", 0, all, "walk_forward", "run turn_left turn_right squat");
        row("CMU 09_01 run", "cmu_bvh20/09_01.bvh", 0, all, "run", "walk_forward stand_still");
        row("Bandai run", b2 + "run_normal_001.bvh", 0, all, "run", "walk_forward jump");
        row("CMU 06_06 backward dribble", "cmu_bvh20/06_06.bvh", 0, all, "walk_backward", "walk_forward run");
        row("CMU 06_08 sideways dribble", "cmu_bvh20/06_08.bvh", 0, all, "sidestep_left", "sidestep_right walk_forward");
        row("CMU 06_10 left turns", "cmu_bvh20/06_10.bvh", 0, all, "turn_left", "turn_right");
        row("CMU 06_11 right turns", "cmu_bvh20/06_11.bvh", 0, all, "turn_right", "turn_left");
        row("Bandai walk-turn-left", b2 + "walk-turn-left_normal_001.bvh", 0, all, "turn_left", "turn_right sidestep_left");
        row("Bandai walk-turn-right", b2 + "walk-turn-right_normal_001.bvh", 0, all, "turn_right", "turn_left sidestep_right");
        row("CMU 13_39 jump", "cmu_bvh20/13_39.bvh", 0, all, "jump", "walk_forward stand_still");
        row("CMU 131_01 standing at the end", "cmu_bvh20/131_01.bvh", 6.8, 8.3, "stand_still", "walk_forward jump");
        row("CMU 131_01 squat", "cmu_bvh20/131_01.bvh", 2.5, 3.5, "squat", "jump");
        row("Bandai raise left hand", b2 + "raise-up-left-hand_normal_001.bvh", 0, 1.1,
            "raise_left_arm stand_still left_arm_up_while", "raise_right_arm raise_both_arms right_arm_up_while");
        row("Bandai raise right hand", b2 + "raise-up-right-hand_normal_001.bvh", 0, 1.1,
            "raise_right_arm stand_still right_arm_up_while", "raise_left_arm raise_both_arms left_arm_up_while");
        row("Bandai raise both hands", b2 + "raise-up-both-hands_normal_001.bvh", 0, 1.1, "raise_both_arms",
            "raise_left_arm raise_right_arm");
        row("Bandai raise and lower left hand", b2 + "raise-up-left-hand_normal_001.bvh", 0.6, 1.8, "lower_left_arm",
            "raise_left_arm");
        row("Bandai wave left hand", b2 + "wave-left-hand_normal_001.bvh", 0, all, "wave_left_hand stand_still",
            "wave_right_hand");
        row("Bandai wave right hand", b2 + "wave-right-hand_normal_001.bvh", 0, all, "wave_right_hand stand_still",
            "wave_left_hand");
        row("Bandai wave both hands", b2 + "wave-both-hands_normal_001.bvh", 0, all, "raise_both_arms",
            "wave_left_hand wave_right_hand");
        row("Bandai kick", b1 + "kick_normal_001.bvh", 0, all, "kick_right", "kick_left");
        row("CMU 135_04 front kicks", "cmu_extra/bvh20/135_04.bvh", 0, all, "kick_right", "walk_forward stand_still");
    }

    void realClips()
    {
        QFETCH(QString, file);
        QFETCH(double, start);
        QFETCH(double, end);
        QFETCH(QStringList, pass);
        QFETCH(QStringList, fail);
        STEPMOTION_REQUIRE_UNPACKED(root);
        const JointClip clip = loadJointClip(test::toStd(root + '/' + file));
        end = std::min(end, (clip.frames - 1) / clip.fps);
        const auto run = [&](const QString& name, bool expected) {
            const auto check = stepCheckFromName(name.toStdString());
            QVERIFY2(check, qPrintable(name));
            const StepCheckResult r = checkStep(clip, start, end, *check);
            qInfo("%s %.1f-%.1f s %s %s: %s", qPrintable(file.section('/', -1)), start, end, qPrintable(name),
                  r.passed ? "pass" : "fail", r.measure.c_str());
            QVERIFY2(r.passed == expected, qPrintable(name + ": " + QString::fromStdString(r.measure)));
        };
        for (const QString& name : pass)
            run(name, true);
        for (const QString& name : fail)
            run(name, false);
    }

    // A dataset of two real clips with describer-style steps: each mapped text is checked on
    // the ground truth over its span; unmapped texts are left out.
    void datasetStepsAreCheckedOnTheirClips()
    {
        STEPMOTION_REQUIRE_UNPACKED(root);
        QTemporaryDir tmp;
        const QString dir = tmp.path();
        for (const char* sub : {"/new_joints", "/new_joint_vecs", "/texts", "/steps"})
            QVERIFY(QDir().mkpath(dir + QLatin1String(sub)));
        const auto write = [&](const QString& name, const QByteArray& bytes) {
            QFile f(dir + name);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        };
        const auto addClip = [&](const char* id, const char* bvh, const char* steps) {
            const JointClip clip = loadJointClip(test::toStd(root + QStringLiteral("/cmu_bvh20/") + QLatin1String(bvh)));
            saveJointsNpy(test::toStd(dir + QStringLiteral("/new_joints/%1.npy").arg(QLatin1String(id))), clip);
            saveFeaturesNpy(test::toStd(dir + QStringLiteral("/new_joint_vecs/%1.npy").arg(QLatin1String(id))),
                            encodeFeatures(clip));
            write(QStringLiteral("/texts/%1.txt").arg(QLatin1String(id)), "a person moves.#a/DET#0.0#0.0\n");
            write(QStringLiteral("/steps/%1.json").arg(QLatin1String(id)),
                  QByteArray(R"({"version":1,"lists":[{"version":1,"source":"describer","coarse":"","steps":[)") + steps
                      + "]}]}");
        };
        addClip("000001", "02_01.bvh",
                R"({"start":0.0,"end":3.0,"body_parts":["whole_body"],"text":"Walk forward."},)"
                R"({"start":0.0,"end":3.0,"body_parts":["whole_body"],"text":"Stand still."})");
        addClip("000002", "131_01.bvh",
                R"({"start":6.8,"end":8.3,"body_parts":["whole_body"],"text":"Stand still."},)"
                R"({"start":2.5,"end":3.5,"body_parts":["whole_body"],"text":"Crouch down."},)"
                R"({"start":0.0,"end":2.0,"body_parts":["left_arm"],"text":"Scratch your nose."})");
        write(QStringLiteral("/train.txt"), "000001\n000002\n");
        const auto checks = readStepCheckMap(resourcePath("benchmarks/data_step_checks.json"));
        QVERIFY(checks.at("Crouch down.") == StepCheck::Squat);
        const auto rows = checkDatasetSteps(readDatasetIndex(test::toStd(dir), "train"), checks);
        QCOMPARE(int(rows.size()), 3); // sorted by text; the nose scratch has no check
        QCOMPARE(rows[0].text, std::string("Crouch down."));
        QCOMPARE(rows[0].passed, 1);
        QCOMPARE(rows[1].text, std::string("Stand still."));
        QCOMPARE(rows[1].steps, 2);
        QCOMPARE(rows[1].passed, 1); // the end of 131_01, not the walk
        QVERIFY2(rows[1].failedExample.rfind("000001 0.00-3.00 s: root within", 0) == 0, rows[1].failedExample.c_str());
        QCOMPARE(rows[2].text, std::string("Walk forward."));
        QCOMPARE(rows[2].passed, 1);
        QVERIFY(formatDatasetStepChecks(rows).find("| Stand still. | stand_still | 2 | 1 | 50.0% |") != std::string::npos);
        // A map entry that names no check is refused with the file and the entry.
        write(QStringLiteral("/bad.json"), R"({"Walk forward.": "walk_forward", "Hop.": "hop"})");
        const QString error = errorOf([&] { readStepCheckMap(test::toStd(dir + QStringLiteral("/bad.json"))); });
        QVERIFY2(error.contains(QStringLiteral("bad.json: \"Hop.\": \"hop\" is not a check name")), qPrintable(error));
    }

    // ------------------------------------------------------------------ the prompt set

    void bundledPromptSet()
    {
        const TimelinePromptSet set = loadTimelinePrompts(bundledTimelinePromptsPath());
        qInfo("%s", describeTimelinePrompts(set).c_str());
        QVERIFY(set.prompts.size() >= 60);
        std::map<std::string, int> kinds;
        std::map<std::string, std::vector<const TimelinePrompt*>> pairs;
        std::map<std::string, const TimelinePrompt*> byId;
        std::set<StepCheck> used, usedAlone;
        for (const auto& p : set.prompts) {
            ++kinds[p.kind];
            byId[p.id] = &p;
            QCOMPARE(p.checks.size(), p.steps.steps.size());
            QVERIFY(p.seconds > 0 && p.seconds <= kMaxFrames / kFps);
            QCOMPARE(p.steps.source, std::string("user"));
            if (!p.pair.empty())
                pairs[p.pair].push_back(&p);
            // Every sequential request comes in both orders.
            if (p.kind == "sequential")
                QVERIFY2(!p.pair.empty(), p.id.c_str());
            used.insert(p.checks.begin(), p.checks.end());
            if (p.kind == "single")
                usedAlone.insert(p.checks.front());
            for (const Step& step : p.steps.steps) {
                QVERIFY(!step.text.empty());
                QVERIFY(step.end <= p.seconds);
            }
        }
        QVERIFY(kinds["single"] >= 20);
        QVERIFY(kinds["sequential"] >= 20);
        QVERIFY(kinds["spatial"] >= 10);
        for (const auto& [key, members] : pairs) {
            QVERIFY2(members.size() == 2, key.c_str());
            auto reversed = members[1]->checks;
            std::reverse(reversed.begin(), reversed.end());
            QVERIFY2(members[0]->checks == reversed, key.c_str());
        }
        // Every check is asked somewhere, and alone unless it needs a preceding or parallel step.
        QCOMPARE(used.size(), allStepChecks().size());
        for (const StepCheck c : allStepChecks())
            if (c != StepCheck::LowerLeftArm && c != StepCheck::LowerRightArm && c != StepCheck::LeftArmUpWhile
                && c != StepCheck::RightArmUpWhile)
                QVERIFY2(usedAlone.count(c), stepCheckName(c).data());
        // Left-vs-right: every prompt with a sided check has its mirror, and the links go both ways.
        int mirrored = 0;
        for (const auto& p : set.prompts) {
            const bool sided = std::any_of(p.checks.begin(), p.checks.end(), [](StepCheck c) { return mirrorStepCheck(c) != c; });
            const bool selfMirrored = [&] { // kick left then right mirrors to its own pair partner
                auto m = p.checks;
                std::transform(m.begin(), m.end(), m.begin(), mirrorStepCheck);
                auto reversed = p.checks;
                std::reverse(reversed.begin(), reversed.end());
                return m == reversed;
            }();
            if (sided && !selfMirrored)
                QVERIFY2(!p.mirror.empty(), p.id.c_str());
            if (!p.mirror.empty()) {
                ++mirrored;
                QCOMPARE(byId.at(p.mirror)->mirror, p.id);
            }
        }
        QVERIFY(mirrored >= 20);

        // The README example's timing is in the set, reworded.
        const StepList example = loadStepList(STEPMOTION_SOURCE_DIR "/resources/examples/walk_turn_wave.steps.json");
        const TimelinePrompt& wtw = *byId.at("walk_turn_wave_right");
        QCOMPARE(wtw.steps.steps.size(), example.steps.size());
        for (std::size_t i = 0; i < example.steps.size(); ++i) {
            QCOMPARE(wtw.steps.steps[i].start, example.steps[i].start);
            QCOMPARE(wtw.steps.steps[i].end, example.steps[i].end);
            QVERIFY(wtw.steps.steps[i].text != example.steps[i].text);
        }
    }

    void trainingWordingSetMirrorsTheBundledOne()
    {
        // The wording control (docs/results.md, section 4): the bundled prompts with each step's
        // text replaced by one training template per check, and nothing else changed.
        const TimelinePromptSet bundled = loadTimelinePrompts(bundledTimelinePromptsPath());
        const TimelinePromptSet worded = loadTimelinePrompts(resourcePath("benchmarks/timeline_training_wording.json"));
        QCOMPARE(worded.prompts.size(), bundled.prompts.size());
        std::map<StepCheck, std::set<std::string>> textsOf;
        int changed = 0;
        for (std::size_t i = 0; i < bundled.prompts.size(); ++i) {
            const TimelinePrompt& a = bundled.prompts[i];
            const TimelinePrompt& b = worded.prompts[i];
            QCOMPARE(b.id, a.id);
            QCOMPARE(b.steps.coarse, a.steps.coarse);
            QCOMPARE(b.seconds, a.seconds);
            QVERIFY(b.checks == a.checks);
            QCOMPARE(b.steps.steps.size(), a.steps.steps.size());
            for (std::size_t k = 0; k < a.steps.steps.size(); ++k) {
                QCOMPARE(b.steps.steps[k].start, a.steps.steps[k].start);
                QCOMPARE(b.steps.steps[k].end, a.steps.steps[k].end);
                QVERIFY(b.steps.steps[k].bodyParts == a.steps.steps[k].bodyParts);
                textsOf[b.checks[k]].insert(b.steps.steps[k].text);
                changed += b.steps.steps[k].text != a.steps.steps[k].text;
            }
        }
        QVERIFY(changed >= 100);
        for (const auto& [check, texts] : textsOf)
            QVERIFY2(texts.size() == 1, stepCheckName(check).data());
    }

    void malformedPromptFiles_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("error");
        const QString step = R"({"start": 0, "end": 2, "body_parts": ["left_leg"], "text": "Stand.", "check": "stand_still"})";
        const QString walk = R"({"start": 2, "end": 4, "body_parts": ["left_leg"], "text": "Walk.", "check": "walk_forward"})";
        const auto one = [&](const QString& fields, const QString& steps) {
            return QString(R"({"version": 1, "prompts": [{"id": "a", "kind": "single", "seconds": 4, %1"steps": [%2]}]})")
                .arg(fields, steps);
        };
        QTest::newRow("not JSON") << "{" << "t.json: not valid JSON";
        QTest::newRow("no version") << R"({"prompts": []})" << "t.json: version: missing";
        QTest::newRow("newer version") << R"({"version": 2, "prompts": []})" << "t.json: version: must be 1";
        QTest::newRow("unknown root field") << R"({"version": 1, "prompts": [], "colour": 1})" << "t.json: colour: unknown field";
        QTest::newRow("no prompts") << R"({"version": 1, "prompts": []})" << "t.json: prompts: must be a non-empty array";
        QTest::newRow("unknown check") << one("", QString(step).replace("stand_still", "wlak"))
                                       << "t.json: prompts[0].steps[0].check: unknown check 'wlak' (known: walk_forward,";
        QTest::newRow("missing check") << one("", QString(step).replace(R"(, "check": "stand_still")", ""))
                                       << "t.json: prompts[0].steps[0].check: missing";
        QTest::newRow("bad body part") << one("", QString(step).replace("left_leg", "tail"))
                                       << "t.json: prompts[0]: steps[0].body_parts[0]: unknown body part \"tail\"";
        QTest::newRow("end before start") << one("", QString(step).replace(R"("end": 2)", R"("end": -1)"))
                                          << "t.json: prompts[0]: steps[0].end: must be >= start";
        QTest::newRow("unknown step field") << one("", QString(step).replace(R"("text")", R"("colour": 1, "text")"))
                                            << "t.json: prompts[0]: steps[0].colour: unknown field";
        QTest::newRow("empty id") << one("", step).replace(R"("id": "a")", R"("id": "")") << "t.json: prompts[0].id: must not be empty";
        QTest::newRow("unknown kind") << one("", step).replace("single", "parallel")
                                      << "t.json: prompts[0].kind: 'parallel' is not single, sequential or spatial";
        QTest::newRow("no seconds") << one("", step).replace(R"("seconds": 4, )", "") << "t.json: prompts[0].seconds: missing";
        QTest::newRow("too long") << one("", step).replace(R"("seconds": 4)", R"("seconds": 121)")
                                  << "t.json: prompts[0].seconds: must be in (0, 120] (found 121)";
        QTest::newRow("step past the end") << one("", step).replace(R"("seconds": 4)", R"("seconds": 1.5)")
                                           << "t.json: prompts[0].steps[0].end: 2 s is past the prompt's seconds (1.5)";
        QTest::newRow("single with two steps") << one("", step + ", " + walk)
                                               << "t.json: prompts[0].steps: a single prompt has exactly one step (found 2)";
        const QString seq = R"({"version": 1, "prompts": [{"id": "a", "kind": "sequential", "seconds": 4, %1"steps": [%2]}]})";
        QTest::newRow("sequential overlap") << seq.arg("", step + ", " + QString(walk).replace(R"("start": 2)", R"("start": 1)"))
                                            << "t.json: prompts[0].steps[1].start: a sequential step starts after the previous one ends (1 < 2)";
        QTest::newRow("spatial apart") << QString(seq).replace("sequential", "spatial").arg("", step + ", " + walk)
                                       << "t.json: prompts[0].steps: a spatial prompt needs two steps at the same time";
        QTest::newRow("pair on a single") << one(R"("pair": "x", )", step)
                                          << "t.json: prompts[0].pair: only sequential prompts have a pair (this one is single)";
        QTest::newRow("pair of one") << seq.arg(R"("pair": "x", )", step + ", " + walk)
                                     << "t.json: prompts[0].pair: 'x' is shared by 1 prompts; a pair links exactly two";
        const QString twoSeq = R"({"version": 1, "prompts": [)"
                               R"({"id": "a", "kind": "sequential", "pair": "x", "seconds": 4, "steps": [%1]},)"
                               R"({"id": "b", "kind": "sequential", "pair": "x", "seconds": 4, "steps": [%2]}]})";
        QTest::newRow("pair in the same order") << twoSeq.arg(step + ", " + walk, step + ", " + walk)
                                                << "t.json: prompts[0].pair: 'x': the checks of a and b are not in reverse order";
        QTest::newRow("duplicate id") << QString(twoSeq).replace(R"("id": "b")", R"("id": "a")").arg(step + ", " + walk, step + ", " + walk)
                                      << "t.json: prompts[1].id: 'a' used twice";
        const QString raise = R"({"start": 0, "end": 2, "body_parts": ["left_arm"], "text": "Up.", "check": "raise_left_arm"})";
        const QString twoSingles = R"({"version": 1, "prompts": [)"
                                   R"({"id": "a", "kind": "single", "mirror": "%1", "seconds": 4, "steps": [%2]},)"
                                   R"({"id": "b", "kind": "single", "mirror": "%3", "seconds": 4, "steps": [%4]}]})";
        QTest::newRow("mirror names nothing") << twoSingles.arg("c", raise, "a", QString(raise).replace("left", "right"))
                                              << "t.json: prompts[0].mirror: no prompt has the id 'c'";
        QTest::newRow("mirror one way") << twoSingles.arg("b", raise, "", QString(raise).replace("left", "right"))
                                        << "t.json: prompts[0].mirror: 'b' does not name 'a' as its mirror";
        QTest::newRow("mirror same side") << twoSingles.arg("b", raise, "a", raise)
                                          << "t.json: prompts[0].mirror: the checks of 'b' are not the left/right mirror";
    }

    void malformedPromptFiles()
    {
        QFETCH(QString, json);
        QFETCH(QString, error);
        const QString message = errorOf([&] { parseTimelinePrompts(json.toStdString(), "t.json"); });
        QVERIFY2(message.startsWith(error), qPrintable(message));
    }

    void missingPromptFile()
    {
        const QString message = errorOf([] { loadTimelinePrompts("/nonexistent/timeline.json"); });
        QVERIFY2(message.contains("/nonexistent/timeline.json"), qPrintable(message));
    }

    void checkingAPrompt()
    {
        const TimelinePromptSet set = loadTimelinePrompts(bundledTimelinePromptsPath());
        const auto find = [&](const char* id) {
            return *std::find_if(set.prompts.begin(), set.prompts.end(), [&](const auto& p) { return p.id == id; });
        };
        const TimelinePrompt standWalk = find("still_then_walk");
        const TimelinePrompt walkStand = find("walk_then_still");
        // The transition allowance: 0.5 s off the start of a steady step that follows another.
        QCOMPARE(measuredSpan(standWalk, 0), std::make_pair(0.0, 2.5));
        QCOMPARE(measuredSpan(standWalk, 1), std::make_pair(3.0, 5.0));
        QCOMPARE(measuredSpan(standWalk, 1, TimelineCheckOptions{0.0}), std::make_pair(2.5, 5.0));
        QCOMPARE(measuredSpan(find("face_left_then_walk"), 0), std::make_pair(0.0, 1.5));
        const TimelinePrompt wtw = find("walk_turn_wave_right");
        QCOMPARE(measuredSpan(wtw, 1), std::make_pair(2.0, 3.5)); // a turn is an event, not trimmed

        // Stands for 2.5 s, then walks at 1.2 m/s (reaching it after 0.5 s).
        const auto speedAt = [](double t) { return t < 2.5 ? 0.0 : 1.2 * std::min(1.0, (t - 2.5) / 0.5); };
        const JointClip standThenWalk = clipOf(101, [&](int t) {
            Pose p = restPose();
            double z = 0;
            for (int k = 1; k <= t; ++k)
                z += speedAt(k / kFps) / kFps;
            if (t / kFps > 2.5) {
                const double phase = 2 * kPi * (t / kFps - 2.5);
                liftFoot(p, true, 0.12 * std::max(0.0, std::sin(phase)));
                liftFoot(p, false, 0.12 * std::max(0.0, -std::sin(phase)));
            }
            moveAll(p, {0, 0, z});
            return p;
        });
        auto results = checkTimelinePrompt(standThenWalk, standWalk);
        QCOMPARE(results.size(), std::size_t(2));
        QVERIFY2(results[0].passed, results[0].measure.c_str());
        QVERIFY2(results[1].passed, results[1].measure.c_str());
        results = checkTimelinePrompt(standThenWalk, walkStand);
        QVERIFY2(!results[0].passed, results[0].measure.c_str());
        QVERIFY2(!results[1].passed, results[1].measure.c_str());

        // Walks until 2.5 s and stops within 0.5 s: stands still once the allowance is given.
        const JointClip walkThenStop = clipOf(101, [&](int t) {
            Pose p = restPose();
            double z = 0;
            for (int k = 1; k <= t; ++k)
                z += (k / kFps < 2.5 ? 1.2 : 1.2 * std::max(0.0, 1 - (k / kFps - 2.5) / 0.5)) / kFps;
            if (t / kFps < 2.9) {
                const double phase = 2 * kPi * t / kFps;
                liftFoot(p, true, 0.12 * std::max(0.0, std::sin(phase)));
                liftFoot(p, false, 0.12 * std::max(0.0, -std::sin(phase)));
            }
            moveAll(p, {0, 0, z});
            return p;
        });
        results = checkTimelinePrompt(walkThenStop, walkStand);
        QVERIFY2(results[0].passed, results[0].measure.c_str());
        QVERIFY2(results[1].passed, results[1].measure.c_str());
        results = checkTimelinePrompt(walkThenStop, walkStand, TimelineCheckOptions{0.0});
        QVERIFY2(!results[1].passed, results[1].measure.c_str());

        TimelinePrompt broken = standWalk;
        broken.checks.pop_back();
        QVERIFY(errorOf([&] { checkTimelinePrompt(standThenWalk, broken); }).contains("1 checks for 2 steps"));
    }

    void joinsOfLongClipsAreMeasuredApart()
    {
        // 300 frames in two windows [0, 196) and [104, 300): a steady glide with the feet low (a
        // slide in every frame) everywhere, and a 1 cm jolt of every joint at frame 150, inside
        // the overlap.
        JointClip clip(300, kJointCount, kFps);
        for (int t = 0; t < 300; ++t)
            for (int j = 0; j < kJointCount; ++j) {
                float* p = clip.at(t, j);
                p[0] = 0.0f;
                p[1] = 0.5f + 0.01f * float(j);
                p[2] = 0.05f * float(t) + (t == 150 ? 0.01f : 0.0f);
            }
        for (const int foot : {int(LeftFoot), int(RightFoot)})
            for (int t = 0; t < 300; ++t)
                clip.at(t, foot)[1] = 0.03f;
        const auto f = measureJoins(clip, {{0, 196}, {104, 300}});
        QCOMPARE(f.joins, 1);
        // The jolt: third differences of +-1, +-3 cm over 4 frames, over the 89 join triples.
        const double jolt = (0.01 + 0.03 + 0.03 + 0.01) * 20 * 20 * 20 / 89.0;
        QVERIFY2(std::abs(f.joinJerk - jolt) < 0.03 * jolt, qPrintable(QString::number(f.joinJerk)));
        QVERIFY2(f.restJerk < 0.03 * jolt, qPrintable(QString::number(f.restJerk))); // float rounding only
        QCOMPARE(f.joinSkating, 1.0);
        QCOMPARE(f.restSkating, 1.0);
        QVERIFY(errorOf([&] { measureJoins(clip, {{0, 300}}); }).contains("no joins"));
    }

    void stepsTouchingAJoinAreTold()
    {
        const std::vector<std::pair<int, int>> windows{{0, 196}, {104, 300}, {208, 404}};
        QVERIFY(!spanTouchesJoin(0, 104, windows));   // ends where the first join begins
        QVERIFY(spanTouchesJoin(100, 110, windows));  // into the first join
        QVERIFY(spanTouchesJoin(150, 160, windows));  // inside it
        QVERIFY(!spanTouchesJoin(196, 208, windows)); // between the two joins
        QVERIFY(spanTouchesJoin(290, 404, windows));  // the second join [208, 300)
        QVERIFY(!spanTouchesJoin(300, 404, windows));
        QVERIFY(!spanTouchesJoin(0, 196, {{0, 196}})); // one window, no join
    }

    void oneWindowControlsKeepTheStepsNeighbours()
    {
        const TimelinePromptSet set = loadTimelinePrompts(resourcePath("benchmarks/timeline_long.json"));
        const TimelinePrompt& errand = set.prompts.front(); // 8 steps of 3.75 s back to back
        QCOMPARE(errand.id, std::string("long_errand"));
        const double window = 9.8;
        // A step that follows another keeps it before it: steps 2 and 3, re-timed to 0-7.5 s.
        auto control = oneWindowControl(errand, 3, window);
        QVERIFY(control.has_value());
        QCOMPARE(control->step, std::size_t(1));
        QCOMPARE(control->prompt.seconds, 7.5);
        QCOMPARE(control->prompt.steps.steps.size(), std::size_t(2));
        QCOMPARE(control->prompt.steps.steps[0].text, errand.steps.steps[2].text);
        QCOMPARE(control->prompt.steps.steps[1].text, errand.steps.steps[3].text);
        QCOMPARE(control->prompt.steps.steps[1].start, 3.75);
        QCOMPARE(control->prompt.steps.steps[1].end, 7.5);
        QVERIFY(control->prompt.checks == std::vector<StepCheck>(errand.checks.begin() + 2, errand.checks.begin() + 4));
        QCOMPARE(control->prompt.steps.coarse, errand.steps.coarse);
        // The same transition allowance applies in the control (shifted by 7.5 s) as in the long clip.
        const auto longSpan = measuredSpan(errand, 3), controlSpan = measuredSpan(control->prompt, 1);
        QVERIFY(std::abs((longSpan.first - 7.5) - controlSpan.first) < 1e-9);
        QVERIFY(std::abs((longSpan.second - 7.5) - controlSpan.second) < 1e-9);
        // The first step has nothing before it: it keeps the step after it.
        control = oneWindowControl(errand, 0, window);
        QVERIFY(control.has_value());
        QCOMPARE(control->step, std::size_t(0));
        QCOMPARE(control->prompt.steps.steps.size(), std::size_t(2));
        QCOMPARE(control->prompt.steps.steps[1].text, errand.steps.steps[1].text);
        // The last step: steps 6 and 7.
        control = oneWindowControl(errand, 7, window);
        QCOMPARE(control->step, std::size_t(1));
        QCOMPARE(control->prompt.steps.steps[0].text, errand.steps.steps[6].text);
        // A window of 12 s holds three of them.
        control = oneWindowControl(errand, 5, 12.0);
        QCOMPARE(control->prompt.steps.steps.size(), std::size_t(3));
        QCOMPARE(control->step, std::size_t(2));
        QCOMPARE(control->prompt.seconds, 11.25);

        // A step longer than the window has no control; a bad index is refused by name.
        TimelinePrompt longWalk = errand;
        longWalk.steps.steps[0].end = 11.25;
        longWalk.steps.steps.erase(longWalk.steps.steps.begin() + 1, longWalk.steps.steps.begin() + 3);
        longWalk.checks.erase(longWalk.checks.begin() + 1, longWalk.checks.begin() + 3);
        QVERIFY(!oneWindowControl(longWalk, 0, window).has_value());
        QVERIFY(errorOf([&] { oneWindowControl(errand, 8, window); }).contains("long_errand"));
    }

    void oneWindowTableSetsLongAgainstControl()
    {
        TimelineBenchResult result;
        result.prompts = loadTimelinePrompts(resourcePath("benchmarks/timeline_long.json"));
        TimelineSystemResult system;
        system.system.name = "m";
        system.joins.push_back({50, 50, 0.01, 0.01, 3});
        const bool inLong[] = {true, true, false, false}, inControl[] = {true, false, false, false};
        for (std::size_t i = 0; i < 4; ++i) {
            TimelineStepOutcome o;
            o.step = 0;
            o.seed = i + 1;
            o.result.check = StepCheck::WalkForward;
            o.result.passed = inLong[i];
            o.longClip = true;
            o.oneWindow = StepCheckResult{};
            o.oneWindow->check = StepCheck::WalkForward;
            o.oneWindow->passed = inControl[i];
            system.outcomes.push_back(o);
        }
        result.systems.push_back(system);
        const QString tables = QString::fromStdString(formatTimelineTables(result));
        QVERIFY2(tables.contains("| all | 4 | 50.0% ± "), qPrintable(tables));
        QVERIFY2(tables.contains("| 25.0% ± "), qPrintable(tables));
        QVERIFY2(tables.contains("| 3 (75.0%) |"), qPrintable(tables));
        QVERIFY2(tables.contains("| walk_forward | 4 | 50.0%"), qPrintable(tables));
        // Without controls (short clips, or --no-window-control) the table is left out.
        for (auto& o : result.systems[0].outcomes)
            o.oneWindow.reset();
        QVERIFY(!QString::fromStdString(formatTimelineTables(result)).contains("same verdict"));
    }
};

QTEST_APPLESS_MAIN(TestTimelineChecks)
#include "tst_timeline_checks.moc"
