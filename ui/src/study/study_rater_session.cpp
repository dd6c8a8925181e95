#include "stepmotion/ui/study/study_rater_session.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <filesystem>

namespace stepmotion::ui {
namespace {

// The seed is stored as a decimal string: JSON numbers lose uint64 precision above 2^53.
uint64_t parseSessionFile(const std::string& path, const std::string& rater)
{
    const std::string bytes = readWholeFile(path);
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(bytes), &parseError);
    if (doc.isNull() || !doc.isObject())
        throw fileError(path, "not a session JSON object (" + parseError.errorString().toStdString() + ")");
    const QJsonObject object = doc.object();
    if (object.value(QStringLiteral("version")).toInt() != 1)
        throw fileError(path, "version: expected 1");
    if (object.value(QStringLiteral("rater")).toString().toStdString() != rater)
        throw fileError(path, "rater: expected '" + rater + "'");
    bool ok = false;
    const uint64_t seed = object.value(QStringLiteral("session_seed")).toString().toULongLong(&ok);
    if (!ok)
        throw fileError(path, "session_seed: expected an unsigned integer in a string");
    return seed;
}

} // namespace

std::string raterSessionPath(const std::string& studyDir, const std::string& rater)
{
    return (std::filesystem::path(studyDir) / "sessions" / (rater + ".json")).string();
}

uint64_t raterSessionSeed(const std::string& studyDir, const std::string& rater, uint64_t freshSeed)
{
    const std::string path = raterSessionPath(studyDir, rater);
    if (!isValidStudyId(rater))
        throw fileError(path, "rater: '" + rater + "' is not a valid id (1-64 of A-Z a-z 0-9 . _ -)");
    std::error_code ec;
    if (std::filesystem::exists(path, ec))
        return parseSessionFile(path, rater);
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (ec)
        throw fileError(path, "cannot create the sessions folder: " + ec.message());
    QJsonObject object;
    object.insert(QStringLiteral("version"), 1);
    object.insert(QStringLiteral("rater"), QString::fromStdString(rater));
    object.insert(QStringLiteral("session_seed"), QString::number(freshSeed));
    object.insert(QStringLiteral("started_at"), QString::fromStdString(currentUtcIso8601()));
    writeFileAtomically(path, QJsonDocument(object).toJson(QJsonDocument::Indented).toStdString());
    return freshSeed;
}

StudyRaterSession openRaterSession(const std::string& studyDir, const std::string& rater, uint64_t freshSeed)
{
    StudyRaterSession session;
    session.studyDir = studyDir;
    session.rater = rater;
    session.design = loadStudyDesign(studyDesignPath(studyDir));
    session.sessionSeed = raterSessionSeed(studyDir, rater, freshSeed);
    session.plan = planTrials(session.design, rater, session.sessionSeed);
    const std::string responses = studyResponsesPath(studyDir, rater);
    std::error_code ec;
    if (std::filesystem::exists(responses, ec)) {
        LoadedResponses loaded = loadResponses(responses);
        session.answered = std::move(loaded.responses);
        session.warnings = std::move(loaded.warnings);
    }
    session.resumeIndex = resumeTrialIndex(session.plan, session.answered);
    return session;
}

} // namespace stepmotion::ui
