#include "stepmotion/ui/export/character_preview.h"

#include <QFileInfo>

namespace stepmotion::ui {

CharacterPreview makeCharacterPreview(const JointClip& joints, const Character& character, const CharacterMapping& mapping)
{
    const CharacterMotion motion = retargetOntoCharacter(joints, character, mapping);
    const JointClip world = characterWorldPositions(character, motion);
    // Only the pelvis and what hangs from it: scene roots, armatures, mesh nodes and static
    // root joints (Bandai's joint_Root, Unreal's root) would add bones from the origin.
    std::string pelvisName = mapping.joints[Pelvis].from;
    if (const auto end = pelvisName.rfind("/end"); end != std::string::npos && end + 4 == pelvisName.size())
        pelvisName.resize(end);
    const int pelvis = character.nodeIndex(pelvisName);
    std::vector<int> kept, index(character.nodes.size(), -1);
    for (std::size_t i = 0; i < character.nodes.size(); ++i) {
        bool below = false;
        for (int a = static_cast<int>(i); a >= 0 && !below; a = character.nodes[static_cast<std::size_t>(a)].parent)
            below = a == pelvis;
        if (!below)
            continue;
        index[i] = static_cast<int>(kept.size());
        kept.push_back(static_cast<int>(i));
    }
    CharacterPreview preview;
    preview.name = QFileInfo(QString::fromStdString(character.path)).fileName();
    preview.nodes = JointClip(world.frames, static_cast<int>(kept.size()), world.fps);
    for (std::size_t k = 0; k < kept.size(); ++k) {
        const int parent = character.nodes[static_cast<std::size_t>(kept[k])].parent;
        preview.parents.push_back(parent < 0 ? -1 : index[static_cast<std::size_t>(parent)]);
    }
    for (int f = 0; f < world.frames; ++f) {
        for (std::size_t k = 0; k < kept.size(); ++k) {
            const float* from = world.at(f, kept[k]);
            float* to = preview.nodes.at(f, static_cast<int>(k));
            to[0] = from[0];
            to[1] = from[1];
            to[2] = from[2];
        }
    }
    return preview;
}

} // namespace stepmotion::ui
