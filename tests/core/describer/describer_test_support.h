#pragma once
// Helpers for tst_step_describer: finding the unpacked data, loading clips, printing and
// querying descriptions, and the label matching used by the Bandai recall measurement.

#include "stepmotion/core/import/motion_io.h"
#include "stepmotion/core/formats/npy.h"
#include "stepmotion/core/describer/step_describer.h"

#include "test_data.h"

#include <QStringList>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace stepmotion::test {

// The archived parts of the data (bandai/, cmu_bvh20/, finemotion/) are only present once
// unpacked by the unpack_shared_datasets fixture (see tests/CMakeLists.txt).
inline QString datasetFile(const QString& relative)
{
    const QString shared = test::sharedFile(relative);
    if (!shared.isEmpty() && QFileInfo::exists(shared))
        return shared;
    const QString root = test::unpackedDatasets();
    if (root.isEmpty())
        return QString();
    const QString unpacked = root + QLatin1Char('/') + relative;
    return QFileInfo::exists(unpacked) ? unpacked : QString();
}

#define REQUIRE_DATASET(relative, var)                                                          \
    const QString var = stepmotion::test::datasetFile(relative);                                                  \
    if (var.isEmpty())                                                                          \
        QSKIP(qPrintable(QStringLiteral("dataset file %1 not found: place the data at ../shared/datasets and " \
                                        "run the suite with ctest (it unpacks the archives first)").arg(relative)))

inline JointClip loadClip(const QString& path)
{
    if (path.endsWith(QStringLiteral(".npy")))
        return jointClipFromNpy(readNpy(path.toStdString()), path.toStdString());
    return loadJointClip(path.toStdString());
}

inline bool has(const Step& s, BodyPart p)
{
    return std::find(s.bodyParts.begin(), s.bodyParts.end(), p) != s.bodyParts.end();
}

inline QString dump(const MotionDescription& d)
{
    QString out = QString::fromStdString(d.coarse);
    for (const DescribedStep& s : d.steps) {
        QString parts;
        for (BodyPart p : s.step.bodyParts)
            parts += QString::fromUtf8(bodyPartName(p).data(), int(bodyPartName(p).size())) + QLatin1Char(' ');
        out += QStringLiteral("\n  %1-%2 %3| %4 [%5 %6 %7]")
                   .arg(s.step.start, 5, 'f', 2).arg(s.step.end, 5, 'f', 2).arg(parts)
                   .arg(QString::fromStdString(s.step.text), QString::fromStdString(s.rule))
                   .arg(s.value, 0, 'f', 2).arg(QString::fromStdString(s.unit));
    }
    return out;
}

inline const DescribedStep* findRule(const MotionDescription& d, const std::string& prefix, BodyPart part)
{
    for (const DescribedStep& s : d.steps) {
        if (s.rule.rfind(prefix, 0) == 0 && has(s.step, part))
            return &s;
    }
    return nullptr;
}

// The structural promises every description keeps.
inline void checkWellFormed(const MotionDescription& d, const JointClip& clip)
{
    QVERIFY(!d.steps.empty());
    for (std::size_t i = 0; i < d.steps.size(); ++i) {
        const Step& s = d.steps[i].step;
        QVERIFY(s.start >= 0 && s.end > s.start && s.end <= clip.timelineSeconds() + 1e-9);
        QVERIFY(!s.bodyParts.empty());
        QVERIFY(!s.text.empty() && s.text.back() == '.' && std::isupper(static_cast<unsigned char>(s.text[0])));
        if (i > 0)
            QVERIFY(d.steps[i - 1].step.start <= s.start);
    }
    const StepList list = d.toStepList();
    QCOMPARE(list.source, std::string("describer"));
    QVERIFY(parseStepList(stepListToJson(list), "describer output") == list);
}

// Body parts sorted and steps ordered by (start, text): mirroring swaps the order of
// otherwise equal entries.
inline StepList canonical(StepList list)
{
    for (Step& s : list.steps)
        std::sort(s.bodyParts.begin(), s.bodyParts.end());
    std::stable_sort(list.steps.begin(), list.steps.end(), [](const Step& a, const Step& b) {
        return std::make_pair(std::lround(a.start * 20), a.text) < std::make_pair(std::lround(b.start * 20), b.text);
    });
    return list;
}

// A rigid copy of one pose, turned about the pelvis from yawStart to yawEnd (degrees, + =
// towards +X, the rest pose's left) and slid at `speed` m/s in direction `heading` (degrees
// from the pose's facing, + = to its left) during [moveFrom, moveTo) frames.
inline JointClip movedPose(const JointClip& source, int frames, double yawStart, double yawEnd, double heading,
                           double speed, int moveFrom, int moveTo)
{
    JointClip clip(frames, kJointCount);
    const float* pelvis = source.at(0, Pelvis);
    double x = 0, z = 0;
    for (int t = 0; t < frames; ++t) {
        const double k = std::clamp(double(t - moveFrom) / std::max(1, moveTo - moveFrom - 1), 0.0, 1.0);
        const double yaw = (yawStart + k * (yawEnd - yawStart)) / 57.29577951308232;
        if (t > moveFrom && t < moveTo) {
            const double dir = yaw + heading / 57.29577951308232;
            x += speed / kFps * std::sin(dir);
            z += speed / kFps * std::cos(dir);
        }
        for (int j = 0; j < kJointCount; ++j) {
            const double dx = source.at(0, j)[0] - pelvis[0], dz = source.at(0, j)[2] - pelvis[2];
            float* out = clip.at(t, j);
            out[0] = float(pelvis[0] + x + dx * std::cos(yaw) + dz * std::sin(yaw));
            out[1] = source.at(0, j)[1];
            out[2] = float(pelvis[2] + z - dx * std::sin(yaw) + dz * std::cos(yaw));
        }
    }
    return clip;
}

inline JointClip constantPose(const JointClip& source, int frame, int frames)
{
    JointClip clip(frames, kJointCount);
    for (int t = 0; t < frames; ++t)
        std::copy_n(source.at(frame, 0), kJointCount * 3, clip.at(t, 0));
    return clip;
}


inline bool anyRule(const MotionDescription& d, const std::string& prefix, BodyPart part)
{
    return findRule(d, prefix, part) != nullptr;
}

// What a Bandai dataset-2 take of `content` must show for the describer to have got it right.
inline bool matchesBandaiContent(const MotionDescription& d, const QString& content)
{
    const auto turn = [&](bool left) {
        return std::any_of(d.steps.begin(), d.steps.end(),
                           [&](const DescribedStep& s) { return s.rule == "turn" && (s.value > 0) == left; });
    };
    const auto walkForward = [&] {
        const DescribedStep* w = findRule(d, "locomotion.walk", BodyPart::WholeBody);
        return w && w->step.text.rfind("Walk forward", 0) == 0;
    };
    if (content == "walk")
        return walkForward() && !turn(true) && !turn(false);
    if (content == "walk-turn-left" || content == "walk-turn-right")
        return walkForward() && turn(content.endsWith("left")) && !turn(content.endsWith("right"));
    if (content == "run")
        return anyRule(d, "locomotion.run", BodyPart::WholeBody) || anyRule(d, "locomotion.jog", BodyPart::WholeBody);
    const bool left = content.contains("left") || content.contains("both");
    const bool right = content.contains("right") || content.contains("both");
    // A hand put on the hip is a "raise" too; raising means to shoulder height or above.
    const bool wave = content.startsWith("wave");
    const auto shows = [&](BodyPart part) {
        return std::any_of(d.steps.begin(), d.steps.end(), [&](const DescribedStep& s) {
            return has(s.step, part) && (wave ? s.rule == "arm.wave" : s.rule == "arm.raise" && s.value >= 0.8);
        });
    };
    return shows(wave ? BodyPart::LeftHand : BodyPart::LeftArm) == left
           && shows(wave ? BodyPart::RightHand : BodyPart::RightArm) == right;
}

} // namespace stepmotion::test
