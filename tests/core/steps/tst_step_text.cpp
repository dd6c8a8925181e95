// Step lists typed as text (`generate --text`): spans, segments, untimed shares and errors,
// and the body parts a step's words name (body_part_words.h).

#include "stepmotion/core/steps/body_part_words.h"
#include "stepmotion/core/steps/step_text.h"

#include "test_helpers.h"

#include <QtTest>

#include <algorithm>

using namespace stepmotion;

namespace {

using test::errorOf;

bool contains(const std::vector<BodyPart>& parts, BodyPart part)
{
    return std::find(parts.begin(), parts.end(), part) != parts.end();
}

QString names(const std::vector<BodyPart>& parts)
{
    QStringList out;
    for (const BodyPart p : parts) {
        const std::string_view name = bodyPartName(p);
        out << QString::fromUtf8(name.data(), static_cast<int>(name.size()));
    }
    return out.join(',');
}

} // namespace

class TstStepText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stepsFromTextTimed()
    {
        const StepList list = stepsFromText("0-1 s: raise the left arm; 1-2.5 s: step forward", 3.0, " a wave ");
        QCOMPARE(int(list.steps.size()), 2);
        QCOMPARE(list.coarse, std::string("a wave"));
        QCOMPARE(list.steps[0].start, 0.0);
        QCOMPARE(list.steps[0].end, 1.0);
        QCOMPARE(list.steps[1].start, 1.0);
        QCOMPARE(list.steps[1].end, 2.5);
        QVERIFY(QString::fromStdString(list.steps[0].text).contains("raise the left arm"));
        QVERIFY(contains(list.steps[0].bodyParts, BodyPart::LeftArm));
        QVERIFY(!contains(list.steps[0].bodyParts, BodyPart::RightArm));
        QVERIFY(!list.steps[1].bodyParts.empty());
    }

    void stepsFromTextSpanForms_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("en dash") << QString::fromUtf8("0\u20131: raise the right arm");
        QTest::newRow("to") << "0 to 1: raise the right arm";
        QTest::newRow("seconds") << "0-1 seconds: raise the right arm";
        QTest::newRow("exponent") << "0-1e0 s: raise the right arm";
    }

    void stepsFromTextSpanForms()
    {
        QFETCH(QString, text);
        const StepList list = stepsFromText(text.toStdString(), 2.0);
        QCOMPARE(int(list.steps.size()), 1);
        QCOMPARE(list.steps[0].start, 0.0);
        QCOMPARE(list.steps[0].end, 1.0);
        QVERIFY(contains(list.steps[0].bodyParts, BodyPart::RightArm));
    }

    void stepsFromTextUntimedShareTheRest()
    {
        const StepList list = stepsFromText("0-1: raise the left arm\nwave the right hand; kick with the left leg", 5.0);
        QCOMPARE(int(list.steps.size()), 3);
        QCOMPARE(list.steps[1].start, 1.0);
        QCOMPARE(list.steps[1].end, 3.0);
        QCOMPARE(list.steps[2].start, 3.0);
        QCOMPARE(list.steps[2].end, 5.0);
        QVERIFY(contains(list.steps[2].bodyParts, BodyPart::LeftLeg));
        const StepList none = stepsFromText("walk; sit down", 6.0); // nothing timed: the whole clip
        QCOMPARE(none.steps[0].end, 3.0);
        QCOMPARE(none.steps[1].end, 6.0);
    }

    void stepsFromTextInfersLength()
    {
        QCOMPARE(stepsFromText("0-2.5: jump", 0).steps.back().end, 2.5);
        const StepList list = stepsFromText("0-2: jump; turn around", 0); // 4 s per untimed segment
        QCOMPARE(list.steps.back().start, 2.0);
        QCOMPARE(list.steps.back().end, 6.0);
    }

    void stepsFromTextErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << " ; \n " << 2.0 << "empty";
        QTest::newRow("reversed") << "2-1: jump" << 3.0 << "ends before it starts";
        QTest::newRow("beyond") << "0-5: jump" << 3.0 << "after the clip";
        QTest::newRow("span without text") << "0-1:" << 3.0 << "no text";
        // Found by fuzz_step_text: list markers alone made no step and were accepted.
        QTest::newRow("markers only") << "0: 1." << 3.0 << "step '0: 1.' holds no sentence to act on";
        // Huge or non-finite times were once read as untimed text (a 4 s step, without a word).
        QTest::newRow("huge end") << "0-1e308 s: walk" << 0.0 << "step '0-1e308 s: walk': the time 1e308 s is too large";
        QTest::newRow("overflowing end") << "0-1e999: walk" << 0.0 << "the time 1e999 s is too large";
        QTest::newRow("an hour and more") << "0-3601: walk" << 0.0 << "too large";
        QTest::newRow("infinite end") << "0-inf s: walk" << 0.0 << "step '0-inf s: walk': the time inf s is not a finite number";
        QTest::newRow("nan start") << "nan-2 s: walk" << 0.0 << "the time nan s is not a finite number";
    }

    void stepsFromTextErrors()
    {
        QFETCH(QString, text);
        QFETCH(double, seconds);
        QFETCH(QString, message);
        const QString error = errorOf([&] { stepsFromText(text.toStdString(), seconds); });
        QVERIFY2(error.contains(message), qPrintable(error));
    }


    // A person separates timed steps with full stops as often as with ';'. Once the second
    // span was read as part of the first step's text: "0-2.5 s: Stand still. 2.5-5 s: Walk"
    // became two steps inside 0-2.5 s and a 2.5 s clip.
    void aSentenceStartingWithASpanStartsAStep()
    {
        const StepList list = stepsFromText("0-2.5 s: Stay still for a moment. 2.5-5 s: Then start walking ahead.", 0);
        QCOMPARE(int(list.steps.size()), 2);
        QCOMPARE(list.steps[0].start, 0.0);
        QCOMPARE(list.steps[0].end, 2.5);
        QCOMPARE(QString::fromStdString(list.steps[0].text), QString("Stay still for a moment."));
        QCOMPARE(list.steps[1].start, 2.5);
        QCOMPARE(list.steps[1].end, 5.0);
        QCOMPARE(QString::fromStdString(list.steps[1].text), QString("Then start walking ahead."));
        const StepList three = stepsFromText("0-1: Jump! 1-2 s: Turn left? 2 to 4 seconds: Walk. Then stop.", 0);
        QCOMPARE(int(three.steps.size()), 4); // "Walk." and "Then stop." share 2-4 s, one sentence each
        QCOMPARE(three.steps[1].start, 1.0);
        QCOMPARE(three.steps[2].start, 2.0);
        QCOMPARE(three.steps[2].end, 3.0);
        QCOMPARE(three.steps[3].end, 4.0);
        // A number range inside a sentence, or one not followed by ':', stays text.
        const StepList inside = stepsFromText("0-3 s: Take 2-3 steps forward. Then 1-2 claps.", 0);
        QCOMPARE(int(inside.steps.size()), 2);
        QCOMPARE(inside.steps[1].end, 3.0);
        // A later span is still checked against the clip's length.
        QVERIFY(errorOf([] { stepsFromText("0-1 s: Walk. 1-9 s: Run.", 5.0); }).contains("after the clip"));
    }

    // Found by fuzz_step_text: a broken dash left bytes that are not UTF-8 in an untimed step,
    // whose text no steps file can hold.
    void textThatIsNotUtf8IsRefused()
    {
        const std::string broken = "0 to 2: squat down; 2\xe2\x80m\xd5 s: jump";
        const QString error = errorOf([&] { stepsFromText(broken, 0); });
        QVERIFY2(error.contains("the step text is not valid UTF-8 (byte 21)"), qPrintable(error));
        // A step of form feeds and vertical tabs has no text (also found by fuzz_step_text; the
        // input is kept in tests/fuzz/regressions/step_text).
        QVERIFY(errorOf([] { stepsFromText("0-1: \x0b\x0c", 0); }).contains("no text"));
        const QString coarse = errorOf([] { stepsFromText("0-1: jump", 0, "caf\xe9"); });
        QVERIFY2(coarse.contains("the coarse sentence is not valid UTF-8 (byte 3)"), qPrintable(coarse));
    }

    void bodyPartsNamedByTheWords_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("parts");
        // Whole words: "ahead" holds no head, "facing" no face.
        QTest::newRow("ahead") << "Walk straight ahead." << "whole_body";
        QTest::newRow("face as a verb") << "Turn to face your left." << "whole_body";
        QTest::newRow("face as a noun") << "Cover your face with your right hand." << "head,right_hand";
        QTest::newRow("turn the head") << "Turn your head to the left." << "head";
        QTest::newRow("look") << "Look over your left shoulder." << "head";
        // Places are not moved: over your head, by your side, on your hips.
        QTest::newRow("over the head") << "Put your right arm up over your head." << "right_arm";
        QTest::newRow("by the side") << "Let your left arm hang down by your side." << "left_arm";
        QTest::newRow("hands on hips") << "Put your hands on your hips." << "left_hand,right_hand";
        QTest::newRow("in front of") << "Hold your left hand in front of your face." << "left_hand";
        // Sides, both sides, and no side.
        QTest::newRow("both") << "Raise both arms." << "left_arm,right_arm";
        QTest::newRow("plural") << "Keep your feet still." << "left_leg,right_leg";
        QTest::newRow("left and right") << "Swing your left and right arms." << "left_arm,right_arm";
        QTest::newRow("one foot") << "Balance on one foot." << "whole_body";
        QTest::newRow("sided joint") << "Bend your right knee." << "right_leg";
        QTest::newRow("kick") << "Kick forward with your left foot." << "left_leg";
        QTest::newRow("wave") << "Wave hello with your right hand." << "right_hand";
        // Travelling verbs move the whole body, also beside a named part.
        QTest::newRow("walk and wave") << "Walk ahead while waving your left hand." << "left_hand,whole_body";
        QTest::newRow("while you walk") << "Wave your right hand while you walk." << "right_hand";
        QTest::newRow("as you go") << "Lift your left arm up high as you go." << "left_arm";
        QTest::newRow("running") << "Keep running." << "whole_body";
        QTest::newRow("squat with knees") << "Sink into a deep squat, bending both knees." << "left_leg,right_leg,whole_body";
        QTest::newRow("stand still") << "Stand still." << "whole_body";
        QTest::newRow("whole body") << "Rotate your whole body towards the left." << "whole_body";
        QTest::newRow("torso") << "Lean your upper body forward." << "torso";
        QTest::newRow("back") << "Arch your back." << "torso";
        QTest::newRow("back as adverb") << "Step back with your left foot." << "left_leg,whole_body";
        QTest::newRow("nothing named") << "Clap." << "whole_body";
    }

    void bodyPartsNamedByTheWords()
    {
        QFETCH(QString, text);
        QFETCH(QString, parts);
        QCOMPARE(names(bodyPartsNamedIn(text.toStdString())), parts);
    }

    // The README's command: each step gets the parts its words name, so per-step composition
    // puts the walk and the turn on the whole body and the wave on the right arm.
    void readmeExampleParts()
    {
        const StepList list = stepsFromText("0-2 s: walk forward; 2-3.5 s: turn left; 3.5-6 s: wave your right hand", 0);
        QCOMPARE(int(list.steps.size()), 3);
        QCOMPARE(names(list.steps[0].bodyParts), QString("whole_body"));
        QCOMPARE(names(list.steps[1].bodyParts), QString("whole_body"));
        QCOMPARE(names(list.steps[2].bodyParts), QString("right_hand"));
        QVERIFY(contains(stepsFromText("0-1: raise the left arm", 0).steps[0].bodyParts, BodyPart::LeftArm));
    }
};

QTEST_APPLESS_MAIN(TstStepText)
#include "tst_step_text.moc"
