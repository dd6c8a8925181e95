// Harness bodies for the core readers; see fuzz_entries.h for the contract.

#include "fuzz_entries.h"

#include "fuzz_checks.h"
#include "fuzz_temp_file.h"

#include "stepmotion/core/import/asf_amc.h"
#include "stepmotion/core/bvh/bvh.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/formats/npy.h"
#include "stepmotion/core/steps/steps.h"
#include "stepmotion/core/study/study_responses.h"

#include <string>

namespace stepmotion::fuzz {
namespace {

void checkNpy(const NpyArray& array)
{
    std::size_t product = 1;
    for (std::size_t dim : array.shape)
        product *= dim;
    require(array.data.size() == product, "npy data size != product(shape)");
    require(array.size() == product, "NpyArray::size() != product(shape)");
    checkAccepted("npy round trip", [&] {
        const NpyArray again = parseNpy(serializeNpy(array.shape, array.data), "round-trip.npy");
        require(again.shape == array.shape, "npy round trip changed the shape");
        require(again.data.size() == array.data.size(), "npy round trip changed the size");
    });
}

void checkBvh(const BvhClip& clip)
{
    require(clip.frames >= 0 && clip.channelCount >= 0, "negative BVH frame or channel count");
    require(clip.values.size() == static_cast<std::size_t>(clip.frames) * static_cast<std::size_t>(clip.channelCount),
            "BVH values != frames * channelCount");
    int channels = 0;
    for (std::size_t j = 0; j < clip.joints.size(); ++j) {
        const BvhJoint& joint = clip.joints[j];
        require(joint.parent < static_cast<int>(j) && (joint.parent >= 0 || j == 0), "BVH parent after child");
        require(joint.firstChannel == channels, "BVH firstChannel out of sequence");
        channels += static_cast<int>(joint.channels.size());
    }
    require(channels == clip.channelCount, "BVH channelCount != sum of joint channels");
    checkAccepted("BVH round trip", [&] {
        const BvhClip again = parseBvh(formatBvh(clip), "round-trip.bvh");
        require(again.joints.size() == clip.joints.size(), "BVH round trip changed the joint count");
        require(again.frames == clip.frames, "BVH round trip changed the frame count");
        require(again.channelCount == clip.channelCount, "BVH round trip changed the channel count");
    });
}

} // namespace

bool fuzzNpy(const uint8_t* data, std::size_t size)
{
    NpyArray array;
    try {
        array = parseNpy(asString(data, size), "fuzz.npy");
    } catch (const Error&) {
        return false;
    }
    checkNpy(array);
    return true;
}

bool fuzzBvh(const uint8_t* data, std::size_t size)
{
    BvhClip clip;
    try {
        clip = parseBvh(asString(data, size), "fuzz.bvh");
    } catch (const Error&) {
        return false;
    }
    checkBvh(clip);
    return true;
}

bool fuzzAsfAmc(const uint8_t* data, std::size_t size)
{
    // The .asf text, a NUL byte, then the .amc text (no NUL: all of it is the .asf).
    const std::string bytes = asString(data, size);
    const std::size_t split = bytes.find('\0');
    const std::string asf = bytes.substr(0, split);
    const std::string amc = split == std::string::npos ? std::string() : bytes.substr(split + 1);
    BvhClip clip;
    try {
        clip = parseAsfAmc(asf, "fuzz.asf", amc, "fuzz.amc");
    } catch (const Error&) {
        return false;
    }
    checkBvh(clip); // the clip is a BvhClip: it must be as consistent, and export as BVH
    return true;
}

bool fuzzStepsJson(const uint8_t* data, std::size_t size)
{
    StepList list;
    try {
        list = parseStepList(asString(data, size), "fuzz.steps.json");
    } catch (const Error&) {
        return false;
    }
    checkAccepted("step list round trip", [&] {
        require(parseStepList(stepListToJson(list), "round-trip.steps.json") == list,
                "step list round trip changed the list");
    });
    return true;
}

bool fuzzStudyResponses(const uint8_t* data, std::size_t size)
{
    LoadedResponses loaded;
    {
        const TempInputFile file(data, size);
        try {
            loaded = loadResponses(file.path());
        } catch (const Error&) {
            return false;
        }
    }
    require(loaded.warnings.size() <= 1, "more than one torn line tolerated");
    checkAccepted("response round trip", [&] {
        long line = 0;
        for (const TrialResponse& response : loaded.responses) {
            const std::string json = trialResponseToJson(response);
            require(json.find('\n') == std::string::npos, "a response line holds a newline");
            const TrialResponse again = parseTrialResponse(json, "round-trip.jsonl", ++line);
            require(trialResponseToJson(again) == json, "response round trip changed the response");
        }
    });
    return true;
}

} // namespace stepmotion::fuzz
