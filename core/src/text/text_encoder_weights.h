#pragma once
// The text encoder's weights on their own (text_encoder.pt): written by MLM pre-training and
// loaded into a generator's text stack before its training starts.

#include "network/model_config.h"
#include "text/text_encoder.h"

#include <string>

namespace stepmotion::model {

/// The text fields of `config` ("vocabSize 4000, maxTokens 40, ...") that size a TextEncoder.
std::string textEncoderShape(const ModelConfig& config);

/// Writes every parameter of `encoder` and the shape string atomically to `path`.
void saveTextEncoder(const std::string& path, TextEncoder& encoder, const ModelConfig& config);

/// Copies the weights at `path` into `encoder`. Throws stepmotion::Error naming the file when
/// it is missing, not such an archive, or was saved for a different shape (both listed).
void loadTextEncoder(const std::string& path, TextEncoder& encoder, const ModelConfig& config);

} // namespace stepmotion::model
