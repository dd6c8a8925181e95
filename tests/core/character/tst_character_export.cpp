// Export onto the user's own character (character.h). Characters in five conventions (Mixamo
// FBX Y-up cm, Unreal FBX Z-up cm A-pose, Unity GLB under a 0.01 armature, Rigify glTF Y-up m,
// cgspeed CMU BVH cm; character_fixtures.h) and the two rigs the project ships (Bandai, Daz's
// CMU) are mapped automatically, two real clips are exported onto them, and the files are read
// back with Assimp:
//  - every limb, neck and spine bone points where the clip's does, within 2 degrees;
//  - whenever the clip has a foot on its floor, the character's lower foot is within 1 cm of its
//    rest height (the floor it stands on), and the root path is scaled by the leg ratio;
//  - frame count and duration are exact, and the nodes the motion does not move keep their rest
//    transform (IK bones, the Unreal root, the Unity armature).

#include "character_fixtures.h"
#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/character/character.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/export/motion_export.h"
#include "stepmotion/core/import/motion_io.h"

#include <assimp/Importer.hpp>
#include <assimp/scene.h>

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace stepmotion;

namespace {

const char* const kClips[] = {"resources/examples/cmu_05_01_walk.npy", "resources/examples/cmu_02_04_jump.npy"};

std::string sourceFile(const char* rel) { return std::string(STEPMOTION_SOURCE_DIR "/") + rel; }

/// Bones aimed exactly: those whose parent joint holds only that bone in the 22-joint skeleton,
/// and the centre line out of the pelvis and the chest (the hips and collars only turn about it).
constexpr int kAimedBones[][2] = {
    {LeftHip, LeftKnee},        {LeftKnee, LeftAnkle},        {LeftAnkle, LeftFoot},      {RightHip, RightKnee},
    {RightKnee, RightAnkle},    {RightAnkle, RightFoot},      {LeftCollar, LeftShoulder}, {LeftShoulder, LeftElbow},
    {LeftElbow, LeftWrist},     {RightCollar, RightShoulder}, {RightShoulder, RightElbow}, {RightElbow, RightWrist},
    {Neck, Head},               {Spine2, Spine3},             {Spine1, Spine2},           {Pelvis, Spine1},
    {Spine3, Neck},
};
constexpr int kFeet[] = {LeftAnkle, RightAnkle, LeftFoot, RightFoot};

glm::dvec3 at(const JointClip& c, int f, int j)
{
    const float* p = c.at(f, j);
    return glm::dvec3(p[0], p[1], p[2]);
}

double angleDegrees(const glm::dvec3& a, const glm::dvec3& b)
{
    return glm::degrees(std::atan2(glm::length(glm::cross(a, b)), glm::dot(a, b)));
}

/// What the export of one clip onto one character measures.
struct Measured {
    double worstBone = 0;   // degrees, over kAimedBones and frames
    std::string worstName;
    double worstTrunk = 0;  // degrees: hips and collars from the pelvis and chest (the skeletons' own offsets)
    std::string worstTrunkName;
    double worstFoot = 0;   // metres: |character's lower foot - clip's, scaled| above their floors
    int contactFrames = 0;  // frames with the clip's lower foot on its floor
    double worstContact = 0; // metres: the character's lower foot above its floor on those frames
    double groundLow = 1e9, groundHigh = -1e9; // metres: the lower foot point's height on contact frames
    double worstPreview = 0; // metres: characterWorldPositions against the file's nodes
    double pathRatio = 0;   // character's pelvis travel / (clip's travel x leg ratio)
};

/// Reads the export back with Assimp and compares it with the clip in the neutral frame.
/// `axes` turns the clip's frame into the file's; `metresPerUnit` scales what Assimp returns.
Measured measure(const JointClip& clip, const Character& character, const CharacterMapping& mapping,
                 const std::string& exported, const glm::dmat3& axes, double metresPerUnit,
                 const std::array<double, 4>& restFootHeights)
{
    std::vector<std::string> names;
    std::vector<int> slot(kJointCount, -1);
    for (int j = 0; j < kJointCount; ++j) {
        const RigJointSource& s = mapping.joints[static_cast<std::size_t>(j)];
        if (!s.to.empty() || s.from.find("/end") != std::string::npos)
            continue;
        slot[static_cast<std::size_t>(j)] = static_cast<int>(names.size());
        names.push_back(s.from);
    }
    const JointClip back = importNodesWithAssimp(exported, names);
    if (back.frames != clip.frames)
        throw std::runtime_error("frame count " + std::to_string(back.frames) + " vs " + std::to_string(clip.frames));
    auto charAt = [&](int f, int j) {
        return glm::transpose(axes) * (at(back, f, slot[static_cast<std::size_t>(j)]) * metresPerUnit);
    };
    Measured m;
    double clipLeg = 0, charLeg = 0;
    for (int f = 0; f < clip.frames; ++f) {
        for (const auto& bone : kAimedBones) {
            if (slot[static_cast<std::size_t>(bone[0])] < 0 || slot[static_cast<std::size_t>(bone[1])] < 0)
                continue;
            const double a = angleDegrees(charAt(f, bone[1]) - charAt(f, bone[0]), at(clip, f, bone[1]) - at(clip, f, bone[0]));
            if (a > m.worstBone) {
                m.worstBone = a;
                m.worstName = std::string(skeleton::names()[static_cast<std::size_t>(bone[1])]);
            }
        }
        for (const auto& bone : {std::pair{Pelvis, LeftHip}, std::pair{Pelvis, RightHip}, std::pair{Spine3, LeftCollar},
                                 std::pair{Spine3, RightCollar}}) {
            if (slot[static_cast<std::size_t>(bone.first)] < 0 || slot[static_cast<std::size_t>(bone.second)] < 0)
                continue;
            const double a = angleDegrees(charAt(f, bone.second) - charAt(f, bone.first), at(clip, f, bone.second) - at(clip, f, bone.first));
            if (a > m.worstTrunk) {
                m.worstTrunk = a;
                m.worstTrunkName = std::string(skeleton::names()[static_cast<std::size_t>(bone.second)]);
            }
        }
        for (const auto& [a, b] : {std::pair{LeftHip, LeftKnee}, std::pair{LeftKnee, LeftAnkle}}) {
            clipLeg += glm::length(at(clip, f, b) - at(clip, f, a)) / clip.frames;
            charLeg += glm::length(charAt(f, b) - charAt(f, a)) / clip.frames;
        }
    }
    // Feet: the clip's floor per foot point as clipFloorHeights has it (checked here only in that
    // the clip's feet are on it on many frames). The character's
    // lower foot must stand as high above its rest height as the clip's above its floor, scaled
    // by the leg ratio, on every frame (so planted when the clip's is).
    const double legRatio = charLeg / clipLeg;
    const std::array<double, 4> floor = clipFloorHeights(clip);
    for (int f = 0; f < clip.frames; ++f) {
        double clipLow = 1e9, charLow = 1e9;
        for (std::size_t k = 0; k < 4; ++k) {
            if (slot[static_cast<std::size_t>(kFeet[k])] < 0)
                continue; // Daz's toes are End Sites, which Assimp does not name
            clipLow = std::min(clipLow, std::max(0.0, at(clip, f, kFeet[k]).y - floor[k]));
            charLow = std::min(charLow, charAt(f, kFeet[k]).y - restFootHeights[k]);
        }
        m.worstFoot = std::max(m.worstFoot, std::abs(charLow - legRatio * clipLow));
        if (clipLow == 0.0) {
            ++m.contactFrames;
            m.worstContact = std::max(m.worstContact, charLow);
            double lowest = 1e9; // absolute: the character stands on its ground, not under it
            for (std::size_t k = 0; k < 4; ++k) {
                if (slot[static_cast<std::size_t>(kFeet[k])] >= 0)
                    lowest = std::min(lowest, charAt(f, kFeet[k]).y);
            }
            m.groundLow = std::min(m.groundLow, lowest);
            m.groundHigh = std::max(m.groundHigh, lowest);
        }
    }
    const glm::dvec3 clipTravel = at(clip, clip.frames - 1, Pelvis) - at(clip, 0, Pelvis);
    const glm::dvec3 charTravel = charAt(clip.frames - 1, Pelvis) - charAt(0, Pelvis);
    const double h1 = std::hypot(clipTravel.x, clipTravel.z), h2 = std::hypot(charTravel.x, charTravel.z);
    m.pathRatio = h1 > 0.2 ? h2 / (h1 * charLeg / clipLeg) : 1.0;
    // The preview (characterWorldPositions, in the clip's frame) is where the file puts the nodes.
    const CharacterMotion solved = retargetOntoCharacter(clip, character, mapping);
    const JointClip preview = characterWorldPositions(character, solved);
    for (int f = 0; f < clip.frames; ++f) {
        for (int j = 0; j < kJointCount; ++j) {
            if (slot[static_cast<std::size_t>(j)] < 0)
                continue;
            const int node = character.nodeIndex(names[static_cast<std::size_t>(slot[static_cast<std::size_t>(j)])]);
            m.worstPreview = std::max(m.worstPreview, glm::length(at(preview, f, node) - charAt(f, j)));
        }
    }
    return m;
}

/// The fixture written into `dir` with Assimp (or as BVH) and read back as a character.
Character writtenCharacter(const test::FixtureCharacter& fixture, const QTemporaryDir& dir)
{
    const std::string path = dir.filePath(QString::fromStdString("character" + fixture.extension)).toStdString();
    test::writeCharacter(fixture, path);
    return loadCharacter(path);
}

std::array<double, 4> fixtureFootHeights(const test::FixtureCharacter& c, const CharacterMapping& mapping)
{
    std::array<double, 4> h{};
    for (std::size_t k = 0; k < 4; ++k) {
        const int i = test::fixtureIndex(c, mapping.joints[static_cast<std::size_t>(kFeet[k])].from);
        h[k] = i < 0 ? 0.0 : c.joints[static_cast<std::size_t>(i)].position.y;
    }
    return h;
}

} // namespace

class CharacterExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mapsEveryConvention_data();
    void mapsEveryConvention();
    void exportFollowsTheMotion_data();
    void exportFollowsTheMotion();
    void shippedRigsAsCharacters_data();
    void shippedRigsAsCharacters();
    void keepsTheCharactersOwnFile();
    void mappingFileNamesWhatIsWrong();
    void refusesWhatItCannotWrite();
    void fbxRotationCurvesTurnSmoothly();
};

void CharacterExport::mapsEveryConvention_data()
{
    QTest::addColumn<int>("index");
    const auto all = test::fixtureCharacters();
    for (std::size_t i = 0; i < all.size(); ++i)
        QTest::newRow(all[i].convention.c_str()) << static_cast<int>(i);
}

void CharacterExport::mapsEveryConvention()
{
    QFETCH(int, index);
    const test::FixtureCharacter fixture = test::fixtureCharacters()[static_cast<std::size_t>(index)];
    QTemporaryDir dir;
    const Character character = writtenCharacter(fixture, dir);
    const CharacterMapping mapping = mapCharacter(character);
    QVERIFY(mapping.unmapped().empty());
    for (const auto& [joint, node] : fixture.expected)
        QCOMPARE(QString::fromStdString(mapping.joints[static_cast<std::size_t>(joint)].from), QString::fromStdString(node));
    // Units: 1 cm per unit for the cm files, metres for glTF (the Unity armature's 0.01 is a node scale).
    QVERIFY(std::abs(character.metresPerUnit - 1.0 / fixture.unitsPerMetre) < 1e-9);
}

void CharacterExport::exportFollowsTheMotion_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("clip");
    const auto all = test::fixtureCharacters();
    for (std::size_t i = 0; i < all.size(); ++i) {
        for (const char* clip : kClips) {
            const QString name = QString::fromStdString(all[i].convention) + QLatin1Char(' ') + QFileInfo(QString::fromLatin1(clip)).baseName();
            QTest::newRow(qPrintable(name)) << static_cast<int>(i) << QString::fromLatin1(clip);
        }
    }
}

void CharacterExport::exportFollowsTheMotion()
{
    QFETCH(int, index);
    QFETCH(QString, clip);
    const test::FixtureCharacter fixture = test::fixtureCharacters()[static_cast<std::size_t>(index)];
    QTemporaryDir dir;
    const Character character = writtenCharacter(fixture, dir);
    const CharacterMapping mapping = mapCharacter(character);
    const JointClip motion = loadJointClip(sourceFile(qPrintable(clip)));
    const std::string out = dir.filePath(QString::fromStdString("moving" + fixture.extension)).toStdString();
    exportOntoCharacter(motion, character, mapping, out, motion.fps);

    const AnimationSummary summary = inspectWithAssimp(out);
    QCOMPARE(summary.keys, motion.frames);
    QVERIFY(summary.ticksPerSecond > 0);
    QVERIFY(std::abs(summary.durationTicks / summary.ticksPerSecond - (motion.frames - 1) / motion.fps) < 1e-6);

    // glTF stores the marker mesh's inverse bind matrices as written: exactly affine, since
    // glTF-Validator rejects a corner of 1.0000001 (ACCESSOR_INVALID_IBM). (Assimp's FBX reader
    // inverts the bind poses itself.)
    if (fixture.extension == ".glb" || fixture.extension == ".gltf") {
        Assimp::Importer importer;
        const aiScene* scene = importer.ReadFile(out, 0u);
        QVERIFY(scene && scene->mNumMeshes == 1 && scene->mMeshes[0]->mNumBones > 0);
        for (unsigned b = 0; b < scene->mMeshes[0]->mNumBones; ++b) {
            const aiMatrix4x4& m = scene->mMeshes[0]->mBones[b]->mOffsetMatrix;
            QVERIFY2(m.d1 == 0.0f && m.d2 == 0.0f && m.d3 == 0.0f && m.d4 == 1.0f,
                     qPrintable(QStringLiteral("bone %1's bottom row %2 %3 %4 %5").arg(b).arg(m.d1).arg(m.d2).arg(m.d3).arg(m.d4, 0, 'g', 9)));
        }
    }
    // Assimp returns FBX and glTF in metres, BVH in the file's unit.
    const double metresPerUnit = fixture.extension == ".bvh" ? 1.0 / fixture.unitsPerMetre : 1.0;
    const Measured m = measure(motion, character, mapping, out, fixture.axes, metresPerUnit, fixtureFootHeights(fixture, mapping));
    qInfo("%s: worst limb/spine bone %.3f deg (%s), trunk %.2f deg (%s), foot %.2f mm (%.1f mm on %d contact frames), path ratio %.4f",
          fixture.convention.c_str(), m.worstBone, m.worstName.c_str(), m.worstTrunk, m.worstTrunkName.c_str(), 1000 * m.worstFoot, 1000 * m.worstContact,
          m.contactFrames, m.pathRatio);
    QVERIFY2(m.worstPreview < 1e-3, qPrintable(QStringLiteral("preview %1 m off").arg(m.worstPreview)));
    QVERIFY2(m.groundLow > -0.005 && m.groundHigh < 0.06, qPrintable(QStringLiteral("planted foot at %1..%2 m").arg(m.groundLow).arg(m.groundHigh)));
    QVERIFY2(m.worstBone <= 2.0, qPrintable(QStringLiteral("%1 deg at %2").arg(m.worstBone).arg(QString::fromStdString(m.worstName))));
    QVERIFY(m.contactFrames > motion.frames / 10);
    QVERIFY(m.worstContact <= 0.01);
    QVERIFY2(m.worstFoot <= 0.01, qPrintable(QStringLiteral("foot %1 m off the floor").arg(m.worstFoot)));
    QVERIFY2(std::abs(m.pathRatio - 1.0) < 0.02, qPrintable(QStringLiteral("path ratio %1").arg(m.pathRatio)));
    // The hips and collars sit at angles from the pelvis and chest that differ between the
    // character's rest shape and the clip's skeleton: they only turn about the aimed centre line.
    QVERIFY2(m.worstTrunk <= 30.0, qPrintable(QStringLiteral("trunk %1 deg").arg(m.worstTrunk)));
}

void CharacterExport::shippedRigsAsCharacters_data()
{
    QTest::addColumn<QString>("rig");
    QTest::newRow("bandai") << QStringLiteral("resources/rigs/bandai_skeleton.bvh");
    QTest::newRow("daz cmu") << QStringLiteral("resources/rigs/cmu_skeleton.bvh");
}

void CharacterExport::shippedRigsAsCharacters()
{
    QFETCH(QString, rig);
    const Character character = loadCharacter(sourceFile(qPrintable(rig)));
    const CharacterMapping mapping = mapCharacter(character);
    QTemporaryDir dir;
    const std::string out = dir.filePath(QStringLiteral("walk.bvh")).toStdString();
    const JointClip motion = loadJointClip(sourceFile(kClips[0]));
    exportOntoCharacter(motion, character, mapping, out, motion.fps);
    const BvhClip written = readBvh(out);
    QCOMPARE(written.frames, motion.frames);
    QCOMPARE(written.joints.size(), character.bvh.joints.size());
    for (std::size_t j = 0; j < written.joints.size(); ++j) {
        QCOMPARE(QString::fromStdString(written.joints[j].name), QString::fromStdString(character.bvh.joints[j].name));
        QVERIFY(written.joints[j].channels == character.bvh.joints[j].channels); // the rig's own channel orders
        for (int a = 0; a < 3 && written.joints[j].parent >= 0; ++a) // a root OFFSET moves into the channels
            QVERIFY(std::abs(written.joints[j].offset[static_cast<std::size_t>(a)] - character.bvh.joints[j].offset[static_cast<std::size_t>(a)]) < 1e-5);
    }
    // Neither rig's first frame is a standing pose (Daz: hips at the origin; Bandai: a walk's
    // first frame, the right foot 9 cm up), so the feet are planted where the clip's are, scaled.
    const double scale = retargetOntoCharacter(motion, character, mapping).pathScale;
    const std::array<double, 4> clipFloor = clipFloorHeights(motion);
    std::array<double, 4> feet{};
    for (std::size_t k = 0; k < 4; ++k)
        feet[k] = scale * clipFloor[k];
    const Measured m = measure(motion, character, mapping, out, glm::dmat3(1.0), 1.0, feet);
    qInfo("%s: worst bone %.3f deg (%s), trunk %.2f deg (%s), foot %.2f mm (%.1f mm on %d contact frames, at %.3f..%.3f m), path ratio %.4f",
          qPrintable(rig), m.worstBone, m.worstName.c_str(), m.worstTrunk, m.worstTrunkName.c_str(), 1000 * m.worstFoot,
          1000 * m.worstContact, m.contactFrames, m.groundLow, m.groundHigh, m.pathRatio);
    QVERIFY2(m.worstPreview < 1e-3, qPrintable(QStringLiteral("preview %1 m off").arg(m.worstPreview)));
    QVERIFY(m.worstBone <= 2.0);
    QVERIFY(std::abs(m.pathRatio - 1.0) < 0.02);
    // Planted on the ground: the toe joints a few centimetres up (Daz: the ankles, 8-13 cm).
    QVERIFY2(m.groundLow > -0.005 && m.groundHigh < 0.13, qPrintable(QStringLiteral("planted foot at %1..%2 m").arg(m.groundLow).arg(m.groundHigh)));
    // Daz's toes are End Sites, which Assimp does not name: its feet are measured at the ankles,
    // while the export plants whichever of ankle and toe is lower.
    if (mapping.joints[LeftFoot].from.find("/end") == std::string::npos)
        QVERIFY(m.worstFoot <= 0.01 && m.worstContact <= 0.01);
}

void CharacterExport::keepsTheCharactersOwnFile()
{
    QTemporaryDir dir;
    const test::FixtureCharacter unreal = test::unrealCharacter();
    const std::string path = dir.filePath(QStringLiteral("mannequin.fbx")).toStdString();
    test::writeCharacter(unreal, path);
    const Character character = loadCharacter(path);
    QVERIFY(character.axes.present);
    QCOMPARE(character.axes.upAxis, 2);
    const JointClip motion = loadJointClip(sourceFile(kClips[0]));
    const std::string out = dir.filePath(QStringLiteral("walk.fbx")).toStdString();
    exportOntoCharacter(motion, character, mapCharacter(character), out, 30.0);
    const Character back = loadCharacter(out);
    QCOMPARE(back.axes.upAxis, 2);
    QCOMPARE(back.axes.unitScaleFactor, 1.0);
    const AnimationSummary summary = inspectWithAssimp(out);
    const int frames = static_cast<int>(std::floor(motion.durationSeconds() * 30.0 + 1e-9)) + 1;
    QCOMPARE(summary.keys, frames);
    QVERIFY(std::abs(summary.durationTicks / summary.ticksPerSecond - (frames - 1) / 30.0) < 1e-6);
    // Only the pelvis moves, every character node comes back with its rest transform.
    QCOMPARE(summary.translatedNodes, std::vector<std::string>{"pelvis"});
    for (const char* name : {"root", "ik_foot_l", "clavicle_r", "thigh_twist_01_l"}) {
        const int a = character.nodeIndex(name), b = back.nodeIndex(name);
        QVERIFY2(a >= 0 && b >= 0, name);
        for (int k = 0; k < 3; ++k) {
            QVERIFY(std::abs(character.nodes[static_cast<std::size_t>(a)].translation[static_cast<std::size_t>(k)] -
                             back.nodes[static_cast<std::size_t>(b)].translation[static_cast<std::size_t>(k)]) < 1e-3);
        }
        QVERIFY(std::abs(std::abs(glm::dot(glm::dvec4(character.nodes[static_cast<std::size_t>(a)].rotation[0], character.nodes[static_cast<std::size_t>(a)].rotation[1],
                                                       character.nodes[static_cast<std::size_t>(a)].rotation[2], character.nodes[static_cast<std::size_t>(a)].rotation[3]),
                                            glm::dvec4(back.nodes[static_cast<std::size_t>(b)].rotation[0], back.nodes[static_cast<std::size_t>(b)].rotation[1],
                                                       back.nodes[static_cast<std::size_t>(b)].rotation[2], back.nodes[static_cast<std::size_t>(b)].rotation[3]))) - 1.0) < 1e-5);
    }
    // The preview positions: the character's pelvis follows the clip's path, scaled, in the clip's axes.
    const CharacterMotion solved = retargetOntoCharacter(motion, character, mapCharacter(character));
    QCOMPARE(solved.axis[1], 2); // up is the file's Z
    const JointClip world = characterWorldPositions(character, solved);
    const int pelvis = character.nodeIndex("pelvis");
    const double travel = world.at(motion.frames - 1, pelvis)[2] - world.at(0, pelvis)[2];
    const double clipTravel = motion.at(motion.frames - 1, Pelvis)[2] - motion.at(0, Pelvis)[2];
    QVERIFY(clipTravel > 1.0);
    QVERIFY(std::abs(travel / clipTravel - solved.pathScale * character.metresPerUnit) < 0.02);
}

void CharacterExport::mappingFileNamesWhatIsWrong()
{
    QTemporaryDir dir;
    test::FixtureCharacter odd = test::mixamoCharacter();
    for (test::FixtureJoint& j : odd.joints) {
        for (std::string* name : {&j.name, &j.parent, &j.aimAt}) {
            if (*name == "mixamorig:LeftForeArm")
                *name = "Bone.017";
        }
    }
    const std::string path = dir.filePath(QStringLiteral("odd.fbx")).toStdString();
    test::writeCharacter(odd, path);
    const Character character = loadCharacter(path);
    try {
        mapCharacter(character);
        QFAIL("an unmapped elbow must be refused");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find("left_elbow") != std::string::npos, e.what());
        QVERIFY(std::string(e.what()).find("--rig-mapping") != std::string::npos);
    }
    // The written guess has "" for the elbow; filled in, it maps everything.
    std::string json = formatCharacterMapping(guessCharacterMapping(character), character);
    const std::string hole = "\"left_elbow\": \"\"";
    QVERIFY(json.find(hole) != std::string::npos);
    json.replace(json.find(hole), hole.size(), "\"left_elbow\": \"Bone.017\"");
    const std::string map = dir.filePath(QStringLiteral("map.json")).toStdString();
    writeFileAtomically(map, json);
    const CharacterMapping mapping = loadCharacterMapping(map, character);
    QVERIFY(mapping.unmapped().empty());
    QCOMPARE(QString::fromStdString(mapping.how[LeftElbow]), QStringLiteral("file"));
    const JointClip motion = loadJointClip(sourceFile(kClips[0]));
    exportOntoCharacter(motion, character, mapping, dir.filePath(QStringLiteral("odd_walk.fbx")).toStdString(), motion.fps);

    writeFileAtomically(map, "{\"joints\": {\"left_elbow\": \"NoSuchBone\"}}");
    try {
        loadCharacterMapping(map, character);
        QFAIL("a node that does not exist must be refused");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find("joints.left_elbow") != std::string::npos, e.what());
        QVERIFY(std::string(e.what()).find("NoSuchBone") != std::string::npos);
    }
    writeFileAtomically(map, "{\"joints\": {\"left_elbo\": \"Bone.017\"}}");
    QVERIFY_THROWS_EXCEPTION(Error, loadCharacterMapping(map, character));
}

void CharacterExport::refusesWhatItCannotWrite()
{
    QTemporaryDir dir;
    const Character character = loadCharacter(sourceFile("resources/rigs/bandai_skeleton.bvh"));
    const JointClip motion = loadJointClip(sourceFile(kClips[0]));
    try {
        exportOntoCharacter(motion, character, mapCharacter(character), dir.filePath(QStringLiteral("x.fbx")).toStdString());
        QFAIL("a BVH character is written as BVH");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find(".bvh") != std::string::npos, e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, loadCharacter(dir.filePath(QStringLiteral("none.obj")).toStdString()));
    QVERIFY_THROWS_EXCEPTION(Error, loadCharacter(dir.filePath(QStringLiteral("missing.fbx")).toStdString()));
}


void CharacterExport::fbxRotationCurvesTurnSmoothly()
{
    // The walk turned a full circle about the vertical through its first pelvis point: the
    // pelvis' heading passes 180 degrees, where Euler angles wrap.
    JointClip motion = loadJointClip(sourceFile(kClips[0]));
    const glm::dvec3 centre = at(motion, 0, Pelvis);
    for (int f = 0; f < motion.frames; ++f) {
        const double yaw = 2.0 * M_PI * f / (motion.frames - 1);
        for (int j = 0; j < kJointCount; ++j) {
            float* p = motion.xyz.data() + (static_cast<std::size_t>(f) * kJointCount + j) * 3;
            const double x = p[0] - centre.x, z = p[2] - centre.z;
            p[0] = static_cast<float>(centre.x + std::cos(yaw) * x + std::sin(yaw) * z);
            p[2] = static_cast<float>(centre.z - std::sin(yaw) * x + std::cos(yaw) * z);
        }
    }
    const test::FixtureCharacter fixture = test::fixtureCharacters()[0];
    QCOMPARE(QString::fromStdString(fixture.extension), QStringLiteral(".fbx"));
    QTemporaryDir dir;
    const Character character = writtenCharacter(fixture, dir);
    const CharacterMapping mapping = mapCharacter(character);
    const std::string out = dir.filePath(QStringLiteral("turning.fbx")).toStdString();
    exportOntoCharacter(motion, character, mapping, out, motion.fps);
    // The same for the ASCII writer, through the 22-joint export.
    const std::string ascii = dir.filePath(QStringLiteral("turning_ascii.fbx")).toStdString();
    ExportOptions options;
    options.format = ExportFormat::FbxAscii;
    options.fps = motion.fps;
    exportMotion(motion, ascii, options);

    for (const std::string& file : {out, ascii}) {
        const std::vector<std::vector<float>> curves = fbx_repair::rotationCurves(readWholeFile(file), file);
        QVERIFY(curves.size() >= 3 * static_cast<std::size_t>(kJointCount));
        double widest = 0.0, worstStep = 0.0;
        for (const auto& keys : curves) {
            QCOMPARE(static_cast<int>(keys.size()), motion.frames);
            const auto [low, high] = std::minmax_element(keys.begin(), keys.end());
            widest = std::max(widest, static_cast<double>(*high - *low));
            for (std::size_t k = 1; k < keys.size(); ++k)
                worstStep = std::max(worstStep, static_cast<double>(std::abs(keys[k] - keys[k - 1])));
        }
        qInfo("%s rotation curves: widest %.1f deg, largest step between keys %.1f deg", file.c_str(), widest, worstStep);
        QVERIFY2(widest > 270.0, "the turn should carry some curve past a wrap");
        QVERIFY2(worstStep < 90.0, qPrintable(QStringLiteral("a curve jumps %1 deg between keys").arg(worstStep)));
    }
    // Each key still holds its rotation: the limbs point where the turning clip's do.
    const Measured m = measure(motion, character, mapping, out, fixture.axes, 1.0, fixtureFootHeights(fixture, mapping));
    QVERIFY2(m.worstBone <= 2.0, qPrintable(QStringLiteral("%1 deg at %2").arg(m.worstBone).arg(QString::fromStdString(m.worstName))));
}

QTEST_GUILESS_MAIN(CharacterExport)
#include "tst_character_export.moc"
