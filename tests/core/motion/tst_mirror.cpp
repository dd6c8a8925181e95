#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/feature_codec.h"
#include "stepmotion/core/formats/npy.h"

#include "motion_fixtures.h"
#include "test_data.h"

#include <QTest>

#include <algorithm>
#include <cmath>

using namespace stepmotion;

namespace {

using test::loadFeatures;
using test::loadJoints;

double maxDiff(const std::vector<float>& a, const std::vector<float>& b)
{
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, double(std::abs(a[i] - b[i])));
    return worst;
}

QString sample(const char* folder, const QString& id)
{
    return test::sharedFile(QStringLiteral("humanml3d_meta/samples/")) + folder + "/" + id + ".npy";
}

} // namespace

class TestMirror : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void samples_data()
    {
        QTest::addColumn<QString>("id");
        QTest::newRow("012314") << "012314";
        QTest::newRow("000000") << "000000";
    }

    void mirrorJointsSwapsSidesAndFlipsX_data() { samples_data(); }
    void mirrorJointsSwapsSidesAndFlipsX()
    {
        QFETCH(QString, id);
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joints/012314.npy", probe);
        const JointClip joints = loadJoints(sample("new_joints", id));
        const JointClip mirrored = mirrorJoints(joints);
        QCOMPARE(mirrored.frames, joints.frames);
        const int t = joints.frames / 2;
        QCOMPARE(mirrored.at(t, LeftWrist)[0], -joints.at(t, RightWrist)[0]);
        QCOMPARE(mirrored.at(t, LeftWrist)[1], joints.at(t, RightWrist)[1]);
        QCOMPARE(mirrored.at(t, LeftWrist)[2], joints.at(t, RightWrist)[2]);
        QCOMPARE(mirrored.at(t, Head)[0], -joints.at(t, Head)[0]);
        QCOMPARE(mirrorJoints(mirrored).xyz, joints.xyz); // an exact involution
    }

    void mirrorFeaturesIsAnInvolution_data() { samples_data(); }
    void mirrorFeaturesIsAnInvolution()
    {
        QFETCH(QString, id);
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joint_vecs/012314.npy", probe);
        const FeatureClip features = loadFeatures(sample("new_joint_vecs", id));
        const FeatureClip mirrored = mirrorFeatures(features);
        QCOMPARE(mirrored.frames, features.frames);
        QVERIFY(mirrored.values != features.values);
        QCOMPARE(mirrorFeatures(mirrored).values, features.values);
    }

    void decodeCommutesWithMirror_data() { samples_data(); }
    void decodeCommutesWithMirror()
    {
        QFETCH(QString, id);
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joint_vecs/012314.npy", probe);
        const FeatureClip features = loadFeatures(sample("new_joint_vecs", id));
        const double err = maxDiff(decodeFeatures(mirrorFeatures(features)).xyz,
                                   mirrorJoints(decodeFeatures(features)).xyz);
        qInfo("%s: decode(mirror(f)) vs mirror(decode(f)) max abs error %.3g m", qPrintable(id), err);
        QVERIFY2(err <= 1e-4, qPrintable(QString::number(err)));
    }

    // Covers every block, rotations and contacts included. Without re-proportioning, since
    // the reference skeleton is slightly asymmetric (uniform_skeleton measures the right leg).
    void encodeCommutesWithMirror_data() { samples_data(); }
    void encodeCommutesWithMirror()
    {
        QFETCH(QString, id);
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joints/012314.npy", probe);
        const JointClip joints = loadJoints(sample("new_joints", id));
        FeatureEncodeOptions options;
        options.uniformSkeleton = false;
        const FeatureClip a = mirrorFeatures(encodeFeatures(joints, options));
        const FeatureClip b = encodeFeatures(mirrorJoints(joints), options);
        const double err = maxDiff(a.values, b.values);
        qInfo("%s: mirror(encode(j)) vs encode(mirror(j)) max abs error %.3g", qPrintable(id), err);
        QVERIFY2(err <= 1e-4, qPrintable(QString::number(err)));
    }

    void badInputIsRejected()
    {
        try {
            mirrorJoints(JointClip(4, 24));
            QFAIL("24 joints accepted");
        } catch (const Error& e) {
            QVERIFY(QString::fromStdString(e.what()).contains("expected 22 joints, got 24"));
        }
        FeatureClip broken(3);
        broken.values.resize(10);
        try {
            mirrorFeatures(broken);
            QFAIL("mis-sized features accepted");
        } catch (const Error& e) {
            QVERIFY(QString::fromStdString(e.what()).contains("holds 10 values for 3 frames"));
        }
        QCOMPARE(mirrorFeatures(FeatureClip(0)).frames, 0);
        QCOMPARE(mirrorJoints(JointClip(0, kJointCount)).frames, 0);
    }
};

QTEST_APPLESS_MAIN(TestMirror)
#include "tst_mirror.moc"
