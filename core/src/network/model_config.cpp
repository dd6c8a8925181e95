#include "network/model_config.h"

#include "network/config_json.h"

#include "stepmotion/core/runtime/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>
#include <sstream>

namespace stepmotion::model {
namespace {

using Json = nlohmann::json;

// One place lists every serialised field, so JSON, comparison and diffs cannot drift apart.
template <typename Config, typename Visitor>
void visitFields(Config& c, Visitor&& v)
{
    v("vocabSize", c.vocabSize);
    v("maxTokens", c.maxTokens);
    v("maxSteps", c.maxSteps);
    v("textDim", c.textDim);
    v("textLayers", c.textLayers);
    v("textHeads", c.textHeads);
    v("motionDim", c.motionDim);
    v("motionLayers", c.motionLayers);
    v("motionHeads", c.motionHeads);
    v("ffnMultiplier", c.ffnMultiplier);
    v("dropout", c.dropout);
    v("patchFrames", c.patchFrames);
    v("maxFrames", c.maxFrames);
    v("featureDim", c.featureDim);
    v("fps", c.fps);
    v("useCoarse", c.blocks.useCoarse);
    v("useFine", c.blocks.useFine);
    v("stepSelfAttention", c.blocks.stepSelfAttention);
    v("fineCoarseCrossAttention", c.blocks.fineCoarseCrossAttention);
    v("timeAlignedBias", c.blocks.timeAlignedBias);
    v("diffusionSteps", c.diffusionSteps);
    v("schedule", c.schedule);
    v("prediction", c.prediction);
    v("conditionDropout", c.conditionDropout);
}

const char* enumName(BetaSchedule s) { return s == BetaSchedule::Linear ? "linear" : "cosine"; }
const char* enumName(PredictionTarget p) { return p == PredictionTarget::X0 ? "x0" : "epsilon"; }

Json toJsonValue(BetaSchedule s) { return enumName(s); }
Json toJsonValue(PredictionTarget p) { return enumName(p); }
template <typename T>
Json toJsonValue(T v) { return v; }

template <typename T>
std::string valueText(const T& v) { return toJsonValue(v).dump(); }

void readValue(const Json& j, const std::string& where, int& out)
{
    if (!j.is_number_integer())
        throw Error(where + ": expected an integer");
    out = j.get<int>();
}
void readValue(const Json& j, const std::string& where, double& out)
{
    if (!j.is_number() || !std::isfinite(j.get<double>()))
        throw Error(where + ": expected a finite number");
    out = j.get<double>();
}
void readValue(const Json& j, const std::string& where, bool& out)
{
    if (!j.is_boolean())
        throw Error(where + ": expected true or false");
    out = j.get<bool>();
}
template <typename E>
void readEnum(const Json& j, const std::string& where, E& out, E a, E b)
{
    if (j.is_string() && j.get<std::string>() == enumName(a))
        out = a;
    else if (j.is_string() && j.get<std::string>() == enumName(b))
        out = b;
    else
        throw Error(where + ": expected \"" + enumName(a) + "\" or \"" + enumName(b) + "\"");
}
void readValue(const Json& j, const std::string& where, BetaSchedule& out)
{
    readEnum(j, where, out, BetaSchedule::Linear, BetaSchedule::Cosine);
}
void readValue(const Json& j, const std::string& where, PredictionTarget& out)
{
    readEnum(j, where, out, PredictionTarget::X0, PredictionTarget::Epsilon);
}

void requireRange(const std::string& what, const char* field, double v, double lo, double hi)
{
    if (!(v >= lo && v <= hi)) {
        std::ostringstream s;
        s << what << ": " << field << ": " << v << " is outside [" << lo << ", " << hi << "]";
        throw Error(s.str());
    }
}

} // namespace

bool ConditionBlocks::operator==(const ConditionBlocks& o) const
{
    return useCoarse == o.useCoarse && useFine == o.useFine && stepSelfAttention == o.stepSelfAttention
        && fineCoarseCrossAttention == o.fineCoarseCrossAttention && timeAlignedBias == o.timeAlignedBias;
}

ConditionBlocks blocksForVariant(Variant variant)
{
    ConditionBlocks b;
    switch (variant) {
    case Variant::CoarseOnly:
        b = {true, false, false, false, false};
        break;
    case Variant::FineOnly:
        b = {false, true, true, false, false};
        break;
    case Variant::Full:
        b = {true, true, true, true, false};
        break;
    case Variant::FullNoStepSelfAttention:
        b = {true, true, false, true, false};
        break;
    case Variant::FullNoCrossAttention:
        b = {true, true, true, false, false};
        break;
    case Variant::FullTimeAligned:
        b = {true, true, true, true, true};
        break;
    }
    return b;
}

namespace {
constexpr Variant kVariants[] = {Variant::CoarseOnly,    Variant::FineOnly,
                                 Variant::Full,          Variant::FullNoStepSelfAttention,
                                 Variant::FullNoCrossAttention, Variant::FullTimeAligned};
} // namespace

const char* variantName(Variant variant)
{
    switch (variant) {
    case Variant::CoarseOnly:
        return "coarse-only";
    case Variant::FineOnly:
        return "fine-only";
    case Variant::Full:
        return "full";
    case Variant::FullNoStepSelfAttention:
        return "full-no-step-attention";
    case Variant::FullNoCrossAttention:
        return "full-no-cross-attention";
    case Variant::FullTimeAligned:
        return "full-time-aligned";
    }
    return "full";
}

Variant variantFromName(const std::string& name)
{
    std::string names;
    for (const Variant v : kVariants) {
        if (name == variantName(v))
            return v;
        names += (names.empty() ? "" : ", ") + std::string(variantName(v));
    }
    throw Error("unknown model variant '" + name + "' (expected one of: " + names + ")");
}

void ModelConfig::validate(const std::string& what) const
{
    requireRange(what, "vocabSize", vocabSize, 2, 1 << 20);
    requireRange(what, "maxTokens", maxTokens, 1, 4096);
    requireRange(what, "maxSteps", maxSteps, 1, 256);
    requireRange(what, "textDim", textDim, 1, 8192);
    requireRange(what, "textLayers", textLayers, 0, 64);
    requireRange(what, "textHeads", textHeads, 1, 256);
    requireRange(what, "motionDim", motionDim, 1, 8192);
    requireRange(what, "motionLayers", motionLayers, 1, 64);
    requireRange(what, "motionHeads", motionHeads, 1, 256);
    requireRange(what, "ffnMultiplier", ffnMultiplier, 1, 16);
    requireRange(what, "dropout", dropout, 0.0, 0.9);
    requireRange(what, "patchFrames", patchFrames, 1, 64);
    requireRange(what, "maxFrames", maxFrames, 1, 100000);
    requireRange(what, "featureDim", featureDim, 1, 100000);
    requireRange(what, "fps", fps, 1.0, 1000.0);
    requireRange(what, "diffusionSteps", diffusionSteps, 2, 100000);
    requireRange(what, "conditionDropout", conditionDropout, 0.0, 1.0);
    if (textDim % textHeads != 0)
        throw Error(what + ": textDim (" + std::to_string(textDim) + ") must be a multiple of textHeads ("
                    + std::to_string(textHeads) + ")");
    if (motionDim % motionHeads != 0)
        throw Error(what + ": motionDim (" + std::to_string(motionDim) + ") must be a multiple of motionHeads ("
                    + std::to_string(motionHeads) + ")");
    if (!blocks.useCoarse && !blocks.useFine)
        throw Error(what + ": useCoarse and useFine are both false: the model would see no text");
}

bool ModelConfig::operator==(const ModelConfig& o) const { return describeConfigDifferences(*this, o).empty(); }

ModelConfig defaultConfig(Variant variant)
{
    ModelConfig c;
    c.blocks = blocksForVariant(variant);
    return c;
}

ModelConfig tinyConfig(Variant variant)
{
    ModelConfig c = defaultConfig(variant);
    c.vocabSize = 64;
    c.maxTokens = 12;
    c.maxSteps = 6;
    c.textDim = 32;
    c.textLayers = 1;
    c.textHeads = 2;
    c.motionDim = 32;
    c.motionLayers = 2;
    c.motionHeads = 2;
    c.dropout = 0.0;
    return c;
}

std::string configToJson(const ModelConfig& config)
{
    Json j = Json::object();
    visitFields(config, [&](const char* name, const auto& value) { j[name] = toJsonValue(value); });
    return j.dump(2) + "\n";
}

ModelConfig configFromJson(const std::string& json, const std::string& name)
{
    const Json j = parseConfigObject(json, name);
    ModelConfig c;
    std::set<std::string> known;
    visitFields(c, [&](const char* field, auto& value) {
        known.insert(field);
        readValue(requireField(j, field, name), name + ": " + field, value);
    });
    rejectUnknownFields(j, known, name);
    c.validate(name);
    return c;
}

std::string describeConfigDifferences(const ModelConfig& a, const ModelConfig& b)
{
    std::vector<std::string> values;
    visitFields(a, [&](const char*, const auto& v) { values.push_back(valueText(v)); });
    std::string out;
    std::size_t i = 0;
    visitFields(b, [&](const char* field, const auto& v) {
        const std::string other = valueText(v);
        if (values[i] != other)
            out += (out.empty() ? "" : ", ") + std::string(field) + ": " + values[i] + " vs " + other;
        ++i;
    });
    return out;
}

} // namespace stepmotion::model
