#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/formats/npy.h"

#include "test_data.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace stepmotion;

class TestNpy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsRealFloat32Sample()
    {
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joint_vecs/012314.npy", path);
        const NpyArray a = readNpy(path.toStdString());
        QCOMPARE(a.shape.size(), std::size_t(2));
        QCOMPARE(a.shape[0], std::size_t(170));
        QCOMPARE(a.shape[1], std::size_t(263));
        QVERIFY(!a.sourceWasFloat64);
        QCOMPARE(a.data.size(), std::size_t(170 * 263));
        for (float v : a.data)
            QVERIFY(std::isfinite(v));
    }

    void readsRealFloat64Sample()
    {
        STEPMOTION_REQUIRE_SHARED("humanml3d_meta/samples/new_joint_vecs/000000.npy", path);
        const NpyArray a = readNpy(path.toStdString());
        QCOMPARE(a.shape, (std::vector<std::size_t>{116, 263}));
        QVERIFY(a.sourceWasFloat64);
        // Root height (feature 3) of a standing person is around a metre.
        QVERIFY(a.data[3] > 0.7f && a.data[3] < 1.2f);
    }

    void roundTripsAnyShape_data()
    {
        QTest::addColumn<std::vector<std::size_t>>("shape");
        QTest::addColumn<bool>("asDouble");
        QTest::newRow("scalar") << std::vector<std::size_t>{} << false;
        QTest::newRow("vector") << std::vector<std::size_t>{7} << false;
        QTest::newRow("joints f4") << std::vector<std::size_t>{5, 22, 3} << false;
        QTest::newRow("features f8") << std::vector<std::size_t>{4, 263} << true;
        QTest::newRow("empty") << std::vector<std::size_t>{0, 263} << false;
    }

    void roundTripsAnyShape()
    {
        QFETCH(std::vector<std::size_t>, shape);
        QFETCH(bool, asDouble);
        std::size_t n = 1;
        for (auto d : shape)
            n *= d;
        std::vector<float> values(n);
        for (std::size_t i = 0; i < n; ++i)
            values[i] = 0.25f * static_cast<float>(i) - 3.0f;
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/a.npy").toStdString();
        writeNpy(path, shape, values, asDouble ? NpyDtype::Float64 : NpyDtype::Float32);
        const NpyArray back = readNpy(path);
        QCOMPARE(back.shape, shape);
        QCOMPARE(back.data, values);
        QCOMPARE(back.sourceWasFloat64, asDouble);
        // NumPy pads headers so the data starts on a 64-byte boundary.
        const std::string bytes = serializeNpy(shape, values);
        QCOMPARE((bytes.size() - n * 4) % 64, std::size_t(0));
    }

    void readsVersion2Header()
    {
        std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        dict.append(64 - (12 + dict.size() + 1) % 64, ' ');
        dict += '\n';
        std::string bytes("\x93NUMPY\x02\x00", 8);
        const auto len = static_cast<uint32_t>(dict.size());
        bytes.append(reinterpret_cast<const char*>(&len), 4);
        bytes += dict;
        const float v[2] = {1.5f, -2.0f};
        bytes.append(reinterpret_cast<const char*>(v), 8);
        const NpyArray a = parseNpy(bytes, "v2.npy");
        QCOMPARE(a.data, (std::vector<float>{1.5f, -2.0f}));
    }

    void rejectsBadInput_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const std::string good = serializeNpy({3, 2}, std::vector<float>(6, 1.0f));
        QTest::newRow("empty") << QByteArray() << "missing \\x93NUMPY magic";
        QTest::newRow("not npy") << QByteArray("hello world, not numpy") << "magic";
        QTest::newRow("truncated data")
            << QByteArray::fromStdString(good.substr(0, good.size() - 5)) << "truncated data";
        QTest::newRow("truncated header") << QByteArray::fromStdString(good.substr(0, 30)) << "truncated .npy header";
        std::string wrongType = good;
        wrongType.replace(wrongType.find("<f4"), 3, "<i8");
        QTest::newRow("int dtype") << QByteArray::fromStdString(wrongType) << "unsupported dtype '<i8'";
        std::string bigEndian = good;
        bigEndian.replace(bigEndian.find("<f4"), 3, ">f4");
        QTest::newRow("big endian") << QByteArray::fromStdString(bigEndian) << "unsupported dtype";
        std::string fortran = good;
        fortran.replace(fortran.find("False"), 5, "True ");
        QTest::newRow("fortran") << QByteArray::fromStdString(fortran) << "Fortran";
        std::string huge = good;
        huge.replace(huge.find("(3, 2)"), 6, "(99999999, 99999999)");
        QTest::newRow("huge shape") << QByteArray::fromStdString(huge) << "too large";
        std::string version = good;
        version[6] = 9;
        QTest::newRow("version 9") << QByteArray::fromStdString(version) << "unsupported .npy format version 9";
        std::string garbage = good;
        garbage.replace(garbage.find("'shape'"), 7, "'sh@pe'");
        QTest::newRow("unknown key") << QByteArray::fromStdString(garbage) << "unknown header key";
    }

    void rejectsBadInput()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        try {
            parseNpy(bytes.toStdString(), "bad.npy");
            QFAIL("no error thrown");
        } catch (const Error& e) {
            const QString message = QString::fromStdString(e.what());
            QVERIFY2(message.startsWith("bad.npy: "), qPrintable(message));
            QVERIFY2(message.contains(expected), qPrintable(message));
        }
    }

    void missingFileNamesThePath()
    {
        try {
            readNpy("/nonexistent/dir/x.npy");
            QFAIL("no error thrown");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("/nonexistent/dir/x.npy"));
        }
    }
};

QTEST_APPLESS_MAIN(TestNpy)
#include "tst_npy.moc"
