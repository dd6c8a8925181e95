// ASF/AMC reading: a tiny skeleton whose joint positions are worked out by hand, CMU's real
// 01.asf with a playground trial (cmu_extra/asfamc, no trial there also exists as a BVH, so
// the real trial is checked against its own ASF and AMC numbers), and malformed files whose
// errors must name the file and line.

#include "stepmotion/core/import/asf_amc.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/import/motion_io.h"

#include "test_data.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <string>

using namespace stepmotion;

namespace {

constexpr double kCmPerUnit = 2.54 / 0.45; // `length 0.45`: one ASF unit is 1/0.45 inch

// A root, a 10-inch bone straight up, and a 20-inch bone along +X whose local axes are turned
// 90° about Z (so its rx turns about the world Y axis).
const char* const kTinyAsf =
    "# a tiny skeleton\n"                 // 1
    ":version 1.10\n"                     // 2
    ":name tiny\n"                        // 3
    ":units\n"                            // 4
    "  mass 1.0\n"                        // 5
    "  length 0.45\n"                     // 6
    "  angle deg\n"                       // 7
    ":documentation\n"                    // 8
    "   free text: begin end dof\n"       // 9
    ":root\n"                             // 10
    "   order TX TY TZ RX RY RZ\n"        // 11
    "   axis XYZ\n"                       // 12
    "   position 0 0 0\n"                 // 13
    "   orientation 0 0 0\n"              // 14
    ":bonedata\n"                         // 15
    "  begin\n"                           // 16
    "     id 1\n"                         // 17
    "     name upper\n"                   // 18
    "     direction 0 2 0\n"              // 19 (normalised)
    "     length 4.5\n"                   // 20
    "     axis 0 0 0 XYZ\n"               // 21
    "    dof rx ry rz\n"                  // 22
    "    limits (-180.0 180.0)\n"         // 23
    "           (-180.0 180.0)\n"         // 24
    "           (-180.0 180.0)\n"         // 25
    "  end\n"                             // 26
    "  begin\n"                           // 27
    "     id 2\n"                         // 28
    "     name lower\n"                   // 29
    "     direction 1 0 0\n"              // 30
    "     length 9\n"                     // 31
    "     axis 0 0 90 XYZ\n"              // 32
    "    dof rx\n"                        // 33
    "    limits (-180.0 180.0)\n"         // 34
    "  end\n"                             // 35
    ":hierarchy\n"                        // 36
    "  begin\n"                           // 37
    "    root upper\n"                    // 38
    "    upper lower\n"                   // 39
    "  end\n";                            // 40

const char* const kTinyAmc =
    "#!OML:ASF tiny.asf\r\n"              // 1 (CMU's files have CRLF line ends)
    ":FULLY-SPECIFIED\r\n"                // 2
    ":DEGREES\r\n"                        // 3
    "1\r\n"                               // 4
    "root 1 2 3 0 0 0\r\n"                // 5
    "upper 0 0 0\r\n"                     // 6
    "lower 0\r\n"                         // 7
    "2\r\n"                               // 8
    "root 1 2 3 0 0 90\r\n"               // 9
    "lower 60\r\n"                        // 10
    "upper 0 0 0\r\n";                    // 11

std::string replaced(std::string text, const std::string& from, const std::string& to)
{
    const auto at = text.find(from);
    if (at == std::string::npos)
        throw std::logic_error("test text lacks " + from);
    return text.replace(at, from.size(), to);
}

/// World positions of every joint plus, appended, every End Site (bvhForwardKinematics
/// leaves End Sites out).
JointClip withEndSites(const BvhClip& clip)
{
    BvhClip work = clip;
    for (std::size_t j = 0; j < clip.joints.size(); ++j) {
        if (!clip.joints[j].hasEndSite)
            continue;
        BvhJoint site;
        site.name = clip.joints[j].name + "/end";
        site.parent = static_cast<int>(j);
        site.offset = clip.joints[j].endSiteOffset;
        work.joints.push_back(site);
    }
    return bvhForwardKinematics(work);
}

void compareXyz(const float* got, double x, double y, double z, const char* what)
{
    const double tol = 1e-4; // centimetres, float positions
    QVERIFY2(std::abs(got[0] - x) < tol && std::abs(got[1] - y) < tol && std::abs(got[2] - z) < tol,
             qPrintable(QStringLiteral("%1: got (%2, %3, %4), expected (%5, %6, %7)")
                            .arg(QLatin1String(what)).arg(got[0]).arg(got[1]).arg(got[2]).arg(x).arg(y).arg(z)));
}

QString expectError(const std::string& asf, const std::string& amc)
{
    try {
        parseAsfAmc(asf, "tiny.asf", amc, "tiny.amc");
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return QStringLiteral("(no error)");
}

double distance(const JointClip& c, int f, int a, int b)
{
    const float* p = c.at(f, a);
    const float* q = c.at(f, b);
    return std::sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
}

void writeFile(const QString& path, const std::string& text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QVERIFY(f.write(text.data(), static_cast<qint64>(text.size())) == static_cast<qint64>(text.size()));
}

} // namespace

class TestAsfAmc : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tinySkeletonHierarchy()
    {
        const BvhClip clip = parseAsfAmc(kTinyAsf, "tiny.asf", kTinyAmc, "tiny.amc");
        QCOMPARE(clip.joints.size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(clip.joints[0].name), QStringLiteral("root"));
        QCOMPARE(QString::fromStdString(clip.joints[1].name), QStringLiteral("upper"));
        QCOMPARE(QString::fromStdString(clip.joints[2].name), QStringLiteral("lower"));
        QCOMPARE(clip.joints[2].parent, 1);
        QCOMPARE(clip.frames, 2);
        QCOMPARE(clip.channelCount, 12);
        QVERIFY(std::abs(clip.fps() - 120.0) < 1e-9);
        // The lower bone starts at the upper bone's tip: 4.5 units = 10 in = 25.4 cm up.
        QVERIFY(std::abs(clip.joints[2].offset[1] - 25.4) < 1e-9);
        QVERIFY(!clip.joints[1].hasEndSite);
        QVERIFY(clip.joints[2].hasEndSite);
        QVERIFY(std::abs(clip.joints[2].endSiteOffset[0] - 50.8) < 1e-9);
    }

    void tinySkeletonPositions()
    {
        const BvhClip clip = parseAsfAmc(kTinyAsf, "tiny.asf", kTinyAmc, "tiny.amc");
        const JointClip world = withEndSites(clip); // joints root, upper, lower, lower/end
        const double rx = 1 * kCmPerUnit, ry = 2 * kCmPerUnit, rz = 3 * kCmPerUnit;
        // Frame 1: the rest pose moved to the root translation.
        compareXyz(world.at(0, 0), rx, ry, rz, "frame 1 root");
        compareXyz(world.at(0, 1), rx, ry, rz, "frame 1 upper starts at the root");
        compareXyz(world.at(0, 2), rx, ry + 25.4, rz, "frame 1 lower");
        compareXyz(world.at(0, 3), rx + 50.8, ry + 25.4, rz, "frame 1 lower tip");
        // Frame 2: the root turns 90° about Z, so "up" points to -X. The lower bone's rx of 60°
        // turns about its local X = world Y (its axis is Rz(90)): +X becomes (cos 60, 0, -sin 60),
        // then the root's Rz(90) makes that (0, cos 60, -sin 60).
        compareXyz(world.at(1, 2), rx - 25.4, ry, rz, "frame 2 lower");
        compareXyz(world.at(1, 3), rx - 25.4, ry + 50.8 * 0.5, rz - 50.8 * std::sqrt(3.0) / 2, "frame 2 lower tip");
        // The channels hold the world-aligned rotations as Z-Y-X Euler angles.
        const double* f2 = clip.frame(1);
        QVERIFY(std::abs(f2[3] - 90.0) < 1e-9 && std::abs(f2[4]) < 1e-9 && std::abs(f2[5]) < 1e-9); // root Z Y X
        QVERIFY(std::abs(f2[9]) < 1e-9 && std::abs(f2[10] - 60.0) < 1e-9 && std::abs(f2[11]) < 1e-9); // lower: Y = 60
    }

    void radiansAndRootOrder()
    {
        // The same frame 2 in radians with the root's values in another order (RZ first).
        const double pi = 3.14159265358979323846;
        std::string asf = replaced(replaced(kTinyAsf, "angle deg", "angle rad"), "order TX TY TZ RX RY RZ",
                                   "order RZ TX TY TZ RX RY");
        asf = replaced(asf, "axis 0 0 90 XYZ", "axis 0 0 1.5707963267948966 XYZ");
        const std::string amc = "1\nroot " + std::to_string(pi / 2) + " 1 2 3 0 0\nupper 0 0 0\nlower " +
                                std::to_string(pi / 3) + "\n";
        const JointClip world = withEndSites(parseAsfAmc(asf, "tiny.asf", amc, "tiny.amc"));
        const double rx = 1 * kCmPerUnit, ry = 2 * kCmPerUnit, rz = 3 * kCmPerUnit;
        compareXyz(world.at(0, 3), rx - 25.4, ry + 50.8 * 0.5, rz - 50.8 * std::sqrt(3.0) / 2, "lower tip");
    }

    void resamplesTo20FpsOnEverySixthFrame()
    {
        // HumanML3D's rule for CMU at 120 fps: 20 fps frame i = AMC frame 6i + 1, ceil(n / 6) frames.
        std::string amc = ":FULLY-SPECIFIED\n:DEGREES\n";
        for (int f = 1; f <= 13; ++f)
            amc += std::to_string(f) + "\nroot " + std::to_string(f) + " 0 0 0 0 0\nupper 0 0 0\nlower 0\n";
        const BvhClip source = parseAsfAmc(kTinyAsf, "tiny.asf", amc, "tiny.amc");
        const BvhClip clip = resampleBvh(source, 20.0);
        QCOMPARE(clip.frames, 3);
        for (int i = 0; i < 3; ++i)
            QVERIFY(std::abs(clip.frame(i)[0] - (6 * i + 1) * kCmPerUnit) < 1e-9);
    }

    void malformedInputNamesFileAndLine_data()
    {
        QTest::addColumn<QString>("asf");
        QTest::addColumn<QString>("amc");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char* name, const std::string& asf, const std::string& amc, const char* expected) {
            QTest::newRow(name) << QString::fromStdString(asf) << QString::fromStdString(amc) << QString::fromLatin1(expected);
        };
        const std::string asf = kTinyAsf, amc = kTinyAmc;
        row("misspelt bone key", replaced(asf, "     length 9\n", "     lenght 9\n"), amc,
            "tiny.asf:31: unknown bone entry 'lenght'");
        row("bone without length", replaced(asf, "     length 9\n", ""), amc, "tiny.asf:27: bone 'lower' lacks its length");
        row("bad number", replaced(asf, "direction 1 0 0", "direction 1 O 0"), amc, "tiny.asf:30: direction is not a number: 'O'");
        row("translation dof", replaced(asf, "dof rx\n", "dof rx tx\n"), amc, "tiny.asf:33: bone DOF 'tx' is not supported");
        row("bad axis order", replaced(asf, "axis 0 0 90 XYZ", "axis 0 0 90 XXZ"), amc,
            "tiny.asf:32: axis order must be a permutation of XYZ");
        row("unknown bone in hierarchy", replaced(asf, "upper lower\n", "upper lower hand\n"), amc,
            "tiny.asf:39: hierarchy names unknown bone 'hand'");
        row("bone outside hierarchy", replaced(asf, "    upper lower\n", ""), amc, "tiny.asf:27: bone 'lower' is not in the :hierarchy");
        row("two parents", replaced(asf, "upper lower\n", "upper lower\n    root lower\n"), amc,
            "tiny.asf:40: bone 'lower' already has a parent (line 39)");
        row("unclosed bone", replaced(asf, "  end\n  begin\n     id 2", "  begin\n     id 2"), amc,
            "tiny.asf:26: 'begin' inside the bone begun on line 16 (missing 'end'?)");
        row("no root", replaced(asf, ":root\n   order TX TY TZ RX RY RZ\n   axis XYZ\n   position 0 0 0\n   orientation 0 0 0\n", ""),
            amc, "tiny.asf:35: missing :root section");
        row("too few values", asf, replaced(amc, "upper 0 0 0\r\n", "upper 0 0\r\n"),
            "tiny.amc:6: 'upper' has 2 values, its DOFs in tiny.asf need 3");
        row("missing bone", asf, replaced(amc, "lower 0\r\n", ""), "tiny.amc:4: frame 1 lacks the values of 'lower'");
        row("unknown bone", asf, replaced(amc, "lower 60", "lowr 60"), "tiny.amc:10: bone 'lowr' is not in the skeleton tiny.asf");
        row("not a number", asf, replaced(amc, "lower 60", "lower 6O"), "tiny.amc:10: value 1 of 'lower' is not a number: '6O'");
        row("infinite value", asf, replaced(amc, "lower 60", "lower 1e999"), "tiny.amc:10: value 1 of 'lower' is not finite");
        row("skipped frame", asf, replaced(amc, "2\r\n", "3\r\n"), "tiny.amc:8: frame 3 follows frame 1");
        row("repeated bone", asf, replaced(amc, "lower 60\r\n", "lower 60\r\nlower 61\r\n"),
            "tiny.amc:11: frame 2 gives 'lower' twice");
        row("values before frames", asf, replaced(amc, "1\r\nroot", "root"), "tiny.amc:4: values for 'root' before the first frame number");
        row("no frames", asf, ":FULLY-SPECIFIED\n:DEGREES\n", "tiny.amc:2: no frames");
        row("unknown keyword", asf, replaced(amc, ":DEGREES", ":GRADS"), "tiny.amc:3: unknown keyword ':GRADS'");
    }

    void malformedInputNamesFileAndLine()
    {
        QFETCH(QString, asf);
        QFETCH(QString, amc);
        QFETCH(QString, expected);
        const QString message = expectError(asf.toStdString(), amc.toStdString());
        QVERIFY2(message.startsWith(expected), qPrintable(message));
    }

    void findsTheSkeletonBesideTheMotion()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString amc = dir.filePath(QStringLiteral("07_12.amc"));
        writeFile(amc, kTinyAmc);
        try {
            readAsfAmc(amc.toStdString());
            QFAIL("an .amc without any .asf was read");
        } catch (const Error& e) {
            const QString message = QString::fromStdString(e.what());
            QVERIFY2(message.startsWith(amc + QStringLiteral(": no ASF skeleton found")), qPrintable(message));
            QVERIFY2(message.contains(dir.filePath(QStringLiteral("07_12.asf"))) && message.contains(dir.filePath(QStringLiteral("07.asf"))) &&
                         message.contains(QStringLiteral("--asf")),
                     qPrintable(message));
        }
        writeFile(dir.filePath(QStringLiteral("07.asf")), kTinyAsf); // CMU's <subject>.asf
        QCOMPARE(QString::fromStdString(findAsfForAmc(amc.toStdString())), dir.filePath(QStringLiteral("07.asf")));
        QCOMPARE(readAsfAmc(amc.toStdString()).frames, 2);
        writeFile(dir.filePath(QStringLiteral("07_12.asf")), kTinyAsf); // <stem>.asf comes first
        QCOMPARE(QString::fromStdString(findAsfForAmc(amc.toStdString())), dir.filePath(QStringLiteral("07_12.asf")));
        // An explicit skeleton wins, and one that does not exist is an error naming it.
        const QString other = dir.filePath(QStringLiteral("elsewhere.asf"));
        QVERIFY_THROWS_EXCEPTION(Error, findAsfForAmc(amc.toStdString(), other.toStdString()));
        writeFile(other, kTinyAsf);
        AsfAmcOptions options;
        options.asfPath = other.toStdString();
        options.fps = 60.0;
        const BvhClip clip = readAsfAmc(amc.toStdString(), options);
        QVERIFY(std::abs(clip.fps() - 60.0) < 1e-9);
        // An .asf alone holds no motion: said plainly.
        try {
            loadJointClip(other.toStdString());
            QFAIL("an .asf was loaded as motion");
        } catch (const Error& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("holds only a skeleton")), e.what());
        }
    }

    void readsRealCmuTrial()
    {
        STEPMOTION_REQUIRE_UNPACKED(root);
        const QString amc = root + QStringLiteral("/cmu_extra/asfamc/01_03.amc");
        if (!QFileInfo::exists(amc))
            QSKIP("cmu_extra/asfamc/01_03.amc is not in the unpacked datasets (an older tree without cmu_extra/)");
        const MotionFileInfo info = inspectMotionFile(amc.toStdString());
        QCOMPARE(info.kind, MotionFileKind::AsfAmc);
        QCOMPARE(info.frames, 4510);
        QCOMPARE(info.joints, 31); // root + 30 bones of 01.asf
        QVERIFY(std::abs(info.fps - 120.0) < 1e-9);
        QCOMPARE(QString::fromStdString(info.rig), QStringLiteral("cmu_asf"));
        QVERIFY(QString::fromStdString(info.skeleton).endsWith(QStringLiteral("/01.asf")));

        const JointClip joints = loadJointClip(amc.toStdString());
        // ceil(4510 / 6) = 752 frames: HumanML3D 012798 ends at frame 752 of this trial.
        QCOMPARE(joints.frames, 752);
        QVERIFY(std::abs(joints.fps - 20.0) < 1e-9);
        // Frame 0 is AMC frame 1; its root line is "root -0.808516 17.8049 18.3516 ...", the
        // pelvis is the root, in metres (1 unit = 1/0.45 in).
        const double m = kCmPerUnit / 100.0;
        compareXyz(joints.at(0, Pelvis), -0.808516 * m, 17.8049 * m, 18.3516 * m, "pelvis at AMC frame 1");
        // Thigh and shin are the ASF's lfemur/rfemur (7.1578, 7.43386) and ltibia/rtibia
        // (7.49137, 7.50908) at every frame: the kinematic chain keeps bones rigid.
        const struct {
            int a, b;
            double units;
        } bones[] = {{LeftHip, LeftKnee, 7.1578}, {RightHip, RightKnee, 7.43386},
                     {LeftKnee, LeftAnkle, 7.49137}, {RightKnee, RightAnkle, 7.50908}};
        for (const auto& bone : bones)
            for (int f = 0; f < joints.frames; f += 25)
                QVERIFY2(std::abs(distance(joints, f, bone.a, bone.b) - bone.units * m) < 1e-5,
                         qPrintable(QStringLiteral("frame %1: %2 m").arg(f).arg(distance(joints, f, bone.a, bone.b))));
        // Left is the subject's left: with forward from the toes (ankle → ball of the foot),
        // the left hip lies on the left side (up × forward) in nearly every frame.
        int left = 0;
        for (int f = 0; f < joints.frames; ++f) {
            double fx = 0, fz = 0;
            for (const auto& [ankle, foot] : {std::pair{LeftAnkle, LeftFoot}, std::pair{RightAnkle, RightFoot}}) {
                fx += joints.at(f, foot)[0] - joints.at(f, ankle)[0];
                fz += joints.at(f, foot)[2] - joints.at(f, ankle)[2];
            }
            const double dx = joints.at(f, LeftHip)[0] - joints.at(f, RightHip)[0];
            const double dz = joints.at(f, LeftHip)[2] - joints.at(f, RightHip)[2];
            left += dx * fz - dz * fx > 0; // (dx, dz) · (fz, -fx)
        }
        QVERIFY2(left > joints.frames * 95 / 100, qPrintable(QStringLiteral("%1 of %2 frames").arg(left).arg(joints.frames)));
        // Standing height: the head is well above the pelvis and the feet near the floor.
        QVERIFY(joints.at(0, Head)[1] - joints.at(0, Pelvis)[1] > 0.45);
    }
};

QTEST_APPLESS_MAIN(TestAsfAmc)
#include "tst_asf_amc.moc"
