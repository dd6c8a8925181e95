#pragma once
// Other wordings of the describer's step sentences, for training. The describer writes one
// template per action ("Turn your body 90 degrees to the left."), while people write
// "Turn left." or "Turn to the left."; a model trained on the templates alone under-turns on
// the words users type. Training picks one wording per step at random, so every phrasing
// below maps to the same motion. The lists were written from the describer's templates and
// common English, not from any evaluation prompt set.

#include <string>
#include <vector>

namespace stepmotion {

/// `text` first, then its other wordings (none when no rule knows the sentence). Matching is on
/// the whole sentence, so FineMotion's free-form texts keep their one wording.
std::vector<std::string> stepParaphrases(const std::string& text);

/// The sentences training adds on the legs where a clip stands still (no step says so otherwise).
const std::vector<std::string>& standStillWordings();

} // namespace stepmotion
