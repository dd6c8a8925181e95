// Folder and number-formatting helpers for the study sources; see study_detail.h.

#include "study_detail.h"

#include <cstdio>
#include <filesystem>
#include <system_error>

namespace stepmotion::study_detail {

void makeDirectories(const std::string& dir)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw fileError(dir, "cannot create folder: " + ec.message());
}

std::string fixed(double value, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

} // namespace stepmotion::study_detail
