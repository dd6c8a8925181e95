// The glTF-Validator rules that Assimp's glTF exporter breaks (gltf_repair.h), checked on the
// .gltf and .glb files exportMotion writes for every rig: a node holding a skinned mesh is a
// root node of its scene (NODE_SKINNED_MESH_NON_ROOT), every extensionsUsed entry is used
// (UNUSED_EXTENSION...), extensionsRequired is a subset of extensionsUsed, and a .glb's header
// and chunks add up. The checker is first shown to flag Assimp's own patterns.

#include "stepmotion/core/export/motion_export.h"
#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/export/rig_export.h"

#include <nlohmann/json.hpp>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <set>

using namespace stepmotion;
using nlohmann::json;

namespace {

std::uint32_t u32(const QByteArray& b, int at)
{
    std::uint32_t v = 0;
    std::memcpy(&v, b.constData() + at, 4);
    return v;
}

/// The glTF JSON of a .gltf or .glb file; appends GLB structure problems to `problems`.
json readGltfJson(const QString& path, QStringList& problems)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return json();
    const QByteArray bytes = file.readAll();
    if (!bytes.startsWith("glTF"))
        return json::parse(bytes.toStdString());
    if (bytes.size() < 20 || u32(bytes, 4) != 2 || u32(bytes, 8) != static_cast<std::uint32_t>(bytes.size()))
        problems << QStringLiteral("GLB header version/length");
    const std::uint32_t jsonLength = u32(bytes, 12);
    if (jsonLength % 4 != 0 || u32(bytes, 16) != 0x4E4F534A)
        problems << QStringLiteral("GLB JSON chunk");
    const int bin = 20 + static_cast<int>(jsonLength);
    if (bin + 8 > bytes.size() || u32(bytes, bin + 4) != 0x004E4942 ||
        bin + 8 + static_cast<int>(u32(bytes, bin)) != bytes.size())
        problems << QStringLiteral("GLB BIN chunk");
    return json::parse(bytes.mid(20, static_cast<int>(jsonLength)).toStdString());
}

void collectExtensions(const json& value, std::set<std::string>& used)
{
    if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (it.key() == "extensions" && it.value().is_object())
                for (auto e = it.value().begin(); e != it.value().end(); ++e)
                    used.insert(e.key());
            collectExtensions(it.value(), used);
        }
    } else if (value.is_array()) {
        for (const json& item : value)
            collectExtensions(item, used);
    }
}

/// The validator rules in question; empty when the document keeps them.
QStringList ruleViolations(const json& doc)
{
    QStringList out;
    const json nodes = doc.value("nodes", json::array());
    std::set<int> children, roots;
    for (const json& node : nodes)
        for (const json& c : node.value("children", json::array()))
            children.insert(c.get<int>());
    for (const json& scene : doc.value("scenes", json::array()))
        for (const json& r : scene.value("nodes", json::array()))
            roots.insert(r.get<int>());
    for (int n = 0; n < static_cast<int>(nodes.size()); ++n) {
        if (nodes[static_cast<std::size_t>(n)].contains("skin") && (children.count(n) || !roots.count(n)))
            out << QStringLiteral("NODE_SKINNED_MESH_NON_ROOT node %1").arg(n);
    }
    std::set<std::string> used;
    collectExtensions(doc, used);
    const json declared = doc.value("extensionsUsed", json::array());
    for (const json& name : declared) {
        if (!used.count(name.get<std::string>()))
            out << QStringLiteral("UNUSED_EXTENSION %1").arg(QString::fromStdString(name.get<std::string>()));
    }
    for (const json& name : doc.value("extensionsRequired", json::array())) {
        if (std::find(declared.begin(), declared.end(), name) == declared.end())
            out << QStringLiteral("EXTENSION_REQUIRED_NOT_USED %1").arg(QString::fromStdString(name.get<std::string>()));
    }
    return out;
}

} // namespace

class TestGltfRepair : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void checkerFlagsAssimpsPatterns();
    void writtenFilesKeepTheRules_data();
    void writtenFilesKeepTheRules();
};

void TestGltfRepair::checkerFlagsAssimpsPatterns()
{
    // What Assimp 5.2 writes: the marker mesh under the scene root node, an extension listed
    // that nothing uses.
    const json assimp = json::parse(R"({
        "extensionsUsed": ["KHR_materials_pbrSpecularGlossiness", "KHR_texture_transform"],
        "extensionsRequired": ["KHR_draco_mesh_compression"],
        "materials": [{"extensions": {"KHR_texture_transform": {}}}],
        "nodes": [{"name": "StepMotion", "children": [1, 2]}, {"name": "Pelvis"},
                  {"name": "joint_markers", "mesh": 0, "skin": 0}],
        "scenes": [{"nodes": [0]}]})");
    const QStringList problems = ruleViolations(assimp);
    QCOMPARE(problems.size(), 3);
    QVERIFY(problems.contains(QStringLiteral("NODE_SKINNED_MESH_NON_ROOT node 2")));
    QVERIFY(problems.contains(QStringLiteral("UNUSED_EXTENSION KHR_materials_pbrSpecularGlossiness")));
    QVERIFY(problems.contains(QStringLiteral("EXTENSION_REQUIRED_NOT_USED KHR_draco_mesh_compression")));
}

void TestGltfRepair::writtenFilesKeepTheRules_data()
{
    QTest::addColumn<QString>("rig");
    QTest::addColumn<int>("format");
    for (const char* rig : {"smpl22", "bandai", "cmu"}) {
        QTest::newRow((QByteArray(rig) + " gltf").constData()) << QString::fromLatin1(rig) << int(ExportFormat::Gltf);
        QTest::newRow((QByteArray(rig) + " glb").constData()) << QString::fromLatin1(rig) << int(ExportFormat::Glb);
    }
}

void TestGltfRepair::writtenFilesKeepTheRules()
{
    QFETCH(QString, rig);
    QFETCH(int, format);
    const JointClip source = loadJointClip(STEPMOTION_SOURCE_DIR "/resources/examples/cmu_02_04_jump.npy");
    QTemporaryDir dir;
    ExportOptions options;
    options.format = static_cast<ExportFormat>(format);
    options.rig = rig.toStdString();
    const QString path = dir.filePath(QStringLiteral("jump") + QString::fromStdString(formatExtension(options.format)));
    exportMotion(source, path.toStdString(), options);

    QStringList problems;
    const json doc = readGltfJson(path, problems);
    QVERIFY(doc.is_object());
    problems += ruleViolations(doc);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
    // The skinned marker mesh is still there and still skinned to every joint.
    bool skinned = false;
    for (const json& node : doc["nodes"])
        skinned = skinned || (node.contains("skin") && node.contains("mesh"));
    QVERIFY(skinned);
    const int joints = rig == QLatin1String("smpl22") ? kJointCount
                                                      : static_cast<int>(loadExportRig(rig.toStdString()).skeleton.joints.size());
    QCOMPARE(static_cast<int>(doc["skins"][0]["joints"].size()), joints);
    // Assimp still reads the repaired file: every frame, every joint.
    const AnimationSummary summary = inspectWithAssimp(path.toStdString());
    QCOMPARE(summary.keys, source.frames);
    QCOMPARE(summary.skinBones, joints);
    if (rig == QLatin1String("smpl22")) {
        const JointClip back = importWithAssimp(path.toStdString());
        double worst = 0;
        for (std::size_t i = 0; i < source.xyz.size(); ++i)
            worst = std::max(worst, static_cast<double>(std::abs(back.xyz[i] - source.xyz[i])));
        QVERIFY2(worst < 1e-4, qPrintable(QString::number(worst)));
    }
}

QTEST_APPLESS_MAIN(TestGltfRepair)
#include "tst_gltf_repair.moc"
