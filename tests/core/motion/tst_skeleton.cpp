#include "stepmotion/core/formats/npy.h"
#include "stepmotion/core/motion/skeleton.h"

#include "test_data.h"

#include <QTest>

#include <cmath>
#include <set>

using namespace stepmotion;

class TestSkeleton : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parentsAreTopological()
    {
        const auto& parents = skeleton::parents();
        QCOMPARE(parents[0], -1);
        for (int j = 1; j < kJointCount; ++j) {
            QVERIFY(parents[static_cast<std::size_t>(j)] >= 0);
            QVERIFY(parents[static_cast<std::size_t>(j)] < j);
        }
    }

    void namesAndLookup()
    {
        QCOMPARE(skeleton::names()[LeftWrist], std::string_view("left_wrist"));
        QCOMPARE(skeleton::jointIndex("right_knee"), int(RightKnee));
        QCOMPARE(skeleton::jointIndex("tail"), -1);
        std::set<std::string_view> unique(skeleton::names().begin(), skeleton::names().end());
        QCOMPARE(int(unique.size()), kJointCount);
    }

    void mirrorIsAnInvolutionSwappingSides()
    {
        const auto& mirror = skeleton::mirrorMap();
        for (int j = 0; j < kJointCount; ++j) {
            const int m = mirror[static_cast<std::size_t>(j)];
            QCOMPARE(mirror[static_cast<std::size_t>(m)], j);
            const std::string name(skeleton::names()[static_cast<std::size_t>(j)]);
            const std::string other(skeleton::names()[static_cast<std::size_t>(m)]);
            if (name.rfind("left_", 0) == 0)
                QCOMPARE(other, "right_" + name.substr(5));
            else if (name.rfind("right_", 0) == 0)
                QCOMPARE(other, "left_" + name.substr(6));
            else
                QCOMPARE(m, j);
        }
    }

    void chainsFollowParents()
    {
        std::set<int> covered;
        for (const auto& chain : skeleton::kinematicChains()) {
            for (std::size_t i = 1; i < chain.size(); ++i) {
                QCOMPARE(skeleton::parents()[static_cast<std::size_t>(chain[i])], chain[i - 1]);
                covered.insert(chain[i]);
            }
        }
        QCOMPARE(int(covered.size()), kJointCount - 1); // every joint but the pelvis
    }

    void referenceLengthsMatchHumanML3DExample()
    {
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/joints/000021.npy", path);
        const NpyArray a = readNpy(path.toStdString());
        QCOMPARE(a.shape.size(), std::size_t(3));
        for (int j = 1; j < kJointCount; ++j) {
            const int p = skeleton::parents()[static_cast<std::size_t>(j)];
            double d2 = 0;
            for (int k = 0; k < 3; ++k) {
                const double d = a.data[static_cast<std::size_t>(j * 3 + k)] - a.data[static_cast<std::size_t>(p * 3 + k)];
                d2 += d * d;
            }
            QVERIFY(std::abs(std::sqrt(d2) - skeleton::referenceBoneLengths()[static_cast<std::size_t>(j)]) < 1e-6);
        }
    }
};

QTEST_APPLESS_MAIN(TestSkeleton)
#include "tst_skeleton.moc"
