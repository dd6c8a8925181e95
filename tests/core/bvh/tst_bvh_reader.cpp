// BVH reading, forward kinematics and formatting on one real file of every rig, plus
// hand-written malformed input.

#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/runtime/error.h"

#include "test_data.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

using namespace stepmotion;

namespace {

// Lines 1-20; the malformed cases below edit single lines of it.
const char* const kSmall =
    "HIERARCHY\n"
    "ROOT Hips\n"
    "{\n"
    "  OFFSET 0 0 0\n"
    "  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation\n"
    "  JOINT Chest\n"
    "  {\n"
    "    OFFSET 0 10 0\n"
    "    CHANNELS 3 Zrotation Xrotation Yrotation\n"
    "    End Site\n"
    "    {\n"
    "      OFFSET 0 5 0\n"
    "    }\n"
    "  }\n"
    "}\n"
    "MOTION\n"
    "Frames: 2\n"
    "Frame Time: 0.05\n"
    "1 2 3 90 90 0 90 0 0\n"
    "1 90 0 0 0 0 15 25 35\n";

std::string readText(const QString& path)
{
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

double distance(const float* a, const float* b)
{
    double sum = 0;
    for (int i = 0; i < 3; ++i)
        sum += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
    return std::sqrt(sum);
}

void verifySameClip(const BvhClip& a, const BvhClip& b)
{
    QCOMPARE(b.joints.size(), a.joints.size());
    for (std::size_t j = 0; j < a.joints.size(); ++j) {
        QCOMPARE(b.joints[j].name, a.joints[j].name);
        QCOMPARE(b.joints[j].parent, a.joints[j].parent);
        QVERIFY(b.joints[j].offset == a.joints[j].offset);
        QVERIFY(b.joints[j].channels == a.joints[j].channels);
        QCOMPARE(b.joints[j].firstChannel, a.joints[j].firstChannel);
        QCOMPARE(b.joints[j].hasEndSite, a.joints[j].hasEndSite);
        QVERIFY(b.joints[j].endSiteOffset == a.joints[j].endSiteOffset);
    }
    QCOMPARE(b.frames, a.frames);
    QCOMPARE(b.channelCount, a.channelCount);
    QCOMPARE(b.frameTime, a.frameTime);
    QCOMPARE(b.values.size(), a.values.size());
    for (std::size_t i = 0; i < a.values.size(); ++i)
        QVERIFY2(std::abs(a.values[i] - b.values[i]) <= 1e-6 * std::max(1.0, std::abs(a.values[i])),
                 qPrintable(QStringLiteral("value %1 differs").arg(i)));
}

} // namespace

class TestBvhReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsEveryRig_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("joints");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("frames");
        QTest::addColumn<double>("frameTime");
        QTest::addColumn<int>("endSites");
        QTest::addColumn<QString>("root");
        QTest::addColumn<double>("firstValue");
        QTest::addColumn<double>("lastValue");
        QTest::newRow("cgspeed 02_01") << "02_01.bvh" << 43 << 132 << 58 << 0.05 << 14 << "hip" << 55.6924 << -0.499739;
        QTest::newRow("cgspeed 09_10") << "09_10.bvh" << 43 << 132 << 22 << 0.05 << 14 << "hip" << 0.212991 << 4.32787;
        QTest::newRow("metres 60_10") << "60_10.bvh" << 43 << 132 << 399 << 0.05 << 14 << "hip" << -0.724273 << 11.4063;
        QTest::newRow("3dsMax 131_01") << "131_01.bvh" << 31 << 96 << 166 << 0.05 << 7 << "Hips" << 5.23 << 19.9823;
        QTest::newRow("Reallusion 06_09") << "06_09.bvh" << 100 << 303 << 50 << 0.05 << 41 << "CC_Base_Hip" << -0.278852 << 0.0;
        QTest::newRow("Bandai 1 dash") << "dataset-1_dash_normal_001.bvh" << 22 << 132 << 20 << 0.0333333 << 5 << "joint_Root" << 0.0 << -22.7616;
        QTest::newRow("Bandai 2 walk") << "dataset-2_walk_normal_013.bvh" << 22 << 132 << 210 << 0.0333333 << 5 << "joint_Root" << 0.0 << -20.6348;
    }

    void readsEveryRig()
    {
        QFETCH(QString, file);
        QFETCH(int, joints);
        QFETCH(int, channels);
        QFETCH(int, frames);
        QFETCH(double, frameTime);
        QFETCH(int, endSites);
        QFETCH(QString, root);
        QFETCH(double, firstValue);
        QFETCH(double, lastValue);
        STEPMOTION_REQUIRE_SHARED("samples_bvh", dir);
        const BvhClip clip = readBvh((dir + "/" + file).toStdString());
        QCOMPARE(int(clip.joints.size()), joints);
        QCOMPARE(clip.channelCount, channels);
        QCOMPARE(clip.frames, frames);
        QCOMPARE(clip.frameTime, frameTime);
        QVERIFY(std::abs(clip.fps() - 1.0 / frameTime) < 1e-9);
        QCOMPARE(clip.values.size(), std::size_t(frames) * std::size_t(channels));
        QCOMPARE(int(std::count_if(clip.joints.begin(), clip.joints.end(), [](const BvhJoint& j) { return j.hasEndSite; })), endSites);
        QCOMPARE(QString::fromStdString(clip.joints[0].name), root);
        QCOMPARE(clip.joints[0].parent, -1);
        QCOMPARE(clip.values.front(), firstValue);
        QCOMPARE(clip.values.back(), lastValue);
        int next = 0;
        for (std::size_t j = 0; j < clip.joints.size(); ++j) {
            QVERIFY(clip.joints[j].parent < int(j)); // file order is topological
            QCOMPARE(clip.joints[j].firstChannel, next);
            next += int(clip.joints[j].channels.size());
        }
        QCOMPARE(next, channels);
        QCOMPARE(clip.jointIndex(root.toStdString()), 0);
        QCOMPARE(clip.jointIndex("no such joint"), -1);
    }

    void forwardKinematicsGivesABody_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("hips");
        QTest::addColumn<QString>("head");
        QTest::addColumn<QString>("foot"); // lowest end of the left leg
        QTest::addColumn<double>("floorLow");  // range of that joint's lowest height over the take
        QTest::addColumn<double>("floorHigh");
        QTest::newRow("cgspeed 02_01") << "02_01.bvh" << "hip" << "head" << "lFoot" << 2.0 << 12.0;
        QTest::newRow("cgspeed 09_10") << "09_10.bvh" << "hip" << "head" << "lFoot" << -1e9 << 1e9; // floor not at 0
        QTest::newRow("metres 60_10") << "60_10.bvh" << "hip" << "head" << "lFoot" << 0.0 << 0.12;
        QTest::newRow("3dsMax 131_01") << "131_01.bvh" << "Hips" << "Head" << "LeftToe" << 0.0 << 2.0;
        QTest::newRow("Reallusion 06_09") << "06_09.bvh" << "CC_Base_Hip" << "CC_Base_Head" << "CC_Base_L_ToeBase" << 0.0 << 12.0;
        QTest::newRow("Bandai 1 dash") << "dataset-1_dash_normal_001.bvh" << "Hips" << "Head" << "Toes_L" << 0.0 << 8.0;
        QTest::newRow("Bandai 2 walk") << "dataset-2_walk_normal_013.bvh" << "Hips" << "Head" << "Toes_L" << 0.0 << 8.0;
    }

    void forwardKinematicsGivesABody()
    {
        QFETCH(QString, file);
        QFETCH(QString, hips);
        QFETCH(QString, head);
        QFETCH(QString, foot);
        QFETCH(double, floorLow);
        QFETCH(double, floorHigh);
        STEPMOTION_REQUIRE_SHARED("samples_bvh", dir);
        const BvhClip clip = readBvh((dir + "/" + file).toStdString());
        const JointClip world = bvhForwardKinematics(clip);
        QCOMPARE(world.frames, clip.frames);
        QCOMPARE(world.joints, int(clip.joints.size()));
        QCOMPARE(world.fps, clip.fps());
        const int hipsIndex = clip.jointIndex(hips.toStdString());
        const int headIndex = clip.jointIndex(head.toStdString());
        const int footIndex = clip.jointIndex(foot.toStdString());
        QVERIFY(hipsIndex >= 0 && headIndex >= 0 && footIndex >= 0);
        double lowestFoot = 1e30;
        for (int f = 0; f < world.frames; ++f) {
            QVERIFY2(world.at(f, headIndex)[1] > world.at(f, hipsIndex)[1], qPrintable(QStringLiteral("frame %1").arg(f)));
            lowestFoot = std::min(lowestFoot, double(world.at(f, footIndex)[1]));
        }
        QVERIFY2(lowestFoot >= floorLow && lowestFoot <= floorHigh, qPrintable(QString::number(lowestFoot)));

        // Bones whose translation is fixed keep their length. The output is float, so the
        // tolerance is 1e-6 of the largest coordinate (float rounding is ~1e-7 of it).
        for (std::size_t j = 1; j < clip.joints.size(); ++j) {
            const BvhJoint& joint = clip.joints[j];
            bool fixed = true;
            for (std::size_t c = 0; c < joint.channels.size(); ++c)
                if (joint.channels[c] <= BvhChannel::Zposition)
                    for (int f = 1; f < clip.frames; ++f)
                        fixed = fixed && clip.frame(f)[joint.firstChannel + int(c)] == clip.frame(0)[joint.firstChannel + int(c)];
            if (!fixed || joint.parent < 0)
                continue;
            const double rest = distance(world.at(0, int(j)), world.at(0, joint.parent));
            for (int f = 0; f < world.frames; ++f) {
                double scale = 1e-3;
                for (int a = 0; a < 3; ++a)
                    scale = std::max({scale, double(std::abs(world.at(f, int(j))[a])), double(std::abs(world.at(f, joint.parent)[a]))});
                const double length = distance(world.at(f, int(j)), world.at(f, joint.parent));
                QVERIFY2(std::abs(length - rest) <= 1e-6 * scale,
                         qPrintable(QStringLiteral("%1 frame %2: %3 vs %4").arg(QString::fromStdString(joint.name)).arg(f).arg(length).arg(rest)));
            }
        }
    }

    void translationChannelsFollowTheRigConvention()
    {
        STEPMOTION_REQUIRE_SHARED("samples_bvh", dir);
        // Bandai: every joint has position channels holding the full local translation.
        const BvhClip bandai = readBvh((dir + "/dataset-1_dash_normal_001.bvh").toStdString());
        QVERIFY(bvhTranslationReplacesOffset(bandai));
        const int hips = bandai.jointIndex("Hips");
        const JointClip b = bvhForwardKinematics(bandai);
        QVERIFY(std::abs(b.at(0, hips)[1] - bandai.frame(0)[bandai.joints[hips].firstChannel + 1]) < 1e-4); // 82.5403, not +93.99
        // Reallusion: only the root moves; its channels are added to its 105 cm OFFSET.
        const BvhClip cc = readBvh((dir + "/06_09.bvh").toStdString());
        QVERIFY(!bvhTranslationReplacesOffset(cc));
        QVERIFY(std::abs(bvhForwardKinematics(cc).at(0, 0)[1] - (105.214226 - 5.336823)) < 1e-4);
    }

    void forwardKinematicsComposesChannelsInFileOrder()
    {
        // Root at (1,2,3) with R = Rz(90) * Rx(90) (intrinsic, file order); Chest carries
        // Rz(90). Extrinsic order would put Chest at (-9,2,3) instead.
        const BvhClip clip = parseBvh(kSmall, "small.bvh");
        const JointClip world = bvhForwardKinematics(clip);
        QCOMPARE(world.joints, 2);
        const float expected[2][3] = {{1, 2, 3}, {1, 2, 13}};
        for (int j = 0; j < 2; ++j)
            for (int a = 0; a < 3; ++a)
                QVERIFY(std::abs(world.at(0, j)[a] - expected[j][a]) < 1e-5f);
        // Frame 1: Hips at (1,90,0) unrotated, Chest at +10 in Y.
        QVERIFY(std::abs(world.at(1, 1)[1] - 100.0f) < 1e-5f);
    }

    void forwardKinematicsTiming()
    {
        STEPMOTION_REQUIRE_SHARED("samples_bvh/dataset-2_walk_normal_013.bvh", path);
        const BvhClip clip = readBvh(path.toStdString());
        QElapsedTimer timer;
        timer.start();
        constexpr int kRepeats = 50;
        long frames = 0;
        for (int r = 0; r < kRepeats; ++r)
            frames += bvhForwardKinematics(clip).frames;
        const double usPerFrame = timer.nsecsElapsed() / 1000.0 / double(frames);
        qInfo("FK: %.2f us per frame (%zu joints)", usPerFrame, clip.joints.size());
        // Reported, not asserted: timings flake on shared 2-core machines (the aim is < 100 us).
        QCOMPARE(frames, long(kRepeats) * clip.frames);
    }

    void formatRoundTripsEveryRig_data() { readsEveryRig_data(); }

    void formatRoundTripsEveryRig()
    {
        QFETCH(QString, file);
        STEPMOTION_REQUIRE_SHARED("samples_bvh", dir);
        const BvhClip clip = readBvh((dir + "/" + file).toStdString());
        const std::string text = formatBvh(clip);
        verifySameClip(clip, parseBvh(text, "formatted.bvh"));
        QVERIFY(text.find("End Site") != std::string::npos);
        QCOMPARE(formatBvh(parseBvh(text, "formatted.bvh")), text);
    }

    // Found by fuzz_bvh: a joint without a CHANNELS line kept firstChannel 0 after channelled
    // joints. Every joint's firstChannel is where its values start, in file order.
    void jointWithoutChannelsStartsWhereItsValuesWould()
    {
        const std::string text = QString::fromLatin1(kSmall)
                                     .replace("    CHANNELS 3 Zrotation Xrotation Yrotation\n", "")
                                     .replace("1 2 3 90 90 0 90 0 0\n1 90 0 0 0 0 15 25 35\n", "1 2 3 90 90 0\n1 90 0 0 0 0\n")
                                     .toStdString();
        const BvhClip clip = parseBvh(text, "no-channels.bvh");
        QCOMPARE(clip.joints.size(), std::size_t{2});
        QCOMPARE(clip.channelCount, 6);
        QCOMPARE(clip.joints[0].firstChannel, 0);
        QVERIFY(clip.joints[1].channels.empty());
        QCOMPARE(clip.joints[1].firstChannel, 6);
        verifySameClip(clip, parseBvh(formatBvh(clip), "formatted.bvh"));
    }

    void formatRejectsInconsistentClips()
    {
        BvhClip clip = parseBvh(kSmall, "small.bvh");
        clip.values.pop_back();
        QVERIFY_THROWS_EXCEPTION(Error, formatBvh(clip));
        QVERIFY_THROWS_EXCEPTION(Error, bvhForwardKinematics(clip));
        clip = parseBvh(kSmall, "small.bvh");
        clip.joints[1].parent = 1;
        QVERIFY_THROWS_EXCEPTION(Error, formatBvh(clip));
    }

    void acceptsWhitespaceVariants_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::newRow("CRLF") << "\n" << "\r\n";
        QTest::newRow("tabs") << "  " << "\t";
        QTest::newRow("trailing spaces") << "\n" << "   \n";
        QTest::newRow("many spaces") << " " << "    ";
        QTest::newRow("blank lines") << "\n" << "\n\n";
        QTest::newRow("brace on name line") << "Hips\n{" << "Hips {";
    }

    void acceptsWhitespaceVariants()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        const BvhClip reference = parseBvh(kSmall, "small.bvh");
        const std::string text = QString::fromLatin1(kSmall).replace(from, to).toStdString();
        verifySameClip(reference, parseBvh(text, "variant.bvh"));
    }

    void rejectsMalformedInput_data()
    {
        QTest::addColumn<int>("line");          // line of kSmall to replace (1-based)
        QTest::addColumn<QString>("replacement"); // may hold several lines, or be empty to delete
        QTest::addColumn<int>("errorLine");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("missing }") << 15 << QString() << 15 << "missing '}'";
        QTest::newRow("extra }") << 14 << "  }\n  }" << 16 << "unexpected '}'";
        QTest::newRow("unknown keyword") << 8 << "    OFFSETS 0 10 0" << 8 << "unknown keyword 'OFFSETS'";
        QTest::newRow("short OFFSET") << 8 << "    OFFSET 0 10" << 8 << "OFFSET needs 3 numbers";
        QTest::newRow("bad OFFSET") << 8 << "    OFFSET 0 x 0" << 8 << "'x' is not a number";
        QTest::newRow("CHANNELS 4") << 9 << "CHANNELS 4 Zrotation Xrotation Yrotation Xposition" << 9 << "not 0, 3 or 6";
        QTest::newRow("CHANNELS short") << 9 << "CHANNELS 3 Zrotation Xrotation" << 9 << "lists 2";
        QTest::newRow("CHANNELS name") << 9 << "CHANNELS 3 Zrotation Wrotation Yrotation" << 9 << "unknown channel name 'Wrotation'";
        QTest::newRow("repeated axis") << 9 << "CHANNELS 3 Zrotation Zrotation Yrotation" << 9 << "all three";
        QTest::newRow("JOINT no name") << 6 << "  JOINT" << 6 << "without a name";
        QTest::newRow("JOINT no brace") << 7 << "" << 8 << "expected '{' after JOINT Chest";
        // Found by fuzz_bvh: names the writer cannot write back.
        QTest::newRow("JOINT name control byte") << 6 << "  JOINT Ch\x01" "est" << 6 << "control character or brace (byte 1)";
        QTest::newRow("JOINT name brace") << 6 << "  JOINT Ch}est" << 6 << "control character or brace (byte 125)";
        QTest::newRow("End Site no OFFSET") << 12 << "" << 13 << "End Site of Chest has no OFFSET";
        QTest::newRow("no HIERARCHY") << 1 << "HIERARCHIE" << 1 << "does not start with HIERARCHY";
        QTest::newRow("too few values") << 19 << "1 2 3 90 90 0 90 0" << 19 << "has 8 values, expected 9";
        QTest::newRow("too many values") << 20 << "1 90 0 0 0 0 15 25 35 1" << 20 << "has 10 values, expected 9";
        QTest::newRow("not a number") << 19 << "1 2 3 90 abc 0 90 0 0" << 19 << "'abc' is not a number";
        QTest::newRow("NaN") << 20 << "1 90 0 0 0 nan 15 25 35" << 20 << "'nan' is not a finite number";
        QTest::newRow("Inf") << 19 << "1 2 3 90 90 -inf 90 0 0" << 19 << "'-inf' is not a finite number";
        QTest::newRow("overflow") << 19 << "1 2 3 90 90 1e999 90 0 0" << 19 << "'1e999' is not a finite number";
        QTest::newRow("truncated") << 20 << QString() << 19 << "truncated MOTION: 1 frame lines";
        QTest::newRow("huge Frames") << 17 << "Frames: 2000000000" << 20 << "truncated MOTION: 2 frame lines";
        QTest::newRow("extra frame") << 20 << "1 90 0 0 0 0 15 25 35\n1 90 0 0 0 0 15 25 35" << 21 << "more frame lines";
        QTest::newRow("negative Frames") << 17 << "Frames: -2" << 17 << "not a frame count";
        QTest::newRow("missing Frames") << 17 << QString() << 17 << "expected 'Frames: <value>'";
        QTest::newRow("missing Frame Time") << 18 << QString() << 18 << "expected 'Frame Time: <value>'";
        QTest::newRow("negative Frame Time") << 18 << "Frame Time: -0.05" << 18 << "positive number of seconds";
        QTest::newRow("zero Frame Time") << 18 << "Frame Time: 0" << 18 << "positive number of seconds";
        QTest::newRow("no MOTION") << 16 << "MOTIONS" << 16 << "unknown keyword 'MOTIONS'";
    }

    void rejectsMalformedInput()
    {
        QFETCH(int, line);
        QFETCH(QString, replacement);
        QFETCH(int, errorLine);
        QFETCH(QString, fragment);
        QStringList lines = QString::fromLatin1(kSmall).split('\n');
        if (replacement.isNull())
            lines.removeAt(line - 1);
        else
            lines[line - 1] = replacement;
        const std::string text = lines.join('\n').toStdString();
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/broken take.bvh").toStdString();
        std::ofstream(path, std::ios::binary) << text;
        try {
            readBvh(path);
            QFAIL("no error");
        } catch (const Error& e) {
            const QString message = QString::fromStdString(e.what());
            const QString prefix = QString::fromStdString(path) + ":" + QString::number(errorLine) + ": ";
            QVERIFY2(message.startsWith(prefix), qPrintable(message));
            QVERIFY2(message.contains(fragment), qPrintable(message));
        }
    }

    void rejectsMissingPieces()
    {
        const std::string small = kSmall;
        const auto messageOf = [](const std::string& text) {
            try {
                parseBvh(text, "x.bvh");
            } catch (const Error& e) {
                return QString::fromStdString(e.what());
            }
            return QString();
        };
        QCOMPARE(messageOf(small.substr(0, small.find("MOTION"))), QStringLiteral("x.bvh:15: missing MOTION section"));
        QVERIFY(messageOf("").startsWith("x.bvh:1: "));
        QVERIFY(messageOf(small.substr(0, small.find("Frame Time"))).contains("missing 'Frame Time:' line"));
        QVERIFY(messageOf("HIERARCHY\nMOTION\nFrames: 0\nFrame Time: 0.1\n").contains("no ROOT"));
        QVERIFY(messageOf("HIERARCHY\n{ {").contains("x.bvh:2: unexpected '{'"));
        std::string deep = "HIERARCHY\nROOT a {\n";
        for (int i = 0; i < 100000; ++i)
            deep += "JOINT b { OFFSET 0 0 0\n"; // nesting is parsed without recursion
        QVERIFY(messageOf(deep).contains("x.bvh:100002: missing '}'"));
        try {
            readBvh("/nonexistent/dir/take.bvh");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(QString::fromStdString(e.what()).startsWith("/nonexistent/dir/take.bvh: cannot open"));
        }
    }

    void neverCrashesOnDamagedFiles()
    {
        STEPMOTION_REQUIRE_SHARED("samples_bvh/dataset-1_dash_normal_001.bvh", path);
        const std::string original = readText(path);
        int accepted = 0, rejected = 0;
        const auto attempt = [&](const std::string& text) {
            try {
                const BvhClip clip = parseBvh(text, "damaged.bvh");
                QCOMPARE(clip.values.size(), std::size_t(clip.frames) * std::size_t(clip.channelCount));
                bvhForwardKinematics(clip);
                ++accepted;
            } catch (const Error&) {
                ++rejected;
            }
        };
        for (std::size_t cut = 0; cut < original.size(); cut += 37)
            attempt(original.substr(0, cut));
        std::mt19937 rng(7);
        const std::string alphabet = "{} \n\t.-e0123456789XYZpositionrotationJOINTEnd SiteCHANNELS#\r";
        for (int i = 0; i < 3000; ++i) {
            std::string damaged = original;
            for (int k = 0; k < 1 + i % 4; ++k)
                damaged[rng() % damaged.size()] = alphabet[rng() % alphabet.size()];
            attempt(damaged);
        }
        qInfo("damaged inputs: %d parsed, %d rejected with Error", accepted, rejected);
        QVERIFY(rejected > 0 && accepted > 0);
    }
};

QTEST_APPLESS_MAIN(TestBvhReader)
#include "tst_bvh_reader.moc"
