#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/bvh/bvh_writer.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/formats/npy.h"
#include "stepmotion/core/runtime/resource_paths.h"
#include "stepmotion/core/import/retarget.h"

#include "test_data.h"
#include "test_helpers.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <cmath>

using namespace stepmotion;

namespace {

JointClip loadJointsNpy(const QString& path)
{
    const NpyArray a = readNpy(path.toStdString());
    JointClip c(static_cast<int>(a.shape.at(0)), static_cast<int>(a.shape.at(1)), kFps);
    c.xyz = a.data;
    return c;
}

JointClip retargetedSample(const QString& path)
{
    static const std::vector<RigMap> rigs = loadRigMaps(resourcePath("rigs"));
    const BvhClip clip = resampleBvh(readBvh(path.toStdString()), kFps);
    return retarget(clip, detectRig(clip, rigs, path.toStdString()));
}

/// Writes, formats, parses back and runs forward kinematics; returns the largest distance
/// (metres) between the source joints and the joints of the file read back.
double roundTripError(const JointClip& source, LengthUnit unit, BvhClip* parsedOut = nullptr)
{
    BvhWriteOptions options;
    options.unit = unit;
    const BvhClip parsed = parseBvh(formatBvh(jointsToBvh(source, options)), "written.bvh");
    const JointClip fk = bvhForwardKinematics(parsed);
    const double scale = unit == LengthUnit::Centimetres ? 0.01 : 1.0;
    double worst = 0.0;
    for (int f = 0; f < source.frames; ++f) {
        for (int j = 0; j < kJointCount; ++j) {
            const int b = parsed.jointIndex(std::string(skeleton::names()[static_cast<std::size_t>(j)]));
            const float* p = source.at(f, j);
            const float* q = fk.at(f, b);
            worst = std::max(worst, std::hypot(q[0] * scale - p[0], q[1] * scale - p[1], q[2] * scale - p[2]));
        }
    }
    if (parsedOut)
        *parsedOut = parsed;
    return worst;
}

using Mat = std::array<double, 9>;
Mat axis(char a, double deg)
{
    const double r = deg * 3.14159265358979323846 / 180.0, c = std::cos(r), s = std::sin(r);
    if (a == 'X')
        return {1, 0, 0, 0, c, -s, 0, s, c};
    if (a == 'Y')
        return {c, 0, s, 0, 1, 0, -s, 0, c};
    return {c, -s, 0, s, c, 0, 0, 0, 1};
}
Mat mul(const Mat& a, const Mat& b)
{
    Mat m{};
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
            for (int k = 0; k < 3; ++k)
                m[r * 3 + c] += a[r * 3 + k] * b[k * 3 + c];
    return m;
}
Mat eulerZXY(const double* e) { return mul(mul(axis('Z', e[0]), axis('X', e[1])), axis('Y', e[2])); }

/// Angle (degrees) of the rotation taking a to b.
double angleBetween(const Mat& a, const Mat& b)
{
    double trace = 0;
    for (int r = 0; r < 3; ++r)
        for (int k = 0; k < 3; ++k)
            trace += a[k * 3 + r] * b[k * 3 + r];
    return std::acos(std::clamp((trace - 1) / 2, -1.0, 1.0)) * 180.0 / 3.14159265358979323846;
}

/// Angle (degrees) between two vectors.
double angleBetween(const std::array<double, 3>& a, const std::array<double, 3>& b)
{
    const double d = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    const double n = std::sqrt((a[0] * a[0] + a[1] * a[1] + a[2] * a[2]) * (b[0] * b[0] + b[1] * b[1] + b[2] * b[2]));
    return std::acos(std::clamp(d / n, -1.0, 1.0)) * 180.0 / 3.14159265358979323846;
}

/// For every joint with one child and every frame: how much more its local rotation turns
/// than its bone does (as seen from the parent). A twist flip shows up as ~180 degrees.
double worstExcessTurn(const JointClip& source, const BvhClip& clip)
{
    const auto& parents = skeleton::parents();
    std::vector<std::array<Mat, kJointCount>> world(static_cast<std::size_t>(clip.frames)), local(world.size());
    for (int f = 0; f < clip.frames; ++f) {
        for (int j = 0; j < kJointCount; ++j) { // parents come first in joint order
            const BvhJoint& b = clip.joints[static_cast<std::size_t>(clip.jointIndex(std::string(skeleton::names()[static_cast<std::size_t>(j)])))];
            auto& l = local[static_cast<std::size_t>(f)][static_cast<std::size_t>(j)];
            l = eulerZXY(clip.frame(f) + b.firstChannel + (b.parent < 0 ? 3 : 0));
            const int p = parents[static_cast<std::size_t>(j)];
            world[static_cast<std::size_t>(f)][static_cast<std::size_t>(j)] = p < 0 ? l : mul(world[static_cast<std::size_t>(f)][static_cast<std::size_t>(p)], l);
        }
    }
    double worst = 0;
    for (int j = 1; j < kJointCount; ++j) {
        std::vector<int> kids;
        for (int k = 0; k < kJointCount; ++k)
            if (parents[static_cast<std::size_t>(k)] == j)
                kids.push_back(k);
        if (kids.size() != 1)
            continue;
        const int p = parents[static_cast<std::size_t>(j)];
        auto boneInParent = [&](int f) {
            const float* a = source.at(f, j);
            const float* b = source.at(f, kids[0]);
            const Mat& r = world[static_cast<std::size_t>(f)][static_cast<std::size_t>(p)];
            std::array<double, 3> v{};
            for (int row = 0; row < 3; ++row)
                for (int k = 0; k < 3; ++k)
                    v[static_cast<std::size_t>(row)] += r[k * 3 + row] * (b[k] - a[k]);
            return v;
        };
        for (int f = 1; f < clip.frames; ++f) {
            const double turn = angleBetween(local[static_cast<std::size_t>(f - 1)][static_cast<std::size_t>(j)], local[static_cast<std::size_t>(f)][static_cast<std::size_t>(j)]);
            worst = std::max(worst, turn - angleBetween(boneInParent(f - 1), boneInParent(f)));
        }
    }
    return worst;
}

} // namespace

class TestBvhWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripsPositions_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("isNpy");
        QTest::addColumn<bool>("centimetres");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("humanml3d 012314 m") << "humanml3d_meta/samples/new_joints/012314.npy" << true << false << 1e-3;
        QTest::newRow("humanml3d 012314 cm") << "humanml3d_meta/samples/new_joints/012314.npy" << true << true << 1e-3;
        QTest::newRow("humanml3d 000000 m") << "humanml3d_meta/samples/new_joints/000000.npy" << true << false << 1e-3;
        QTest::newRow("humanml3d 000000 cm") << "humanml3d_meta/samples/new_joints/000000.npy" << true << true << 1e-3;
        QTest::newRow("cmu daz 02_01 m") << "samples_bvh/02_01.bvh" << false << false << 1e-3;
        QTest::newRow("cmu daz 02_01 cm") << "samples_bvh/02_01.bvh" << false << true << 1e-3;
        QTest::newRow("cmu daz 60_10 m") << "samples_bvh/60_10.bvh" << false << false << 1e-3;
        QTest::newRow("bandai walk m") << "samples_bvh/dataset-2_walk_normal_013.bvh" << false << false << 1e-3;
        QTest::newRow("bandai dash cm") << "samples_bvh/dataset-1_dash_normal_001.bvh" << false << true << 1e-3;
        // Reallusion: exact but for the head, which also follows a second neck bone (~2 mm).
        // 3dsMax rig: its spine1 and neck sit on segments that move against the hips and
        // collars, so the pelvis and spine3 clusters are not rigid and cannot be exact.
        QTest::newRow("reallusion 06_09 m") << "samples_bvh/06_09.bvh" << false << false << 0.003;
        QTest::newRow("cmu 3dsmax 131_01 m") << "samples_bvh/131_01.bvh" << false << false << 0.06;
    }

    void roundTripsPositions()
    {
        QFETCH(QString, file);
        QFETCH(bool, isNpy);
        QFETCH(bool, centimetres);
        QFETCH(double, tolerance);
        const QString path = test::sharedFile(file);
        if (path.isEmpty() || !QFileInfo::exists(path))
            QSKIP("shared data not found");
        const JointClip source = isNpy ? loadJointsNpy(path) : retargetedSample(path);
        const double error = roundTripError(source, centimetres ? LengthUnit::Centimetres : LengthUnit::Metres);
        qInfo("%s (%s): max joint error %.3g m over %d frames", qPrintable(file), centimetres ? "cm" : "m", error, source.frames);
        QVERIFY(error < tolerance);
    }

    void writesTheStandardHierarchy()
    {
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joints/012314.npy", path);
        BvhClip parsed;
        roundTripError(loadJointsNpy(path), LengthUnit::Metres, &parsed);
        QCOMPARE(parsed.joints.size(), std::size_t(kJointCount));
        QCOMPARE(parsed.joints[0].name, std::string("pelvis"));
        QCOMPARE(parsed.joints[0].parent, -1);
        QCOMPARE(parsed.channelCount, 6 + 3 * 21);
        using C = BvhChannel;
        QCOMPARE(parsed.joints[0].channels, (std::vector<C>{C::Xposition, C::Yposition, C::Zposition, C::Zrotation, C::Xrotation, C::Yrotation}));
        for (int j = 0; j < kJointCount; ++j) {
            const std::string name(skeleton::names()[static_cast<std::size_t>(j)]);
            const int b = parsed.jointIndex(name);
            QVERIFY2(b >= 0, name.c_str());
            const BvhJoint& joint = parsed.joints[static_cast<std::size_t>(b)];
            const int parent = skeleton::parents()[static_cast<std::size_t>(j)];
            if (parent >= 0) {
                QCOMPARE(parsed.joints[static_cast<std::size_t>(joint.parent)].name, std::string(skeleton::names()[static_cast<std::size_t>(parent)]));
                QCOMPARE(joint.channels, (std::vector<C>{C::Zrotation, C::Xrotation, C::Yrotation}));
            }
            const bool leaf = j == Head || j == LeftWrist || j == RightWrist || j == LeftFoot || j == RightFoot;
            QCOMPARE(joint.hasEndSite, leaf);
        }
    }

    void restPoseIsATPoseWithTheClipsBoneLengths()
    {
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joints/000000.npy", path);
        const JointClip source = loadJointsNpy(path);
        const BvhClip clip = jointsToBvh(source);
        auto offset = [&](int j) {
            const auto& o = clip.joints[static_cast<std::size_t>(clip.jointIndex(std::string(skeleton::names()[static_cast<std::size_t>(j)])))].offset;
            return o;
        };
        // Arms straight out sideways, legs straight down, spine up.
        QVERIFY(offset(LeftElbow)[0] > 0.2 && std::abs(offset(LeftElbow)[1]) < 1e-9);
        QVERIFY(offset(RightWrist)[0] < -0.2 && std::abs(offset(RightWrist)[2]) < 1e-9);
        QVERIFY(offset(LeftKnee)[1] < -0.3 && std::abs(offset(LeftKnee)[0]) < 1e-9);
        QVERIFY(offset(Spine2)[1] > 0.05 && std::abs(offset(Spine2)[2]) < 1e-9);
        QVERIFY(offset(LeftHip)[0] > 0.03 && offset(RightHip)[0] < -0.03); // left at +X
        // Bone lengths are the clip's mean lengths.
        for (int j : {LeftKnee, RightAnkle, LeftElbow, Neck}) {
            const int p = skeleton::parents()[static_cast<std::size_t>(j)];
            double mean = 0;
            for (int f = 0; f < source.frames; ++f) {
                const float* a = source.at(f, j);
                const float* b = source.at(f, p);
                mean += std::hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) / source.frames;
            }
            const auto& o = offset(j);
            QVERIFY(std::abs(std::hypot(o[0], o[1], o[2]) - mean) < 1e-5);
        }
    }

    void rotationsNeverFlipBetweenFrames_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("012314") << "humanml3d_meta/samples/new_joints/012314.npy";
        QTest::newRow("000000") << "humanml3d_meta/samples/new_joints/000000.npy";
    }

    void rotationsNeverFlipBetweenFrames()
    {
        QFETCH(QString, file);
        const QString path = test::sharedFile(file);
        if (path.isEmpty() || !QFileInfo::exists(path))
            QSKIP("shared data not found");
        const JointClip source = loadJointsNpy(path);
        const double excess = worstExcessTurn(source, jointsToBvh(source));
        qInfo("%s: a joint turns at most %.1f degrees more than its bone between frames", qPrintable(file), excess);
        QVERIFY(excess < 30.0);
    }

    void keepsFrameCountAndFrameTimeExactly_data()
    {
        QTest::addColumn<double>("fps");
        QTest::newRow("20 fps") << 20.0;
        QTest::newRow("30 fps") << 30.0;
        QTest::newRow("60 fps") << 60.0;
    }

    void keepsFrameCountAndFrameTimeExactly()
    {
        QFETCH(double, fps);
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joints/000000.npy", path);
        JointClip source = loadJointsNpy(path);
        source.fps = fps;
        QTemporaryDir dir;
        const std::string file = dir.filePath("out.bvh").toStdString();
        writeBvh(file, source);
        const BvhClip back = readBvh(file);
        QCOMPARE(back.frames, source.frames);
        QCOMPARE(back.frameTime, 1.0 / fps);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"out.bvh"}); // no temporaries left
    }

    void writesShortestNumbersWithoutNoise_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("centimetres");
        QTest::newRow("humanml3d 012314 m") << "humanml3d_meta/samples/new_joints/012314.npy" << false;
        QTest::newRow("humanml3d 012314 cm") << "humanml3d_meta/samples/new_joints/012314.npy" << true;
        QTest::newRow("humanml3d 000000 m") << "humanml3d_meta/samples/new_joints/000000.npy" << false;
    }

    void writesShortestNumbersWithoutNoise()
    {
        // Values are rounded to 1e-6 file units and 1e-5 degrees, so no number needs more than
        // 4 + 6 significant digits; binary noise (-0.43243299999999996) needs 17, and "-0"
        // must not appear at all. The text must also read back to the very same doubles.
        QFETCH(QString, file);
        QFETCH(bool, centimetres);
        const QString path = test::sharedFile(file);
        if (path.isEmpty() || !QFileInfo::exists(path))
            QSKIP("shared data not found");
        const BvhClip written =
            jointsToBvh(loadJointsNpy(path), BvhWriteOptions{centimetres ? LengthUnit::Centimetres : LengthUnit::Metres});
        const std::string text = formatBvh(written);
        const test::NumberScan scan = test::scanNumbers(QString::fromStdString(text));
        qInfo("%d numbers, longest %s (%d significant digits)", scan.numbers, qPrintable(scan.longest),
              scan.longestDigits);
        QVERIFY(scan.numbers > written.frames * written.channelCount);
        QCOMPARE(scan.minusZero, 0);
        QVERIFY2(scan.longestDigits <= 10, qPrintable(scan.longest));

        const BvhClip back = parseBvh(text, "written.bvh");
        QCOMPARE(back.values.size(), written.values.size());
        for (std::size_t i = 0; i < back.values.size(); ++i)
            QVERIFY2(back.values[i] == written.values[i], qPrintable(QString::number(i)));
        for (std::size_t j = 0; j < back.joints.size(); ++j)
            QVERIFY(back.joints[j].offset == written.joints[j].offset);
        QVERIFY(formatBvh(back) == text); // format → parse → format is a fixed point
    }

    void rejectsBadInput()
    {
        JointClip empty(0, kJointCount);
        QVERIFY_THROWS_EXCEPTION(Error, jointsToBvh(empty));
        JointClip wrongJoints(3, 24);
        QVERIFY_THROWS_EXCEPTION(Error, jointsToBvh(wrongJoints));
        JointClip nan(2, kJointCount);
        nan.xyz[5] = std::nanf("");
        QVERIFY_THROWS_EXCEPTION(Error, jointsToBvh(nan));
        JointClip still(2, kJointCount);
        still.fps = 0;
        QVERIFY_THROWS_EXCEPTION(Error, jointsToBvh(still));
        try {
            writeBvh("/nonexistent-dir/out.bvh", wrongJoints);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("/nonexistent-dir/out.bvh"), e.what());
        }
    }

    void survivesDegenerateBones()
    {
        // Every joint at one point in some frames: the writer must still produce a valid
        // clip (keeping the previous rotations) rather than NaNs.
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joints/000000.npy", path);
        JointClip source = loadJointsNpy(path);
        for (int j = 0; j < kJointCount; ++j)
            for (int a = 0; a < 3; ++a)
                source.at(3, j)[a] = source.at(3, 0)[a];
        const BvhClip clip = jointsToBvh(source);
        for (double v : clip.values)
            QVERIFY(std::isfinite(v));
    }
};

QTEST_APPLESS_MAIN(TestBvhWriter)
#include "tst_bvh_writer.moc"
