#include "stepmotion/core/motion/window_tiling.h"

#include <algorithm>
#include <cmath>

namespace stepmotion {

std::vector<std::pair<long, long>> tileFrames(long first, long length, long longest, long overlap)
{
    if (length <= longest)
        return {{first, first + length}};
    overlap = std::min(overlap, longest / 2);
    const auto count = static_cast<long>(std::ceil(double(length - overlap) / double(longest - overlap)));
    std::vector<std::pair<long, long>> tiles;
    for (long i = 0; i < count; ++i) {
        const long start = first + std::lround(double(i) * double(length - longest) / double(count - 1));
        tiles.emplace_back(start, start + longest);
    }
    return tiles;
}

} // namespace stepmotion
