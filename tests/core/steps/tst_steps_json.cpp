#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/steps/steps.h"

#include "test_data.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

using namespace stepmotion;

namespace {

StepList sampleList()
{
    StepList list;
    list.coarse = "a person walks forward while waving their right hand.";
    list.source = "describer";
    list.steps.push_back({0.0, 3.5, {BodyPart::WholeBody}, "Walk forward."});
    list.steps.push_back({0.25, 2.0, {BodyPart::RightArm, BodyPart::RightHand}, "Wave your right hand three times."});
    list.steps.push_back({2.0, 2.55, {BodyPart::LeftLeg}, "Kick high with your left leg."});
    list.steps.push_back({3.1, 3.1, {BodyPart::Head}, "Nod — «oui» — twice."}); // zero length, non-ASCII
    return list;
}

std::string messageOf(const std::string& json)
{
    try {
        parseStepList(json, "steps.json");
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

const char* kOneStep = R"({"version": 1, "steps": [{"start": 0, "end": 1, "body_parts": ["left_arm"], "text": "Raise your left arm."}]})";

} // namespace

class TestStepsJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesTheDocumentedExample()
    {
        const StepList list = parseStepList(
            R"({"version":1, "coarse":"a person raises an arm", "steps":[{"start":0.0,"end":1.0,"body_parts":["left_arm"],"text":"Raise your left arm."}]})",
            "example.json");
        QCOMPARE(list.coarse, std::string("a person raises an arm"));
        QCOMPARE(list.source, std::string("user")); // the documented default
        QCOMPARE(list.steps.size(), std::size_t(1));
        QCOMPARE(list.steps[0].start, 0.0);
        QCOMPARE(list.steps[0].end, 1.0);
        QCOMPARE(list.steps[0].bodyParts, std::vector<BodyPart>{BodyPart::LeftArm});
        QCOMPARE(list.steps[0].text, std::string("Raise your left arm."));
    }

    void listWithoutVersionReadsAsVersionOne()
    {
        // A hand-written file may leave "version" out: it is the first format (documented in
        // `generate --help` and the README), read exactly like the same list with version 1.
        const std::string withVersion = kOneStep;
        std::string without = withVersion;
        without.erase(without.find("\"version\": 1, "), std::string("\"version\": 1, ").size());
        QVERIFY(without.find("version") == std::string::npos);
        const StepList a = parseStepList(without, "hand.json");
        QVERIFY(a == parseStepList(withVersion, "hand.json"));
        QCOMPARE(a.steps.size(), std::size_t(1));
        QCOMPARE(a.steps[0].end, 1.0);
        QCOMPARE(a.steps[0].text, std::string("Raise your left arm."));
    }

    void roundTripsThroughAFile()
    {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/steps.json").toStdString();
        const StepList list = sampleList();
        saveStepList(path, list);
        const StepList back = loadStepList(path);
        QVERIFY(back == list);
        // Saving again gives the same bytes: the format is stable.
        QCOMPARE(stepListToJson(back), readWholeFile(path));
    }

    void writesVersionFirstAndPretty()
    {
        const std::string json = stepListToJson(sampleList());
        QVERIFY2(json.rfind("{\n  \"version\": 1,\n  \"source\": \"describer\",", 0) == 0, json.c_str());
        QVERIFY(json.find("\"body_parts\": [\n        \"right_arm\",") != std::string::npos);
        QCOMPARE(json.back(), '\n');
        QCOMPARE(nlohmann::json::parse(json)["steps"].size(), std::size_t(4));
    }

    void badFilesAreRejectedWithFieldPaths_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char* name, const std::string& json, const char* expected) {
            QTest::newRow(name) << QByteArray::fromStdString(json) << QString::fromUtf8(expected);
        };
        const std::string okStep = R"({"start": 0, "end": 1, "body_parts": ["left_arm"], "text": "Raise."})";
        const auto list = [&](const std::string& step) {
            return R"({"version": 1, "steps": [)" + okStep + "," + okStep + "," + step + "]}";
        };
        row("end before start", list(R"({"start": 1.5, "end": 1.0, "body_parts": ["head"], "text": "Nod."})"),
            "steps.json: steps[2].end: must be >= start (1.0 < 1.5)");
        row("negative start", list(R"({"start": -0.5, "end": 1.0, "body_parts": ["head"], "text": "Nod."})"),
            "steps.json: steps[2].start: must be >= 0 (-0.5)");
        row("unknown body part", list(R"({"start": 0, "end": 1, "body_parts": ["head", "left_foot"], "text": "Nod."})"),
            "steps.json: steps[2].body_parts[1]: unknown body part \"left_foot\"");
        row("duplicate body part", list(R"({"start": 0, "end": 1, "body_parts": ["head", "head"], "text": "Nod."})"),
            "steps.json: steps[2].body_parts[1]: \"head\" is listed twice");
        row("no body parts", list(R"({"start": 0, "end": 1, "body_parts": [], "text": "Nod."})"),
            "steps.json: steps[2].body_parts: must name at least one body part");
        row("missing body parts", list(R"({"start": 0, "end": 1, "text": "Nod."})"),
            "steps.json: steps[2].body_parts: missing");
        row("missing text", list(R"({"start": 0, "end": 1, "body_parts": ["head"]})"), "steps.json: steps[2].text: missing");
        row("blank text", list(R"({"start": 0, "end": 1, "body_parts": ["head"], "text": "  \t"})"),
            "steps.json: steps[2].text: must not be empty");
        row("text not a string", list(R"({"start": 0, "end": 1, "body_parts": ["head"], "text": 5})"),
            "steps.json: steps[2].text: must be a string");
        row("time as string", list(R"({"start": "0.5", "end": 1, "body_parts": ["head"], "text": "Nod."})"),
            "steps.json: steps[2].start: must be a number of seconds");
        row("time as bool", list(R"({"start": 0, "end": true, "body_parts": ["head"], "text": "Nod."})"),
            "steps.json: steps[2].end: must be a number of seconds");
        row("missing end", list(R"({"start": 0, "body_parts": ["head"], "text": "Nod."})"), "steps.json: steps[2].end: missing");
        row("unknown step field", list(R"({"start": 0, "end": 1, "bodyparts": ["head"], "text": "Nod."})"),
            "steps.json: steps[2].bodyparts: unknown field");
        row("step not an object", list("[0, 1]"), "steps.json: steps[2]: must be an object");
        row("NaN literal", R"({"version": 1, "steps": [{"start": NaN, "end": 1, "body_parts": ["head"], "text": "x"}]})",
            "steps.json: not valid JSON at byte 36");
        row("overflowing number", R"({"version": 1, "steps": [{"start": 1e999, "end": 1, "body_parts": ["head"], "text": "x"}]})",
            "steps.json: not valid JSON: number overflow");
        row("not JSON", "version: 1\nsteps: []\n", "steps.json: not valid JSON at byte 1");
        row("truncated", R"({"version": 1, "steps": [)", "steps.json: not valid JSON at byte 26");
        row("not UTF-8", "{\"version\": 1, \"steps\": [{\"start\": 0, \"end\": 1, \"body_parts\": [\"head\"], \"text\": \"caf\xe9\"}]}",
            "steps.json: byte 84 is not valid UTF-8");
        row("newer version", R"({"version": 3, "steps": []})",
            "steps.json: file version 3 is newer than this StepMotion supports (1)");
        row("version zero", R"({"version": 0, "steps": []})", "steps.json: version: must be 1 (found 0)");
        row("version as string", R"({"version": "1", "steps": []})", "steps.json: version: must be an integer");
        row("negative version", R"({"version": -2, "steps": []})", "steps.json: version: must be 1 (found -2)");
        row("array root", "[1, 2]", "steps.json: expected a JSON object");
        row("steps not an array", R"({"version": 1, "steps": {}})", "steps.json: steps: must be an array");
        row("missing steps", R"({"version": 1})", "steps.json: steps: missing");
        row("unknown top-level field", R"({"version": 1, "steps": [], "stepz": []})", "steps.json: stepz: unknown field");
        row("unknown source", R"({"version": 1, "steps": [], "source": "robot"})", "steps.json: source: unknown source \"robot\"");
        row("coarse not a string", R"({"version": 1, "steps": [], "coarse": 3})", "steps.json: coarse: must be a string");
    }

    void badFilesAreRejectedWithFieldPaths()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const QString message = QString::fromStdString(messageOf(json.toStdString()));
        QVERIFY2(message.startsWith(expected), qPrintable(message));
    }

    void acceptsUtf8BomAndEmptyStepList()
    {
        const StepList list = parseStepList("\xEF\xBB\xBF{\"version\": 1, \"steps\": []}", "bom.json");
        QVERIFY(list.steps.empty());
        QCOMPARE(parseStepList(kOneStep, "one.json").steps.size(), std::size_t(1));
    }

    void loadNamesTheMissingFile()
    {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/absent.json").toStdString();
        try {
            loadStepList(path);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
        }
    }

    void loadNamesTheFileInValidationErrors()
    {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/bad.json").toStdString();
        writeFileAtomically(path, R"({"version": 2, "steps": []})");
        try {
            loadStepList(path);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(std::string(e.what()), path + ": file version 2 is newer than this StepMotion supports (1)");
        }
    }

    void saveRefusesWhatCouldNotBeLoaded_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("expected");
        QTest::newRow("end before start") << 0 << "steps[1].end: must be >= start (1.0 < 2.0)";
        QTest::newRow("NaN start") << 1 << "steps[1].start: must be a finite number";
        QTest::newRow("no parts") << 2 << "steps[1].body_parts: must name at least one body part";
        QTest::newRow("invalid UTF-8") << 3 << "steps[1].text: not valid UTF-8";
        QTest::newRow("unknown source") << 4 << "source: unknown source \"robot\"";
    }

    void saveRefusesWhatCouldNotBeLoaded()
    {
        QFETCH(int, which);
        QFETCH(QString, expected);
        StepList list = sampleList();
        Step& s = list.steps[1];
        switch (which) {
        case 0: s.start = 2.0; s.end = 1.0; break;
        case 1: s.start = std::numeric_limits<double>::quiet_NaN(); break;
        case 2: s.bodyParts.clear(); break;
        case 3: s.text = "bad \xc3\x28 text"; break;
        default: list.source = "robot"; break;
        }
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/out.json").toStdString();
        try {
            saveStepList(path, list);
            QFAIL("no error");
        } catch (const Error& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.startsWith(QString::fromStdString(path)) && message.contains(expected), e.what());
        }
        QVERIFY(!QFileInfo::exists(QString::fromStdString(path))); // nothing half-written
    }

    void bodyPartNamesRoundTrip()
    {
        for (BodyPart p : allBodyParts())
            QCOMPARE(bodyPartFromName(bodyPartName(p)), std::optional<BodyPart>(p));
        QCOMPARE(bodyPartName(BodyPart::RightHand), std::string_view("right_hand"));
        QCOMPARE(bodyPartName(BodyPart::WholeBody), std::string_view("whole_body"));
        QVERIFY(!bodyPartFromName("Left_Arm"));
        QVERIFY(!bodyPartFromName(""));
    }

    void mirrorsWordsKeepingCase_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("mirrored");
        QTest::newRow("lower") << "Raise your left arm to the right." << "Raise your right arm to the left.";
        QTest::newRow("capital") << "Left foot forward, Right hand up." << "Right foot forward, Left hand up.";
        QTest::newRow("upper") << "TURN LEFT" << "TURN RIGHT";
        QTest::newRow("whole words only") << "leftover rights; left-hand" << "leftover rights; right-hand";
        QTest::newRow("none") << "Jump." << "Jump.";
    }

    void mirrorsWordsKeepingCase()
    {
        QFETCH(QString, text);
        QFETCH(QString, mirrored);
        QCOMPARE(QString::fromStdString(mirrorLeftRightWords(text.toStdString())), mirrored);
    }

    void mirrorsAStepList()
    {
        const StepList list = sampleList();
        const StepList m = mirrorStepList(list);
        QCOMPARE(m.coarse, std::string("a person walks forward while waving their left hand."));
        QCOMPARE(m.steps[1].bodyParts, (std::vector<BodyPart>{BodyPart::LeftArm, BodyPart::LeftHand}));
        QCOMPARE(m.steps[1].text, std::string("Wave your left hand three times."));
        QCOMPARE(m.steps[2].bodyParts, std::vector<BodyPart>{BodyPart::RightLeg});
        QCOMPARE(m.steps[0].bodyParts, std::vector<BodyPart>{BodyPart::WholeBody});
        QCOMPARE(m.steps[2].start, list.steps[2].start);
        QVERIFY(mirrorStepList(m) == list);
    }
};

QTEST_APPLESS_MAIN(TestStepsJson)
#include "tst_steps_json.moc"
