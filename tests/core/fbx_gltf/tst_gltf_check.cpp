// The glTF structure check before Assimp (core/src/fbx_gltf/gltf_check.h), through the public import:
// a real exported clip (the fuzz seed walk_3frames) is damaged one field at a time and must be
// refused with the file and the field named, where Assimp alone crashed, allocated gigabytes
// or read out of bounds (fuzz_gltf). The undamaged file and its GLB twin still import.

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/export/motion_export.h"

#include <nlohmann/json.hpp>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <functional>

using namespace stepmotion;
using nlohmann::json;

namespace {

const char* const kSeedGltf = STEPMOTION_SOURCE_DIR "/tests/fuzz/corpus/gltf/walk_3frames_embedded.gltf";
const char* const kSeedGlb = STEPMOTION_SOURCE_DIR "/tests/fuzz/corpus/gltf/walk_3frames.glb";

QByteArray readAll(const char* path)
{
    QFile file(QString::fromUtf8(path));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

/// The error importWithAssimp gives for `path`, or "" when it imports.
QString importError(const QString& path)
{
    try {
        importWithAssimp(path.toStdString());
        return {};
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
}

void setFloat(std::string& bytes, std::size_t at, float v) { std::memcpy(bytes.data() + at, &v, 4); }

using Edit = std::function<void(json&)>;

} // namespace

class TestGltfCheck : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void seedsImport()
    {
        QVERIFY(QFile::exists(QString::fromUtf8(kSeedGltf)));
        QCOMPARE(importError(QString::fromUtf8(kSeedGltf)), QString());
        QCOMPARE(importError(QString::fromUtf8(kSeedGlb)), QString());
        QCOMPARE(importWithAssimp(kSeedGltf).frames, 3);
    }

    void damagedFieldsAreNamed_data()
    {
        QTest::addColumn<Edit>("edit");
        QTest::addColumn<QString>("message");
        QTest::newRow("byteLength beyond the data") << Edit([](json& d) { d["buffers"][0]["byteLength"] = 4294937909u; })
                                                  << "glTF buffers[0].byteLength: is 4294937909, but the buffer holds";
        QTest::newRow("view outside its buffer") << Edit([](json& d) { d["bufferViews"][5]["byteOffset"] = 9000000; })
                                                << "glTF bufferViews[5]: bytes 9000000 + 12 lie outside buffer 0";
        QTest::newRow("accessor outside its view") << Edit([](json& d) { d["accessors"][5]["count"] = 1000; })
                                                  << "glTF accessors[5]: 1000 elements from byte 0 do not fit bufferView 5";
        QTest::newRow("missing buffer") << Edit([](json& d) { d["bufferViews"][5]["buffer"] = 7; })
                                       << "glTF bufferViews[5].buffer: is 7, but the file has 1 buffers";
        QTest::newRow("missing sampler") << Edit([](json& d) { d["animations"][0]["channels"][0]["sampler"] = 999; })
                                        << "glTF animations[0].channels[0].sampler: is 999, but the animation has 66 samplers";
        QTest::newRow("missing node") << Edit([](json& d) { d["scenes"][0]["nodes"][1] = 24; })
                                     << "glTF scenes[0].nodes[1]: is not the index of one of the file's 24 nodes";
        QTest::newRow("node cycle") << Edit([](json& d) { d["nodes"][5]["children"] = json::array({0}); })
                                   << "is its own ancestor (the node hierarchy has a cycle)";
        QTest::newRow("two parents") << Edit([](json& d) { d["nodes"][5]["children"] = json::array({2}); })
                                    << "glTF nodes[5].children: names node 2, which already has a parent";
        QTest::newRow("vertex joint beyond the skin") << Edit([](json& d) { d["skins"][0]["joints"] = json::array({1, 2}); })
                                                     << "glTF meshes[0].primitives[0].attributes.JOINTS_0: names joint";
        QTest::newRow("skin without inverse bind matrices") << Edit([](json& d) { d["skins"][0].erase("inverseBindMatrices"); })
                                                           << "glTF skins[0]: has no inverseBindMatrices";
        QTest::newRow("times as vectors") << Edit([](json& d) { d["animations"][0]["samplers"][0]["input"] = 6; })
                                         << "glTF animations[0].samplers[0].input (accessor 6): is VEC3, which does not fit its use";
        QTest::newRow("keys and values disagree") << Edit([](json& d) { d["animations"][0]["samplers"][0]["interpolation"] = "CUBICSPLINE"; })
                                                 << "holds 3 values for 3 key times";
        QTest::newRow("glTF 1") << Edit([](json& d) { d["asset"]["version"] = "1.0"; })
                               << "glTF asset.version: is \"1.0\"; only glTF 2.0 is supported";
        QTest::newRow("unknown component type") << Edit([](json& d) { d["accessors"][0]["componentType"] = 5130; })
                                               << "glTF accessors[0].componentType: is 5130, not a glTF component type";
        QTest::newRow("negative index") << Edit([](json& d) { d["meshes"][0]["primitives"][0]["attributes"]["POSITION"] = -1; })
                                       << "attributes.POSITION: is not a non-negative integer";
    }

    void damagedFieldsAreNamed()
    {
        QFETCH(Edit, edit);
        QFETCH(QString, message);
        json doc = json::parse(readAll(kSeedGltf).toStdString());
        edit(doc);
        QTemporaryDir dir;
        const QString path = writeFile(dir, "damaged.gltf", QByteArray::fromStdString(doc.dump()));
        const QString error = importError(path);
        QVERIFY2(error.startsWith(path + ": ") && error.contains(message), qPrintable(error));
    }

    // Assimp's JSON parser takes the first of two equal keys, nlohmann the last: a file with a
    // duplicate key could pass the check with one value and be read with the other.
    void duplicateKeysAreRefused()
    {
        QByteArray text = readAll(kSeedGltf);
        const int at = text.indexOf("\"scene\"");
        QVERIFY(at > 0);
        text.insert(at, "\"scene\": 5, ");
        QTemporaryDir dir;
        const QString error = importError(writeFile(dir, "twice.gltf", text));
        QVERIFY2(error.contains("the glTF JSON names the key \"scene\" twice in one object"), qPrintable(error));
    }

    // The GLB container: the header's total length and each chunk's length must fit the file
    // (fuzz_gltf: a damaged chunk length made Assimp ask for 4 GiB).
    void damagedGlbContainerIsNamed()
    {
        const QByteArray seed = readAll(kSeedGlb);
        QVERIFY(seed.size() > 20);
        QTemporaryDir dir;
        QByteArray header = seed;
        const std::uint32_t wrongTotal = static_cast<std::uint32_t>(seed.size()) + 4;
        std::memcpy(header.data() + 8, &wrongTotal, 4);
        QString error = importError(writeFile(dir, "header.glb", header));
        QVERIFY2(error.contains(QString("GLB header gives %1 bytes, but the file has %2").arg(wrongTotal).arg(seed.size())),
                 qPrintable(error));
        QByteArray chunk = seed;
        const std::uint32_t huge = 0xfffffff0u;
        std::memcpy(chunk.data() + 12, &huge, 4);
        error = importError(writeFile(dir, "chunk.glb", chunk));
        QVERIFY2(error.contains("GLB chunk 0 declares 4294967280 bytes, but only"), qPrintable(error));
        QByteArray cut = seed.left(seed.size() - 100); // into the binary chunk
        const std::uint32_t half = static_cast<std::uint32_t>(cut.size());
        std::memcpy(cut.data() + 8, &half, 4);
        error = importError(writeFile(dir, "cut.glb", cut));
        QVERIFY2(error.contains("GLB chunk 1 declares"), qPrintable(error));
    }

    // Found by fuzz_gltf: damaged key times gave 3 frames at ~0 fps, which the 20 fps resampling
    // would stretch without end; times 1 microsecond apart are as far outside the other way.
    // Structurally sound files with such times pass the check and are refused, naming the rate.
    void importRefusesDamagedKeyTimes()
    {
        json doc = json::parse(readAll(kSeedGltf).toStdString());
        const std::string uri = doc["buffers"][0]["uri"].get<std::string>();
        const std::size_t comma = uri.find(',');
        std::string bytes = QByteArray::fromBase64(QByteArray::fromStdString(uri.substr(comma + 1))).toStdString();
        for (const json& sampler : doc["animations"][0]["samplers"]) {
            const json& accessor = doc["accessors"][sampler["input"].get<std::size_t>()];
            const json& view = doc["bufferViews"][accessor["bufferView"].get<std::size_t>()];
            const std::size_t start = view.value("byteOffset", 0u) + accessor.value("byteOffset", 0u);
            for (std::size_t k = 0; k < accessor["count"].get<std::size_t>(); ++k)
                setFloat(bytes, start + 4 * k, 1e-6f * static_cast<float>(k));
        }
        doc["buffers"][0]["uri"] = uri.substr(0, comma + 1) + QByteArray::fromStdString(bytes).toBase64().toStdString();
        QTemporaryDir dir;
        const QString error = importError(writeFile(dir, "fast.gltf", QByteArray::fromStdString(doc.dump())));
        QVERIFY2(error.contains("frames per second, outside 0.01 to 10000"), qPrintable(error));
    }
};

QTEST_APPLESS_MAIN(TestGltfCheck)
#include "tst_gltf_check.moc"
