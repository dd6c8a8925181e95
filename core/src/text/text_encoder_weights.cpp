#include "text/text_encoder_weights.h"

#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"

#include <torch/torch.h>

#include <fstream>
#include <sstream>

namespace stepmotion::model {
namespace {

constexpr const char* kShapeKey = "stepmotion_text_encoder_shape";

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

} // namespace

std::string textEncoderShape(const ModelConfig& c)
{
    std::ostringstream s;
    s << "vocabSize " << c.vocabSize << ", maxTokens " << c.maxTokens << ", textDim " << c.textDim << ", textLayers "
      << c.textLayers << ", textHeads " << c.textHeads << ", ffnMultiplier " << c.ffnMultiplier;
    return s.str();
}

void saveTextEncoder(const std::string& path, TextEncoder& encoder, const ModelConfig& config)
{
    std::ostringstream bytes;
    try {
        torch::serialize::OutputArchive archive;
        archive.write(kShapeKey, c10::IValue(textEncoderShape(config)));
        for (const auto& item : encoder->named_parameters())
            archive.write(item.key(), item.value().detach().to(torch::kCPU));
        archive.save_to(bytes);
    } catch (const c10::Error& e) {
        throw fileError(path, "cannot serialise the text encoder: " + firstLine(e.msg()));
    }
    writeFileAtomically(path, bytes.str());
}

void loadTextEncoder(const std::string& path, TextEncoder& encoder, const ModelConfig& config)
{
    if (!std::ifstream(path, std::ios::binary))
        throw fileError(path, "cannot open the text encoder weights (missing or unreadable)");
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(path, torch::kCPU);
    } catch (const std::exception& e) {
        throw fileError(path, "not a text encoder archive: " + firstLine(e.what()));
    }
    c10::IValue shape;
    if (!archive.try_read(kShapeKey, shape) || !shape.isString())
        throw fileError(path, "holds no text encoder shape: not written by `stepmotion pretrain-text`");
    if (shape.toStringRef() != textEncoderShape(config))
        throw fileError(path, "was pre-trained for " + shape.toStringRef() + ", the model config has "
                                  + textEncoderShape(config));
    torch::NoGradGuard noGrad;
    for (auto& item : encoder->named_parameters()) {
        torch::Tensor stored;
        if (!archive.try_read(item.key(), stored) || stored.sizes() != item.value().sizes())
            throw fileError(path, "missing or wrongly shaped tensor '" + item.key() + "'");
        item.value().copy_(stored);
    }
}

} // namespace stepmotion::model
