#pragma once
// The user's character playing a take, for the player (File > Export onto character...): the
// take solved onto the character exactly as the export solves it, as node positions. GL-free.

#include "stepmotion/core/character/character.h"
#include "stepmotion/core/motion/motion.h"

#include <QString>

#include <vector>

namespace stepmotion::ui {

struct CharacterPreview {
    QString name;             // the character file's name
    JointClip nodes;          // frames x parents.size() nodes: metres, Y up, facing +Z
    std::vector<int> parents; // per node, -1 for the top one
};

/// The pelvis and every node below it, as retargetOntoCharacter
/// and characterWorldPositions. Throws stepmotion::Error as they do.
CharacterPreview makeCharacterPreview(const JointClip& joints, const Character& character, const CharacterMapping& mapping);

} // namespace stepmotion::ui
