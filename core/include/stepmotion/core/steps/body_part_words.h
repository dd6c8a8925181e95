#pragma once
// The body parts a step's words ask to move, for steps typed as text (`generate --text`,
// FineHumanML3D's fine texts) and FineMotion's snippets. Per-step composition blends each
// step's prediction over its parts' feature dimensions, so a part read from the wrong word
// ("ahead" holding "head", "face your left" read as the face) puts the step on the head only.
//
// The rules, on whole words (case-insensitive, punctuation ignored):
//   - a part noun names its part: head, neck, chin, face (only after your/his/her/their/the:
//     "turn to face your left" is a verb); torso, chest, waist, spine, hips, pelvis, belly,
//     "upper body", back (after a determiner, not "back of"); arms, hands, legs and their
//     joints with a side word before them ("left elbow", "right heel"); without a side, a
//     plural ("arms", "both hands", "feet") names both sides and a singular ("an arm") none;
//     "body" after a determiner is the whole body;
//   - a part that only says where ("over your head", "by your side", "in front of your
//     face", "on your hips": after over, above, behind, to, towards, by, at, on, of, …) is not
//     moved by the step and is not named;
//   - travelling and whole-body verbs (walk, run, jump, squat, step, …) add the whole body;
//     turn, rotate, stand, stop and still add it when no part is named ("turn your head" is
//     the head); look and nod name the head; verbs after "while", "when" or "as you" tell
//     what another step does ("wave your right hand while you walk" is the right hand);
//   - a step that names nothing moves the whole body.

#include "stepmotion/core/steps/steps.h"

#include <string>
#include <vector>

namespace stepmotion {

/// The parts named in `text` by the rules above, each once, in BodyPart order; never empty.
std::vector<BodyPart> bodyPartsNamedIn(const std::string& text);

} // namespace stepmotion
