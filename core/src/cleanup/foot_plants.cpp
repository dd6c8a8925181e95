// Plants of planted runs (foot_plants.h): grown from a seed frame while the hip reaches the
// held place, then held at the mean place of those frames.

#include "cleanup/foot_plants.h"

#include <algorithm>
#include <limits>

namespace stepmotion::detail {

namespace {

// A plant needs the hip within this share of the leg's length: near a straight knee the IK
// turns millimetres of target into centimetres of knee swing.
constexpr double kReachFraction = 0.99;
// Frames a leftover part of a run must hold, beyond a step, to become a plant of its own.
constexpr int kMinHold = 2;

/// Whether the hip on frame t reaches `target` with the leg's joint (the ankle; the toe
/// within a foot length of it), at the height the joint has there.
bool reaches(const Positions& p, const Leg& leg, bool toe, int t, Vec3 target)
{
    const int joint = toe ? leg.foot : leg.ankle;
    const Vec3 hip = jointAt(p, t, leg.hip);
    const Vec3 ankle = jointAt(p, t, leg.ankle);
    const double legLength = norm(jointAt(p, t, leg.knee) - hip) + norm(ankle - jointAt(p, t, leg.knee));
    const Vec3 place{target.x, jointAt(p, t, joint).y, target.z};
    const double slack = toe ? norm(jointAt(p, t, leg.foot) - ankle) : 0.0;
    return norm(place - hip) - slack <= kReachFraction * legLength;
}

/// The part of `run` the leg can hold around `seed`: grown frame by frame while the hip
/// reaches the seed's place, then held at the mean horizontal position of those frames, and
/// shrunk where that mean is out of reach.
Plant grownPlant(const Positions& p, const Leg& leg, bool toe, const ContactRun& run, int seed)
{
    const int joint = toe ? leg.foot : leg.ankle;
    const auto pos = [&](int t) { return horizontal(jointAt(p, t, joint)); };
    Plant plant{seed, seed, pos(seed)};
    while (plant.first > run.first && reaches(p, leg, toe, plant.first - 1, plant.target))
        --plant.first;
    while (plant.last < run.last && reaches(p, leg, toe, plant.last + 1, plant.target))
        ++plant.last;
    Vec3 sum(0.0);
    for (int t = plant.first; t <= plant.last; ++t)
        sum = sum + pos(t);
    plant.target = (1.0 / (plant.last - plant.first + 1)) * sum;
    while (plant.first < seed && !reaches(p, leg, toe, plant.first, plant.target))
        ++plant.first;
    while (plant.last > seed && !reaches(p, leg, toe, plant.last, plant.target))
        --plant.last;
    return plant;
}

/// The run's frame of least horizontal speed of the joint.
int slowestFrame(const Positions& p, int joint, const ContactRun& run)
{
    const auto pos = [&](int t) { return horizontal(jointAt(p, t, joint)); };
    int slowest = run.first;
    double least = std::numeric_limits<double>::infinity();
    for (int t = run.first; t <= run.last; ++t) {
        const double speed = norm(pos(std::min(t + 1, run.last)) - pos(std::max(t - 1, run.first)));
        if (speed < least) {
            least = speed;
            slowest = t;
        }
    }
    return slowest;
}

bool anyBusy(const std::vector<bool>& busy, int from, int to)
{
    for (int t = std::max(from, 0); t <= to && t < static_cast<int>(busy.size()); ++t)
        if (busy[static_cast<std::size_t>(t)])
            return true;
    return false;
}

/// Ends `plant` early enough that the step after it misses the other foot's steps, if it can
/// still hold a frame; otherwise both feet leave the floor together, as in a run.
void endBeforeBusy(Plant& plant, int stepFrames, const std::vector<bool>& busy)
{
    for (int end = plant.last; end >= plant.first; --end)
        if (!anyBusy(busy, end + 1, end + stepFrames)) {
            plant.last = end;
            return;
        }
}

/// The same for the step before `plant`.
void startAfterBusy(Plant& plant, int stepFrames, const std::vector<bool>& busy)
{
    for (int start = plant.first; start <= plant.last; ++start)
        if (!anyBusy(busy, start - stepFrames, start - 1)) {
            plant.first = start;
            return;
        }
}

} // namespace

std::vector<Plant> runPlants(const Positions& p, const Leg& leg, bool toe, const ContactRun& run, int stepFrames,
                             const std::vector<bool>& busy)
{
    Plant centre = grownPlant(p, leg, toe, run, slowestFrame(p, toe ? leg.foot : leg.ankle, run));
    if (stepFrames <= 0)
        return {centre};
    const auto stepAfter = [&](const Plant& plant) { return run.last - (plant.last + stepFrames) >= kMinHold; };
    const auto stepBefore = [&](const Plant& plant) { return plant.first - stepFrames - run.first >= kMinHold; };
    std::vector<Plant> plants; // before the centre, latest first
    if (stepBefore(centre))
        startAfterBusy(centre, stepFrames, busy);
    for (Plant* next = &centre; stepBefore(*next); next = &plants.back()) {
        const int end = next->first - stepFrames - 1;
        plants.push_back(grownPlant(p, leg, toe, {run.first, end}, end));
        if (stepBefore(plants.back()))
            startAfterBusy(plants.back(), stepFrames, busy);
    }
    std::reverse(plants.begin(), plants.end());
    plants.push_back(centre);
    for (std::size_t r = 1; r < plants.size(); ++r)
        plants[r].stepIn = true;
    while (stepAfter(plants.back())) {
        endBeforeBusy(plants.back(), stepFrames, busy);
        const int start = plants.back().last + stepFrames + 1;
        plants.push_back(grownPlant(p, leg, toe, {start, run.last}, start));
        plants.back().stepIn = true;
    }
    return plants;
}

std::vector<bool> stepFramesOf(const std::vector<Plant>& plants, int frames)
{
    std::vector<bool> busy(static_cast<std::size_t>(std::max(frames, 0)), false);
    for (std::size_t r = 1; r < plants.size(); ++r)
        if (plants[r].stepIn)
            for (int t = plants[r - 1].last + 1; t < plants[r].first && t < frames; ++t)
                busy[static_cast<std::size_t>(t)] = true;
    return busy;
}

} // namespace stepmotion::detail
