// Harness body for Studio's project loader (Qt JSON); see fuzz_entries.h for the contract.

#include "fuzz_entries.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/ui/project/project_file.h"

#include <stdexcept>
#include <string>

namespace stepmotion::fuzz {

bool fuzzProject(const uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    ui::Project project;
    try {
        project = ui::parseProject(bytes, QStringLiteral("fuzz.stepmotion"));
    } catch (const Error&) {
        return false;
    }
    // An accepted project must save and load back with the same content.
    try {
        const ui::Project again = ui::parseProject(ui::projectToJson(project), QStringLiteral("round-trip.stepmotion"));
        if (!(again.steps == project.steps) || !(again.settings == project.settings) ||
            again.takes.size() != project.takes.size())
            throw std::logic_error("fuzz contract broken: project round trip changed the project");
        for (std::size_t i = 0; i < project.takes.size(); ++i)
            if (again.takes[i].features.values != project.takes[i].features.values ||
                again.takes[i].steps != project.takes[i].steps)
                throw std::logic_error("fuzz contract broken: project round trip changed take " + std::to_string(i));
    } catch (const Error& error) {
        throw std::logic_error(std::string("fuzz contract broken: project round trip: ") + error.what());
    }
    return true;
}

} // namespace stepmotion::fuzz
