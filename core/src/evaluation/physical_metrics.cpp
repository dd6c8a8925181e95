// Physical plausibility figures of joint clips, by finite differences in double precision.

#include "stepmotion/core/evaluation/physical_metrics.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/motion/skeleton.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace stepmotion {
namespace {

void checkClip(const JointClip& c, const PhysicalMetricOptions& o)
{
    const std::string what = "physical metrics: ";
    if (c.frames < 4)
        throw Error(what + "the clip has " + std::to_string(c.frames) + " frames; at least 4 are needed for jerk");
    if (c.joints != kJointCount)
        throw Error(what + "expected " + std::to_string(kJointCount) + " joints, the clip has " + std::to_string(c.joints));
    if (c.xyz.size() != std::size_t(c.frames) * std::size_t(c.joints) * 3)
        throw Error(what + "the clip's buffer holds " + std::to_string(c.xyz.size()) + " values, expected frames x 22 x 3");
    if (!(c.fps > 0))
        throw Error(what + "fps must be positive, got " + std::to_string(c.fps));
    if (o.patchFrames < 1)
        throw Error(what + "patchFrames must be at least 1, got " + std::to_string(o.patchFrames));
    if (o.footHeightMax < 0 || o.footSlideMin < 0)
        throw Error(what + "foot thresholds must not be negative");
}

// |sum_k w[k] p[t+k]| for one joint, weights of a finite-difference stencil.
template <std::size_t N>
double stencilNorm(const JointClip& c, int t, int joint, const double (&w)[N])
{
    double d[3] = {0, 0, 0};
    for (std::size_t k = 0; k < N; ++k) {
        const float* p = c.at(t + int(k), joint);
        for (int a = 0; a < 3; ++a)
            d[a] += w[k] * double(p[a]);
    }
    return std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
}

double meanJerk(const JointClip& c)
{
    static const double w[] = {-1, 3, -3, 1};
    double sum = 0;
    for (int t = 0; t + 3 < c.frames; ++t)
        for (int j = 0; j < c.joints; ++j)
            sum += stencilNorm(c, t, j, w);
    return sum / (double(c.frames - 3) * c.joints) * c.fps * c.fps * c.fps;
}

std::vector<double> phaseAcceleration(const JointClip& c, int patchFrames)
{
    static const double w[] = {1, -2, 1};
    std::vector<double> sum(std::size_t(patchFrames), 0.0);
    std::vector<int> count(std::size_t(patchFrames), 0);
    for (int i = 0; i + 2 < c.frames; ++i) {
        const std::size_t phase = std::size_t(i % patchFrames);
        for (int j = 0; j < c.joints; ++j)
            sum[phase] += stencilNorm(c, i, j, w);
        count[phase] += c.joints;
    }
    for (std::size_t k = 0; k < sum.size(); ++k)
        sum[k] = count[k] > 0 ? sum[k] / count[k] * c.fps * c.fps : std::nan("");
    return sum;
}

double footSkating(const JointClip& c, const PhysicalMetricOptions& o)
{
    int sliding = 0, pairs = 0;
    for (const int foot : {int(LeftFoot), int(RightFoot)})
        for (int t = 0; t + 1 < c.frames; ++t) {
            const float* a = c.at(t, foot);
            const float* b = c.at(t + 1, foot);
            ++pairs;
            const bool low = a[1] < o.footHeightMax && b[1] < o.footHeightMax;
            sliding += low && std::hypot(double(b[0]) - a[0], double(b[2]) - a[2]) > o.footSlideMin;
        }
    return double(sliding) / pairs;
}

// Population standard deviation of each bone's length; index 0 (the pelvis) is skipped.
std::vector<double> boneLengthStds(const JointClip& c)
{
    const auto& parents = skeleton::parents();
    std::vector<double> out;
    for (int j = 1; j < kJointCount; ++j) {
        double sum = 0, squares = 0;
        for (int t = 0; t < c.frames; ++t) {
            const float* p = c.at(t, j);
            const float* q = c.at(t, parents[std::size_t(j)]);
            const double len = std::sqrt(std::pow(double(p[0]) - q[0], 2) + std::pow(double(p[1]) - q[1], 2) +
                                         std::pow(double(p[2]) - q[2], 2));
            sum += len;
            squares += len * len;
        }
        const double mean = sum / c.frames;
        out.push_back(std::sqrt(std::max(0.0, squares / c.frames - mean * mean)));
    }
    return out;
}

double lowestY(const JointClip& c)
{
    double low = std::numeric_limits<double>::infinity();
    for (std::size_t i = 1; i < c.xyz.size(); i += 3)
        low = std::min(low, double(c.xyz[i]));
    return low;
}

double airborneHeight(const JointClip& c)
{
    double peak = -std::numeric_limits<double>::infinity();
    for (int t = 0; t < c.frames; ++t) {
        const double left = std::min(c.at(t, LeftFoot)[1], c.at(t, LeftAnkle)[1]);
        const double right = std::min(c.at(t, RightFoot)[1], c.at(t, RightAnkle)[1]);
        peak = std::max(peak, std::min(left, right));
    }
    return peak;
}

} // namespace

double phaseRatio(const std::vector<double>& phaseMeans)
{
    double high = -std::numeric_limits<double>::infinity(), low = std::numeric_limits<double>::infinity();
    for (const double v : phaseMeans)
        if (!std::isnan(v)) {
            high = std::max(high, v);
            low = std::min(low, v);
        }
    if (std::isinf(low))
        return std::nan("");
    if (high <= 0)
        return 1.0; // nothing accelerates: flat
    return low > 0 ? high / low : std::numeric_limits<double>::infinity();
}

PhysicalMetrics measurePhysical(const JointClip& joints, const PhysicalMetricOptions& options)
{
    checkClip(joints, options);
    PhysicalMetrics m;
    m.meanJerk = meanJerk(joints);
    m.phaseAcceleration = phaseAcceleration(joints, options.patchFrames);
    m.seamPhaseRatio = phaseRatio(m.phaseAcceleration);
    m.footSkating = footSkating(joints, options);
    const std::vector<double> stds = boneLengthStds(joints);
    m.boneLengthStdMax = *std::max_element(stds.begin(), stds.end());
    for (const double s : stds)
        m.boneLengthStdMean += s / double(stds.size());
    m.floorPenetration = std::max(0.0, -lowestY(joints));
    m.airborneHeight = airborneHeight(joints);
    return m;
}

PhysicalSummary summarisePhysical(const std::vector<PhysicalMetrics>& clips)
{
    PhysicalSummary s;
    s.clips = int(clips.size());
    const auto figure = [&](double PhysicalMetrics::*field) {
        std::vector<double> values;
        for (const auto& c : clips)
            values.push_back(c.*field);
        return meanInterval(values);
    };
    s.meanJerk = figure(&PhysicalMetrics::meanJerk);
    s.seamPhaseRatio = figure(&PhysicalMetrics::seamPhaseRatio);
    s.footSkating = figure(&PhysicalMetrics::footSkating);
    s.boneLengthStdMax = figure(&PhysicalMetrics::boneLengthStdMax);
    s.boneLengthStdMean = figure(&PhysicalMetrics::boneLengthStdMean);
    s.floorPenetration = figure(&PhysicalMetrics::floorPenetration);
    s.airborneHeight = figure(&PhysicalMetrics::airborneHeight);
    if (clips.empty()) {
        s.pooledSeamPhaseRatio = std::nan("");
        return s;
    }
    const std::size_t phases = clips.front().phaseAcceleration.size();
    for (std::size_t k = 0; k < phases; ++k) {
        std::vector<double> values;
        for (const auto& c : clips) {
            if (c.phaseAcceleration.size() != phases)
                throw Error("physical metrics: clips scored with different patch lengths (" + std::to_string(phases) +
                            " and " + std::to_string(c.phaseAcceleration.size()) + " phases) cannot be summarised together");
            values.push_back(c.phaseAcceleration[k]);
        }
        s.pooledPhaseAcceleration.push_back(meanInterval(values).mean);
    }
    s.pooledSeamPhaseRatio = phaseRatio(s.pooledPhaseAcceleration);
    return s;
}

} // namespace stepmotion
