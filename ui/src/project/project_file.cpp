#include "stepmotion/ui/project/project_file.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

#include <cmath>
#include <cstring>

namespace stepmotion::ui {
namespace {

/// Reads fields of one JSON object, throwing "<name>: <path>.<field>: <what>" errors.
class FieldReader {
public:
    FieldReader(const QJsonObject& object, std::string name, std::string path)
        : m_object(object), m_name(std::move(name)), m_path(std::move(path)) {}

    QJsonValue require(const char* field) const
    {
        const QJsonValue value = m_object.value(QLatin1String(field));
        if (value.isUndefined())
            fail(field, "missing");
        return value;
    }
    double number(const char* field, double min) const
    {
        const QJsonValue value = require(field);
        if (!value.isDouble() || !std::isfinite(value.toDouble()))
            fail(field, "must be a number");
        if (value.toDouble() < min)
            fail(field, "must be >= " + std::to_string(min));
        return value.toDouble();
    }
    int64_t integer(const char* field, double min, double max = 9007199254740992.0) const
    {
        const double value = number(field, min);
        if (value != std::floor(value) || value > max)
            fail(field, "must be a whole number <= " + std::to_string(static_cast<int64_t>(max)));
        return static_cast<int64_t>(value);
    }
    QString string(const char* field) const
    {
        const QJsonValue value = require(field);
        if (!value.isString())
            fail(field, "must be a string");
        return value.toString();
    }
    bool boolean(const char* field) const
    {
        const QJsonValue value = require(field);
        if (!value.isBool())
            fail(field, "must be true or false");
        return value.toBool();
    }
    /// An optional composition name; `absent` when the field is missing.
    StepComposition composition(const char* field, StepComposition absent) const
    {
        if (m_object.value(QLatin1String(field)).isUndefined())
            return absent;
        const std::string name = string(field).toStdString();
        try {
            return stepCompositionFromName(name);
        } catch (const Error& e) {
            fail(field, e.what());
        }
    }
    /// An optional sampler name; ddim (the only sampler before the field) when it is missing.
    Sampler sampler(const char* field) const
    {
        if (m_object.value(QLatin1String(field)).isUndefined())
            return Sampler::Ddim;
        try {
            return samplerFromName(string(field).toStdString());
        } catch (const Error& e) {
            fail(field, e.what());
        }
    }
    QJsonObject object(const char* field) const
    {
        const QJsonValue value = require(field);
        if (!value.isObject())
            fail(field, "must be an object");
        return value.toObject();
    }
    StepList steps(const char* field) const
    {
        const QByteArray json = QJsonDocument(object(field)).toJson(QJsonDocument::Compact);
        // Core validates the list; its messages start with the name given here.
        return parseStepList(json.toStdString(), m_name + ": " + where(field));
    }
    std::string where(const char* field) const { return m_path.empty() ? field : m_path + "." + field; }
    [[noreturn]] void fail(const char* field, const std::string& what) const
    {
        throw fileError(m_name, where(field) + ": " + what);
    }

private:
    QJsonObject m_object;
    std::string m_name;
    std::string m_path;
};

QJsonObject stepsObject(const StepList& list)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(stepListToJson(list))).object();
}

QByteArray encodeFeatures(const FeatureClip& clip)
{
    QByteArray bytes(static_cast<qsizetype>(clip.values.size() * 4), Qt::Uninitialized);
    for (std::size_t i = 0; i < clip.values.size(); ++i) {
        quint32 bits = 0;
        std::memcpy(&bits, &clip.values[i], 4);
        qToLittleEndian(bits, bytes.data() + i * 4);
    }
    return bytes.toBase64();
}

FeatureClip decodeFeatureField(const FieldReader& reader, int frames)
{
    const QByteArray::FromBase64Result decoded =
        QByteArray::fromBase64Encoding(reader.string("features").toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        reader.fail("features", "not valid base64");
    const QByteArray& bytes = *decoded;
    const std::size_t expected = static_cast<std::size_t>(frames) * kFeatureDim;
    if (bytes.size() % 4 != 0 || static_cast<std::size_t>(bytes.size() / 4) != expected)
        reader.fail("features", std::to_string(bytes.size() / 4) + " values, expected " + std::to_string(frames) +
                                    " x " + std::to_string(kFeatureDim));
    FeatureClip clip(frames);
    for (std::size_t i = 0; i < expected; ++i) {
        const quint32 bits = qFromLittleEndian<quint32>(bytes.constData() + i * 4);
        std::memcpy(&clip.values[i], &bits, 4);
        if (!std::isfinite(clip.values[i]))
            reader.fail("features", "value " + std::to_string(i) + " is not finite");
    }
    return clip;
}

Take parseTake(const QJsonObject& object, const std::string& name, const std::string& path)
{
    const FieldReader reader(object, name, path);
    Take take;
    take.name = reader.string("name").trimmed();
    if (take.name.isEmpty())
        reader.fail("name", "must not be empty");
    take.starred = reader.boolean("starred");
    take.created = QDateTime::fromString(reader.string("created"), Qt::ISODateWithMs);
    if (!take.created.isValid())
        reader.fail("created", "not an ISO 8601 date and time");
    take.created = take.created.toUTC();
    take.seed = static_cast<uint64_t>(reader.integer("seed", 0));
    take.variant = static_cast<int>(reader.integer("variant", 0, 1000));
    take.guidance = reader.number("guidance", 0);
    take.samplingSteps = static_cast<int>(reader.integer("sampling_steps", 1, 100000));
    // Takes saved before the field existed were generated with the whole step list as one
    // condition, so a missing field means joint (unlike the settings, which get the new default).
    take.composition = reader.composition("composition", StepComposition::Joint);
    take.sampler = reader.sampler("sampler");
    take.steps = reader.steps("steps");
    take.features = decodeFeatureField(reader, static_cast<int>(reader.integer("frames", 1, 100000)));
    return take;
}

} // namespace

bool GenerationSettings::operator==(const GenerationSettings& other) const
{
    return seed == other.seed && variants == other.variants && guidance == other.guidance &&
           samplingSteps == other.samplingSteps && composition == other.composition && sampler == other.sampler;
}

QByteArray projectToJson(const Project& project)
{
    QJsonObject settings;
    settings[QStringLiteral("seed")] = static_cast<double>(project.settings.seed);
    settings[QStringLiteral("variants")] = project.settings.variants;
    settings[QStringLiteral("guidance")] = project.settings.guidance;
    settings[QStringLiteral("sampling_steps")] = project.settings.samplingSteps;
    settings[QStringLiteral("composition")] = QString::fromStdString(stepCompositionName(project.settings.composition));
    settings[QStringLiteral("sampler")] = QString::fromStdString(samplerName(project.settings.sampler));
    QJsonArray takes;
    for (const Take& take : project.takes) {
        QJsonObject t;
        t[QStringLiteral("name")] = take.name;
        t[QStringLiteral("starred")] = take.starred;
        t[QStringLiteral("created")] = take.created.toUTC().toString(Qt::ISODateWithMs);
        t[QStringLiteral("seed")] = static_cast<double>(take.seed);
        t[QStringLiteral("variant")] = take.variant;
        t[QStringLiteral("guidance")] = take.guidance;
        t[QStringLiteral("sampling_steps")] = take.samplingSteps;
        t[QStringLiteral("composition")] = QString::fromStdString(stepCompositionName(take.composition));
        t[QStringLiteral("sampler")] = QString::fromStdString(samplerName(take.sampler));
        t[QStringLiteral("steps")] = stepsObject(take.steps);
        t[QStringLiteral("frames")] = take.features.frames;
        t[QStringLiteral("features")] = QString::fromLatin1(encodeFeatures(take.features));
        takes.append(t);
    }
    QJsonObject root;
    root[QStringLiteral("version")] = kProjectVersion;
    root[QStringLiteral("steps")] = stepsObject(project.steps);
    root[QStringLiteral("settings")] = settings;
    root[QStringLiteral("takes")] = takes;
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Project parseProject(const QByteArray& json, const QString& name)
{
    const std::string file = name.toStdString();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        throw fileError(file, "not valid JSON at byte " + std::to_string(error.offset) + ": " +
                                  error.errorString().toStdString());
    if (!document.isObject())
        throw fileError(file, "not a JSON object");
    const FieldReader root(document.object(), file, "");
    const int64_t version = root.integer("version", 1);
    if (version > kProjectVersion)
        root.fail("version", std::to_string(version) + " is newer than this build reads (" +
                                 std::to_string(kProjectVersion) + ")");
    Project project;
    project.steps = root.steps("steps");
    const FieldReader settings(root.object("settings"), file, "settings");
    project.settings.seed = static_cast<uint64_t>(settings.integer("seed", 0));
    project.settings.variants = static_cast<int>(settings.integer("variants", 1, 1000));
    project.settings.guidance = settings.number("guidance", 0);
    project.settings.samplingSteps = static_cast<int>(settings.integer("sampling_steps", 1, 100000));
    // Missing in files from before the choice existed: the current default.
    project.settings.composition = settings.composition("composition", kDefaultComposition);
    project.settings.sampler = settings.sampler("sampler");
    const QJsonValue takes = root.require("takes");
    if (!takes.isArray())
        root.fail("takes", "must be an array");
    const QJsonArray array = takes.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const std::string path = "takes[" + std::to_string(i) + "]";
        if (!array[i].isObject())
            throw fileError(file, path + ": must be an object");
        project.takes.push_back(parseTake(array[i].toObject(), file, path));
    }
    return project;
}

Project loadProject(const QString& path)
{
    const std::string bytes = readWholeFile(path.toStdString());
    return parseProject(QByteArray::fromStdString(bytes), path);
}

void saveProject(const QString& path, const Project& project)
{
    writeFileAtomically(path.toStdString(), projectToJson(project).toStdString());
}

} // namespace stepmotion::ui
