// Number-formatting helpers for the study sources; see study_format.h.

#include "study/study_format.h"

#include <cstdio>

namespace stepmotion::study_detail {

std::string fixed(double value, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

} // namespace stepmotion::study_detail
