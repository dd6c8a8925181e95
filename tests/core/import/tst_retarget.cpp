#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/runtime/resource_paths.h"
#include "stepmotion/core/import/retarget.h"

#include "test_data.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <sstream>
#include <tuple>

using namespace stepmotion;

namespace {

struct V3 {
    double x = 0, y = 0, z = 0;
};
V3 at(const JointClip& c, int f, int j)
{
    const float* p = c.at(f, j);
    return {p[0], p[1], p[2]};
}
V3 sub(V3 a, V3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
double dot(V3 a, V3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
double norm(V3 a) { return std::sqrt(dot(a, a)); }

double percentile(std::vector<double> v, double q)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

const std::vector<RigMap>& bundledRigs()
{
    static const std::vector<RigMap> kRigs = loadRigMaps(resourcePath("rigs"));
    return kRigs;
}

JointClip retargetSample(const QString& path, std::string* rigName = nullptr, double fps = 0.0)
{
    BvhClip clip = readBvh(path.toStdString());
    if (fps > 0)
        clip = resampleBvh(clip, fps);
    const RigMap& rig = detectRig(clip, bundledRigs(), path.toStdString());
    if (rigName)
        *rigName = rig.name;
    return retarget(clip, rig);
}

/// Fraction of frames where the named left joint lies on the character's left. The facing
/// comes from the legs, independent of the left/right labels: toes point forwards
/// (ankle → ball of foot) and bent knees stick out forwards.
double leftSideFraction(const JointClip& c, int leftJoint, int rightJoint)
{
    int good = 0;
    for (int f = 0; f < c.frames; ++f) {
        V3 forward;
        for (auto [hip, knee, ankle, foot] : {std::array{LeftHip, LeftKnee, LeftAnkle, LeftFoot},
                                              std::array{RightHip, RightKnee, RightAnkle, RightFoot}}) {
            const V3 toes = sub(at(c, f, foot), at(c, f, ankle));
            const V3 h = at(c, f, hip), a = at(c, f, ankle);
            const V3 bend = sub(at(c, f, knee), {(h.x + a.x) / 2, (h.y + a.y) / 2, (h.z + a.z) / 2});
            forward = {forward.x + toes.x + bend.x, 0.0, forward.z + toes.z + bend.z};
        }
        const V3 leftDir{forward.z, 0.0, -forward.x}; // up × forward
        if (dot(sub(at(c, f, leftJoint), at(c, f, rightJoint)), leftDir) > 0)
            ++good;
    }
    return static_cast<double>(good) / c.frames;
}

void writeText(const QString& path, const std::string& text)
{
    std::ofstream(path.toStdString()) << text;
}

std::string readText(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void replaceOnce(std::string& text, const std::string& from, const std::string& to)
{
    const auto pos = text.find(from);
    QVERIFY2(pos != std::string::npos, from.c_str());
    text.replace(pos, from.size(), to);
}

} // namespace

class TestRetarget : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsBundledRigMaps()
    {
        const auto& rigs = bundledRigs();
        QCOMPARE(rigs.size(), std::size_t(6)); // four BVH capture rigs, CMU's ASF skeleton, our own smpl22 export
        for (std::size_t i = 0; i < rigs.size(); ++i) {
            QCOMPARE(rigs[i].joints.size(), std::size_t(kJointCount));
            QVERIFY(!rigs[i].detectJoints.empty());
            QVERIFY(rigs[i].metresPerUnit >= 0);
            if (i > 0)
                QVERIFY(rigs[i - 1].name < rigs[i].name);
        }
    }

    void retargetsEachRig_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("rig");
        QTest::addColumn<double>("minHeight"); // head above the lowest foot in upright frames, metres
        // The head joint is each rig's skull-base pivot. The 3dsMax rig lacks CMU's thorax
        // bone and the Bandai actors are short-bodied, so their heads sit near 1.3 m; the
        // dash is leant forward throughout.
        QTest::newRow("daz cm 02_01") << "samples_bvh/02_01.bvh" << "cgspeed_daz" << 1.35;
        QTest::newRow("daz scaled 60_10") << "samples_bvh/60_10.bvh" << "cgspeed_daz" << 1.35;
        QTest::newRow("3dsmax 131_01") << "samples_bvh/131_01.bvh" << "cgspeed_3dsmax" << 1.25;
        QTest::newRow("reallusion 06_09") << "samples_bvh/06_09.bvh" << "reallusion_cc" << 1.35;
        QTest::newRow("bandai dash") << "samples_bvh/dataset-1_dash_normal_001.bvh" << "bandai" << 1.15;
        QTest::newRow("bandai walk") << "samples_bvh/dataset-2_walk_normal_013.bvh" << "bandai" << 1.3;
    }

    void retargetsEachRig()
    {
        QFETCH(QString, file);
        QFETCH(QString, rig);
        QFETCH(double, minHeight);
        const QString path = test::sharedFile(file);
        if (path.isEmpty() || !QFileInfo::exists(path))
            QSKIP("shared samples_bvh not found");
        std::string rigName;
        const BvhClip source = readBvh(path.toStdString());
        const JointClip c = retargetSample(path, &rigName);
        QCOMPARE(QString::fromStdString(rigName), rig);
        QCOMPARE(c.frames, source.frames);
        QCOMPARE(c.joints, kJointCount);
        QVERIFY(std::abs(c.fps - 1.0 / source.frameTime) < 1e-3);

        std::vector<double> height, pelvis;
        for (int f = 0; f < c.frames; ++f) {
            double floor = 1e9;
            for (int j : {LeftAnkle, RightAnkle, LeftFoot, RightFoot})
                floor = std::min(floor, at(c, f, j).y);
            height.push_back(at(c, f, Head).y - floor);
            pelvis.push_back(at(c, f, Pelvis).y - floor);
        }
        // Upright frames: the 90th percentile over the clip.
        const double standing = percentile(height, 0.9), hips = percentile(pelvis, 0.9);
        qInfo("%s: head above lowest foot %.3f m, pelvis %.3f m", qPrintable(file), standing, hips);
        QVERIFY(standing > minHeight && standing < 2.0);
        QVERIFY(hips > 0.8 && hips < 1.1);

        for (auto [l, r] : {std::pair{LeftHip, RightHip}, {LeftShoulder, RightShoulder}}) {
            const double onLeft = leftSideFraction(c, l, r);
            QVERIFY2(onLeft > 0.8, skeleton::names()[static_cast<std::size_t>(l)].data());
        }

        // Every bone joins points fixed on one rig segment, so lengths hold over the clip.
        const auto& parents = skeleton::parents();
        for (int j = 1; j < kJointCount; ++j) {
            double lo = 1e9, hi = 0;
            for (int f = 0; f < c.frames; ++f) {
                const double len = norm(sub(at(c, f, j), at(c, f, parents[static_cast<std::size_t>(j)])));
                lo = std::min(lo, len);
                hi = std::max(hi, len);
            }
            QVERIFY2(lo > 0.02, skeleton::names()[static_cast<std::size_t>(j)].data());
            QVERIFY2(hi - lo < 0.003, skeleton::names()[static_cast<std::size_t>(j)].data());
        }
    }

    void sideCheckCatchesASwappedMap()
    {
        // The left/right check above must fail for a map with the sides swapped.
        STEPMOTION_REQUIRE_SHARED("samples_bvh/02_01.bvh", path);
        const BvhClip clip = readBvh(path.toStdString());
        RigMap rig = detectRig(clip, bundledRigs(), "02_01");
        for (int j = 0; j < kJointCount; ++j) {
            const int m = skeleton::mirrorMap()[static_cast<std::size_t>(j)];
            if (m > j)
                std::swap(rig.joints[static_cast<std::size_t>(j)], rig.joints[static_cast<std::size_t>(m)]);
        }
        const JointClip c = retarget(clip, rig);
        QVERIFY(leftSideFraction(c, LeftHip, RightHip) < 0.2);
        QVERIFY(leftSideFraction(c, LeftShoulder, RightShoulder) < 0.2);
    }

    void detectsTheCorruptRunSampleAsDaz()
    {
        // 09_10's motion is corrupt at the source (root below the floor, legs 1.6 m apart;
        // 07_12 likewise), so only its rig is checked here.
        STEPMOTION_REQUIRE_SHARED("samples_bvh/09_10.bvh", path);
        const BvhClip clip = readBvh(path.toStdString());
        QCOMPARE(detectRig(clip, bundledRigs(), "09_10").name, std::string("cgspeed_daz"));
    }

    void walksAtAPlausibleSpeed_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("cmu daz 02_01") << "samples_bvh/02_01.bvh";
        QTest::newRow("bandai walk") << "samples_bvh/dataset-2_walk_normal_013.bvh";
    }

    void walksAtAPlausibleSpeed()
    {
        QFETCH(QString, file);
        const QString path = test::sharedFile(file);
        if (path.isEmpty() || !QFileInfo::exists(path))
            QSKIP("shared samples_bvh not found");
        const JointClip c = retargetSample(path, nullptr, kFps); // as the dataset builder does
        QCOMPARE(c.fps, kFps);
        const V3 d = sub(at(c, c.frames - 1, Pelvis), at(c, 0, Pelvis));
        const double speed = std::hypot(d.x, d.z) / ((c.frames - 1) / c.fps);
        qInfo("%s: %.3f m/s", qPrintable(file), speed);
        QVERIFY(speed > 0.8 && speed < 2.0);
        // Walking forwards: the travel direction agrees with the feet.
        const V3 toes = sub(at(c, c.frames / 2, LeftFoot), at(c, c.frames / 2, LeftAnkle));
        QVERIFY(toes.x * d.x + toes.z * d.z > 0);
    }

    void estimatesTheUnitOfRescaledRigs()
    {
        // 60_10 is the Daz template in 1/128 m units; its estimated unit must give the same
        // body as the centimetre files (02_01 uses the identical template).
        STEPMOTION_REQUIRE_SHARED("samples_bvh/60_10.bvh", scaled);
        STEPMOTION_REQUIRE_SHARED("samples_bvh/02_01.bvh", cm);
        const JointClip a = retargetSample(scaled);
        const JointClip b = retargetSample(cm);
        for (int j : {LeftKnee, LeftAnkle, RightElbow, Spine2, Head}) {
            const int p = skeleton::parents()[static_cast<std::size_t>(j)];
            const double la = norm(sub(at(a, 0, j), at(a, 0, p)));
            const double lb = norm(sub(at(b, 0, j), at(b, 0, p)));
            QVERIFY(std::abs(la - lb) < 0.002);
        }
        // The estimate reads the centimetre file as centimetres (within 2%) and the rescaled
        // one as 1.28 m per unit (bvhacker divided the centimetres by 128).
        for (auto [clip, file, expected] : {std::tuple{&b, cm, 0.01}, {&a, scaled, 1.28}}) {
            const BvhClip raw = readBvh(file.toStdString());
            const JointClip world = bvhForwardKinematics(raw);
            const float* shin = world.at(0, raw.jointIndex("lShin"));
            const float* foot = world.at(0, raw.jointIndex("lFoot"));
            const double units = std::hypot(shin[0] - foot[0], shin[1] - foot[1], shin[2] - foot[2]);
            const double metres = norm(sub(at(*clip, 0, LeftKnee), at(*clip, 0, LeftAnkle)));
            qInfo("%s: %.5f m per unit", qPrintable(file), metres / units);
            QVERIFY(std::abs(metres / units / expected - 1.0) < 0.02);
        }
    }

    void unknownRigIsAClearError()
    {
        const std::string text = "HIERARCHY\nROOT Body\n{\n OFFSET 0 0 0\n CHANNELS 6 Xposition Yposition Zposition "
                                 "Zrotation Xrotation Yrotation\n End Site\n {\n  OFFSET 0 1 0\n }\n}\nMOTION\nFrames: 1\n"
                                 "Frame Time: 0.05\n0 0 0 0 0 0\n";
        const BvhClip clip = parseBvh(text, "robot.bvh");
        try {
            detectRig(clip, bundledRigs(), "robot.bvh");
            QFAIL("no error");
        } catch (const Error& e) {
            const QString m = QString::fromUtf8(e.what());
            QVERIFY2(m.contains("robot.bvh") && m.contains("\"Body\""), e.what());
            for (const RigMap& rig : bundledRigs())
                QVERIFY2(m.contains(QString::fromStdString(rig.name)), e.what());
        }
    }

    void badRigMapsNameFileAndField_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing joint") << "\"right_wrist\":" << "\"left_wrist\":" << "joints.right_wrist: missing";
        QTest::newRow("unknown joint") << "\"right_wrist\":" << "\"right_hand\":" << "joints.right_hand: unknown joint";
        QTest::newRow("t too big") << "\"t\": 0.3" << "\"t\": 1.5" << "joints.pelvis.t";
        QTest::newRow("t not number") << "\"t\": 0.3" << "\"t\": \"half\"" << "joints.pelvis.t";
        QTest::newRow("t without to") << "\"to\": \"Spine\", " << "" << "joints.pelvis: \"to\" and \"t\"";
        QTest::newRow("empty from") << "{\"from\": \"Spine\"}" << "{\"from\": \"\"}" << "joints.spine1.from";
        QTest::newRow("typo field") << "\"metresPerUnit\"" << "\"metersPerUnit\"" << "metersPerUnit: unknown field";
        QTest::newRow("negative unit") << "\"metresPerUnit\": 0.01" << "\"metresPerUnit\": -1" << "metresPerUnit";
        QTest::newRow("bad detect") << "\"detectJoints\": [\"joint_Root\"," << "\"detectJoints\": [1," << "detectJoints[0]";
        QTest::newRow("not json") << "{" << "{{" << "not valid JSON";
    }

    void badRigMapsNameFileAndField()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, expected);
        std::string text = readText(resourcePath("rigs") + "/bandai.json");
        replaceOnce(text, from.toStdString(), to.toStdString());
        QTemporaryDir dir;
        const QString path = dir.filePath("broken_rig.json");
        writeText(path, text);
        try {
            loadRigMap(path.toStdString());
            QFAIL("no error");
        } catch (const Error& e) {
            const QString m = QString::fromUtf8(e.what());
            QVERIFY2(m.startsWith(path) && m.contains(expected), e.what());
        }
    }

    void rigJointMissingFromClipIsAnError()
    {
        STEPMOTION_REQUIRE_SHARED("samples_bvh/dataset-1_dash_normal_001.bvh", path);
        const BvhClip clip = readBvh(path.toStdString());
        RigMap rig = detectRig(clip, bundledRigs(), "dash");
        rig.joints[Head].from = "Helmet";
        QVERIFY_THROWS_EXCEPTION(Error, retarget(clip, rig));
        rig.joints[Head].from = "Chest/end"; // Chest has children, no End Site
        try {
            retarget(clip, rig);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("Chest/end") && QString::fromUtf8(e.what()).contains("bandai"), e.what());
        }
    }

    void duplicateRigNamesAreAnError()
    {
        QTemporaryDir dir;
        const std::string text = readText(resourcePath("rigs") + "/bandai.json");
        writeText(dir.filePath("a.json"), text);
        writeText(dir.filePath("b.json"), text);
        QVERIFY_THROWS_EXCEPTION(Error, loadRigMaps(dir.path().toStdString()));
        QVERIFY_THROWS_EXCEPTION(Error, loadRigMaps(dir.filePath("absent").toStdString()));
    }
};

QTEST_APPLESS_MAIN(TestRetarget)
#include "tst_retarget.moc"
