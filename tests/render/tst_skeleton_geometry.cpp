// GL-free half of the renderer: bone/joint instances, shadows, grid, trail, unit meshes and
// the orbit camera.

#include "stepmotion/render/ground_geometry.h"
#include "stepmotion/render/orbit_camera.h"
#include "stepmotion/render/skeleton_geometry.h"
#include "stepmotion/render/unit_meshes.h"
#include "t_pose.h"

#include <QtTest>

#include <glm/gtc/matrix_access.hpp>

#include <cmath>

using namespace stepmotion;
using namespace stepmotion::render;

Q_DECLARE_METATYPE(glm::vec3)

namespace {

bool near(const glm::vec3& a, const glm::vec3& b, float tol = 1e-5f)
{
    return glm::length(a - b) <= tol;
}

QByteArray str(const glm::vec3& v)
{
    return QByteArray::number(v.x) + ", " + QByteArray::number(v.y) + ", " + QByteArray::number(v.z);
}

glm::vec3 joint(const float* xyz, int j)
{
    return {xyz[j * 3], xyz[j * 3 + 1], xyz[j * 3 + 2]};
}

/// Screen position in pixels (origin top-left) of a world point.
glm::vec2 project(const OrbitCamera& camera, const glm::vec3& p, float width, float height)
{
    const glm::vec4 clip = camera.projectionMatrix(width / height) * camera.viewMatrix() * glm::vec4(p, 1.0f);
    const glm::vec3 ndc = glm::vec3(clip) / clip.w;
    return {(ndc.x * 0.5f + 0.5f) * width, (0.5f - ndc.y * 0.5f) * height};
}

} // namespace

class TestSkeletonGeometry : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void boneTransformMapsUnitBone_data();
    void boneTransformMapsUnitBone();
    void degenerateBoneDrawsNothing();
    void boneInstancesFollowKnownPose();
    void jointInstancesSitOnJoints();
    void shadowsShowFootContact();
    void sceneSkipsMissingPoses();
    void rigPoseJoinsEachNodeToItsParent();
    void gridLinesOnSpacing();
    void gridOffsetSnapsToMajorLines();
    void trailRibbonColoursPastAndFuture();
    void unitMeshesFaceOutwards();
    void cameraTargetProjectsToCentre_data();
    void cameraTargetProjectsToCentre();
    void cameraFollowTracksPelvisXZ();
    void cameraPanKeepsPointUnderCursor();
    void cameraZoomAndClamps();
    void cameraFrameBoxFitsCorners();
};

void TestSkeletonGeometry::boneTransformMapsUnitBone_data()
{
    QTest::addColumn<glm::vec3>("parent");
    QTest::addColumn<glm::vec3>("child");
    QTest::newRow("up") << glm::vec3(0, 1, 0) << glm::vec3(0, 1.5f, 0);
    QTest::newRow("down (shin)") << glm::vec3(0.1f, 0.5f, 0) << glm::vec3(0.1f, 0.08f, 0.02f);
    QTest::newRow("along +X (arm)") << glm::vec3(0.2f, 1.4f, 0) << glm::vec3(0.45f, 1.4f, 0);
    QTest::newRow("along -X") << glm::vec3(-0.2f, 1.4f, 0) << glm::vec3(-0.45f, 1.4f, 0);
    QTest::newRow("diagonal") << glm::vec3(1, 2, 3) << glm::vec3(1.3f, 1.6f, 3.2f);
}

void TestSkeletonGeometry::boneTransformMapsUnitBone()
{
    QFETCH(glm::vec3, parent);
    QFETCH(glm::vec3, child);
    const float radius = 0.05f;
    const glm::mat4 m = boneTransform(parent, child, radius);
    const glm::vec3 base(m * glm::vec4(0, 0, 0, 1));
    const glm::vec3 tip(m * glm::vec4(0, 1, 0, 1));
    QVERIFY2(near(base, parent), str(base));
    QVERIFY2(near(tip, child), str(tip));
    const glm::vec3 dir = glm::normalize(child - parent);
    const glm::vec3 sideX(m * glm::vec4(1, 0, 0, 0));
    const glm::vec3 sideZ(m * glm::vec4(0, 0, 1, 0));
    QCOMPARE_LE(std::abs(glm::length(sideX) - radius), 1e-6f);
    QCOMPARE_LE(std::abs(glm::length(sideZ) - radius), 1e-6f);
    QCOMPARE_LE(std::abs(glm::dot(sideX, dir)), 1e-6f);
    QCOMPARE_LE(std::abs(glm::dot(sideZ, dir)), 1e-6f);
    QCOMPARE_LE(std::abs(glm::dot(sideX, sideZ)), 1e-6f);
    // Positive determinant: the mesh's winding (and so back-face culling) is preserved.
    QVERIFY(glm::determinant(glm::mat3(m)) > 0.0f);
}

void TestSkeletonGeometry::degenerateBoneDrawsNothing()
{
    const glm::mat4 m = boneTransform(glm::vec3(1, 1, 1), glm::vec3(1, 1, 1), 0.05f);
    QCOMPARE(m, glm::mat4(0.0f));
}

void TestSkeletonGeometry::boneInstancesFollowKnownPose()
{
    const auto pose = test::referenceTPose();
    std::vector<MeshInstance> bones;
    appendBoneInstances({pose.data(), glm::vec3(0.9f, 0.5f, 0.2f)}, bones);
    QCOMPARE(static_cast<int>(bones.size()), kJointCount - 1);
    const auto& parents = skeleton::parents();
    for (int j = 1; j < kJointCount; ++j) {
        const glm::mat4& m = bones[static_cast<std::size_t>(j - 1)].model;
        const glm::vec3 tip(m * glm::vec4(0, 1, 0, 1));
        const glm::vec3 base(m * glm::vec4(0, 0, 0, 1));
        QVERIFY2(near(tip, joint(pose.data(), j)), QByteArray(skeleton::names()[j].data()) + ": " + str(tip));
        QVERIFY2(near(base, joint(pose.data(), parents[j])), str(base));
        QCOMPARE(glm::length(glm::vec3(m[0])), boneRadius(j));
    }
    // The left arm (along +X in the T-pose) is lighter than the right arm.
    const glm::vec4 left = bones[LeftElbow - 1].color;
    const glm::vec4 right = bones[RightElbow - 1].color;
    QVERIFY(left.r > right.r && left.g > right.g);
    // Left wrist of the reference T-pose: straight out along +X at shoulder height.
    QVERIFY(joint(pose.data(), LeftWrist).x > 0.6f);
    QCOMPARE_LE(std::abs(joint(pose.data(), LeftWrist).y - joint(pose.data(), LeftShoulder).y), 1e-5f);
}

void TestSkeletonGeometry::jointInstancesSitOnJoints()
{
    const auto pose = test::referenceTPose();
    std::vector<MeshInstance> joints;
    appendJointInstances({pose.data(), glm::vec3(0.2f, 0.6f, 0.9f)}, joints);
    QCOMPARE(static_cast<int>(joints.size()), kJointCount);
    for (int j = 0; j < kJointCount; ++j) {
        const glm::mat4& m = joints[static_cast<std::size_t>(j)].model;
        QVERIFY(near(glm::vec3(m[3]), joint(pose.data(), j)));
        QCOMPARE(m[0][0], jointRadius(j));
        QCOMPARE(m[1][1], jointRadius(j));
        QVERIFY(jointRadius(j) >= boneRadius(j));
    }
    QCOMPARE(jointRadius(Head), 0.1f);
}

void TestSkeletonGeometry::shadowsShowFootContact()
{
    auto pose = test::referenceTPose();
    std::vector<ShadowBlob> grounded;
    appendShadowBlobs({pose.data(), glm::vec3(1.0f)}, 0.0f, grounded);
    // Pelvis + 4 foot joints + contact spots under the toes (the feet touch y = 0).
    QVERIFY(grounded.size() >= 7);
    for (int j = 0; j < kJointCount; ++j)
        pose[static_cast<std::size_t>(j * 3 + 1)] += 0.5f; // jump half a metre
    std::vector<ShadowBlob> airborne;
    appendShadowBlobs({pose.data(), glm::vec3(1.0f)}, 0.0f, airborne);
    QCOMPARE(static_cast<int>(airborne.size()), 5); // no contact spots in the air
    QVERIFY(airborne[0].xzRadiusOpacity.w < grounded[0].xzRadiusOpacity.w);
    QVERIFY(airborne[0].xzRadiusOpacity.z > grounded[0].xzRadiusOpacity.z);
}

void TestSkeletonGeometry::sceneSkipsMissingPoses()
{
    const auto pose = test::referenceTPose();
    const SceneInstances scene = buildSceneInstances({{pose.data(), glm::vec3(1, 0, 0)}, {nullptr, glm::vec3(1)},
                                                      {pose.data(), glm::vec3(0, 0, 1)}});
    QCOMPARE(static_cast<int>(scene.bones.size()), 2 * (kJointCount - 1));
    QCOMPARE(static_cast<int>(scene.joints.size()), 2 * kJointCount);
}

void TestSkeletonGeometry::gridLinesOnSpacing()
{
    GridOptions options;
    options.halfExtent = 2.0f;
    options.spacing = 0.5f;
    const auto lines = buildGroundGrid(options);
    QCOMPARE(static_cast<int>(lines.size()), 9 * 4); // 9 lines each way, 2 vertices each
    int originMajor = 0;
    for (std::size_t i = 0; i < lines.size(); i += 2) {
        const glm::vec3 a = lines[i].position, b = lines[i + 1].position;
        QCOMPARE(a.y, 0.0f);
        const float fixed = (a.x == b.x) ? a.x : a.z; // the coordinate that stays constant
        QCOMPARE_LE(std::abs(std::remainder(fixed, 0.5f)), 1e-6f);
        if (fixed == 0.0f && lines[i].color == options.majorColor)
            ++originMajor;
    }
    QCOMPARE(originMajor, 2);
}

void TestSkeletonGeometry::gridOffsetSnapsToMajorLines()
{
    const glm::vec3 offset = gridOffsetFor(glm::vec3(3.4f, 1.0f, -2.6f));
    QCOMPARE(offset, glm::vec3(3.0f, 0.0f, -3.0f));
}

void TestSkeletonGeometry::trailRibbonColoursPastAndFuture()
{
    const std::vector<glm::vec3> points{{0, 0, 0}, {1, 0, 0}, {1, 0, 0}, {1, 0, 1}};
    const glm::vec4 past(1, 0, 0, 1), future(0, 0, 1, 0.3f);
    const auto ribbon = buildTrailRibbon(points, 1, past, future, 0.1f);
    QCOMPARE(static_cast<int>(ribbon.size()), 3 * 6);
    QCOMPARE(ribbon[0].color, past);
    QCOMPARE(ribbon[6].color, future);
    // First segment runs along +X: its two edges are 0.1 m apart along Z.
    QCOMPARE_LE(std::abs(std::abs(ribbon[0].position.z - ribbon[1].position.z) - 0.1f), 1e-6f);
    for (const auto& v : ribbon)
        QVERIFY(std::isfinite(v.position.x) && std::isfinite(v.position.z)); // standing still is fine
    QVERIFY(buildTrailRibbon({{0, 0, 0}}, 0, past, future).empty());

    const auto pose = test::referenceTPose();
    std::vector<float> clip(pose.begin(), pose.end());
    clip.insert(clip.end(), pose.begin(), pose.end());
    clip[kJointCount * 3] += 2.0f; // second frame: pelvis 2 m along X
    const auto trail = rootTrail(clip.data(), 2, 0.0f);
    QCOMPARE(static_cast<int>(trail.size()), 2);
    QCOMPARE(trail[1], glm::vec3(2.0f, 0.0f, 0.0f));
}

void TestSkeletonGeometry::unitMeshesFaceOutwards()
{
    // Outward direction of a face at `centroid` for each mesh: away from the cylinder's axis,
    // away from the sphere's centre, up for the ground disc.
    const std::vector<std::pair<UnitMesh, glm::vec3 (*)(const glm::vec3&)>> meshes{
        {unitCylinder(), [](const glm::vec3& c) { return glm::vec3(c.x, 0.0f, c.z); }},
        {unitSphere(), [](const glm::vec3& c) { return c; }},
        {unitDisc(), [](const glm::vec3&) { return glm::vec3(0, 1, 0); }},
    };
    for (const auto& [mesh, outward] : meshes) {
        QVERIFY(!mesh.indices.empty());
        QCOMPARE(static_cast<int>(mesh.indices.size() % 3), 0);
        for (std::size_t i = 0; i < mesh.indices.size(); i += 3) {
            for (std::size_t k = 0; k < 3; ++k)
                QVERIFY(mesh.indices[i + k] < mesh.vertices.size());
            const glm::vec3 a = mesh.vertices[mesh.indices[i]].position;
            const glm::vec3 b = mesh.vertices[mesh.indices[i + 1]].position;
            const glm::vec3 c = mesh.vertices[mesh.indices[i + 2]].position;
            const glm::vec3 faceNormal = glm::cross(b - a, c - a);
            QVERIFY2(glm::dot(faceNormal, outward((a + b + c) / 3.0f)) > 0.0f,
                     "triangle is not counter-clockwise seen from outside");
        }
    }
    for (const auto& v : unitSphere().vertices) {
        QCOMPARE_LE(std::abs(glm::length(v.position) - 1.0f), 1e-5f);
        QVERIFY(near(v.position, v.normal));
    }
    for (const auto& v : unitCylinder().vertices)
        QCOMPARE_LE(std::abs(glm::length(v.normal) - 1.0f), 1e-5f);
}

void TestSkeletonGeometry::cameraTargetProjectsToCentre_data()
{
    QTest::addColumn<float>("yaw");
    QTest::addColumn<float>("pitch");
    QTest::addColumn<float>("distance");
    QTest::addColumn<float>("aspect");
    QTest::newRow("default") << 30.0f << 12.0f << 4.0f << 16.0f / 9.0f;
    QTest::newRow("front") << 0.0f << 0.0f << 2.5f << 1.0f;
    QTest::newRow("from above") << -120.0f << 80.0f << 10.0f << 0.75f;
    QTest::newRow("from below") << 200.0f << -10.0f << 1.0f << 2.0f;
}

void TestSkeletonGeometry::cameraTargetProjectsToCentre()
{
    QFETCH(float, yaw);
    QFETCH(float, pitch);
    QFETCH(float, distance);
    QFETCH(float, aspect);
    OrbitCamera camera;
    camera.setYaw(yaw);
    camera.setPitch(pitch);
    camera.setDistance(distance);
    camera.setTarget(glm::vec3(1.5f, 0.9f, -2.0f));
    const glm::vec2 px = project(camera, camera.target(), 400.0f * aspect, 400.0f);
    QCOMPARE_LE(std::abs(px.x - 200.0f * aspect), 1e-3f);
    QCOMPARE_LE(std::abs(px.y - 200.0f), 1e-3f);
    QCOMPARE_LE(std::abs(glm::length(camera.eye() - camera.target()) - distance), 1e-4f);
}

void TestSkeletonGeometry::cameraFollowTracksPelvisXZ()
{
    OrbitCamera camera;
    camera.setTarget(glm::vec3(0.0f, 0.9f, 0.0f));
    QVERIFY(camera.following());
    camera.track(glm::vec3(2.0f, 1.1f, -3.0f));
    QCOMPARE(camera.target(), glm::vec3(2.0f, 0.9f, -3.0f)); // height kept
    // Anchored with an offset (e.g. framing a leaning body), the offset is kept.
    camera.setTarget(glm::vec3(2.5f, 0.9f, -3.0f));
    camera.anchorFollow(glm::vec3(2.0f, 1.1f, -3.0f));
    camera.track(glm::vec3(4.0f, 1.0f, 1.0f));
    QCOMPARE(camera.target(), glm::vec3(4.5f, 0.9f, 1.0f));
    // Panning while following moves the offset, so it survives the next track().
    const glm::vec3 before = camera.target();
    camera.pan(50.0f, 0.0f, 600.0f);
    const glm::vec3 panned = camera.target();
    QVERIFY(glm::length(panned - before) > 0.01f);
    camera.track(glm::vec3(4.0f, 1.0f, 1.0f));
    QVERIFY(near(camera.target(), panned));
    camera.setFollowing(false);
    camera.track(glm::vec3(5.0f, 1.0f, 5.0f));
    QVERIFY(near(camera.target(), panned));
}

void TestSkeletonGeometry::cameraPanKeepsPointUnderCursor()
{
    OrbitCamera camera;
    const glm::vec3 before = camera.target();
    camera.pan(40.0f, -25.0f, 600.0f);
    const glm::vec2 px = project(camera, before, 800.0f, 600.0f);
    QCOMPARE_LE(std::abs(px.x - (400.0f + 40.0f)), 0.05f);
    QCOMPARE_LE(std::abs(px.y - (300.0f - 25.0f)), 0.05f);
}

void TestSkeletonGeometry::cameraZoomAndClamps()
{
    OrbitCamera camera;
    camera.setDistance(4.0f);
    camera.zoom(1.0f);
    QVERIFY(camera.distance() < 4.0f);
    camera.zoom(-2.0f);
    QVERIFY(camera.distance() > 4.0f);
    camera.zoom(200.0f);
    QCOMPARE(camera.distance(), 0.5f);
    camera.setPitch(120.0f);
    QCOMPARE(camera.pitch(), 85.0f);
}

void TestSkeletonGeometry::cameraFrameBoxFitsCorners()
{
    OrbitCamera camera;
    const glm::vec3 lo(-0.9f, 0.0f, -0.3f), hi(0.9f, 1.75f, 0.3f);
    camera.frameBox(lo, hi, 16.0f / 9.0f);
    QCOMPARE(camera.target(), (lo + hi) * 0.5f);
    for (int i = 0; i < 8; ++i) {
        const glm::vec3 corner((i & 1) ? hi.x : lo.x, (i & 2) ? hi.y : lo.y, (i & 4) ? hi.z : lo.z);
        const glm::vec2 px = project(camera, corner, 1600.0f, 900.0f);
        QVERIFY2(px.x > 0 && px.x < 1600 && px.y > 0 && px.y < 900, str(corner));
    }
}

void TestSkeletonGeometry::rigPoseJoinsEachNodeToItsParent()
{
    // A three-node chain with a second root: root -> a -> b, and a lone node.
    const std::vector<int> parents = {-1, 0, 1, -1};
    const float xyz[] = {0, 1, 0, 0, 1.5f, 0, 0.5f, 1.5f, 0, 2, 0, 0};
    SceneInstances scene;
    appendRigInstances(RigPose{xyz, &parents, glm::vec3(0.2f, 0.4f, 0.6f)}, scene);
    QCOMPARE(scene.joints.size(), std::size_t(4));
    QCOMPARE(scene.bones.size(), std::size_t(2));
    // The second bone runs from a (0, 1.5, 0) to b (0.5, 1.5, 0): the unit bone's top lands on b.
    const glm::vec4 top = scene.bones[1].model * glm::vec4(0, 1, 0, 1);
    QVERIFY(glm::length(glm::vec3(top) - glm::vec3(0.5f, 1.5f, 0)) < 1e-5f);
    QVERIFY(std::abs(glm::length(glm::vec3(scene.bones[1].model[0])) - kRigBoneRadius) < 1e-6f);
    QVERIFY(glm::length(glm::vec3(scene.joints[3].model[3]) - glm::vec3(2, 0, 0)) < 1e-6f);
    QVERIFY(std::abs(scene.joints[3].model[0][0] - kRigNodeRadius) < 1e-6f);
    appendRigInstances(RigPose{}, scene); // nothing to draw
    QCOMPARE(scene.joints.size(), std::size_t(4));
}

QTEST_APPLESS_MAIN(TestSkeletonGeometry)
#include "tst_skeleton_geometry.moc"
